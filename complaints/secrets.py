"""Reporter identity at rest: Fernet encryption with a key from the environment or var/.

DUCHA_FIELD_KEYS holds one or more comma-separated Fernet keys, newest first (rotation: add a key
in front, re-save, drop the old one). Without it a key is generated once into var/field_key with
owner-only permissions. Masked copies (张*, 138****1234) are what every screen shows.
"""

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    import os

    keys = [k.strip() for k in os.environ.get("DUCHA_FIELD_KEYS", "").split(",") if k.strip()]
    if not keys:
        path = settings.VAR_DIR / "field_key"
        if not path.exists():
            path.write_text(Fernet.generate_key().decode())
            path.chmod(0o600)
        keys = [path.read_text().strip()]
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode() if token else ""


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳修文 → 欧***; the surname's first character stays."""
    name = name.strip()
    return name[0] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; short numbers keep their last two digits."""
    digits = "".join(c for c in phone if c.isdigit() or c == "-")
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "*" * max(len(digits) - 2, 1) + digits[-2:] if digits else ""

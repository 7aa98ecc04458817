"""The English second language: every string of the interface has its English in the one .po file."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'(#, fuzzy\n)?(?:#[^\n]*\n)*msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)(?:msgid_plural (?:"(?:[^"\\]|\\.)*"\s*)+)?'
    r"((?:msgstr(?:\[\d\])? (?:\"(?:[^\"\\]|\\.)*\"\s*)+)+)"
)


def _text(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def test_every_string_has_its_english():
    entries = ENTRY.findall(PO.read_text(encoding="utf-8"))
    assert len(entries) > 1000
    missing = [_text(msgid) for fuzzy, msgid, msgstr in entries if _text(msgid) and not _text(msgstr)]
    fuzzy = [_text(msgid) for flag, msgid, _msgstr in entries if flag]
    assert missing == [] and fuzzy == []

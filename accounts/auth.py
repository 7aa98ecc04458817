"""API authentication: bearer tokens (for programs) and the browser session (for htmx pages)."""

from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from accounts.models import ApiToken, hash_token
from accounts.workflow import token_expiry

TOUCH_INTERVAL = timedelta(minutes=5)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user__unit__region").filter(key_hash=hash_token(token)).first()
        )
        now = timezone.now()
        if found is None or not found.user.is_active or (found.expires_at and found.expires_at < now):
            return None
        changed = found.user.password_changed_at
        if changed is not None and found.created_at < changed:
            return None  # issued before the password last changed: revoked
        if found.last_used_at is None or now - found.last_used_at > TOUCH_INTERVAL:
            # Written at most every few minutes: a busy client does not turn every read into a write.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


session_auth = SessionAuth()
bearer_auth = BearerToken()


@transaction.atomic
def issue_token(request, *, username: str, password: str, name: str = "api") -> tuple[ApiToken, str] | None:
    """Check the password (through django-axes, so failures count towards lockout) and issue a token.
    Returns (token row, raw key) or None."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), name=name[:80], expires_at=token_expiry()
    )
    return token, raw


def revoke_token(raw: str, *, by) -> bool:
    """Delete the caller's own token (sign-out for API clients). Returns whether one was deleted."""
    deleted, _ = ApiToken.objects.filter(key_hash=hash_token(raw), user=by).delete()
    return deleted > 0

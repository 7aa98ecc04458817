"""Sign-in throttling beside django-axes.

django-axes locks a username *from one address* after AXES_FAILURE_LIMIT failures, so a stranger cannot
lock a colleague out from elsewhere. Spraying one password over many usernames from one address is
slowed here: past SIGNIN_ADDRESS_FAILURE_LIMIT failures from an address within the cool-off, every
sign-in from it is answered 429 until the failures age out. Both answers are JSON on the API.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

SIGN_IN_PATHS = ("/login/", "/api/auth/token", "/admin/login/")


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or the address a trusted reverse proxy forwarded."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def cool_off() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def address_failures(address: str) -> int:
    from axes.models import AccessAttempt

    since = timezone.now() - cool_off()
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def refused(request, *, message: str) -> "JsonResponse":
    seconds = int(cool_off().total_seconds())
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "throttled"}, status=429)
    else:
        response = render(
            request,
            settings.AXES_LOCKOUT_TEMPLATE,
            {"message": message, "minutes": seconds // 60},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once a username is locked from this address (AXES_LOCKOUT_CALLABLE)."""
    return refused(request, message="密码连续错误次数过多，账户已锁定（仅限此地址登录），请稍后再试")


class SignInThrottleMiddleware:
    """429 for every sign-in attempt from an address with too many recent failures."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path in SIGN_IN_PATHS
            and address_failures(client_address(request)) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT
        ):
            return refused(request, message="此地址登录失败次数过多，已暂缓受理登录，请稍后再试")
        return self.get_response(request)

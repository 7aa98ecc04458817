"""Simplified Chinese first: the language is the one the user chose (language cookie), else zh-hans.

Django's LocaleMiddleware would follow the browser's Accept-Language and show English to anyone whose
browser prefers it; ducha's users expect the Chinese interface unless they switch it themselves."""

import json
import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class IdleTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_MINUTES without a request. The last-seen moment is
    written at most once a minute, so a busy page does not turn every read into a session write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            seen = request.session.get("last_seen")
            if seen is not None and now - seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if seen is None or now - seen >= 60:
                request.session["last_seen"] = now
        return self.get_response(request)


# C0 control characters other than tab, line feed and carriage return, and DEL: no form field or JSON
# string has a use for them, PostgreSQL refuses NUL, and XML (Word, Excel) cannot carry them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ESCAPED_CONTROL = re.compile(rb"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|\\u007[fF]")


def error_response(
    request, status: int, message: str, *, code: str = "", field: str = "", location: str = ""
):
    """An error answer: JSON on the API (detail, code, errors naming the field), a short page elsewhere."""
    from django.http import HttpResponse, JsonResponse
    from django.utils.html import escape

    if request.path.startswith("/api/"):
        body = {"detail": message, "code": code or str(status), "errors": []}
        if field or location:
            body["errors"].append({"field": field, "location": location or "body", "message": message})
        return JsonResponse(body, status=status)
    page = (
        f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>{status}</title>'
        f'<h1>{status}</h1><p>{escape(message)}</p><p><a href="/">返回工作台</a></p></html>'
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def _find_control(value, path="") -> str | None:
    """The path of the first string holding a control character in decoded JSON, else None."""
    if isinstance(value, str):
        return path if CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_control(key, path) if isinstance(key, str) and CONTROL.search(key) else None
            found = found or _find_control(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_control(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


class RequestGuardMiddleware:
    """Bad input and database faults end in a 4xx or 503 that says why, never a 500:

    - NUL and other control characters in the path, the query or any non-file field (400, naming it);
    - a body larger than the limits (413), before anything reads it;
    - a number too large for the database, or a date beyond the calendar (400);
    - the database unreachable or restarting (503 with Retry-After: retrying is safe, and a retry with
      the same Idempotency-Key returns what was saved);
    - any other error status on the API comes back as JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.check(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            # What a signed-in user saw must not stay in a shared or back-button cache.
            from django.utils.cache import patch_cache_control

            patch_cache_control(response, no_store=True, private=True)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            from http import HTTPStatus

            reason = {405: "不支持此请求方法", 404: "未找到该接口"}.get(response.status_code) or HTTPStatus(
                response.status_code
            ).phrase
            converted = error_response(request, response.status_code, reason)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    converted[header] = response[header]
            return converted
        return response

    def check(self, request):
        if CONTROL.search(request.path):
            return error_response(request, 400, "网址中含有不可见控制字符", location="path")
        for name, values in request.GET.lists():
            if CONTROL.search(name) or any(CONTROL.search(v) for v in values):
                return error_response(
                    request,
                    400,
                    f"查询参数 {name[:40]!r} 含有不可见控制字符",
                    field=name[:40],
                    location="query",
                )
        length = request.META.get("CONTENT_LENGTH") or "0"
        length = int(length) if length.isdigit() else 0
        content_type = request.META.get("CONTENT_TYPE", "")
        multipart = content_type.startswith("multipart/")
        limit = settings.MAX_UPLOAD_REQUEST_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return error_response(
                request,
                413,
                f"请求体 {length / 1048576:.1f} MB，超过 {limit / 1048576:.1f} MB 上限",
                code="too_large",
            )
        if request.method not in ("POST", "PUT", "PATCH", "DELETE") or not length:
            return None
        if multipart or content_type.startswith("application/x-www-form-urlencoded"):
            try:
                fields = request.POST
            except Exception:  # a malformed multipart body: Django's parser raises several kinds
                return error_response(request, 400, "请求体格式有误，无法解析")
            for name, values in fields.lists():
                if CONTROL.search(name) or any(CONTROL.search(v) for v in values):
                    return error_response(
                        request, 400, f"字段 {name[:40]} 含有不可见控制字符", field=name[:40], location="form"
                    )
            return None
        body = request.body
        if CONTROL.search(body.decode("latin-1")) or ESCAPED_CONTROL.search(body):
            field = ""
            if content_type.startswith("application/json"):
                try:
                    field = _find_control(json.loads(body)) or ""
                except ValueError:
                    field = ""
            where = f"字段 {field} " if field else "请求体"
            return error_response(request, 400, f"{where}含有不可见控制字符（如 NUL）", field=field)
        return None

    def process_exception(self, request, exception):
        from django.db import DataError, InterfaceError, OperationalError

        if isinstance(exception, (OperationalError, InterfaceError)):
            import logging

            logging.getLogger("ducha.database").warning("database unavailable: %s", exception)
            response = error_response(
                request,
                503,
                "数据库暂时不可用，请稍后重试（重试是安全的：同一幂等键不会重复登记）",
                code="unavailable",
            )
            response["Retry-After"] = "5"
            return response
        if isinstance(exception, (DataError, OverflowError)):
            return error_response(request, 400, "数值或日期超出允许范围", code="out_of_range")
        from ducha.errors import PermissionDeniedError, WorkflowError

        if isinstance(exception, WorkflowError):
            # A refusal raised beneath the pages' own handling (an archived inspection's row saved from the admin).
            status = 403 if isinstance(exception, PermissionDeniedError) else 409
            return error_response(
                request, status, exception.message, code=exception.code, field=exception.field or ""
            )
        return None

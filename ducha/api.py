"""The JSON API: one NinjaAPI, routers from each app, errors as JSON that name the field."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from accounts.auth import bearer_auth, session_auth
from ducha.errors import PermissionDeniedError, WorkflowError

api = NinjaAPI(
    title="ducha API",
    version="1",
    description="环保督察全流程管理系统接口。认证：`POST /api/auth/token` 取得令牌后以 "
    "`Authorization: Bearer <token>` 调用；浏览器会话亦可。所有列表均按用户管辖范围过滤。",
    auth=[bearer_auth, session_auth],
    urls_namespace="api",
)

PARAM_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_path(loc) -> tuple[str, str]:
    parts = [str(p) for p in loc]
    location = parts[0] if parts and parts[0] in PARAM_LOCATIONS else "body"
    rest = parts[1:] if parts and parts[0] in PARAM_LOCATIONS else parts
    # ninja puts the Python parameter name first (payload, filters …); the client never sees it.
    if len(rest) > 1:
        rest = rest[1:]
    return location, ".".join(rest)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location, field = _field_path(error.get("loc", ()))
        errors.append(
            {
                "field": field,
                "location": location,
                "message": error.get("msg", ""),
                "type": error.get("type", ""),
            }
        )
    summary = "；".join(f"{e['field'] or e['location']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": f"请求数据有误：{summary}", "errors": errors}, status=422)


@api.exception_handler(WorkflowError)
def workflow_error(request, exc: WorkflowError):
    status = (
        403
        if isinstance(exc, PermissionDeniedError)
        else 409
        if exc.code in ("duplicate", "transition")
        else 400
    )
    body = {"detail": exc.message, "code": exc.code, "errors": []}
    if exc.field:
        body["errors"].append({"field": exc.field, "location": "body", "message": exc.message})
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到，或不在您的管辖范围内"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


def _mount():
    from accounts.api import router as accounts_router
    from complaints.api import batch_router, public_router
    from complaints.api import router as complaints_router
    from inspections.api import router as inspections_router
    from organisations.api import router as organisations_router
    from rectification.api import public_router as rectification_public_router
    from rectification.api import router as rectification_router

    api.add_router("/auth", accounts_router)
    api.add_router("/", organisations_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/inspections", batch_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/public", public_router)
    api.add_router("/rectification", rectification_router)
    api.add_router("/public", rectification_public_router)


_mount()

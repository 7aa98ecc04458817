"""The JSON API: one NinjaAPI, routers from each app, errors as JSON that name the field."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from accounts.auth import bearer_auth, session_auth
from ducha.errors import PermissionDeniedError, WorkflowError

# Every operation may answer with one of these; each is a JSON body of the ErrorOut shape (detail, code,
# errors naming field and location). Declared once here rather than on a hundred decorators.
ERROR_STATUSES = {
    "400": "请求有误（含控制字符、数值超出范围、业务规则不允许）",
    "401": "未登录或令牌无效、已过期、已撤销",
    "403": "无权执行此操作",
    "404": "未找到，或不在您的管辖范围内",
    "405": "不支持此请求方法",
    "409": "状态冲突（重复操作或当前状态不允许）",
    "413": "请求体过大",
    "422": "请求数据校验失败（逐字段列出）",
    "429": "登录失败次数过多，暂缓受理",
    "503": "数据库暂时不可用，可安全重试（见 Retry-After）",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "出了什么问题"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}


class DuchaApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses.setdefault(
                        status,
                        {"description": description, "content": {"application/json": {"schema": reference}}},
                    )
        return schema


api = DuchaApi(
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
    from accountability.api import router as accountability_router
    from accountability.oversight_api import router as oversight_router
    from accounts.api import router as accounts_router
    from assessments.api import router as assessments_router
    from briefings.api import router as briefings_router
    from complaints.api import batch_router, public_router
    from complaints.api import router as complaints_router
    from dutyreports.api import router as duty_router
    from fieldwork.api import router as fieldwork_router
    from imports.api import router as imports_router
    from inspections.api import router as inspections_router
    from liaison.api import router as liaison_router
    from organisations.api import router as organisations_router
    from rectification.api import public_router as rectification_public_router
    from rectification.api import router as rectification_router
    from screening.api import router as screening_router

    api.add_router("/auth", accounts_router)
    api.add_router("/", organisations_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/inspections", batch_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/public", public_router)
    api.add_router("/rectification", rectification_router)
    api.add_router("/public", rectification_public_router)
    api.add_router("/imports", imports_router)
    api.add_router("/accountability", oversight_router)
    api.add_router("/accountability", accountability_router)
    api.add_router("/liaison", liaison_router)
    api.add_router("/duty-reports", duty_router)
    api.add_router("/assessments", assessments_router)
    api.add_router("/briefings", briefings_router)
    api.add_router("/screening", screening_router)
    api.add_router("/fieldwork", fieldwork_router)


_mount()

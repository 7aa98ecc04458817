from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from accounts.auth import issue_token, revoke_token

router = Router(tags=["认证 auth"])


class TokenRequest(Schema):
    username: str
    password: str
    name: str = "api"


class UserOut(Schema):
    username: str
    full_name: str
    unit: str | None
    region_code: str | None
    roles: list[str]


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    user: UserOut


def user_out(user) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit.name if user.unit_id else None,
        "region_code": user.unit.region.code if user.unit_id else None,
        "roles": sorted(user.role_codes),
    }


@router.post("/token", auth=None, response={200: TokenOut}, summary="以用户名和密码换取令牌")
def create_token(request: HttpRequest, payload: TokenRequest):
    issued = issue_token(request, username=payload.username, password=payload.password, name=payload.name)
    if issued is None:
        raise HttpError(401, "用户名或密码错误，或账户已被锁定")
    token, raw = issued
    return {"token": raw, "user": user_out(token.user)}


@router.get("/me", response=UserOut, summary="当前用户")
def me(request: HttpRequest):
    return user_out(request.user)


@router.delete("/token", response={204: None}, summary="注销当前令牌")
def delete_token(request: HttpRequest):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not revoke_token(
        header.removeprefix("Bearer ").strip(), by=request.user
    ):
        raise HttpError(400, "请使用要注销的令牌调用本接口")
    return Status(204, None)

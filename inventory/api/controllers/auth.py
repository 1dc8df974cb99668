"""Log in: username and password for a bearer token. Rate-limited per client address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, post
from litestar.middleware.rate_limit import RateLimitConfig

from inventory.api.schemas import TokenRead, TokenRequest
from inventory.db.engine import Database
from inventory.domain.model import Role
from inventory.services import users
from inventory.settings import Settings


def login_rate_limit(per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(rate_limit=("minute", per_minute), set_rate_limit_headers=True)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/token", status_code=200, summary="Log in and get a bearer token")
    async def token(
        self, request: Request[Any, Any, Any], data: TokenRequest, database: Database, settings: Settings
    ) -> TokenRead:
        async with database.read_sessions() as session:
            user = await users.authenticate(session, data.username, data.password)
        jwt_auth = request.app.state.jwt_auth
        token = jwt_auth.create_token(
            identifier=str(user.id), token_expiration=timedelta(seconds=settings.token_ttl_seconds)
        )
        return TokenRead(
            access_token=token,
            expires_in=settings.token_ttl_seconds,
            username=user.username,
            role=Role(user.role),
        )

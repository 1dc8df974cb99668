"""Log in: user name and password for a bearer token, within the login limits (http/login.log_in)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, post

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.domain.model import Role
from inventory.http.login import log_in
from inventory.http.shapes.core import TokenRead, TokenRequest
from inventory.settings import Settings


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/token",
        status_code=200,
        summary="Log in and get a bearer token",
        opt={"problems": {401: "Wrong user name or password", 429: "Too many login attempts"}},
    )
    async def token(
        self,
        request: Request[Any, Any, Any],
        data: TokenRequest,
        database: Database,
        clock: Clock,
        settings: Settings,
    ) -> TokenRead:
        """A bearer token for a user name and password; failed attempts are limited per name and address."""
        user = await log_in(request, database, clock, settings, data.username, data.password)
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

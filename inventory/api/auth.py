"""Bearer tokens (JWT via Litestar's JWTAuth) and guards for roles."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.security.jwt import JWTAuth, Token

from inventory.db.engine import Database
from inventory.domain.access import Actor, Permission
from inventory.services import users

ACTOR_CACHE_SECONDS = 5.0
PUBLIC_PATHS = ["^/health", "^/schema", "^/api/v1/auth/token", "^/scan", "^/static", "^/problems", "^/$"]


class ActorCache:
    """Who a token belongs to, remembered for a few seconds so a scan costs no user look-up.

    Short on purpose: a deactivated user or a changed role takes effect within seconds.
    """

    def __init__(self, ttl: float = ACTOR_CACHE_SECONDS):
        self.ttl = ttl
        self._entries: dict[int, tuple[float, Actor | None]] = {}

    async def get(self, database: Database, user_id: int) -> Actor | None:
        now = time.monotonic()
        hit = self._entries.get(user_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        async with database.read_sessions() as session:
            actor = await users.actor_for(session, user_id)
        self._entries[user_id] = (now + self.ttl, actor)
        return actor

    def forget(self, user_id: int | None = None) -> None:
        if user_id is None:
            self._entries.clear()
        else:
            self._entries.pop(user_id, None)


async def retrieve_actor(token: Token, connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    state = connection.app.state
    try:
        user_id = int(token.sub)
    except ValueError:
        return None
    actor: Actor | None = await state.actor_cache.get(state.database, user_id)
    return actor


def make_jwt_auth(secret: str, ttl_seconds: int) -> JWTAuth[Actor, Token]:
    return JWTAuth[Actor, Token](
        token_secret=secret,
        retrieve_user_handler=retrieve_actor,
        exclude=PUBLIC_PATHS,
        default_token_expiration=timedelta(seconds=ttl_seconds),
        description="Bearer token from POST /api/v1/auth/token",
    )


def requires(permission: Permission) -> Any:
    """A guard: the authenticated actor must hold `permission` (site scope is checked per request)."""

    # async: Litestar runs a plain function guard in a worker thread, two thread hops per request.
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        actor: Actor = connection.user
        actor.require(permission)

    guard.__name__ = f"requires_{permission.value}"
    return guard

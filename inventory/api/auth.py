"""Bearer tokens (JWT via Litestar's JWTAuth) for the API: who a token belongs to, cached briefly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Self

from litestar.connection import ASGIConnection
from litestar.security.jwt import JWTAuth, Token

from inventory.db.engine import Database
from inventory.domain.access import Actor
from inventory.services import users

ACTOR_CACHE_SECONDS = 5.0
# Bearer tokens guard /api only: every other path is the web app (its session) or public (health, schema).
PUBLIC_PATHS = ["^/$", "^/(?!api(/|$))[A-Za-z_]", "^/api/v1/auth/token"]


class ActorCache:
    """Who a token belongs to, remembered for a few seconds so a scan costs no user look-up.

    Short on purpose: a deactivated user or a changed role takes effect within seconds. When an entry
    runs out under load, one look-up refreshes it and the other requests wait for that one: sixteen
    scanners' requests each opening a read connection at once stalled every request for ~0.4 s.
    """

    def __init__(self, ttl: float = ACTOR_CACHE_SECONDS):
        self.ttl = ttl
        self._entries: dict[int, tuple[float, Actor | None]] = {}
        self._pending: dict[int, asyncio.Future[Actor | None]] = {}

    async def get(self, database: Database, user_id: int) -> Actor | None:
        hit = self._entries.get(user_id)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        pending = self._pending.get(user_id)
        if pending is None:
            pending = asyncio.ensure_future(self._load(database, user_id))
            self._pending[user_id] = pending
            pending.add_done_callback(lambda done: self._settle(user_id, done))
        return await asyncio.shield(pending)  # one waiter cancelled must not cancel the others' look-up

    @staticmethod
    async def _load(database: Database, user_id: int) -> Actor | None:
        async with database.read_sessions() as session:
            return await users.actor_for(session, user_id)

    def _settle(self, user_id: int, done: asyncio.Future[Actor | None]) -> None:
        if self._pending.get(user_id) is not done:
            return  # forgotten while in flight: it answers its waiters, but is not kept
        del self._pending[user_id]
        if not done.cancelled() and done.exception() is None:
            self._entries[user_id] = (time.monotonic() + self.ttl, done.result())

    def forget(self, user_id: int | None = None) -> None:
        if user_id is None:
            self._entries.clear()
            self._pending.clear()
        else:
            self._entries.pop(user_id, None)
            self._pending.pop(user_id, None)


class VerifiedToken(Token):
    """A token whose signature was checked once is not checked again on every scan.

    Verifying costs about a tenth of a scan's CPU; the same string with the same key verifies the same
    way, so the decoded token is kept (bounded) and only its expiry is checked on each use.
    """

    _verified: ClassVar[dict[tuple[str, str, str], VerifiedToken]] = {}
    _limit: ClassVar[int] = 4096

    @classmethod
    def decode(
        cls,
        encoded_token: str,
        secret: str,
        algorithm: str,
        audience: str | Sequence[str] | None = None,
        issuer: str | Sequence[str] | None = None,
        require_claims: Sequence[str] | None = None,
        verify_exp: bool = True,
        verify_nbf: bool = True,
        strict_audience: bool = False,
    ) -> Self:
        key = (encoded_token, secret, algorithm)
        known = cls._verified.get(key)
        if known is not None and (not verify_exp or known.exp > datetime.now(UTC)):
            return known  # type: ignore[return-value]
        token = super().decode(
            encoded_token,
            secret,
            algorithm,
            audience,
            issuer,
            require_claims,
            verify_exp,
            verify_nbf,
            strict_audience,
        )
        if audience is None and issuer is None and not require_claims:  # only what the key alone decides
            if len(cls._verified) >= cls._limit:
                cls._verified.clear()
            cls._verified[key] = token
        return token


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
        token_cls=VerifiedToken,
        exclude=PUBLIC_PATHS,
        default_token_expiration=timedelta(seconds=ttl_seconds),
        description="Bearer token from POST /api/v1/auth/token",
    )

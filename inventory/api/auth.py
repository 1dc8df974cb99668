"""Bearer tokens (JWT via Litestar's JWTAuth) and guards for roles."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar, Self

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.security.jwt import JWTAuth, Token

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import User
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from inventory.domain.text import text_problem
from inventory.services import login_limits, security_events, users
from inventory.settings import Settings

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


def requires(permission: Permission) -> Any:
    """A guard read from the one policy (domain/policy.py): the authenticated actor's role must hold
    `permission` somewhere; its scope (own sites, all sites) is checked per request, where the site is known.
    The guard names its capability (`guard.capability`), so tests/api/test_guards.py derives each route's
    expectations from the policy."""

    # async: Litestar runs a plain function guard in a worker thread, two thread hops per request.
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        actor: Actor = connection.user
        actor.require(permission)

    guard.__name__ = f"requires_{permission.value}"
    guard.capability = permission  # type: ignore[attr-defined]
    return guard


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(net, strict=False) for net in trusted)


def _is_trusted(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(trusted))


def client_address(connection: ASGIConnection[Any, Any, Any, Any], trusted: tuple[str, ...]) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy; then the nearest address in
    X-Forwarded-For that is not a trusted proxy. A client cannot choose its address by sending the
    header itself: with no trusted proxies (the default) the header is never read."""
    client = connection.scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [
        hop.strip()
        for value in connection.headers.getall("x-forwarded-for", [])
        for hop in value.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


async def log_in(
    connection: ASGIConnection[Any, Any, Any, Any],
    database: Database,
    clock: Clock,
    settings: Settings,
    username: str,
    password: str,
) -> User:
    """Check a user name and password within the login limits: the API's token and the web login
    both come here. Raises TooManyAttempts (429) over the limit, NotAuthenticated (401) when wrong; both
    are written to the security audit trail."""
    for field, value in (("username", username), ("password", password)):
        if (reason := text_problem(field, value)) is not None:
            raise InvalidInput(reason, field=field)
    key = username.strip().lower()[:80]
    address = client_address(connection, settings.trusted_proxies)
    try:
        attempt = await login_limits.begin_attempt(
            database, clock, key, address, settings.login_attempts_per_minute
        )
        async with database.read_sessions() as session:
            user = await users.authenticate(session, username, password)
    except (TooManyAttempts, NotAuthenticated) as exc:
        outcome = "rate-limited" if isinstance(exc, TooManyAttempts) else "failed"
        await security_events.record(
            database, clock, kind="login", outcome=outcome, subject=key, address=address
        )
        raise
    await login_limits.forget_attempt(database, attempt)
    return user

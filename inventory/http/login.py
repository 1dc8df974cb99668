"""Who is asking: the client's address (behind trusted proxies) and a login within the login limits,
shared by the API's token and the pages' login form (and a disposal's witness, through its address)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import User
from inventory.domain.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from inventory.domain.text import text_problem
from inventory.services import login_limits, security_events, users
from inventory.settings import Settings


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

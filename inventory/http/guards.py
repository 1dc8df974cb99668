"""Guards both faces put on their routes, read from the one access policy (domain/policy.py)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from inventory.domain.access import Actor, Permission


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


def sites_to_list(actor: Actor, permission: Permission, site: int | None) -> frozenset[int] | None:
    """The sites a list may show the actor: a site asked for is refused where the actor may not read
    (403); the list is then filtered to the actor's sites for `permission` (None: every site)."""
    if site is not None:
        actor.require_at(permission, site)
    return actor.sites_for(permission)

"""The navigation by role, as one table: a page joins it with one line.

An entry shows when the user's role is among its roles (and the actor holds its permission, if it
names one) and when the app has a route at its path, so an entry may be added before its page is
built and appears the day the page is merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from inventory.domain.access import Actor, Permission
from inventory.domain.errors import PermissionDenied
from inventory.domain.model import Role
from inventory.i18n import N_

VOLUNTEER, PHARMACIST, FINANCE, ADMIN = Role.VOLUNTEER, Role.PHARMACIST, Role.FINANCE, Role.ADMIN
EVERYONE = frozenset(Role)
PHARMACY = frozenset({PHARMACIST, ADMIN})
MONEY = frozenset({FINANCE, ADMIN})


@dataclass(frozen=True)
class NavEntry:
    path: str  # where the page is, e.g. "/expiry"
    label: str  # its msgid in the catalogues, e.g. "nav.expiry"
    roles: frozenset[Role]  # who sees it
    permission: Permission | None = None  # and, if given, what they must also hold

    def shown_to(self, actor: Actor) -> bool:
        return actor.role in self.roles and (self.permission is None or actor.has(self.permission))


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("/stock", N_("nav.stock"), frozenset({PHARMACIST, FINANCE, ADMIN})),
    NavEntry("/expiry", N_("nav.expiry"), PHARMACY),
    NavEntry("/quarantine", N_("nav.quarantine"), PHARMACY),
    NavEntry("/serials", N_("nav.serials"), PHARMACY),
    NavEntry("/disposals", N_("nav.disposals"), PHARMACY),
    NavEntry("/registers", N_("nav.registers"), frozenset({PHARMACIST, FINANCE, ADMIN})),
    NavEntry("/fridge", N_("nav.fridge"), EVERYONE),  # volunteers read the fridges of their sites
    NavEntry("/finance", N_("nav.finance"), MONEY),
    NavEntry("/admin", N_("nav.admin"), frozenset({ADMIN})),
    NavEntry("/security-events", N_("nav.security_events"), frozenset({ADMIN})),
    NavEntry("/scan", N_("nav.scan"), EVERYONE),
)


def _routed_paths(app: Litestar) -> frozenset[str]:
    paths: frozenset[str] | None = getattr(app.state, "web_paths", None)
    if paths is None:  # the app's routes never change once built: collect them once
        paths = frozenset(route.path.rstrip("/") or "/" for route in app.routes)
        app.state.web_paths = paths
    return paths


def navigation_for(
    app: Litestar, actor: Actor | None, entries: Iterable[NavEntry] = NAVIGATION
) -> list[NavEntry]:
    """The entries this actor may use whose pages exist in this app, in the table's order."""
    if actor is None:
        return []
    routed = _routed_paths(app)
    return [entry for entry in entries if entry.shown_to(actor) and entry.path in routed]


def for_page(path: str) -> Any:
    """A guard: only the roles whose navigation shows `path` may open the page, so the menu and the
    page agree. `guards=[for_page("/expiry")]` on the page's Controller."""
    entry = next(e for e in NAVIGATION if e.path == path)

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        actor: Actor = connection.user
        if not entry.shown_to(actor):
            raise PermissionDenied(f"role '{actor.role}' does not use {path}")

    guard.__name__ = f"page_{path.strip('/').replace('/', '_')}"
    return guard

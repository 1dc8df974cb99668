"""The navigation, as one table read from the one access policy (`domain/policy.py`).

An entry names the page's path, its label and the capability a user must hold to use the page; it
shows when the actor holds that capability and the app has a route at its path, so an entry may be
added before its page is built and appears the day the page is merged. `for_page(path)` is the page's
guard from the same entry, so the menu and the page cannot disagree, and both agree with the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar import Litestar

from inventory.db.tables import Site
from inventory.domain.access import Actor
from inventory.domain.errors import PermissionDenied
from inventory.domain.model import Role
from inventory.domain.policy import Capability, roles_with
from inventory.http.guards import requires
from inventory.i18n import N_

C = Capability


@dataclass(frozen=True)
class NavEntry:
    path: str  # where the page is, e.g. "/expiry"
    label: str  # its msgid in the catalogues, e.g. "nav.expiry"
    capability: Capability  # what the user must hold (domain/policy.py) to see and open it

    @property
    def roles(self) -> frozenset[Role]:
        """The roles that hold the capability somewhere (the policy's row)."""
        return roles_with(self.capability)

    def shown_to(self, actor: Actor) -> bool:
        return actor.has(self.capability)


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("/stock", N_("nav.stock"), C.PHARMACY_READ),
    NavEntry("/expiry", N_("nav.expiry"), C.PHARMACY_READ),
    NavEntry("/quarantine", N_("nav.quarantine"), C.PHARMACY_READ),
    NavEntry("/serials", N_("nav.serials"), C.ADJUST),
    NavEntry("/disposals", N_("nav.disposals"), C.PHARMACY_READ),
    NavEntry("/returns", N_("nav.returns"), C.PHARMACY_READ),
    NavEntry("/registers", N_("nav.registers"), C.CONTROLLED_REGISTER),
    NavEntry("/transfers", N_("nav.transfers"), C.TRANSFER_RECEIVE),
    NavEntry("/counts", N_("nav.counts"), C.COUNT),
    NavEntry("/fridge", N_("nav.fridge"), C.FRIDGE_READ),  # volunteers read the fridges of their sites
    NavEntry("/finance", N_("nav.finance"), C.FINANCE_READ),
    NavEntry("/admin", N_("nav.admin"), C.USERS),
    NavEntry("/security-events", N_("nav.security_events"), C.SECURITY_EVENTS),
    NavEntry("/exports", N_("nav.exports"), C.EXPORT),
    NavEntry("/audit", N_("nav.audit"), C.AUDIT_READ),
    NavEntry("/scan", N_("nav.scan"), C.READ),
    NavEntry("/account", N_("nav.account"), C.READ),  # everyone's own page: their password
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
    """The page's guard, from its navigation entry's capability: `guards=[for_page("/expiry")]` on the
    page's Controller. The actor's site scope is checked by the handler, where the site is known."""
    entry = next(e for e in NAVIGATION if e.path == path)
    return requires(entry.capability)


SIGNED_IN = requires(Capability.READ)  # whoever is logged in (every role reads): e.g. logging out


def page_site(actor: Actor, capability: Capability, site: int | None) -> int | None:
    """The site a page shows: the one asked for, where the actor holds `capability` there; with none
    asked, the whole clinic for those who hold it everywhere, else the first of the actor's own sites."""
    if site is not None:
        actor.require_at(capability, site)
        return site
    sites = actor.sites_for(capability)
    if sites is None:
        return None
    if not sites:
        raise PermissionDenied(f"user '{actor.username}' works at no site", field="site")
    return min(sites)


def sites_in_scope(actor: Actor, capability: Capability, sites: Iterable[Site]) -> list[Site]:
    """The sites a page offers to choose from: those where the actor holds `capability`."""
    return [s for s in sites if actor.may_at(capability, s.id)]

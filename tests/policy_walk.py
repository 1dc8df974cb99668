"""What the generated guard tests share: each route's capabilities read from its guards, the actors of
the test clinic as the policy sees them, and what the policy expects of one call."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute

from inventory.domain.access import Actor
from inventory.domain.model import Role
from inventory.domain.policy import Capability
from tests.conftest import USERS, Clinic

# Every role, and a cross-site actor of each site-bound role: the test clinic's pharmacist and volunteer
# work at København only, volunteer_aar at Aarhus only; the calls act on objects of both sites.
WALKERS = ["anonymous", "volunteer", "volunteer_aar", "pharmacist", "finance", "admin"]


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as the app declares it, e.g. /api/v1/items/{item_id:int}
    capabilities: frozenset[Capability]
    public: bool


def routes(app: Litestar, prefix: str = "/") -> Iterator[Route]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(prefix):
            continue
        for handler in route.route_handlers:
            caps = frozenset(g.capability for g in handler.resolve_guards() if hasattr(g, "capability"))
            public = bool(handler.opt.get("exclude_from_auth"))
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                yield Route(method, route.path, caps, public)


def actor_of(username: str, clinic: Clinic) -> Actor:
    role, codes = USERS[username]
    sites = frozenset(clinic.sites[c] for c in codes)
    return Actor(
        clinic.users[username], username, Role(role), sites, every_site=sites >= set(clinic.sites.values())
    )


def allowed(
    actor: Actor,
    caps: frozenset[Capability],
    *,
    site: int | None = None,
    wide: bool = False,
    own: bool = True,
) -> bool:
    """What the policy says: the role holds every capability of the route; at `site` when the call acts
    or reads there; at every site when it acts on the whole clinic (`wide`). `own=False`: the object is
    someone else's, which a volunteer may not undo (Actor.may_reverse)."""
    if not all(actor.has(c) for c in caps):
        return False
    if site is not None and not all(actor.may_at(c, site) for c in caps):
        return False
    if wide and not all(actor.sites_for(c) is None for c in caps):
        return False
    return own or actor.role is not Role.VOLUNTEER


def concrete(path: str, ids: dict[str, Any]) -> str:
    out = path
    for name, value in ids.items():
        out = out.replace(f"{{{name}:int}}", str(value)).replace(f"{{{name}:str}}", str(value))
    assert "{" not in out, f"no id for {path}"
    return out

"""Who may do what, and where: the actor's side of the one policy (`domain/policy.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PermissionDenied
from .model import Role
from .policy import RULES, Capability, Permission, Scope, roles_with, scope_of

__all__ = ["GRANTS", "VOLUNTEER_UNDO_HOURS", "Actor", "Capability", "Permission", "Scope"]

# Who holds each capability anywhere, derived from the policy (kept for readers of the older table).
GRANTS: dict[Capability, frozenset[Role]] = {c: roles_with(c) for c in RULES}

VOLUNTEER_UNDO_HOURS = 12


@dataclass(frozen=True)
class Actor:
    """The authenticated user behind a request."""

    user_id: int
    username: str
    role: Role
    site_ids: frozenset[int]
    may_issue_controlled: bool = False  # granted by an admin to this user (users.may_issue_controlled)
    every_site: bool = False  # assigned to every active site of the clinic
    full_name: str | None = None  # as printed on records ("printed by", signatures); None: the username

    @property
    def display_name(self) -> str:
        """The name records print: the full name, or the username when the user has none."""
        return self.full_name or self.username

    def scope(self, capability: Capability) -> Scope | None:
        """Where this actor holds `capability` (None: nowhere)."""
        if capability is Capability.CONTROLLED and self.may_issue_controlled:
            return scope_of(self.role, Capability.ISSUE)  # granted: wherever they may issue at all
        return scope_of(self.role, capability)

    def has(self, capability: Capability) -> bool:
        return self.scope(capability) is not None

    def require(self, capability: Capability) -> None:
        if not self.has(capability):
            raise PermissionDenied(f"role '{self.role}' may not {capability.value.replace('_', ' ')}")

    def sites_for(self, capability: Capability) -> frozenset[int] | None:
        """The sites where this actor holds `capability`; None for every site."""
        scope = self.scope(capability)
        if scope is Scope.ALL or (scope is Scope.OWN and self.every_site):
            return None
        return self.site_ids if scope is Scope.OWN else frozenset()

    def may_at(self, capability: Capability, site_id: int) -> bool:
        sites = self.sites_for(capability)
        return sites is None or site_id in sites

    def require_at(self, capability: Capability, site_id: int, field: str = "site") -> None:
        self.require(capability)
        if not self.may_at(capability, site_id):
            raise PermissionDenied(
                f"user '{self.username}' may not {capability.value.replace('_', ' ')} at site {site_id}",
                field=field,
            )

    def read_sites(
        self, capability: Capability, site: int | None, field: str = "site"
    ) -> frozenset[int] | None:
        """The sites a list read answers: the one asked for (refused when the actor does not hold
        `capability` there), else every site where they hold it (None: every site)."""
        if site is not None:
            self.require_at(capability, site, field)
            return frozenset({site})
        self.require(capability)
        return self.sites_for(capability)

    def require_clinic_wide(self, capability: Capability, field: str | None = None) -> None:
        """For an act or report on every site at once: held at every site."""
        self.require(capability)
        if self.sites_for(capability) is not None:
            raise PermissionDenied(
                f"user '{self.username}' does not work at every site, so may not "
                f"{capability.value.replace('_', ' ')} clinic-wide",
                field=field,
            )

    def works_at(self, site_id: int) -> bool:
        return self.role == Role.ADMIN or site_id in self.site_ids or self.every_site

    def require_site(self, site_id: int, field: str = "site") -> None:
        if not self.works_at(site_id):
            raise PermissionDenied(f"user '{self.username}' does not work at site {site_id}", field=field)

    def may_reverse(self, *, author_id: int, age_hours: float) -> bool:
        if self.role in (Role.PHARMACIST, Role.ADMIN):
            return True
        return self.role == Role.VOLUNTEER and author_id == self.user_id and age_hours <= VOLUNTEER_UNDO_HOURS

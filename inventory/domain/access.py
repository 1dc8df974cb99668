"""Who may do what, and where. Roles are clinic-wide; sites scope the writes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import PermissionDenied
from .model import Role


class Permission(StrEnum):
    READ = "read"
    RECEIVE = "receive"
    ISSUE = "issue"
    ADJUST = "adjust"
    REVERSE = "reverse"
    LINK_GTIN = "link_gtin"
    CATALOGUE = "catalogue"
    QUARANTINE = "quarantine"  # quarantine, release and recall batches (clinic-wide)
    DISPOSE = "dispose"  # dispose of stock, witness disposals (clinic-wide)
    USERS = "users"
    CONTROLLED_REGISTER = "controlled_register"  # read the controlled-drug register
    RECORD_TEMPERATURE = "record_temperature"  # fridge readings and actions (volunteers at their sites)
    TEMPERATURE_RANGE = "temperature_range"  # a cold location's allowed range
    FUND = "fund"  # donors, grants, budget lines; override a grant's rules; recharge a receipt
    FINANCE_READ = "finance_read"  # grant statements, overview, in-kind register, bookkeeper's export
    STOCK_VALUE = "stock_value"  # stock valuation and impact reports
    # Issue a controlled item: pharmacists and admins; a volunteer only when an admin grants it to them.
    CONTROLLED = "controlled"


_ALL = frozenset(Role)
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.READ: _ALL,
    Permission.RECEIVE: frozenset({Role.VOLUNTEER, Role.PHARMACIST, Role.ADMIN}),
    Permission.ISSUE: frozenset({Role.VOLUNTEER, Role.PHARMACIST, Role.ADMIN}),
    # Volunteers may reverse only their own recent operations (see Actor.may_reverse).
    Permission.REVERSE: frozenset({Role.VOLUNTEER, Role.PHARMACIST, Role.ADMIN}),
    Permission.ADJUST: frozenset({Role.PHARMACIST, Role.ADMIN}),
    Permission.LINK_GTIN: frozenset({Role.PHARMACIST, Role.ADMIN}),
    Permission.QUARANTINE: frozenset({Role.PHARMACIST, Role.ADMIN}),
    Permission.DISPOSE: frozenset({Role.PHARMACIST, Role.ADMIN}),
    Permission.CATALOGUE: frozenset({Role.ADMIN}),
    Permission.USERS: frozenset({Role.ADMIN}),
    Permission.CONTROLLED_REGISTER: frozenset({Role.PHARMACIST, Role.FINANCE, Role.ADMIN}),
    Permission.RECORD_TEMPERATURE: frozenset({Role.VOLUNTEER, Role.PHARMACIST, Role.ADMIN}),
    Permission.TEMPERATURE_RANGE: frozenset({Role.PHARMACIST, Role.ADMIN}),
    Permission.FUND: frozenset({Role.FINANCE, Role.ADMIN}),
    Permission.FINANCE_READ: frozenset({Role.FINANCE, Role.ADMIN}),
    # Pharmacists see what stock is worth and what was used (expiry and reorder decisions), not donors' money.
    Permission.STOCK_VALUE: frozenset({Role.FINANCE, Role.ADMIN, Role.PHARMACIST}),
    Permission.CONTROLLED: frozenset({Role.PHARMACIST, Role.ADMIN}),
}

VOLUNTEER_UNDO_HOURS = 12


@dataclass(frozen=True)
class Actor:
    """The authenticated user behind a request."""

    user_id: int
    username: str
    role: Role
    site_ids: frozenset[int]
    may_issue_controlled: bool = False  # granted by an admin to this user (users.may_issue_controlled)

    def has(self, permission: Permission) -> bool:
        if permission is Permission.CONTROLLED and self.may_issue_controlled:
            return self.role in GRANTS[Permission.ISSUE]  # granted: whoever may issue at all
        return self.role in GRANTS[permission]

    def require(self, permission: Permission) -> None:
        if not self.has(permission):
            raise PermissionDenied(f"role '{self.role}' may not {permission.value.replace('_', ' ')}")

    def works_at(self, site_id: int) -> bool:
        return self.role == Role.ADMIN or site_id in self.site_ids

    def require_site(self, site_id: int, field: str = "site") -> None:
        if not self.works_at(site_id):
            raise PermissionDenied(f"user '{self.username}' does not work at site {site_id}", field=field)

    def may_reverse(self, *, author_id: int, age_hours: float) -> bool:
        if self.role in (Role.PHARMACIST, Role.ADMIN):
            return True
        return self.role == Role.VOLUNTEER and author_id == self.user_id and age_hours <= VOLUNTEER_UNDO_HOURS

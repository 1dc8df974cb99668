"""Demo data: the four sites, a clinic catalogue, half a year of stock history and demo users.

Written through the same use cases as real work, so the demo ledger obeys every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from inventory.clock import Clock, FixedClock
from inventory.db.engine import Database
from inventory.db.tables import BudgetLine, Donor, Grant, Item, Meta, Operation, Site, User
from inventory.db.uow import UnitOfWork
from inventory.demo.catalogue import ITEMS, SITES, DemoItem
from inventory.demo.plan import plan_demo_stock
from inventory.domain.access import Actor
from inventory.domain.errors import Conflict
from inventory.domain.funding import FundingChoice, FundingKind, GrantShare
from inventory.domain.model import Category, DispensedIn, IssueReason, Role
from inventory.services import catalogue, users
from inventory.services.ledger import IssueCommand, Ledger, ReceiptCommand

DEMO_PASSWORD = "demo"
DEMO_MARKER = "demo_data"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    full_name: str
    site_codes: tuple[str, ...]


DEMO_USERS = (
    DemoUser("admin", Role.ADMIN, "Demo administrator", ("KBH", "AAR", "ODE", "AAL")),
    DemoUser("pharmacist", Role.PHARMACIST, "Demo farmaceut", ("KBH", "AAR", "ODE", "AAL")),
    DemoUser("volunteer", Role.VOLUNTEER, "Demo frivillig", ("KBH", "AAR")),
    DemoUser("finance", Role.FINANCE, "Demo økonomi", ()),
)


class DemoRefused(Conflict, code="demo-refused", title="Demo data refused"): ...


async def demo_state(database: Database) -> str:
    """'empty', 'demo' (already loaded) or 'real' (holds data that is not the demo's)."""
    async with UnitOfWork(database, readonly=True) as uow:
        session = uow.session
        if await session.get(Meta, DEMO_MARKER) is not None:
            return "demo"
        counts = [
            await session.scalar(select(func.count()).select_from(table))
            for table in (Site, Item, User, Operation)
        ]
    return "real" if any(counts) else "empty"


async def load_demo(database: Database, clock: Clock | None = None) -> dict[str, int]:
    """Load the demo into an empty database. Refuses a database holding anything else."""
    clock = clock or Clock()
    state = await demo_state(database)
    if state == "demo":
        return {}
    if state == "real":
        raise DemoRefused("this database already holds data that is not demo data; demo not loaded")
    async with UnitOfWork(database) as uow:
        session = uow.session
        site_ids = {}
        for demo_site in SITES:
            site = await catalogue.create_site(session, demo_site.code, demo_site.name, demo_site.address)
            site_ids[demo_site.code] = site.id
            for name in demo_site.locations:
                await catalogue.create_location(session, site.id, name, cold="køl" in name.lower())
        item_ids = {}
        for demo_item in ITEMS:
            item = await catalogue.create_item(session, _item_fields(demo_item))
            item_ids[demo_item.key] = item.id
        actors = {}
        for demo_user in DEMO_USERS:
            user = await users.create_user(
                session,
                users.NewUser(
                    demo_user.username,
                    DEMO_PASSWORD,
                    demo_user.role,
                    tuple(site_ids[c] for c in demo_user.site_codes),
                    demo_user.full_name,
                    is_demo=True,
                ),
                clock,
            )
            actors[demo_user.username] = Actor(
                user.id,
                user.username,
                demo_user.role,
                frozenset(site_ids[c] for c in demo_user.site_codes),
                every_site=set(demo_user.site_codes) >= set(site_ids),
                full_name=demo_user.full_name,
            )
        session.add(Meta(key=DEMO_MARKER, value=clock.now().isoformat()))
        funders = await _funders(session, clock)
        counts = await _load_history(uow, clock, site_ids, item_ids, actors["pharmacist"], funders)
        await uow.commit()
    return {"sites": len(SITES), "items": len(ITEMS), "users": len(DEMO_USERS), **counts}


GRANT_DAYS_BACK = 700  # the demo's grants began this long ago; older purchases were unrestricted
CATEGORY_OF = {demo_item.key: demo_item.category for demo_item in ITEMS}


@dataclass(frozen=True)
class _Funders:
    grants: tuple[int, ...]
    lines: dict[tuple[int, str], int]  # (grant, category) -> budget line
    in_kind: int  # the donor of goods given in kind


async def _funders(session: Any, clock: Clock) -> _Funders:
    """Two foundations' grants with budget lines for medicine and dental, and a donor of goods."""
    start, end = clock.today() - timedelta(days=GRANT_DAYS_BACK), clock.today() + timedelta(days=365)
    grants: list[int] = []
    lines: dict[tuple[int, str], int] = {}
    for name, grant_name, amount in (
        ("Novo Nordisk Fonden", "Diabetes og kronisk sygdom 2025-2026", 1_500_000_00),
        ("Velux Fonden", "Sundhed for udokumenterede 2025-2026", 900_000_00),
    ):
        donor = Donor(name=name, kind="foundation", active=True)
        session.add(donor)
        await session.flush()
        grant = Grant(donor_id=donor.id, name=grant_name, amount_ore=amount, start_date=start, end_date=end,
                      status="active", restrictions={"categories": [], "sites": [], "items": []})  # fmt: skip
        session.add(grant)
        await session.flush()
        grants.append(grant.id)
        for category, line_name, share in (("medicine", "Medicin", 0.6), ("dental", "Tandpleje", 0.2)):
            line = BudgetLine(
                grant_id=grant.id, name=line_name, amount_ore=int(amount * share), category=category
            )
            session.add(line)
            await session.flush()
            lines[(grant.id, category)] = line.id
    giver = Donor(name="Apotekerforeningen (naturalier)", kind="company", active=True)
    session.add(giver)
    await session.flush()
    return _Funders(tuple(grants), lines, giver.id)


def _funding_of(r: Any, order: int, funders: _Funders) -> FundingChoice | None:
    """Donations in kind at their stated value; purchases of the grants' years on a grant, by turns."""
    if (r.reference or "").startswith("Naturaliedonation"):
        return FundingChoice(FundingKind.IN_KIND, donor_id=funders.in_kind, unit_value_ore=r.unit_cost_ore)
    if r.reference is None or r.days_ago > GRANT_DAYS_BACK:
        return None  # unrestricted, the default
    grant = funders.grants[order % len(funders.grants)]
    line = funders.lines.get((grant, CATEGORY_OF[r.item]))
    share = GrantShare(grant, line, amount_ore=r.quantity * r.unit_cost_ore)
    return FundingChoice(FundingKind.GRANTS, grants=(share,))


async def _load_history(
    uow: UnitOfWork,
    clock: Clock,
    site_ids: dict[str, int],
    item_ids: dict[str, int],
    actor: Actor,
    funders: _Funders,
) -> dict[str, int]:
    receipts, issues = plan_demo_stock(clock.today())
    events: list[tuple[int, int, ReceiptCommand | IssueCommand]] = []
    for order, r in enumerate(receipts):
        receipt = ReceiptCommand(
            site_id=site_ids[r.site],
            item_id=item_ids[r.item],
            batch_number=r.batch_number,
            expiry_date=r.expiry,
            quantity=r.quantity,
            unit_cost_ore=r.unit_cost_ore,
            reference=r.reference,
            allow_expired=True,
            funding=_funding_of(r, order, funders),
        )
        events.append((-r.days_ago, order, receipt))
    for order, i in enumerate(issues, start=len(receipts)):
        issue = IssueCommand(site_ids[i.site], item_ids[i.item], i.quantity, IssueReason(i.reason))
        events.append((-i.days_ago, order, issue))
    now = clock.now()
    for minus_days, _, command in sorted(events, key=lambda e: (e[0], e[1])):
        ledger = Ledger(uow, actor, FixedClock(now + timedelta(days=minus_days)))
        if isinstance(command, ReceiptCommand):
            await ledger.receive(command)
        else:
            await ledger.issue(command)
    return {"receipts": len(receipts), "issues": len(issues)}


# Medicine a patient takes home goes out as the pharmacy packed it; injections, consumables, dental and lab
# materials are used one at a time in treatment.
_TAKE_HOME_UNITS = frozenset({"tablet", "capsule", "inhalator", "tube", "bottle", "jar"})


def _dispensed_in(category: str, unit: str) -> DispensedIn:
    take_home = category == Category.MEDICINE.value and unit in _TAKE_HOME_UNITS
    return DispensedIn.PACKS if take_home else DispensedIn.UNITS


# The fields a demo item and the catalogue's item share, by name.
_SHARED_ITEM_FIELDS = ("name", "unit_of_issue", "pack_size", "atc_code", "strength", "form", "gtins",
                       "requires_expiry", "cold_chain", "controlled")  # fmt: skip


def _item_fields(demo_item: DemoItem) -> catalogue.ItemFields:
    """A demo item as the catalogue creates it: the shared fields, its category, and how it is dispensed."""
    shared = {name: getattr(demo_item, name) for name in _SHARED_ITEM_FIELDS}
    dispensed_in = _dispensed_in(demo_item.category, demo_item.unit_of_issue)
    return catalogue.ItemFields(**shared, category=Category(demo_item.category), dispensed_in=dispensed_in)

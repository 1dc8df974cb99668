"""Demo data: the four sites, a clinic catalogue, half a year of stock history and demo users.

Written through the same use cases as real work, so the demo ledger obeys every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from inventory.clock import Clock, FixedClock
from inventory.db.engine import Database
from inventory.db.tables import Item, Meta, Operation, Site, User
from inventory.db.uow import UnitOfWork
from inventory.demo.catalogue import ITEMS, SITES
from inventory.demo.plan import plan_demo_stock
from inventory.domain.access import Actor
from inventory.domain.errors import Conflict
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


class DemoRefused(Conflict):
    code = "demo-refused"
    title = "Demo data refused"


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
            item = await catalogue.create_item(
                session,
                catalogue.ItemFields(
                    name=demo_item.name,
                    category=Category(demo_item.category),
                    unit_of_issue=demo_item.unit_of_issue,
                    pack_size=demo_item.pack_size,
                    atc_code=demo_item.atc_code,
                    strength=demo_item.strength,
                    form=demo_item.form,
                    gtins=demo_item.gtins,
                    requires_expiry=demo_item.requires_expiry,
                    cold_chain=demo_item.cold_chain,
                    controlled=demo_item.controlled,
                    dispensed_in=_dispensed_in(demo_item.category, demo_item.unit_of_issue),
                ),
            )
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
                user.id, user.username, demo_user.role, frozenset(site_ids[c] for c in demo_user.site_codes)
            )
        session.add(Meta(key=DEMO_MARKER, value=clock.now().isoformat()))
        counts = await _load_history(uow, clock, site_ids, item_ids, actors["pharmacist"])
        await uow.commit()
    return {"sites": len(SITES), "items": len(ITEMS), "users": len(DEMO_USERS), **counts}


async def _load_history(
    uow: UnitOfWork, clock: Clock, site_ids: dict[str, int], item_ids: dict[str, int], actor: Actor
) -> dict[str, int]:
    receipts, issues = plan_demo_stock(clock.today())
    events: list[tuple[int, int, ReceiptCommand | IssueCommand]] = []
    for order, r in enumerate(receipts):
        events.append(
            (
                -r.days_ago,
                order,
                ReceiptCommand(
                    site_id=site_ids[r.site],
                    item_id=item_ids[r.item],
                    batch_number=r.batch_number,
                    expiry_date=r.expiry,
                    quantity=r.quantity,
                    unit_cost_ore=r.unit_cost_ore,
                    reference=r.reference,
                    allow_expired=True,
                ),
            )
        )
    for order, i in enumerate(issues, start=len(receipts)):
        events.append(
            (
                -i.days_ago,
                order,
                IssueCommand(
                    site_id=site_ids[i.site],
                    item_id=item_ids[i.item],
                    quantity=i.quantity,
                    reason=IssueReason(i.reason),
                ),
            )
        )
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

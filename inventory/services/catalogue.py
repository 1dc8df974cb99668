"""Sites, storage locations and the item catalogue (with GTINs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Item, ItemGtin, Location, Site, StockBalance
from inventory.domain.errors import AlreadyExists, InvalidInput
from inventory.domain.gtin import normalize_gtin
from inventory.domain.model import Category, DispensedIn
from inventory.services import audit


async def create_site(
    session: AsyncSession, code: str, name: str, address: str | None = None, *, who: audit.Who | None = None
) -> Site:
    code = code.strip().upper()
    if not code or len(code) > 8:
        raise InvalidInput("site code must have 1-8 characters", field="code")
    if not name.strip():
        raise InvalidInput("must not be empty", field="name")
    clash = await session.scalar(select(Site.id).where(or_(Site.code == code, Site.name == name.strip())))
    if clash is not None:
        raise AlreadyExists(f"a site with code {code} or name {name!r} exists", field="code")
    site = Site(code=code, name=name.strip(), address=address, active=True)
    session.add(site)
    await session.flush()
    await audit.noted(session, who, "site", site, audit.SITE)
    return site


async def site_by_code(session: AsyncSession, code: str) -> Site:
    site = await session.scalar(select(Site).where(Site.code == code.strip().upper()))
    if site is None:
        known = ", ".join((await session.scalars(select(Site.code).order_by(Site.code))).all()) or "none yet"
        raise InvalidInput(f"no site with code {code.strip().upper()} (known: {known})", field="code")
    return site


async def rename_site(session: AsyncSession, code: str, name: str) -> Site:
    site = await site_by_code(session, code)
    name = name.strip()
    if not name:
        raise InvalidInput("must not be empty", field="name")
    clash = await session.scalar(select(Site.id).where(Site.name == name, Site.id != site.id))
    if clash is not None:
        raise AlreadyExists(f"another site is called {name!r}", field="name")
    site.name = name
    await session.flush()
    return site


async def update_site(
    session: AsyncSession,
    site_id: int,
    *,
    name: str | None = None,
    address: str | None = None,
    active: bool | None = None,
    who: audit.Who | None = None,
) -> Site:
    """Rename a site, change its address, or close it (only when it holds no stock) or open it again."""
    site = await repo.site_by_id(session, site_id, field="site_id")
    before = audit.snapshot(site, audit.SITE)
    if name is not None:
        site = await rename_site(session, site.code, name)
    if address is not None:
        site.address = address.strip() or None
    if active is False and site.active:
        held = await session.scalar(
            select(func.coalesce(func.sum(StockBalance.quantity), 0)).where(StockBalance.site_id == site.id)
        )
        if held:
            raise InvalidInput(
                f"site {site.code} still holds {held} units: move or dispose of them before closing it",
                field="active",
            )
    if active is not None:
        site.active = active
    await session.flush()
    await audit.noted(session, who, "site", site, audit.SITE, before=before)
    return site


async def create_location(
    session: AsyncSession, site_id: int, name: str, cold: bool = False, *, who: audit.Who | None = None
) -> Location:
    await repo.site_by_id(session, site_id, field="site")
    name = name.strip()
    if not name:
        raise InvalidInput("must not be empty", field="name")
    clash = await session.scalar(
        select(Location.id).where(Location.site_id == site_id, Location.name == name)
    )
    if clash is not None:
        raise AlreadyExists(f"site {site_id} already has a location named {name!r}", field="name")
    location = Location(site_id=site_id, name=name, cold=cold)
    session.add(location)
    await session.flush()
    await audit.noted(session, who, "location", location, audit.LOCATION)
    return location


@dataclass(frozen=True)
class ItemFields:
    name: str
    category: Category
    unit_of_issue: str
    pack_size: int = 1
    atc_code: str | None = None
    strength: str | None = None
    form: str | None = None
    gtins: tuple[str, ...] = ()
    requires_expiry: bool | None = None
    cold_chain: bool = False
    controlled: bool = False
    dispensed_in: DispensedIn = DispensedIn.UNITS


def _check_item(fields: ItemFields) -> None:
    if not fields.name.strip():
        raise InvalidInput("must not be empty", field="name")
    if not fields.unit_of_issue.strip():
        raise InvalidInput("must not be empty", field="unit_of_issue")
    if fields.pack_size <= 0:
        raise InvalidInput("must be a positive whole number", field="pack_size")
    atc = fields.atc_code
    if atc is not None and not (1 <= len(atc) <= 7 and atc[0].isalpha() and atc.isalnum()):
        raise InvalidInput("not an ATC code (e.g. A10BA02)", field="atc_code")


def check_changed_item(item: Item) -> None:
    """The rules of a new item, applied to an item after a change (PATCH), with the same clean-up."""
    item.name = item.name.strip()
    item.unit_of_issue = item.unit_of_issue.strip()
    if item.atc_code:
        item.atc_code = item.atc_code.upper()
    _check_item(
        ItemFields(
            name=item.name,
            category=Category(item.category),
            unit_of_issue=item.unit_of_issue,
            pack_size=item.pack_size,
            atc_code=item.atc_code,
        )
    )


async def add_gtins(
    session: AsyncSession, item_id: int, gtins: Sequence[str], *, field: str | None = None
) -> list[str]:
    """Link GTINs to an item; a GTIN already linked to another item is refused.

    Errors name `gtins[i]`, or `field` when the GTIN came alone (e.g. the body field `gtin`).
    """
    added = []
    for index, raw in enumerate(gtins):
        at = field or f"gtins[{index}]"
        gtin = normalize_gtin(raw, field=at)
        owner = await session.scalar(select(ItemGtin.item_id).where(ItemGtin.gtin == gtin))
        if owner is not None and owner != item_id:
            raise AlreadyExists(f"GTIN {gtin} already belongs to item {owner}", field=at)
        if owner is None:
            session.add(ItemGtin(gtin=gtin, item_id=item_id))
            added.append(gtin)
    await session.flush()
    return added


async def link_gtin(
    session: AsyncSession, item: Item, gtin: str, *, who: audit.Who, field: str | None = None
) -> None:
    """One more GTIN for an item (a new pack of the same product), on the audit trail when it is new."""
    if await add_gtins(session, item.id, [gtin], field=field):
        await audit.record(
            session,
            at=who.at,
            actor_id=who.actor_id,
            entity="item",
            entity_id=item.id,
            action="update",
            before={"gtin_linked": None},
            after={"gtin_linked": normalize_gtin(gtin)},
        )


async def create_item(session: AsyncSession, fields: ItemFields, *, who: audit.Who | None = None) -> Item:
    _check_item(fields)
    requires = fields.requires_expiry
    item = Item(
        name=fields.name.strip(),
        category=fields.category.value,
        unit_of_issue=fields.unit_of_issue.strip(),
        pack_size=fields.pack_size,
        atc_code=fields.atc_code.upper() if fields.atc_code else None,
        strength=fields.strength,
        form=fields.form,
        requires_expiry=fields.category.requires_expiry_by_default if requires is None else requires,
        cold_chain=fields.cold_chain,
        controlled=fields.controlled,
        active=True,
        dispensed_in=DispensedIn(fields.dispensed_in).value,
    )
    session.add(item)
    await session.flush()
    await add_gtins(session, item.id, fields.gtins)
    await audit.noted(session, who, "item", item, audit.ITEM, extra={"gtins": sorted(fields.gtins)})
    return item


async def replace_gtins(session: AsyncSession, item_id: int, gtins: Sequence[str]) -> None:
    await session.execute(delete(ItemGtin).where(ItemGtin.item_id == item_id))
    await session.flush()
    await add_gtins(session, item_id, gtins)


async def gtins_by_item(session: AsyncSession, item_ids: Sequence[int]) -> dict[int, list[str]]:
    rows = await session.execute(
        select(ItemGtin.item_id, ItemGtin.gtin).where(ItemGtin.item_id.in_(item_ids)).order_by(ItemGtin.gtin)
    )
    found: dict[int, list[str]] = {item_id: [] for item_id in item_ids}
    for item_id, gtin in rows:
        found[item_id].append(gtin)
    return found


async def item_by_gtin(session: AsyncSession, gtin: str) -> Item | None:
    return await session.scalar(select(Item).join(ItemGtin).where(ItemGtin.gtin == gtin))


def item_search(
    q: str | None, category: Category | None, gtin: str | None, atc: str | None, active: bool | None
) -> Select:  # type: ignore[type-arg]
    stmt = select(Item)
    if q:
        stmt = stmt.where(func.lower(Item.name).contains(q.strip().lower(), autoescape=True))  # % _ literal
    if category:
        stmt = stmt.where(Item.category == category.value)
    if gtin:
        stmt = stmt.where(Item.id.in_(select(ItemGtin.item_id).where(ItemGtin.gtin == normalize_gtin(gtin))))
    if atc:
        stmt = stmt.where(Item.atc_code.startswith(atc.strip().upper(), autoescape=True))
    if active is not None:
        stmt = stmt.where(Item.active == active)
    return stmt.order_by(Item.name, Item.id)

"""The item catalogue as both faces change it (admin): add an item, change it; each in the caller's
write, on the audit trail."""

from __future__ import annotations

import msgspec

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import item_read
from inventory.services import audit, catalogue


async def read_item(uow: UnitOfWork, item: Item) -> s.ItemRead:
    gtins = await catalogue.gtins_by_item(uow.session, [item.id])
    return item_read(item, gtins[item.id])


async def create_item(uow: UnitOfWork, actor: Actor, clock: Clock, data: s.ItemCreate) -> s.ItemRead:
    actor.require(Permission.CATALOGUE)
    # The body's fields are the service's: an item's fields, its GTINs as a tuple.
    fields = catalogue.ItemFields(**msgspec.structs.asdict(data) | {"gtins": tuple(data.gtins)})
    who = audit.Who(actor.user_id, clock.now())
    return await read_item(uow, await catalogue.create_item(uow.session, fields, who=who))


async def update_item(
    uow: UnitOfWork, actor: Actor, clock: Clock, item_id: int, data: s.ItemUpdate
) -> s.ItemRead:
    """The fields given change; `gtins`, when given, replaces the item's GTINs."""
    actor.require(Permission.CATALOGUE)
    item = await repo.item_by_id(uow.session, item_id, field="item_id")
    gtins_before = await catalogue.gtins_by_item(uow.session, [item.id])
    before = {**audit.snapshot(item, audit.ITEM), "gtins": sorted(gtins_before.get(item.id, []))}
    for name, value in msgspec.structs.asdict(data).items():
        if value is not None and name != "gtins":
            setattr(item, name, value)
    catalogue.check_changed_item(item)
    if data.gtins is not None:
        await catalogue.replace_gtins(uow.session, item.id, data.gtins)
    await uow.session.flush()
    read = await read_item(uow, item)
    gtins: dict[str, object] = {"gtins": sorted(read.gtins)}
    who = audit.Who(actor.user_id, clock.now())
    await audit.noted(uow.session, who, "item", item, audit.ITEM, before=before, extra=gtins)
    return read

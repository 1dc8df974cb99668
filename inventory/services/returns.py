"""Returns to a supplier (pharmacists and admins, at their sites): stock leaves, a credit is expected.

One return at one site writes a `return` operation per item (operations name one item) with a movement
per batch, balances in the same transaction, the cost layers taken first in first out, and a
`supplier_return_lines` row per movement with the value taken (what the supplier is to credit). A
recalled or quarantined batch may be returned (that is what a recall return is for); every refusal is
raised before the first write. A return is undone by the ledger's reversal of its operations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from inventory.db import repo
from inventory.db.tables import Batch, Item, Site, StockBalance, SupplierReturn, SupplierReturnLine
from inventory.domain.access import Permission
from inventory.domain.errors import InsufficientStock, UnknownReference
from inventory.domain.expiry import StockValue
from inventory.domain.model import OperationKind
from inventory.domain.returns import ReturnLine, ReturnReason, check_return
from inventory.services import costing
from inventory.services.acting import Acting
from inventory.services.ledger import Ledger, OperationResult
from inventory.services.valuation import values_taken

NOTHING = StockValue(0, 0)


@dataclass(frozen=True)
class ReturnCommand:
    site_id: int
    lines: list[ReturnLine]
    supplier: str
    reference: str
    reason: ReturnReason
    note: str | None = None


@dataclass
class ReturnResult:
    record: SupplierReturn
    operations: list[OperationResult]


class ReturnLedger(Ledger):
    """The ledger's write of a return: the same movements, balances and layer takes as a disposal."""

    async def give_back(
        self,
        site: Site,
        item: Item,
        takes: list[tuple[Batch, int]],
        *,
        reason: str,
        note: str | None,
        reference: str,
    ) -> OperationResult:
        result = await self._start(
            OperationKind.RETURN, site, item, reason=reason, note=note, reference=reference
        )
        for batch, quantity in takes:
            line = await self._move(result, batch, -quantity)
            line.value_ore = -await costing.take_layers(self.session, line, site.id, quantity)
        return result


class Returns(Acting):
    async def give_back(self, cmd: ReturnCommand) -> ReturnResult:
        """Checks every rule, then writes the return, its operations and its lines."""
        self.actor.require_at(Permission.RETURN, cmd.site_id)
        site = await repo.site_by_id(self.session, cmd.site_id)
        supplier, reference, note = check_return(cmd.lines, cmd.supplier, cmd.reference, cmd.reason, cmd.note)
        batches = await repo.batches_by_id(self.session, [line.batch_id for line in cmd.lines])
        for n, line in enumerate(cmd.lines):
            if line.batch_id not in batches:
                raise UnknownReference(f"no batch with id {line.batch_id}", field=f"lines.{n}.batch")
        item_ids = {b.item_id for b in batches.values()}
        items = {
            i.id: i for i in (await self.session.scalars(select(Item).where(Item.id.in_(item_ids)))).all()
        }
        for item_id in sorted(items):
            await repo.lock_item_stock(self.session, site.id, item_id)
        rows = await self.session.execute(
            select(StockBalance.batch_id, StockBalance.quantity).where(
                StockBalance.site_id == site.id, StockBalance.batch_id.in_(list(batches))
            )
        )
        on_hand = {batch_id: quantity for batch_id, quantity in rows}
        for n, line in enumerate(cmd.lines):
            available = on_hand.get(line.batch_id, 0)
            if line.quantity > available:
                raise InsufficientStock(
                    f"only {available} units of batch {batches[line.batch_id].batch_number} in stock here, "
                    f"{line.quantity} to return",
                    field=f"lines.{n}.quantity",
                    extra={"available": available, "requested": line.quantity, "batch": line.batch_id},
                )
        record = SupplierReturn(
            site_id=site.id,
            supplier=supplier,
            reference=reference,
            reason=cmd.reason.value,
            note=note,
            user_id=self.actor.user_id,
            created_at=self.clock.now(),
        )
        self.session.add(record)
        await self.session.flush()
        per_item: dict[int, list[tuple[Batch, int]]] = defaultdict(list)
        for line in cmd.lines:
            per_item[batches[line.batch_id].item_id].append((batches[line.batch_id], line.quantity))
        ledger = ReturnLedger(self.uow, self.actor, self.clock)
        result = ReturnResult(record, [])
        for item_id, takes in per_item.items():
            result.operations.append(
                await ledger.give_back(
                    site,
                    items[item_id],
                    takes,
                    reason=cmd.reason.value,
                    note=note,
                    reference=f"{reference} ({supplier})"[:120],
                )
            )
        moved = [line.movement.id for operation in result.operations for line in operation.lines]
        values = await values_taken(self.session, moved)
        for movement_id in moved:
            value = values.get(movement_id, NOTHING)
            self.session.add(
                SupplierReturnLine(
                    movement_id=movement_id,
                    return_id=record.id,
                    value_ore=value.value_ore,
                    unvalued_quantity=value.unvalued_quantity,
                )
            )
        await self.session.flush()
        return result

"""Receipts, issues, adjustments and reversals: every change of stock goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import ledger_writes, repo
from inventory.db.tables import Batch, Item, Movement, Operation, Site
from inventory.db.uow import UnitOfWork
from inventory.domain import fefo, rules
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import (
    AlreadyReversed,
    BatchBlocked,
    Conflict,
    ControlledNotPermitted,
    InsufficientStock,
    InvalidInput,
    PermissionDenied,
    QuarantinedStock,
)
from inventory.domain.funding import FundingChoice, LayerSource
from inventory.domain.model import AdjustmentReason, BatchStock, IssueReason, OperationKind
from inventory.domain.rules import clean_batch_number as clean_batch_number  # re-exported
from inventory.services import blocks, costing, serials

# What a write answers lives below both this module and costing (no cycle); callers import it from here too.
from inventory.services.acting import Acting
from inventory.services.ledger_results import Line as Line
from inventory.services.ledger_results import OperationResult as OperationResult


@dataclass(frozen=True)
class ReceiptCommand:
    site_id: int
    item_id: int
    batch_number: str
    expiry_date: date | None
    quantity: int
    unit_cost_ore: int | None = None
    reference: str | None = None
    note: str | None = None
    location_id: int | None = None
    allow_expired: bool = False
    supplier: str | None = None  # who delivered (wholesaler, donor), printed in the controlled register
    delivery_note: str | None = None  # the delivery note's number
    funding: FundingChoice | None = None  # None: the configured default (unrestricted)


@dataclass(frozen=True)
class IssueCommand:
    site_id: int
    item_id: int
    quantity: int
    reason: IssueReason
    batch_id: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class AdjustmentCommand:
    site_id: int
    batch_id: int
    quantity: int
    reason: AdjustmentReason
    note: str | None = None


@dataclass(frozen=True)
class ReversalCommand:
    operation_id: int
    note: str | None = None


TRANSFER_KINDS = (OperationKind.TRANSFER_OUT, OperationKind.TRANSFER_IN, OperationKind.TRANSFER_LOSS)


class Ledger(Acting):
    """The use cases that write the ledger, for one actor, at one moment."""

    def __init__(self, uow: UnitOfWork, actor: Actor, clock: Clock, *, default_funding: str = "unrestricted"):
        super().__init__(uow, actor, clock)
        self.default_funding = default_funding

    async def _start(
        self, kind: OperationKind, site: Site, item: Item, *, reason: str | None = None, **extra: object
    ) -> OperationResult:
        values = self._operation_values(kind, site, item, reason=reason, **extra)
        operation = await ledger_writes.add_operation(self.session, values)
        return OperationResult(operation, site, item, self.actor.username)

    def _operation_values(
        self, kind: OperationKind, site: Site, item: Item, *, reason: str | None = None, **extra: object
    ) -> dict[str, object]:
        values: dict[str, object] = {
            "kind": kind.value,
            "site_id": site.id,
            "item_id": item.id,
            "user_id": self.actor.user_id,
            "reason": reason,
            "note": None,
            "reference": None,
            "supplier": None,
            "delivery_note": None,
            "reverses_operation_id": None,
            "created_at": self.clock.now(),
        }
        values.update(extra)  # every column named every time: one compiled statement serves all kinds
        return values

    async def _move(
        self,
        result: OperationResult,
        batch: Batch,
        quantity: int,
        *,
        unit_cost_ore: int | None = None,
        reverses_id: int | None = None,
        location_id: int | None = None,
    ) -> Line:
        op = result.operation
        on_hand = await ledger_writes.change_balance(
            self.session,
            site_id=op.site_id,
            batch_id=batch.id,
            item_id=op.item_id,
            delta=quantity,
            expiry_date=batch.expiry_date,
            location_id=location_id,
        )
        return await self._record(
            result, batch, quantity, on_hand, unit_cost_ore=unit_cost_ore, reverses_id=reverses_id
        )

    async def _record(
        self,
        result: OperationResult,
        batch: Batch,
        quantity: int,
        on_hand: int,
        *,
        unit_cost_ore: int | None = None,
        reverses_id: int | None = None,
    ) -> Line:
        values = ledger_writes.movement_values(result.operation, batch.id, quantity)
        values.update(unit_cost_ore=unit_cost_ore, reverses_id=reverses_id)
        movement = await ledger_writes.add_movement(self.session, values)
        line = Line(movement, batch, on_hand)
        result.lines.append(line)
        return line

    async def _site_for(self, permission: Permission, site_id: int) -> Site:
        self.actor.require(permission)
        site = await repo.site_by_id(self.session, site_id)
        self.actor.require_site(site.id)
        return site

    async def receive(self, cmd: ReceiptCommand) -> OperationResult:
        site = await self._site_for(Permission.RECEIVE, cmd.site_id)
        item = await repo.item_by_id(self.session, cmd.item_id)
        rules.require_positive(cmd.quantity)
        if cmd.unit_cost_ore is not None and cmd.unit_cost_ore < 0:
            raise InvalidInput("must not be negative", field="unit_cost_ore")
        number = clean_batch_number(cmd.batch_number)
        rules.check_receipt_expiry(
            cmd.expiry_date,
            requires_expiry=item.requires_expiry,
            today=self.clock.today(),
            allow_expired=cmd.allow_expired,
        )
        if cmd.location_id is not None:
            await repo.location_at_site(self.session, cmd.location_id, site.id)
        plan = await costing.plan_funding(
            self.session,
            self.actor,
            cmd.funding,
            default=self.default_funding,
            item=item,
            site_id=site.id,
            quantity=cmd.quantity,
            unit_cost_ore=cmd.unit_cost_ore,
            today=self.clock.today(),
        )
        batch = await self._batch_for_receipt(item, number, cmd.expiry_date)
        # The item's lock before the balance row, as every writer takes them: an open block (a recall) is
        # then read after any block being opened has committed (services/blocks).
        await repo.lock_item_stock(self.session, site.id, item.id)
        result = await self._start(
            OperationKind.RECEIPT,
            site,
            item,
            note=cmd.note,
            reference=cmd.reference,
            supplier=cmd.supplier,
            delivery_note=cmd.delivery_note,
        )
        unit_cost = plan.unit_cost_ore if plan.source == LayerSource.IN_KIND else cmd.unit_cost_ore
        line = await self._move(
            result, batch, cmd.quantity, unit_cost_ore=unit_cost, location_id=cmd.location_id
        )
        line.value_ore = await costing.open_receipt_layer(
            self.session,
            plan,
            operation_id=result.operation.id,
            movement_id=line.movement.id,
            site_id=site.id,
            batch_id=batch.id,
            item_id=item.id,
            quantity=cmd.quantity,
            user_id=self.actor.user_id,
            now=result.operation.created_at,
        )
        result.blocked = await blocks.quarantine_arrival(
            self.session, self.clock, site.id, batch, locked=True
        )
        return result

    async def _batch_for_receipt(self, item: Item, number: str, expiry: date | None) -> Batch:
        batch = await repo.find_batch(self.session, item.id, number)
        if batch is not None:
            rules.check_batch_expiry(batch.expiry_date, expiry, number)
            return batch
        batch = Batch(item_id=item.id, batch_number=number, expiry_date=expiry, created_at=self.clock.now())
        self.session.add(batch)
        await self.session.flush()
        return batch

    async def issue(self, cmd: IssueCommand) -> OperationResult:
        self.actor.require(Permission.ISSUE)
        site, found, stocks = await repo.site_item_and_stock(self.session, cmd.site_id, cmd.item_id)
        self.actor.require_site(site.id)
        item = repo.require_item(found, cmd.item_id)
        if item.controlled and not self.actor.has(Permission.CONTROLLED):
            raise ControlledNotPermitted(
                f"user '{self.actor.username}' may not issue the controlled item {item.name}: a pharmacist "
                "may, or an admin grants the right",
                field="item",
                extra={"item": item.id, "item_name": item.name},
            )
        rules.require_positive(cmd.quantity)
        today = self.clock.today()
        suggestion_id: int | None = None
        if cmd.batch_id is None:
            try:
                picks = fefo.allocate(cmd.quantity, stocks, today)
            except InsufficientStock as short:  # when a recall or block holds the rest, say so
                held = [s.batch_id for s in stocks if s.quarantined and s.quantity > 0]
                try:
                    await blocks.refuse_blocked(self.session, held, lambda _n: "quantity")
                except BatchBlocked as refused:
                    refused.extra.update(short.extra, site=site.id)
                    raise refused from short
                raise
        else:
            await blocks.refuse_blocked(self.session, [cmd.batch_id])
            named = await self._named_batch(cmd.batch_id, item, stocks)
            try:
                picks = [fefo.allocate_from_batch(cmd.quantity, named, today)]
            except QuarantinedStock as refused:  # the page words it with the batch and the site
                refused.extra.update(batch=named.batch_id, site=site.id)
                raise
            first = fefo.first_to_expire(stocks, today)
            if first is not None and _expires_before(first.expiry, named.expiry):
                suggestion_id = first.batch_id
        if cmd.batch_id is None:  # FEFO skips quarantined stock; an open block refuses whatever it picked
            await blocks.refuse_blocked(self.session, [pick.batch_id for pick in picks])
        values = self._operation_values(
            OperationKind.ISSUE, site, item, reason=cmd.reason.value, note=cmd.note
        )
        operation, takes = await ledger_writes.write_issue(
            self.session, values, [(pick.batch_id, pick.quantity) for pick in picks]
        )
        result = OperationResult(operation, site, item, self.actor.username)
        result.lines.extend(
            Line(movement, batch, on_hand, -value) for movement, on_hand, batch, value in takes
        )
        if suggestion_id is not None:
            result.fefo_suggestion = (await repo.batches_by_id(self.session, [suggestion_id]))[suggestion_id]
        return result

    async def _named_batch(self, batch_id: int, item: Item, stocks: list[BatchStock]) -> BatchStock:
        batch = await repo.batch_by_id(self.session, batch_id)
        if batch.item_id != item.id:
            raise InvalidInput(f"batch {batch_id} is not a batch of item {item.id}", field="batch")
        for stock in stocks:
            if stock.batch_id == batch_id:
                return stock
        return BatchStock(batch.id, 0, batch.expiry_date)

    async def adjust(self, cmd: AdjustmentCommand) -> OperationResult:
        site = await self._site_for(Permission.ADJUST, cmd.site_id)
        batch = await repo.batch_by_id(self.session, cmd.batch_id)
        item = await repo.item_by_id(self.session, batch.item_id)
        rules.require_nonzero(cmd.quantity)
        await repo.lock_item_stock(self.session, site.id, item.id)
        if cmd.reason == AdjustmentReason.OTHER and not (cmd.note or "").strip():
            raise InvalidInput("a note is required when the reason is 'other'", field="note")
        result = await self._start(
            OperationKind.ADJUSTMENT, site, item, reason=cmd.reason.value, note=cmd.note
        )
        line = await self._move(result, batch, cmd.quantity)
        if cmd.quantity < 0:
            line.value_ore = -await costing.take_layers(self.session, line, site.id, -cmd.quantity)
        else:
            line.value_ore = await costing.open_found_layer(self.session, line, result, LayerSource.FOUND)
            result.blocked = await blocks.quarantine_arrival(
                self.session, self.clock, site.id, batch, locked=True
            )
        return result

    async def dispose(
        self,
        site: Site,
        item: Item,
        takes: list[tuple[Batch, int]],
        *,
        method: str,
        note: str | None,
        reference: str,
    ) -> OperationResult:
        """A disposal's operation for one item: stock leaves each batch (services/disposal checks
        permission, witness and quantities and holds the item's lock)."""
        result = await self._start(
            OperationKind.DISPOSAL, site, item, reason=method, note=note, reference=reference
        )
        for batch, quantity in takes:
            line = await self._move(result, batch, -quantity)
            line.value_ore = -await costing.take_layers(self.session, line, site.id, quantity)
        return result

    async def reverse(self, cmd: ReversalCommand) -> OperationResult:
        self.actor.require(Permission.REVERSE)
        original = await repo.operation_by_id(self.session, cmd.operation_id)
        site = await repo.site_by_id(self.session, original.site_id)
        self.actor.require_site(site.id)
        age_hours = (self.clock.now() - original.created_at).total_seconds() / 3600
        if not self.actor.may_reverse(author_id=original.user_id, age_hours=age_hours):
            raise PermissionDenied("volunteers may undo only their own operations of the last hours")
        if original.kind == OperationKind.REVERSAL:
            raise Conflict("a reversal cannot itself be reversed; record a new movement instead")
        if original.kind in TRANSFER_KINDS:
            raise Conflict("a transfer's movements are not undone one by one; cancel the transfer instead")
        if original.kind == OperationKind.DISPOSAL and not (cmd.note or "").strip():
            # Stock said to be destroyed comes back: the record must say why (pharmacists and admins only:
            # volunteers undo only their own operations and never dispose).
            raise InvalidInput("say why the disposal is undone", field="note")
        already = await self.session.scalar(
            select(Operation.id).where(Operation.reverses_operation_id == original.id)
        )
        if already is not None:
            raise AlreadyReversed(
                f"operation {original.id} was already reversed by operation {already}",
                field="operation",
                extra={"reversed_by": already},
            )
        item = await repo.item_by_id(self.session, original.item_id)
        await repo.lock_item_stock(self.session, site.id, item.id)
        result = await self._start(
            OperationKind.REVERSAL,
            site,
            item,
            reason=original.kind,
            note=cmd.note,
            reverses_operation_id=original.id,
        )
        movements = (
            await self.session.scalars(
                select(Movement).where(Movement.operation_id == original.id).order_by(Movement.id)
            )
        ).all()
        batches = await repo.batches_by_id(self.session, [m.batch_id for m in movements])
        for movement in movements:
            line = await self._move(
                result, batches[movement.batch_id], -movement.quantity, reverses_id=movement.id
            )
            line.value_ore = await costing.undo_layers(self.session, movement, line, result)
            if -movement.quantity > 0:  # stock comes back: a blocked batch comes back into quarantine
                arrival = await blocks.quarantine_arrival(
                    self.session, self.clock, site.id, batches[movement.batch_id], locked=True
                )
                result.blocked = result.blocked or arrival
        await serials.undo(self.session, original.id, result.operation.id)  # the pack may come again
        return result


def _expires_before(a: date | None, b: date | None) -> bool:
    if a is None:
        return False
    return b is None or a < b

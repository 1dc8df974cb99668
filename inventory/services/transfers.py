"""Transfers between sites: send (FEFO when no batch is named), approve, receive, cancel.

The stock leaves the sender when the transfer is sent: a `transfer_out` operation per item at the
sender, its movements taking the sender's cost layers (first in, first out, as every take). Until the
receiving site confirms, the units are in transit: on neither site's shelf, so issuable at neither, and
on both sites' transfer lists. A receipt writes a `transfer_in` at the receiver for each line's units
sent, opening one layer per layer the send took, with its origin kept (`origin_layer_id`: the same
source, grant, budget line, donor and unit cost, so the funding travels with the units); what did not
arrive leaves again at once as a `transfer_loss` (short or damaged, with its reason), taking those very
layers. A cancellation before receipt reverses the `transfer_out`: the units and their layers go back.
Every refusal is raised before the first write.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from inventory.db import layer_writes, ledger_writes, repo
from inventory.db.tables import Batch, Item, LayerTake, Movement, StockBalance, Transfer, TransferLine
from inventory.domain import fefo
from inventory.domain import funding as f
from inventory.domain import transfers as rules
from inventory.domain.access import Permission
from inventory.domain.errors import DomainError, InvalidInput, QuarantinedStock, UnknownReference
from inventory.domain.model import Allocation, BatchStock, OperationKind
from inventory.domain.transfers import TransferState
from inventory.services import blocks
from inventory.services.acting import Acting
from inventory.services.transfer_commands import (
    ReceiveLineCommand,
    TransferCommand,
    TransferLineCommand,
    take_exact,
    transfer_for_update,
)

__all__ = ["ReceiveLineCommand", "TransferCommand", "TransferLineCommand", "Transfers"]


class Transfers(Acting):
    async def create(self, cmd: TransferCommand) -> Transfer:
        """Pick the batches (FEFO where none is named) and send, or wait for a pharmacist's approval
        when a controlled item is on it and the sender may not approve."""
        self.actor.require_at(Permission.TRANSFER_SEND, cmd.from_site_id, field="from_site")
        await repo.site_by_id(self.session, cmd.from_site_id, field="from_site")
        await repo.site_by_id(self.session, cmd.to_site_id, field="to_site")
        if cmd.from_site_id == cmd.to_site_id:
            raise rules.SameSite("a transfer goes to another site", field="to_site")
        if not cmd.lines:
            raise InvalidInput("a transfer needs at least one line", field="lines")
        picks = await self._pick(cmd)
        items = {
            item.id: item
            for item in await self.session.scalars(select(Item).where(Item.id.in_({p[0] for p in picks})))
        }
        controlled = any(item.controlled for item in items.values())
        may_approve = self.actor.may_at(Permission.TRANSFER_APPROVE, cmd.from_site_id)
        now = self.clock.now()
        transfer = Transfer(
            from_site_id=cmd.from_site_id,
            to_site_id=cmd.to_site_id,
            state=TransferState.AWAITING_APPROVAL.value,
            controlled=controlled,
            note=(cmd.note or "").strip() or None,
            user_id=self.actor.user_id,
            created_at=now,
        )
        if controlled and may_approve:
            transfer.approved_by, transfer.approved_at = self.actor.user_id, now
        self.session.add(transfer)
        await self.session.flush()
        lines = [
            TransferLine(
                transfer_id=transfer.id,
                item_id=item_id,
                batch_id=pick.batch_id,
                quantity=pick.quantity,
                lost=0,
            )
            for item_id, pick in picks
        ]
        self.session.add_all(lines)
        await self.session.flush()
        if not controlled or may_approve:
            await self._send(transfer, lines)
        return transfer

    async def _pick(self, cmd: TransferCommand) -> list[tuple[int, Allocation]]:
        today = self.clock.today()
        stock: dict[int, dict[int, BatchStock]] = {}
        picks: list[tuple[int, Allocation]] = []
        fields: list[str] = []
        for n, line in enumerate(cmd.lines):
            field = f"lines.{n}"
            if line.quantity <= 0:
                raise InvalidInput("quantity must be a positive whole number", field=f"{field}.quantity")
            if line.item_id not in stock:
                _site, item, found = await repo.site_item_and_stock(
                    self.session, cmd.from_site_id, line.item_id
                )
                repo.require_item(item, line.item_id, field=f"{field}.item")
                stock[line.item_id] = {s.batch_id: s for s in found}
            batches = stock[line.item_id]
            try:
                if line.batch_id is None:
                    chosen = fefo.allocate(line.quantity, batches.values(), today)
                else:
                    batch = await repo.batch_by_id(self.session, line.batch_id)
                    if batch.item_id != line.item_id:
                        raise UnknownReference(
                            f"batch {line.batch_id} is not of item {line.item_id}", field=f"{field}.batch"
                        )
                    held = batches.get(line.batch_id, BatchStock(line.batch_id, 0, batch.expiry_date))
                    chosen = [fefo.allocate_from_batch(line.quantity, held, today)]
            except DomainError as refused:
                if not (refused.field or "").startswith(field):
                    refused.field = f"{field}.{refused.field or 'quantity'}"
                raise
            for pick in chosen:
                was = batches[pick.batch_id]
                batches[pick.batch_id] = BatchStock(
                    was.batch_id, was.quantity - pick.quantity, was.expiry, was.quarantined
                )
                picks.append((line.item_id, pick))
                fields.append(f"{field}.batch")
        await blocks.refuse_blocked(self.session, [pick.batch_id for _, pick in picks], lambda n: fields[n])
        return picks

    async def _send(self, transfer: Transfer, lines: list[TransferLine]) -> None:
        """The stock leaves the sender: a `transfer_out` per item, taking its cost layers."""
        now = self.clock.now()
        per_item: dict[int, list[TransferLine]] = defaultdict(list)
        for line in lines:
            per_item[line.item_id].append(line)
        for item_id in sorted(per_item):
            await repo.lock_item_stock(self.session, transfer.from_site_id, item_id)
        await self._refuse_quarantined(transfer.from_site_id, lines)
        reference = rules.transfer_code(transfer.id)
        for item_id, item_lines in per_item.items():
            values = self._operation(OperationKind.TRANSFER_OUT, transfer.from_site_id, item_id, reference)
            operation = await ledger_writes.add_operation(self.session, values)
            for line in item_lines:
                await ledger_writes.take_stock(
                    self.session, transfer.from_site_id, line.batch_id, line.quantity
                )
                movement = await ledger_writes.add_movement(
                    self.session, ledger_writes.movement_values(operation, line.batch_id, -line.quantity)
                )
                await layer_writes.take_layers(
                    self.session, movement.id, transfer.from_site_id, line.batch_id, line.quantity
                )
                line.out_movement_id = movement.id
        transfer.state = TransferState.IN_TRANSIT.value
        transfer.sent_at = now
        await self.session.flush()

    async def _refuse_quarantined(self, site_id: int, lines: list[TransferLine]) -> None:
        held = set(
            await self.session.scalars(
                select(StockBalance.batch_id).where(
                    StockBalance.site_id == site_id,
                    StockBalance.batch_id.in_({line.batch_id for line in lines}),
                    StockBalance.quarantined.is_(True),
                )
            )
        )
        for n, line in enumerate(lines):
            if line.batch_id in held:
                raise QuarantinedStock(
                    "batch is in quarantine; it may not be sent",
                    field=f"lines.{n}.batch",
                    extra={"batch": line.batch_id, "site": site_id},
                )
        await blocks.refuse_blocked(
            self.session, [line.batch_id for line in lines], lambda n: f"lines.{n}.batch"
        )

    def _operation(
        self,
        kind: OperationKind,
        site_id: int,
        item_id: int,
        reference: str,
        reason: str | None = None,
        reverses: int | None = None,
    ) -> dict[str, object]:
        return {
            "kind": kind.value,
            "site_id": site_id,
            "item_id": item_id,
            "user_id": self.actor.user_id,
            "reason": reason,
            "note": None,
            "reference": reference,
            "reverses_operation_id": reverses,
            "created_at": self.clock.now(),
        }

    async def approve(self, transfer_id: int) -> Transfer:
        transfer = await transfer_for_update(self.session, transfer_id)
        self.actor.require_at(Permission.TRANSFER_APPROVE, transfer.from_site_id, field="transfer_id")
        rules.require_state(TransferState(transfer.state), [TransferState.AWAITING_APPROVAL], "approved")
        lines = await self._lines(transfer.id)
        transfer.approved_by, transfer.approved_at = self.actor.user_id, self.clock.now()
        await self._send(transfer, lines)
        return transfer

    async def _lines(self, transfer_id: int) -> list[TransferLine]:
        return list(
            await self.session.scalars(
                select(TransferLine).where(TransferLine.transfer_id == transfer_id).order_by(TransferLine.id)
            )
        )

    async def receive(self, transfer_id: int, receipts: list[ReceiveLineCommand] | None) -> Transfer:
        """Confirm lines (all still open when `receipts` is None, in full); what did not arrive is lost
        at the receiving site with its reason."""
        transfer = await transfer_for_update(self.session, transfer_id)
        self.actor.require_at(Permission.TRANSFER_RECEIVE, transfer.to_site_id, field="transfer_id")
        rules.require_state(TransferState(transfer.state), [TransferState.IN_TRANSIT], "received")
        lines = await self._lines(transfer.id)
        by_id = {line.id: line for line in lines}
        if receipts is None:
            receipts = [ReceiveLineCommand(line.id, line.quantity) for line in lines if line.received is None]
        chosen: list[tuple[TransferLine, int, ReceiveLineCommand]] = []
        for n, receipt in enumerate(receipts):
            line = by_id.get(receipt.line_id)
            if line is None:
                raise UnknownReference(
                    f"transfer {transfer.id} has no line {receipt.line_id}", field=f"lines.{n}.line"
                )
            if line.received is not None or any(c[0] is line for c in chosen):
                raise rules.TransferNotOpen(
                    f"line {line.id} was already received",
                    field=f"lines.{n}.line",
                    extra={"state": "received"},
                )
            lost = rules.lost_on_receipt(
                line.quantity, rules.LineReceipt(receipt.received, receipt.reason), f"lines.{n}"
            )
            chosen.append((line, lost, receipt))
        await self._arrive(transfer, chosen)
        still_open = sum(1 for line in lines if line.received is None)
        transfer.state = rules.state_after_receipt(still_open).value
        if not still_open:
            transfer.received_by, transfer.received_at = self.actor.user_id, self.clock.now()
        await self.session.flush()
        return transfer

    async def _arrive(
        self, transfer: Transfer, chosen: list[tuple[TransferLine, int, ReceiveLineCommand]]
    ) -> None:
        site_id, now = transfer.to_site_id, self.clock.now()
        reference = rules.transfer_code(transfer.id)
        per_item: dict[int, list[tuple[TransferLine, int, ReceiveLineCommand]]] = defaultdict(list)
        for entry in chosen:
            per_item[entry[0].item_id].append(entry)
        for item_id in sorted(per_item):
            await repo.lock_item_stock(self.session, site_id, item_id)
        batches = await repo.batches_by_id(self.session, [line.batch_id for line, _, _ in chosen])
        for item_id, entries in per_item.items():
            into = await ledger_writes.add_operation(
                self.session, self._operation(OperationKind.TRANSFER_IN, site_id, item_id, reference)
            )
            losses = [(line, lost, receipt) for line, lost, receipt in entries if lost]
            loss_op = None
            if losses:
                reason = losses[0][2].reason
                loss_op = await ledger_writes.add_operation(
                    self.session,
                    self._operation(
                        OperationKind.TRANSFER_LOSS,
                        site_id,
                        item_id,
                        reference,
                        reason.value if reason else None,
                    ),
                )
            for line, lost, receipt in entries:
                batch = batches[line.batch_id]
                await ledger_writes.change_balance(
                    self.session,
                    site_id=site_id,
                    batch_id=batch.id,
                    item_id=item_id,
                    delta=line.quantity,
                    expiry_date=batch.expiry_date,
                )
                movement = await ledger_writes.add_movement(
                    self.session, ledger_writes.movement_values(into, batch.id, line.quantity)
                )
                takes = [
                    f.LayerTake(layer, quantity, value)
                    for layer, quantity, value in await self.session.execute(
                        select(LayerTake.layer_id, LayerTake.quantity, LayerTake.value_ore)
                        .where(LayerTake.movement_id == line.out_movement_id)
                        .order_by(LayerTake.id)
                    )
                ]
                opened = await layer_writes.open_moved_layers(
                    self.session, takes, movement_id=movement.id, site_id=site_id, created_at=now
                )
                line.in_movement_id = movement.id
                line.received, line.lost = receipt.received, lost
                line.received_by, line.received_at = self.actor.user_id, now
                if lost and loss_op is not None:
                    line.loss_reason = receipt.reason.value if receipt.reason else None
                    line.loss_note = (receipt.note or "").strip() or None
                    await ledger_writes.take_stock(self.session, site_id, batch.id, lost)
                    gone = await ledger_writes.add_movement(
                        self.session, ledger_writes.movement_values(loss_op, batch.id, -lost)
                    )
                    stocks = [
                        f.LayerStock(layer_id, t.quantity, t.value_ore // t.quantity if t.quantity else 0)
                        for layer_id, t in zip(opened, takes, strict=True)
                    ]
                    await layer_writes.apply_takes(self.session, gone.id, take_exact(lost, stocks, takes))
                    line.loss_movement_id = gone.id
                if line.received:
                    await blocks.quarantine_arrival(self.session, self.clock, site_id, batch, locked=True)

    async def cancel(self, transfer_id: int) -> Transfer:
        """Before receipt: the stock (and its layers) goes back to the sender."""
        transfer = await transfer_for_update(self.session, transfer_id)
        self.actor.require_at(Permission.TRANSFER_SEND, transfer.from_site_id, field="transfer_id")
        rules.require_state(
            TransferState(transfer.state),
            [TransferState.AWAITING_APPROVAL, TransferState.IN_TRANSIT],
            "cancelled",
        )
        lines = await self._lines(transfer.id)
        if any(line.received is not None for line in lines):
            raise rules.TransferNotOpen(
                "part of the transfer was received; it cannot be cancelled",
                field="transfer",
                extra={"state": "received"},
            )
        if transfer.state == TransferState.IN_TRANSIT:
            await self._return(transfer, lines)
        transfer.state = TransferState.CANCELLED.value
        transfer.cancelled_by, transfer.cancelled_at = self.actor.user_id, self.clock.now()
        await self.session.flush()
        return transfer

    async def _return(self, transfer: Transfer, lines: list[TransferLine]) -> None:
        site_id = transfer.from_site_id
        outs = {
            m.id: m
            for m in await self.session.scalars(
                select(Movement).where(Movement.id.in_([line.out_movement_id for line in lines]))
            )
        }
        per_operation: dict[int, list[TransferLine]] = defaultdict(list)
        for line in lines:
            assert line.out_movement_id is not None
            per_operation[outs[line.out_movement_id].operation_id].append(line)
        for item_id in sorted({line.item_id for line in lines}):
            await repo.lock_item_stock(self.session, site_id, item_id)
        batches = await repo.batches_by_id(self.session, [line.batch_id for line in lines])
        reference = rules.transfer_code(transfer.id)
        for operation_id, op_lines in per_operation.items():
            back = await ledger_writes.add_operation(
                self.session,
                self._operation(
                    OperationKind.REVERSAL,
                    site_id,
                    op_lines[0].item_id,
                    reference,
                    reason=OperationKind.TRANSFER_OUT.value,
                    reverses=operation_id,
                ),
            )
            for line in op_lines:
                batch: Batch = batches[line.batch_id]
                await ledger_writes.change_balance(
                    self.session,
                    site_id=site_id,
                    batch_id=batch.id,
                    item_id=line.item_id,
                    delta=line.quantity,
                    expiry_date=batch.expiry_date,
                )
                values = ledger_writes.movement_values(back, batch.id, line.quantity)
                values["reverses_id"] = line.out_movement_id
                movement = await ledger_writes.add_movement(self.session, values)
                await layer_writes.restore_takes(self.session, line.out_movement_id or 0, movement.id)
                line.return_movement_id = movement.id
                await blocks.quarantine_arrival(self.session, self.clock, site_id, batch, locked=True)

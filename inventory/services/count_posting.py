"""A pharmacist approves a stock count: each chosen counted line's variance posts as an adjustment
(reason `count`, reference naming the count) with the ledger's own writes: the balance, the movement,
and the cost layers (a loss takes them first in first out, a gain opens a layer at the batch's last
known cost as found stock). A line posts once; a line without a difference is posted without a movement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from inventory.db import ledger_writes, repo
from inventory.db.tables import Batch, Item, Site, StockCount, StockCountLine
from inventory.domain import stock_count as counts
from inventory.domain.access import Permission
from inventory.domain.errors import InvalidInput, UnknownReference
from inventory.domain.funding import LayerSource
from inventory.domain.model import AdjustmentReason, OperationKind
from inventory.domain.stock_count import AlreadyPosted, CountStatus, LineFigures
from inventory.services import blocks, costing
from inventory.services.acting import Acting
from inventory.services.ledger_results import Line, OperationResult
from inventory.services.stock_count import count_by_id, moved_since


@dataclass(frozen=True)
class Approval:
    line_ids: list[int] | None = None  # None: every counted line not yet posted
    explanation: str | None = None


def reference_of(count: StockCount) -> str:
    return f"count {count.id}"


class CountPosting(Acting):
    async def approve(self, count_id: int, approval: Approval) -> StockCount:
        count = await count_by_id(self.session, count_id)
        self.actor.require_at(Permission.COUNT_APPROVE, count.site_id, field="count_id")
        site = await repo.site_by_id(self.session, count.site_id)
        lines = (
            await self.session.scalars(
                select(StockCountLine).where(StockCountLine.count_id == count.id).order_by(StockCountLine.id)
            )
        ).all()
        chosen = self._chosen(lines, approval.line_ids)
        for item_id in sorted({line.item_id for line in chosen}):  # then read what moved: nothing moves now
            await repo.lock_item_stock(self.session, site.id, item_id)
        moved = await moved_since(self.session, count)
        figures = {
            line.id: LineFigures(line.at_start, moved.get(line.batch_id, 0), line.counted) for line in chosen
        }
        explanation = (approval.explanation or "").strip() or count.explanation
        counts.check_approval(
            status=CountStatus(count.status),
            controlled=count.controlled,
            witnessed=count.witness_id is not None,
            explanation=explanation,
            differs=any(f.variance for f in figures.values()),
        )
        count.explanation = explanation
        await self._post(count, site, chosen, figures)
        left = sum(1 for line in lines if line.counted is not None and line.posted_at is None)
        count.status = counts.status_after_posting(left).value
        count.approved_by, count.approved_at = self.actor.user_id, self.clock.now()
        if count.submitted_at is None:  # approved while open: closed for counting now
            count.submitted_at = count.approved_at
        await self.session.flush()
        return count

    def _chosen(self, lines: Sequence[StockCountLine], ids: list[int] | None) -> list[StockCountLine]:
        if ids is None:
            return [line for line in lines if line.counted is not None and line.posted_at is None]
        by_id = {line.id: line for line in lines}
        chosen: list[StockCountLine] = []
        for n, line_id in enumerate(ids):
            line = by_id.get(line_id)
            if line is None:
                raise UnknownReference(f"the count has no line {line_id}", field=f"lines.{n}")
            if line.posted_at is not None:
                raise AlreadyPosted(
                    f"line {line_id} of the count is already posted",
                    field=f"lines.{n}",
                    extra={"line": line_id},
                )
            if line.counted is None:
                raise InvalidInput(f"line {line_id} is not counted yet", field=f"lines.{n}")
            chosen.append(line)
        return chosen

    async def _post(
        self, count: StockCount, site: Site, lines: list[StockCountLine], figures: dict[int, LineFigures]
    ) -> None:
        now = self.clock.now()
        batches = await repo.batches_by_id(self.session, [line.batch_id for line in lines])
        items = {
            item.id: item
            for item in (
                await self.session.scalars(select(Item).where(Item.id.in_({line.item_id for line in lines})))
            ).all()
        }
        for line in lines:
            figure = figures[line.id]
            variance = figure.variance or 0
            line.expected, line.variance, line.value_ore = figure.expected, variance, 0
            line.posted_by, line.posted_at = self.actor.user_id, now
            if variance:
                movement_line = await self._adjust(
                    count, site, items[line.item_id], batches[line.batch_id], variance
                )
                line.movement_id, line.value_ore = movement_line.movement.id, movement_line.value_ore

    async def _adjust(self, count: StockCount, site: Site, item: Item, batch: Batch, quantity: int) -> Line:
        values: dict[str, object] = {
            "kind": OperationKind.ADJUSTMENT.value,
            "site_id": site.id,
            "item_id": item.id,
            "user_id": self.actor.user_id,
            "reason": AdjustmentReason.COUNT.value,
            "note": count.explanation if count.controlled else None,
            "reference": reference_of(count),
            "reverses_operation_id": None,
            "created_at": self.clock.now(),
        }
        operation = await ledger_writes.add_operation(self.session, values)
        result = OperationResult(operation, site, item, self.actor.username)
        on_hand = await ledger_writes.change_balance(
            self.session,
            site_id=site.id,
            batch_id=batch.id,
            item_id=item.id,
            delta=quantity,
            expiry_date=batch.expiry_date,
        )
        movement = await ledger_writes.add_movement(
            self.session, ledger_writes.movement_values(operation, batch.id, quantity)
        )
        line = Line(movement, batch, on_hand)
        result.lines.append(line)
        if quantity < 0:
            line.value_ore = -await costing.take_layers(self.session, line, site.id, -quantity)
        else:
            line.value_ore = await costing.open_found_layer(self.session, line, result, LayerSource.FOUND)
            await blocks.quarantine_arrival(self.session, self.clock, site.id, batch, locked=True)
        return line

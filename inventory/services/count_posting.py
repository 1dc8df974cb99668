"""A pharmacist approves a stock count: each chosen counted line's variance posts as an adjustment
(reason `count`, reference naming the count) with the ledger's own writes: the balance, the movement,
and the cost layers (a loss takes them first in first out, a gain opens a layer at the batch's last
known cost as found stock, and goes into quarantine under an open block as any arrival does). One
operation per item (operations name one item), a movement per batch. A line posts once; a line without
a difference is posted without a movement.

A count may post thousands of lines: the lines are read and updated with plain statements (one
statement for all of them), so the session's objects are never flushed line by line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, tuple_, update

from inventory.db import repo
from inventory.db.tables import Batch, BatchBlock, Site, StockCount, StockCountLine
from inventory.domain import stock_count as counts
from inventory.domain.access import Permission
from inventory.domain.errors import InvalidInput, UnknownReference
from inventory.domain.model import AdjustmentReason, OperationKind
from inventory.domain.stock_count import AlreadyPosted, CountStatus, LineFigures
from inventory.services import blocks
from inventory.services.acting import Acting
from inventory.services.count_writes import BatchRow, Change, add_operations, write_changes
from inventory.services.stock_count import count_by_id, moved_since

LineRow = Any  # a row of stock_count_lines: id, item_id, batch_id, at_start, counted, posted_at
_LINES_TABLE = cast(Table, StockCountLine.__table__)
_LINES = _LINES_TABLE.c
_POST_LINE = (
    update(_LINES_TABLE)
    .where(_LINES.id == bindparam("line"))
    .values(
        expected=bindparam("expected"),
        variance=bindparam("variance"),
        value_ore=bindparam("value"),
        movement_id=bindparam("movement"),
        posted_by=bindparam("user"),
        posted_at=bindparam("at"),
    )
)


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
            await self.session.execute(
                select(
                    _LINES.id,
                    _LINES.item_id,
                    _LINES.batch_id,
                    _LINES.at_start,
                    _LINES.counted,
                    _LINES.posted_at,
                )
                .where(_LINES.count_id == count.id)
                .order_by(_LINES.id)
            )
        ).all()
        chosen = _chosen(lines, approval.line_ids)
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
        posted = {line.id for line in chosen}
        left = sum(
            1
            for line in lines
            if line.counted is not None and line.posted_at is None and line.id not in posted
        )
        count.status = counts.status_after_posting(left).value
        count.approved_by, count.approved_at = self.actor.user_id, self.clock.now()
        if count.submitted_at is None:  # approved while open: closed for counting now
            count.submitted_at = count.approved_at
        await self.session.flush()
        return count

    async def _post(
        self, count: StockCount, site: Site, lines: list[LineRow], figures: dict[int, LineFigures]
    ) -> None:
        now = self.clock.now()
        variances = {line.id: figures[line.id].variance or 0 for line in lines}
        moving = [line for line in lines if variances[line.id]]
        batches: dict[int, BatchRow] = {
            row.id: row
            for row in await self.session.execute(
                select(Batch.id, Batch.item_id, Batch.batch_number, Batch.expiry_date).where(
                    Batch.id.in_({line.batch_id for line in moving})
                )
            )
        }
        blocked = await _blocked(self.session, list(batches.values()))
        item_ids = sorted({line.item_id for line in moving})
        written_ops = await add_operations(self.session, [self._operation(count, site, i) for i in item_ids])
        operations = dict(zip(item_ids, written_ops, strict=True))
        changes = [
            Change(operations[line.item_id], batches[line.batch_id], variances[line.id]) for line in moving
        ]
        answers = await write_changes(self.session, site.id, changes, now)
        written = {line.id: answer for line, answer in zip(moving, answers, strict=True)}
        found = [c.batch.id for c in changes if c.quantity > 0 and c.batch.id in blocked]
        for batch in (
            await repo.batches_by_id(self.session, found)
        ).values():  # into quarantine, as any arrival
            await blocks.quarantine_arrival(self.session, self.clock, site.id, batch, locked=True)
        rows = [
            {
                "line": line.id,
                "expected": figures[line.id].expected,
                "variance": variances[line.id],
                "value": written[line.id][1] if line.id in written else 0,
                "movement": written[line.id][0] if line.id in written else None,
                "user": self.actor.user_id,
                "at": now,
            }
            for line in lines
        ]
        if rows:
            await self.session.execute(_POST_LINE, rows, execution_options={"synchronize_session": False})

    def _operation(self, count: StockCount, site: Site, item_id: int) -> dict[str, object]:
        return {
            "kind": OperationKind.ADJUSTMENT.value,
            "site_id": site.id,
            "item_id": item_id,
            "user_id": self.actor.user_id,
            "reason": AdjustmentReason.COUNT.value,
            "note": count.explanation if count.controlled else None,
            "reference": reference_of(count),
            "reverses_operation_id": None,
            "created_at": self.clock.now(),
        }


def _chosen(lines: Sequence[LineRow], ids: list[int] | None) -> list[LineRow]:
    if ids is None:
        return [line for line in lines if line.counted is not None and line.posted_at is None]
    by_id = {line.id: line for line in lines}
    chosen: list[LineRow] = []
    for n, line_id in enumerate(ids):
        line = by_id.get(line_id)
        if line is None:
            raise UnknownReference(f"the count has no line {line_id}", field=f"lines.{n}")
        if line.posted_at is not None:
            raise AlreadyPosted(
                f"line {line_id} of the count is already posted", field=f"lines.{n}", extra={"line": line_id}
            )
        if line.counted is None:
            raise InvalidInput(f"line {line_id} is not counted yet", field=f"lines.{n}")
        chosen.append(line)
    return chosen


async def _blocked(session: Any, batches: list[BatchRow]) -> set[int]:
    """The batches under an open block (a recall, a clinic-wide quarantine): one read for all."""
    if not batches:
        return set()
    keys = {(b.item_id, b.batch_number): b.id for b in batches}
    rows = await session.execute(
        select(BatchBlock.item_id, BatchBlock.batch_number).where(
            BatchBlock.closed_at.is_(None),
            tuple_(BatchBlock.item_id, BatchBlock.batch_number).in_(list(keys)),
        )
    )
    return {keys[(item_id, number)] for item_id, number in rows if (item_id, number) in keys}

"""Find the batch a pharmacy form means, the way a person names it: its batch number as printed on the
pack (`25JU1337`, with the item when two items share it), the clinic's own label (`RKB21`), or what a
scanner typed from the pack's GS1 code. Never by an internal id.

    batch = await find_batch(session, "25JU1337", item_id=None, field="batch")

A batch number two items share answers `ambiguous-batch` with the candidates (each with its label code,
item, number and expiry), so the form offers them to choose from.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item
from inventory.domain.errors import Conflict, InvalidInput, UnknownReference
from inventory.domain.rules import MAX_BATCH_NUMBER
from inventory.scanning import ScanError, read_scan
from inventory.services import catalogue

CANDIDATES = 10
MAX_ID = 2_147_483_647


class BatchNotFound(UnknownReference, code="batch-not-found", title="No such batch"):
    """What was typed or scanned names no batch on record: not a batch number, label or pack code."""


class AmbiguousBatch(Conflict, code="ambiguous-batch", title="More than one batch has this number"):
    """A batch number more than one item shares (or a pack code without a batch): choose one."""


def label_code(batch_id: int) -> str:
    """The code printed on the clinic's batch label, as the scan page reads it back."""
    return f"RKB{batch_id}"


def _candidate(batch: Batch, item: Item) -> dict[str, object]:
    return {
        "code": label_code(batch.id),
        "item": item.name,
        "batch_number": batch.batch_number,
        "expiry": batch.expiry_date.isoformat() if batch.expiry_date else None,
    }


async def _by_number(session: AsyncSession, number: str, item_id: int | None) -> list[tuple[Batch, Item]]:
    stmt = select(Batch, Item).join(Item, Item.id == Batch.item_id)
    if item_id is not None:
        stmt = stmt.where(Batch.item_id == item_id)
    exact = stmt.where(Batch.batch_number == number)
    rows = [(b, i) for b, i in (await session.execute(exact.order_by(Batch.id).limit(CANDIDATES + 1))).all()]
    if rows:
        return rows
    folded = stmt.where(func.upper(Batch.batch_number) == number.upper())  # typed by hand, any case
    return [(b, i) for b, i in (await session.execute(folded.order_by(Batch.id).limit(CANDIDATES + 1))).all()]


def _one(rows: list[tuple[Batch, Item]], typed: str, field: str) -> Batch:
    if not rows:
        raise BatchNotFound(
            f"'{typed}' names no batch: give the batch number, the clinic label (RKB…) or scan the pack",
            field=field,
            extra={"typed": typed},
        )
    if len(rows) > 1:
        raise AmbiguousBatch(
            f"more than one batch answers '{typed}': choose the item",
            field=field,
            extra={"typed": typed, "candidates": [_candidate(b, i) for b, i in rows[:CANDIDATES]]},
        )
    return rows[0][0]


async def _by_label(session: AsyncSession, batch_id: int, typed: str, field: str) -> Batch:
    found = await session.get(Batch, batch_id) if batch_id <= MAX_ID else None
    if found is None:
        raise BatchNotFound(f"label {typed} names no batch", field=field, extra={"typed": typed})
    return found


async def _by_code(session: AsyncSession, typed: str, item_id: int | None, field: str) -> Batch | None:
    """A scanned pack or label; None when the text is no code at all (then it was a batch number)."""
    try:
        readings = read_scan(typed)
    except (ScanError, InvalidInput):
        return None
    scan = readings.preferred
    if scan.kind == "clinic":
        if scan.clinic_kind != "batch" or scan.clinic_id is None:
            raise BatchNotFound(f"label {typed} is not a batch label", field=field, extra={"typed": typed})
        return await _by_label(session, scan.clinic_id, typed, field)
    options = readings.candidates or (readings.preferred,)
    rows: list[tuple[Batch, Item]] = []
    for option in options:
        if option.gtin is None:
            continue
        item = await catalogue.item_by_gtin(session, option.gtin)
        if item is None or (item_id is not None and item.id != item_id):
            continue
        stmt = select(Batch).where(Batch.item_id == item.id)
        if option.batch_number is not None:
            stmt = stmt.where(Batch.batch_number == option.batch_number)
        batches = (await session.scalars(stmt.order_by(Batch.id).limit(CANDIDATES + 1))).all()
        rows += [(b, item) for b in batches if all(b.id != seen.id for seen, _ in rows)]
    return _one(rows, typed, field) if any(o.gtin for o in options) else None


async def find_batch(session: AsyncSession, typed: str, *, item_id: int | None = None, field: str) -> Batch:
    """The one batch `typed` names (see the module's doc); refusals name `field`."""
    text = typed.strip()
    if not text or len(text) > 200:
        raise BatchNotFound(
            "give the batch number, the label code or scan the pack", field=field, extra={"typed": text[:40]}
        )
    if text.upper().startswith("RK") and not text[2:3].isdigit():  # the clinic's own label: RKB21
        found = await _by_code(session, text, item_id, field)
        if found is not None:
            return found
    rows = await _by_number(session, text, item_id) if len(text) <= MAX_BATCH_NUMBER else []
    if not rows:  # no batch has this number: a scanned pack (GS1 code, GTIN)
        found = await _by_code(session, text, item_id, field)
        if found is not None:
            return found
    return _one(rows, text, field)

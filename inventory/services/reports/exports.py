"""Data out for auditors and spreadsheets: stock on hand, the ledger (any filter), batches and the
catalogue, each as a report (CSV and XLSX, also JSON and PDF) through the one report model. A reader
gets their sites only; money (unit costs) only where the policy shows it them. An export holds at most
`MAX_ROWS` lines and says so when a filter would give more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, ItemGtin, Site, StockBalance
from inventory.domain.access import Actor, Permission
from inventory.reports import Column, Msg, Report, Row, Section, msg, verbatim
from inventory.reports import ColumnType as T
from inventory.services import queries

MAX_ROWS = 100_000
KINDS = ("stock", "movements", "batches", "items")


@dataclass(frozen=True)
class Export:
    report: Report
    rows: int
    cut: bool  # more lines matched than an export holds


def _report(kind: str, columns: Sequence[Column], rows: list[Row], cut: bool, today: date) -> Export:
    notes: tuple[Msg, ...] = (msg("export.cut", rows=MAX_ROWS),) if cut else ()
    return Export(
        Report(
            title=msg(f"export.{kind}.title"),
            subtitle=msg("export.taken", day=today),
            sections=(Section(columns=tuple(columns), rows=tuple(rows)),),
            notes=notes,
            filename=f"{kind}-{today.isoformat()}",
        ),
        len(rows),
        cut,
    )


async def _gtins(session: AsyncSession, item_ids: Sequence[int]) -> dict[int, str]:
    """Each item's GTINs, space-separated (an item may have several packs)."""
    found: dict[int, list[str]] = {}
    for chunk in range(0, len(item_ids), 5000):
        rows = await session.execute(
            select(ItemGtin.item_id, ItemGtin.gtin).where(
                ItemGtin.item_id.in_(item_ids[chunk : chunk + 5000])
            )
        )
        for item_id, gtin in rows:
            found.setdefault(item_id, []).append(gtin)
    return {k: " ".join(sorted(v)) for k, v in found.items()}


async def _site_codes(session: AsyncSession) -> dict[int, str]:
    return {i: c for i, c in (await session.execute(select(Site.id, Site.code))).all()}


STOCK = (
    Column("site", msg("report.site")),
    Column("item_id", msg("export.item_id"), T.QUANTITY),
    Column("item", msg("report.item")),
    Column("gtin", msg("export.gtin")),
    Column("category", msg("export.category")),
    Column("batch_id", msg("export.batch_id"), T.QUANTITY),
    Column("batch", msg("report.batch")),
    Column("expiry", msg("report.expiry"), T.DATE),
    Column("location", msg("export.location")),
    Column("quantity", msg("report.quantity"), T.QUANTITY),
    Column("unit", msg("export.unit")),
    Column("quarantined", msg("export.quarantined")),
)


async def stock(session: AsyncSession, actor: Actor, site: int | None, today: date) -> Export:
    f = queries.StockFilter(site=site, sites=actor.read_sites(Permission.READ, site))
    found = (await session.execute(queries.stock_rows(f, MAX_ROWS + 1, 0))).all()
    codes, gtins = (
        await _site_codes(session),
        await _gtins(session, sorted({i.id for _b, _t, i, _l in found})),
    )
    rows: list[Row] = [
        (
            codes.get(bal.site_id, str(bal.site_id)),
            item.id,
            verbatim(item.name),
            gtins.get(item.id),
            msg(f"category.{item.category}"),
            batch.id,
            verbatim(batch.batch_number),
            batch.expiry_date,
            verbatim(location) if location else None,
            bal.quantity,
            verbatim(item.unit_of_issue),
            msg("export.yes") if bal.quarantined else msg("export.no"),
        )
        for bal, batch, item, location in found[:MAX_ROWS]
    ]
    return _report("stock", STOCK, rows, len(found) > MAX_ROWS, today)


def _movement_columns(money: bool) -> tuple[Column, ...]:
    columns = (
        Column("movement_id", msg("export.movement_id"), T.QUANTITY),
        Column("at", msg("report.date_time"), T.DATETIME),
        Column("site", msg("report.site")),
        Column("kind", msg("export.kind_code")),
        Column("operation_id", msg("export.operation_id"), T.QUANTITY),
        Column("item_id", msg("export.item_id"), T.QUANTITY),
        Column("item", msg("report.item")),
        Column("batch_id", msg("export.batch_id"), T.QUANTITY),
        Column("batch", msg("report.batch")),
        Column("quantity", msg("report.quantity"), T.QUANTITY),
        Column("reason", msg("report.reason")),
        Column("reference", msg("export.reference")),
        Column("note", msg("report.note")),
        Column("user", msg("export.user")),
    )
    return (*columns, Column("unit_cost_ore", msg("export.unit_cost"), T.MONEY)) if money else columns


async def movements(
    session: AsyncSession, actor: Actor, f: queries.MovementFilter, today: date
) -> Export:
    """The ledger's movements, newest first, as the API's filters choose them."""
    found = (await session.execute(queries.movement_history(f, MAX_ROWS + 1))).all()
    codes = await _site_codes(session)
    money = actor.has(Permission.STOCK_VALUE)
    rows: list[Row] = []
    for m, batch, item, op, username in found[:MAX_ROWS]:
        row: Row = (
            m.id,
            m.created_at,
            codes.get(m.site_id, str(m.site_id)),
            m.kind,  # the stable code, for programs (the words are the operation kind's everywhere else)
            op.id,
            item.id,
            verbatim(item.name),
            batch.id,
            verbatim(batch.batch_number),
            m.quantity,
            op.reason,
            op.reference,
            op.note,
            verbatim(username),
        )
        rows.append(
            (*row, m.unit_cost_ore if actor.may_at(Permission.STOCK_VALUE, m.site_id) else None)
            if money
            else row
        )
    return _report("movements", _movement_columns(money), rows, len(found) > MAX_ROWS, today)


BATCHES = (
    Column("batch_id", msg("export.batch_id"), T.QUANTITY),
    Column("item_id", msg("export.item_id"), T.QUANTITY),
    Column("item", msg("report.item")),
    Column("batch", msg("report.batch")),
    Column("expiry", msg("report.expiry"), T.DATE),
    Column("quantity", msg("export.on_hand_yours"), T.QUANTITY),
)


async def batches(session: AsyncSession, actor: Actor, today: date) -> Export:
    """Every batch with what the reader's sites hold of it."""
    sites = actor.read_sites(Permission.READ, None)
    held = select(StockBalance.batch_id, func.sum(StockBalance.quantity).label("held")).group_by(
        StockBalance.batch_id
    )
    if sites is not None:
        held = held.where(StockBalance.site_id.in_(sorted(sites)))
    on_hand = held.subquery()
    query = (
        select(Batch, Item, func.coalesce(on_hand.c.held, 0))
        .join(Item, Item.id == Batch.item_id)
        .outerjoin(on_hand, on_hand.c.batch_id == Batch.id)
        .order_by(Item.name, Batch.expiry_date, Batch.id)
        .limit(MAX_ROWS + 1)
    )
    found = (await session.execute(query)).all()
    rows: list[Row] = [
        (b.id, i.id, verbatim(i.name), verbatim(b.batch_number), b.expiry_date, int(q))
        for b, i, q in found[:MAX_ROWS]
    ]
    return _report("batches", BATCHES, rows, len(found) > MAX_ROWS, today)


ITEMS = (
    Column("item_id", msg("export.item_id"), T.QUANTITY),
    Column("name", msg("report.item")),
    Column("category", msg("export.category")),
    Column("gtin", msg("export.gtin")),
    Column("unit", msg("export.unit")),
    Column("pack_size", msg("export.pack_size"), T.QUANTITY),
    Column("atc", msg("export.atc")),
    Column("strength", msg("export.strength")),
    Column("form", msg("export.form")),
    Column("requires_expiry", msg("export.requires_expiry")),
    Column("cold_chain", msg("export.cold_chain")),
    Column("controlled", msg("export.controlled")),
    Column("active", msg("export.active")),
)


def _yes(flag: bool) -> Msg:
    return msg("export.yes") if flag else msg("export.no")


async def items(session: AsyncSession, today: date) -> Export:
    """The catalogue: every item with its GTINs and flags."""
    found = list(
        (await session.scalars(select(Item).order_by(Item.name, Item.id).limit(MAX_ROWS + 1))).all()
    )
    gtins = await _gtins(session, [i.id for i in found])
    rows: list[Row] = [
        (
            i.id,
            verbatim(i.name),
            msg(f"category.{i.category}"),
            gtins.get(i.id),
            verbatim(i.unit_of_issue),
            i.pack_size,
            i.atc_code,
            i.strength,
            i.form,
            _yes(i.requires_expiry),
            _yes(i.cold_chain),
            _yes(i.controlled),
            _yes(i.active),
        )
        for i in found[:MAX_ROWS]
    ]
    return _report("items", ITEMS, rows, len(found) > MAX_ROWS, today)

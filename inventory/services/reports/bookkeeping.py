"""The bookkeeper's export: one line per posting in a period, with stable column names.

Postings: a receipt charged to a grant, bought with unrestricted funds, or an in-kind donation
recognised at fair value (and the same negative when a receipt is reversed or its funding changed);
then every take from a cost layer: consumption (for donated goods: in-kind expensed when used),
waste (expired, disposed, count loss), transfers; a reversal posts the negative of what it undoes.
A take from a layer several grants paid for posts one line per grant with its exact share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, BudgetLine, CostLayer, Donor, Grant, Item, LayerTake, Movement, Site
from inventory.db.tables import ReceiptFunding as RF
from inventory.domain.money_trail import Flow, Period, flow_of, local_day, split_takes
from inventory.reports import Column, ColumnType, Report, Section, msg, verbatim
from inventory.services.gtins import first_gtins
from inventory.services.reports.columns import BATCH, BATCH_IDS, DONOR, GRANT, ITEM, QUANTITY, SITE, batch_ids
from inventory.services.reports.trail import ORIGINAL, period_parameters, takes_by_layer, takes_from

T = ColumnType
RECEIPT_POSTING = {
    "grant": "grant_charge",
    "unrestricted": "unrestricted_purchase",
    "in_kind": "in_kind_recognised",
}
FLOW_POSTING = {
    Flow.CONSUMED: "consumption",
    Flow.EXPIRED: "waste_expired",
    Flow.DISPOSED: "waste_disposed",
    Flow.COUNT_LOSS: "waste_count_loss",
    Flow.MOVED: "transfer",
    Flow.RETURNED_TO_SUPPLIER: "supplier_credit_expected",
    Flow.OTHER: "other",
}


@dataclass(frozen=True)
class Posting:
    at: datetime
    posting: str
    fund: str
    grant_id: int | None
    budget_line_id: int | None
    donor_id: int | None
    layer_id: int
    quantity: int | None
    amount_ore: int
    operation_id: int | None
    movement_id: int | None


async def postings(session: AsyncSession, when: Period) -> list[Posting]:
    out: list[Posting] = []
    funding_rows = await session.execute(
        select(RF).where(
            or_(
                (RF.created_at >= when.since) & (RF.created_at < when.until),
                (RF.superseded_at >= when.since) & (RF.superseded_at < when.until),
            )
        )
    )
    for (row,) in funding_rows:
        kind = RECEIPT_POSTING.get(row.source, row.source)
        fund = row.source
        for at, sign in ((row.created_at, 1), (row.superseded_at, -1)):
            if at is not None and when.since <= at < when.until:
                out.append(
                    Posting(
                        at,
                        kind,
                        fund,
                        row.grant_id,
                        row.budget_line_id,
                        row.donor_id,
                        row.layer_id,
                        None,
                        sign * row.amount_ore,
                        row.operation_id,
                        None,
                    )
                )
    out += await _take_postings(session, when)
    out.sort(key=lambda p: (p.at, p.movement_id or 0, p.operation_id or 0))
    return out


async def _take_postings(session: AsyncSession, when: Period) -> list[Posting]:
    in_period = (
        select(LayerTake.layer_id)
        .join(Movement, Movement.id == LayerTake.movement_id)
        .where(Movement.created_at >= when.since, Movement.created_at < when.until)
    )
    shares: dict[int, list[tuple[str, int | None, int | None, int | None, int]]] = defaultdict(list)
    for layer_id, source, grant, line, donor, amount in await session.execute(
        select(RF.layer_id, RF.source, RF.grant_id, RF.budget_line_id, RF.donor_id, RF.amount_ore)
        .where(RF.layer_id.in_(in_period), RF.superseded_at.is_(None))
        .order_by(RF.layer_id, RF.id)
    ):
        shares[layer_id].append((source, grant, line, donor, amount))
    split = [layer for layer, s in shares.items() if len(s) > 1]
    takes = (
        takes_from(
            select(
                LayerTake.layer_id,
                LayerTake.quantity,
                LayerTake.value_ore,
                Movement.id,
                Movement.operation_id,
                Movement.kind,
                Movement.created_at,
                ORIGINAL.kind,
                ORIGINAL.created_at,
                Batch.expiry_date,
                CostLayer.source,
                CostLayer.donor_id,
            )
        )
        .join(Batch, Batch.id == CostLayer.batch_id)
        .where(
            Movement.created_at < when.until,
            (Movement.created_at >= when.since) | CostLayer.id.in_(split or [-1]),
        )
    )
    out: list[Posting] = []
    for layer_id, rows in (await takes_by_layer(session, takes)).items():
        layer_shares = shares.get(layer_id, [])
        if len(layer_shares) > 1:
            parts = split_takes([s[4] for s in layer_shares], [int(r[2]) for r in rows])
        else:
            parts = [[int(r[2])] for r in rows]
        for row, values in zip(rows, parts, strict=True):
            _, quantity, _, movement, operation, kind, at, original, original_at, expiry, source, donor = row
            flow = flow_of(kind, original, expiry, local_day(original_at or at))
            if flow == Flow.RECEIPT_UNDONE or at < when.since:
                continue  # a reversed receipt posts through its funding rows
            if not layer_shares:  # found stock, stock on hand before funding began
                layer_shares = [(source, None, None, donor, 0)]
            for (fund, grant, line, donor_id, _), value in zip(layer_shares, values, strict=False):
                posting = FLOW_POSTING[flow]
                if fund == "in_kind" and flow == Flow.CONSUMED:
                    posting = "in_kind_expensed"
                out.append(
                    Posting(
                        at,
                        posting,
                        fund,
                        grant,
                        line,
                        donor_id,
                        layer_id,
                        int(quantity) if len(layer_shares) == 1 else None,
                        value,
                        operation,
                        movement,
                    )
                )
    return out


async def bookkeeping_report(session: AsyncSession, when: Period) -> Report:
    rows = await postings(session, when)
    grants = {k: v for k, v in await session.execute(select(Grant.id, Grant.name))}
    references = {k: v for k, v in await session.execute(select(Grant.id, Grant.reference))}
    lines = {k: v for k, v in await session.execute(select(BudgetLine.id, BudgetLine.name))}
    donors = {k: v for k, v in await session.execute(select(Donor.id, Donor.name))}
    layer_ids = {p.layer_id for p in rows}
    layers: dict[int, tuple[str, str, str, str]] = {}
    ids: dict[int, tuple[int, int]] = {}  # layer -> (item id, batch id), for programs
    if layer_ids:
        for layer_id, site, item, category, batch, item_id, batch_id in await session.execute(
            select(
                CostLayer.id,
                Site.code,
                Item.name,
                Item.category,
                Batch.batch_number,
                CostLayer.item_id,
                CostLayer.batch_id,
            )
            .join(Site, Site.id == CostLayer.site_id)
            .join(Item, Item.id == CostLayer.item_id)
            .join(Batch, Batch.id == CostLayer.batch_id)
            .where(CostLayer.id.in_(layer_ids))
        ):
            layers[layer_id] = (site, item, category, batch)
            ids[layer_id] = (item_id, batch_id)
    gtins = await first_gtins(session, {item_id for item_id, _ in ids.values()})
    table = []
    for n, p in enumerate(rows, start=1):
        site, item, category, batch = layers.get(p.layer_id, ("", "", "", ""))
        donor = p.donor_id
        table.append(
            (
                n,
                p.at,
                p.posting,
                p.fund,
                p.grant_id,
                verbatim(grants.get(p.grant_id, "") if p.grant_id else ""),
                verbatim(references.get(p.grant_id) or "" if p.grant_id else ""),
                verbatim(lines.get(p.budget_line_id, "") if p.budget_line_id else ""),
                verbatim(donors.get(donor, "") if donor else ""),
                site,
                verbatim(item),
                msg(f"category.{category}") if category else "",  # worded: "Lægemidler", not `medicine`
                verbatim(batch),
                p.quantity,
                p.amount_ore,
                p.operation_id,
                p.movement_id,
                *(batch_ids(*ids[p.layer_id], gtins) if p.layer_id in ids else (None, None, None)),
            )
        )
    columns = (
        Column("posting_no", msg("finance.report.no"), T.QUANTITY),
        Column("posted_at", msg("report.date_time"), T.DATETIME),
        Column("posting", msg("finance.report.posting")),
        Column("fund", msg("finance.report.funding")),
        Column("grant_id", msg("finance.report.grant_id"), T.QUANTITY),
        GRANT,
        Column("grant_reference", msg("finance.report.grant_reference")),
        Column("budget_line", msg("finance.line_name")),
        DONOR,
        SITE,
        ITEM,
        Column("category", msg("finance.category")),
        BATCH,
        QUANTITY,
        Column("amount", msg("finance.report.amount"), T.MONEY),
        Column("operation_id", msg("finance.report.operation"), T.QUANTITY),
        Column("movement_id", msg("finance.report.movement"), T.QUANTITY),
        *BATCH_IDS,
    )
    return Report(
        title=msg("finance.postings"),
        parameters=period_parameters(when),
        sections=(Section(columns=columns, rows=tuple(table)),),
        notes=(msg("finance.report.posting_kinds_grant_charge_unrestricted_purchase"),),
        filename=f"postings-{when.start.isoformat()}-{when.end.isoformat()}",
    )

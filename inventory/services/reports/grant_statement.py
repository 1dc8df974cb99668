"""Grant statement for a period: budget per line, spent, remaining, what the grant's goods became.

Spent is what current receipts charged to the grant (a reversed receipt is left out with everything
taken from it). What the grant bought is followed through its cost layers: on hand at the start,
bought in the period, consumed, wasted (expired, disposed, lost at counts), on hand at the end; the
rows add up by construction and the tests prove it against a hand computation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, BudgetLine, CostLayer, Donor, Grant, Operation, Site
from inventory.db.tables import ReceiptFunding as RF
from inventory.domain.errors import NotFound
from inventory.domain.funding import share_values
from inventory.domain.money_trail import WASTE, Flow, Period
from inventory.reports import Column, ColumnType, Parameter, Report, Section, msg, verbatim
from inventory.reports.model import coded
from inventory.services.reports import trail
from inventory.services.reports.columns import REMAINING, SITE, USED, VALUE

T = ColumnType


@dataclass(frozen=True)
class GrantFigures:
    """The statement's figures (øre), for the report and for the tests."""

    amount: int
    spent_before: int
    spent_in_period: int
    on_hand_start: int
    flows_in_period: dict[Flow, int]
    on_hand_end: int
    expired_on_hand_end: int
    in_kind_received: int
    lines: list[tuple[str, int | None, int, int]]  # name, budget (None: not on a line), in period, to date
    consumed_by_category: dict[str, int]
    consumed_by_site: dict[int, int]
    wasted_by_site: dict[tuple[int, Flow], int]

    @property
    def spent_to_date(self) -> int:
        return self.spent_before + self.spent_in_period

    @property
    def remaining(self) -> int:
        return self.amount - self.spent_to_date

    @property
    def wasted(self) -> int:
        return sum(self.flows_in_period.get(flow, 0) for flow in WASTE)


async def load_grant(session: AsyncSession, grant_id: int) -> tuple[Grant, Donor]:
    row = (await session.execute(select(Grant, Donor).join(Donor).where(Grant.id == grant_id))).first()
    if row is None:
        raise NotFound(f"no grant with id {grant_id}", field="grant_id")
    return row[0], row[1]


async def grant_figures(session: AsyncSession, grant: Grant, when: Period) -> GrantFigures:
    since, until = when.since, when.until
    layers, charges = await trail.grant_funding(session, grant.id)
    flows = await trail.grant_flows(session, grant.id, layers, since, until)
    spent_before = sum(c.amount_ore for c in charges if c.at < since)
    spent_in = sum(c.amount_ore for c in charges if since <= c.at < until)
    taken_before = sum(v for k, (_, v) in flows.items() if k.before)
    in_period: dict[Flow, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    by_site: dict[int, int] = defaultdict(int)
    wasted_by_site: dict[tuple[int, Flow], int] = defaultdict(int)
    for key, (_, value) in flows.items():
        if key.before:
            continue
        in_period[key.flow] += value
        if key.flow == Flow.CONSUMED:
            by_category[key.category] += value
            by_site[key.site_id] += value
        elif key.flow.is_waste:
            wasted_by_site[(key.site_id, key.flow)] += value
    on_hand_start = spent_before - taken_before
    on_hand_end = on_hand_start + spent_in - sum(in_period.values())
    budget_lines = (
        await session.scalars(
            select(BudgetLine).where(BudgetLine.grant_id == grant.id).order_by(BudgetLine.id)
        )
    ).all()
    lines: list[tuple[str, int | None, int, int]] = []
    for line_id, name, budget in [*((b.id, b.name, b.amount_ore) for b in budget_lines), (None, "", None)]:
        mine = [c for c in charges if c.budget_line_id == line_id and c.at < until]
        if line_id is None and not mine:
            continue
        lines.append(
            (name, budget, sum(c.amount_ore for c in mine if c.at >= since), sum(c.amount_ore for c in mine))
        )
    return GrantFigures(
        amount=grant.amount_ore,
        spent_before=spent_before,
        spent_in_period=spent_in,
        on_hand_start=on_hand_start,
        flows_in_period=dict(in_period),
        on_hand_end=on_hand_end,
        expired_on_hand_end=await _expired_on_hand(session, grant.id, layers, when),
        in_kind_received=await _in_kind_received(session, grant.donor_id, when),
        lines=lines,
        consumed_by_category=dict(by_category),
        consumed_by_site=dict(by_site),
        wasted_by_site=dict(wasted_by_site),
    )


async def _expired_on_hand(
    session: AsyncSession, grant_id: int, layers: dict[int, trail.LayerFunding], when: Period
) -> int:
    """The grant's part of stock on hand at the end of the period whose batch had expired by then."""
    if not layers:
        return 0
    at = trail.layers_at(when.until, trail.grant_layer_ids(grant_id))
    rows = await session.execute(
        select(CostLayer.id, at.c.on_hand, CostLayer.unit_cost_ore)
        .join(at, at.c.layer_id == CostLayer.id)
        .join(Batch, Batch.id == CostLayer.batch_id)
        .where(Batch.expiry_date < when.end)
    )
    total = 0
    for layer_id, on_hand, unit_cost in rows:
        funding = layers[layer_id]
        parts = share_values(int(on_hand) * int(unit_cost), funding.amounts)
        total += sum(parts[index] for index, _ in funding.mine)
    return total


async def _in_kind_received(session: AsyncSession, donor_id: int, when: Period) -> int:
    query = (
        select(func.coalesce(func.sum(RF.amount_ore), 0))
        .join(Operation, Operation.id == RF.operation_id)
        .where(
            RF.donor_id == donor_id,
            RF.source == "in_kind",
            RF.superseded_at.is_(None),
            Operation.created_at >= when.since,
            Operation.created_at < when.until,
        )
    )
    return int(await session.scalar(query) or 0)


FLOW_LABELS = {
    Flow.CONSUMED: msg("finance.report.consumed_issued_to_patients_and_treatments"),
    Flow.EXPIRED: msg("finance.report.wasted_expired_and_disposed_of"),
    Flow.DISPOSED: msg("finance.report.wasted_disposed_of_before_expiry_damaged"),
    Flow.COUNT_LOSS: msg("finance.report.wasted_lost_at_stock_counts_and"),
    Flow.MOVED: msg("finance.report.moved_to_another_site"),
    Flow.RETURNED_TO_SUPPLIER: msg("returns.report.returned_to_supplier_credit_expected"),
    Flow.OTHER: msg("pharmacy.other"),
}


SHORT_WASTE = {  # the by-site table's column heads
    Flow.EXPIRED: msg("finance.report.wasted_expired"),
    Flow.DISPOSED: msg("finance.report.wasted_disposed_of"),
    Flow.COUNT_LOSS: msg("finance.report.wasted_count_losses"),
}


def _percent(part: int, whole: int | None) -> Decimal | None:
    return None if not whole else (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def statement_report(
    grant: Grant, donor: Donor, when: Period, fig: GrantFigures, sites: dict[int, str]
) -> Report:
    lines = tuple(
        (
            verbatim(name) if budget is not None else msg("finance.report.not_on_a_budget_line"),
            budget,
            period,
            to_date,
            None if budget is None else budget - to_date,
            _percent(to_date, budget),
        )
        for name, budget, period, to_date in fig.lines
    )
    budget = Section(
        title=msg("finance.report.budget"),
        columns=(
            Column("budget_line", msg("finance.line_name")),
            Column("budget_ore", msg("finance.approved"), T.MONEY),
            Column("spent_period_ore", msg("finance.report.spent_in_the_period"), T.MONEY),
            Column("spent_to_date_ore", msg("finance.report.spent_to_date"), T.MONEY),
            REMAINING,
            USED,
        ),
        rows=lines,
        totals=(
            None,
            fig.amount,
            fig.spent_in_period,
            fig.spent_to_date,
            fig.remaining,
            _percent(fig.spent_to_date, fig.amount),
        ),
    )
    trail_rows = [
        (msg("finance.report.on_hand_at_the_start_of"), fig.on_hand_start),
        (msg("finance.report.bought_in_the_period"), fig.spent_in_period),
        *((FLOW_LABELS[flow], -fig.flows_in_period.get(flow, 0)) for flow in (Flow.CONSUMED, *WASTE)),
        *(
            (FLOW_LABELS[flow], -fig.flows_in_period[flow])
            for flow in (Flow.MOVED, Flow.RETURNED_TO_SUPPLIER, Flow.OTHER)
            if fig.flows_in_period.get(flow)
        ),
    ]
    money_trail = Section(
        title=msg("finance.report.what_the_grant_bought_and_what"),
        columns=(
            Column("what", msg("finance.report.what")),
            VALUE,
        ),
        rows=tuple(trail_rows),
        totals=(msg("finance.report.on_hand_at_the_end_of"), fig.on_hand_end),
    )
    facts = Section(
        title=msg("finance.report.also_in_the_period"),
        columns=(
            Column("what", msg("finance.report.what")),
            VALUE,
        ),
        rows=(
            (msg("finance.report.wasted_in_all"), fig.wasted),
            (
                msg("finance.report.of_the_stock_on_hand_at"),
                fig.expired_on_hand_end,
            ),
            (msg("finance.report.in_kind_goods_received_from_donor", donor=donor.name), fig.in_kind_received),
        ),
    )
    by_category = Section(
        title=msg("finance.report.consumed_by_category"),
        columns=(
            Column("category", msg("finance.category"), coded=True),
            VALUE,
        ),
        rows=tuple(
            (coded(c, msg(f"finance.category.{c}")), v) for c, v in sorted(fig.consumed_by_category.items())
        ),
        totals=(None, fig.flows_in_period.get(Flow.CONSUMED, 0)),
    )
    by_site = Section(
        title=msg("finance.report.consumed_and_wasted_by_site"),
        columns=(
            SITE,
            Column("consumed_ore", msg("finance.report.consumed"), T.MONEY),
            *(Column(f"{flow.value}_ore", SHORT_WASTE[flow], T.MONEY) for flow in WASTE),
        ),
        rows=tuple(
            (
                verbatim(sites.get(site_id, str(site_id))),
                fig.consumed_by_site.get(site_id, 0),
                *(fig.wasted_by_site.get((site_id, flow), 0) for flow in WASTE),
            )
            for site_id in sorted(
                {*fig.consumed_by_site, *(s for s, _ in fig.wasted_by_site)}, key=lambda s: sites.get(s, "")
            )
        ),
    )
    notes = [
        msg("finance.report.spent_is_what_receipts_charged_to"),
        msg("finance.report.committed_purchase_orders_are_not_recorded"),
        msg("finance.report.values_are_purchase_costs_first_in"),
        msg("finance.report.waste_is_shown_on_its_own"),
    ]
    line_sum = sum(budget for _, budget, _, _ in fig.lines if budget is not None)
    if fig.lines and any(b is not None for _, b, _, _ in fig.lines) and line_sum != fig.amount:
        notes.append(msg("finance.report.the_budget_lines_do_not_add"))
    if fig.remaining < 0:
        notes.append(msg("finance.report.the_grant_is_overspent_finance_approved"))
    return Report(
        title=msg("finance.report.grant_statement"),
        subtitle=msg("finance.report.grant_from_donor", grant=grant.name, donor=donor.name),
        parameters=(
            Parameter("grant", msg("finance.grant"), verbatim(grant.name)),
            Parameter("reference", msg("pharmacy.reference"), verbatim(grant.reference or "")),
            Parameter("donor", msg("finance.donor"), verbatim(donor.name)),
            Parameter("grant_start", msg("finance.report.grant_period_from"), grant.start_date, T.DATE),
            Parameter("grant_end", msg("finance.report.grant_period_to"), grant.end_date, T.DATE),
            Parameter("from", msg("finance.from"), when.start, T.DATE),
            Parameter("to", msg("finance.to"), when.end, T.DATE),
            Parameter("amount_ore", msg("finance.report.approved_amount"), grant.amount_ore, T.MONEY),
        ),
        sections=(budget, money_trail, facts, by_category, by_site),
        notes=tuple(notes),
        filename=f"grant-{grant.id}-{when.start.isoformat()}-{when.end.isoformat()}",
        signature_line=True,
    )


async def grant_statement(session: AsyncSession, grant_id: int, when: Period) -> tuple[Report, GrantFigures]:
    grant, donor = await load_grant(session, grant_id)
    figures = await grant_figures(session, grant, when)
    sites = {k: v for k, v in await session.execute(select(Site.id, Site.name))}
    return statement_report(grant, donor, when, figures, sites), figures

"""Impact for donors: what was used, by therapeutic area, site and month, in units and kroner, with the
number of patient issues (a count: the inventory knows no patient).

With a grant, only what that grant paid for counts: its whole value from layers it paid alone, its
share (to the øre, as the ledger divides it) from layers it shared; units and issues count where it
paid for any part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import CostLayer, Item, LayerTake, Movement, Operation, Site
from inventory.db.tables import ReceiptFunding as RF
from inventory.domain.money_trail import Period, day_start, split_takes
from inventory.domain.therapeutic import ORDER, Area, area_of
from inventory.reports import Column, ColumnType, Group, Report, Section, msg, verbatim
from inventory.reports.model import coded
from inventory.services.reports.columns import SITE, VALUE
from inventory.services.reports.trail import (
    ORIGINAL,
    grant_funding,
    item_takes_from,
    named,
    period_parameters,
    takes_by_layer,
)

T = ColumnType


def months(when: Period) -> list[date]:
    """The first day of every month the period touches."""
    first = when.start.replace(day=1)
    out = []
    while first <= when.end:
        out.append(first)
        first = (first.replace(day=28) + (first.replace(day=28) - first.replace(day=24))).replace(day=1)
    return out


def month_index(column: Any, firsts: list[date]) -> ColumnElement[int]:
    """Which month (index into `firsts`) a timestamp falls in, in Copenhagen: exact on both databases."""
    if len(firsts) == 1:
        return literal(0)
    whens = [(column < day_start(first), literal(n - 1)) for n, first in enumerate(firsts) if n > 0]
    return case(*whens, else_=literal(len(firsts) - 1))


@dataclass(frozen=True)
class Use:
    quantity: int = 0
    value_ore: int = 0
    patient_issues: int = 0


Key = tuple[date, str, int]  # month, area key, site id


async def impact(
    session: AsyncSession, when: Period, grant_id: int | None = None
) -> tuple[dict[Key, Use], dict[str, Area]]:
    firsts = months(when)
    areas: dict[str, Area] = {}
    uses: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    month = month_index(Movement.created_at, firsts)
    is_issue = (Movement.kind == "issue") | and_(Movement.kind == "reversal", ORIGINAL.kind == "issue")
    base = (
        item_takes_from(
            select(
                month,
                Item.atc_code,
                Item.category,
                CostLayer.site_id,
                func.sum(LayerTake.quantity),
                func.sum(LayerTake.value_ore),
            )
        )
        .where(is_issue, Movement.created_at >= when.since, Movement.created_at < when.until)
        .group_by(month, Item.atc_code, Item.category, CostLayer.site_id)
    )

    def key(n: int, atc: str | None, category: str, site: int) -> Key:
        area = area_of(atc, category)
        areas[area.key] = area
        return (firsts[int(n)], area.key, site)

    split: list[int] = []
    if grant_id is not None:
        layers, _ = await grant_funding(session, grant_id)
        split = [layer for layer, f in layers.items() if f.split]
        base = base.join(
            RF, and_(RF.layer_id == CostLayer.id, RF.grant_id == grant_id, RF.superseded_at.is_(None))
        )
        base = base.where(CostLayer.id.not_in(split))
        if split:
            split_takes_rows = item_takes_from(
                select(
                    LayerTake.layer_id,
                    LayerTake.value_ore,
                    LayerTake.quantity,
                    is_issue,
                    Movement.created_at,
                    month,
                    Item.atc_code,
                    Item.category,
                    CostLayer.site_id,
                )
            ).where(CostLayer.id.in_(split), Movement.created_at < when.until)
            for layer_id, takes in (await takes_by_layer(session, split_takes_rows)).items():
                funding = layers[layer_id]
                parts = split_takes(funding.amounts, [int(t[1]) for t in takes])
                for take, shares in zip(takes, parts, strict=True):
                    _, _, quantity, issue, at, n, atc, category, site = take
                    if issue and at >= when.since:
                        use = uses[key(n, atc, category, site)]
                        use[0] += int(quantity)
                        use[1] += sum(shares[i] for i, _ in funding.mine)
    for n, atc, category, site, quantity, value in await session.execute(base):
        use = uses[key(n, atc, category, site)]
        use[0] += int(quantity)
        use[1] += int(value)
    for n, atc, category, site, count in await session.execute(_patient_issues(when, firsts, grant_id)):
        uses[key(n, atc, category, site)][2] += int(count)
    return {k: Use(*v) for k, v in uses.items()}, areas


def _patient_issues(when: Period, firsts: list[date], grant_id: int | None) -> Any:
    """Issues to a patient in the period not undone since, per month, item kind and site."""
    month = month_index(Operation.created_at, firsts)
    undone = select(Operation.reverses_operation_id).where(Operation.reverses_operation_id.is_not(None))
    query = (
        select(month, Item.atc_code, Item.category, Operation.site_id, func.count(Operation.id))
        .join(Item, Item.id == Operation.item_id)
        .where(
            Operation.kind == "issue",
            Operation.reason == "patient",
            Operation.created_at >= when.since,
            Operation.created_at < when.until,
            Operation.id.not_in(undone),
        )
        .group_by(month, Item.atc_code, Item.category, Operation.site_id)
    )
    if grant_id is not None:
        paid = (
            select(Movement.operation_id)
            .join(LayerTake, LayerTake.movement_id == Movement.id)
            .join(RF, RF.layer_id == LayerTake.layer_id)
            .where(RF.grant_id == grant_id, RF.superseded_at.is_(None))
        )
        query = query.where(Operation.id.in_(paid))
    return query


def impact_report(
    uses: dict[Key, Use], areas: dict[str, Area], sites: dict[int, str], when: Period, grant_name: str | None
) -> Report:
    def site_name(site: int) -> str:
        return sites.get(site, str(site))

    groups = []
    for area_key in sorted(areas, key=lambda k: ORDER.get(k, 99)):
        area = areas[area_key]
        rows = tuple(
            (month, verbatim(site_name(site)), use.quantity, use.value_ore, use.patient_issues)
            for (month, a, site), use in sorted(uses.items(), key=lambda kv: (kv[0][0], site_name(kv[0][2])))
            if a == area_key
        )
        name = msg(f"finance.area.{area.key}")
        title = msg("finance.area_with_codes", area=name, codes=verbatim(area.codes)) if area.codes else name
        groups.append(Group(title, rows, subtotals=(None, None, *_sums(rows))))
    per_area = tuple(
        (
            coded(areas[k].key, msg(f"finance.area.{areas[k].key}")),
            verbatim(areas[k].codes),
            *_sums(
                tuple(
                    (None, None, u.quantity, u.value_ore, u.patient_issues)
                    for (_, a, _), u in uses.items()
                    if a == k
                )
            ),
        )
        for k in sorted(areas, key=lambda k: ORDER.get(k, 99))
    )
    every = tuple((None, None, u.quantity, u.value_ore, u.patient_issues) for u in uses.values())
    return Report(
        title=msg("finance.report.impact_what_was_used"),
        parameters=period_parameters(when, *named("grant", "finance.grant", grant_name)),
        sections=(
            Section(
                columns=(
                    Column("month", msg("finance.report.month"), T.DATE),
                    SITE,
                    Column("quantity", msg("finance.report.units_used"), T.QUANTITY),
                    VALUE,
                    Column("patient_issues", msg("finance.report.patient_issues"), T.QUANTITY),
                ),
                groups=tuple(groups),
                totals=(None, None, *_sums(every)),
            ),
            Section(
                title=msg("finance.report.by_therapeutic_area"),
                columns=(
                    Column("area", msg("finance.report.therapeutic_area"), coded=True),
                    Column("atc", msg("finance.report.atc_groups")),
                    Column("quantity", msg("finance.report.units_used"), T.QUANTITY),
                    VALUE,
                    Column("patient_issues", msg("finance.report.patient_issues"), T.QUANTITY),
                ),
                rows=per_area,
                totals=(None, None, *_sums(every)),
            ),
        ),
        notes=(
            msg("finance.report.used_is_what_was_issued_less"),
            msg("finance.report.patient_issues_are_counted_only_the"),
            msg("finance.report.months_are_calendar_months_in_copenhagen"),
        ),
        filename=f"impact-{when.start.isoformat()}-{when.end.isoformat()}",
    )


def _sums(rows: tuple[tuple[Any, ...], ...]) -> tuple[int, int, int]:
    return (sum(int(r[2]) for r in rows), sum(int(r[3]) for r in rows), sum(int(r[4]) for r in rows))


async def impact_of(
    session: AsyncSession, when: Period, grant_id: int | None, grant_name: str | None
) -> tuple[Report, dict[Key, Use]]:
    uses, areas = await impact(session, when, grant_id)
    sites = {k: v for k, v in await session.execute(select(Site.id, Site.name))}
    return impact_report(uses, areas, sites, when, grant_name), uses

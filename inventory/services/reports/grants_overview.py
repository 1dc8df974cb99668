"""All grants at a glance: spent, remaining, days left, burn rate and the projected run-out date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Donor, Grant, Operation
from inventory.db.tables import ReceiptFunding as RF
from inventory.domain.money_trail import Burn, BurnPoint, burn, burn_down, local_day
from inventory.reports import Column, Orientation, Parameter, Report, Section, aligned, msg, verbatim
from inventory.reports import ColumnType as T
from inventory.reports.model import coded
from inventory.services.reports.columns import DONOR, GRANT, REMAINING, USED


@dataclass(frozen=True)
class GrantLine:
    grant: Grant
    donor: Donor
    spent_ore: int
    burn: Burn

    @property
    def remaining_ore(self) -> int:
        return self.grant.amount_ore - self.spent_ore


async def spent_by_grant(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(
        select(RF.grant_id, func.sum(RF.amount_ore))
        .where(RF.grant_id.is_not(None), RF.superseded_at.is_(None))
        .group_by(RF.grant_id)
    )
    return {int(g or 0): int(v) for g, v in rows}


async def overview(session: AsyncSession, today: date, status: str | None = None) -> list[GrantLine]:
    spent = await spent_by_grant(session)
    query = select(Grant, Donor).join(Donor).order_by(Grant.end_date, Grant.name)
    if status is not None:
        query = query.where(Grant.status == status)
    lines = []
    for grant, donor in await session.execute(query):
        used = spent.get(grant.id, 0)
        lines.append(
            GrantLine(
                grant, donor, used, burn(grant.amount_ore, used, grant.start_date, grant.end_date, today)
            )
        )
    return lines


async def burn_down_of(session: AsyncSession, grant: Grant, today: date) -> list[BurnPoint]:
    """What was left of the grant after each day it was charged (Copenhagen days)."""
    rows = await session.execute(
        select(Operation.created_at, RF.amount_ore)
        .join(Operation, Operation.id == RF.operation_id)
        .where(RF.grant_id == grant.id, RF.superseded_at.is_(None))
    )
    per_day: dict[date, int] = defaultdict(int)
    for at, amount in rows:
        per_day[local_day(at)] += int(amount)
    return burn_down(
        grant.amount_ore, sorted(per_day.items()), grant.start_date, max(today, grant.start_date)
    )


COLUMNS = (
    DONOR,
    GRANT,
    Column("status", msg("pharmacy.status"), coded=True),
    Column("start", msg("finance.report.start"), T.DATE),
    Column("end", msg("finance.report.end"), T.DATE),
    Column("amount_ore", msg("finance.approved"), T.MONEY),
    Column("spent_ore", msg("finance.spent"), T.MONEY),
    REMAINING,
    USED,
    Column("days_left", msg("finance.report.days_to_the_end"), T.DAYS),
    Column("burn_per_month_ore", msg("finance.per_month"), T.MONEY),
    Column("run_out", msg("finance.runs_out"), T.DATE),
    Column("left_at_end_ore", msg("finance.report.left_at_the_end_projected"), T.MONEY),
)


def overview_report(lines: list[GrantLine], today: date) -> Report:
    rows = tuple(
        (
            verbatim(line.donor.name),
            verbatim(line.grant.name),
            coded(line.grant.status, msg(f"finance.status.{line.grant.status}")),
            line.grant.start_date,
            line.grant.end_date,
            line.grant.amount_ore,
            line.spent_ore,
            line.remaining_ore,
            None
            if not line.grant.amount_ore
            else (Decimal(line.spent_ore) / line.grant.amount_ore).quantize(Decimal("0.0001")),
            line.burn.days_left,
            line.burn.per_month_ore,
            line.burn.run_out,
            line.burn.left_at_end_ore,
        )
        for line in lines
    )
    return Report(
        title=msg("finance.report.grants_overview"),
        subtitle=msg("finance.as_of", date=today),
        parameters=(Parameter("date", msg("pharmacy.date"), today, T.DATE),),
        sections=(
            Section(
                columns=COLUMNS,
                rows=rows,
                totals=aligned(
                    COLUMNS,
                    amount_ore=sum(x.grant.amount_ore for x in lines),
                    spent_ore=sum(x.spent_ore for x in lines),
                    remaining_ore=sum(x.remaining_ore for x in lines),
                ),
            ),
        ),
        notes=(
            msg("finance.report.spent_per_month_is_the_spending"),
            msg("finance.report.a_grant_that_will_not_be"),
        ),
        filename=f"grants-overview-{today.isoformat()}",
        orientation=Orientation.LANDSCAPE,
    )

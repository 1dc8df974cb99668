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
from inventory.reports import Column, ColumnType, Orientation, Parameter, Report, Section, msg, verbatim

T = ColumnType


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


def overview_report(lines: list[GrantLine], today: date) -> Report:
    rows = tuple(
        (
            verbatim(line.donor.name),
            verbatim(line.grant.name),
            msg(line.grant.status),
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
        title=msg("Grants overview"),
        subtitle=msg("As of {date}", date=today),
        parameters=(Parameter("date", msg("Date"), today, T.DATE),),
        sections=(
            Section(
                columns=(
                    Column("donor", msg("Donor")),
                    Column("grant", msg("Grant")),
                    Column("status", msg("Status")),
                    Column("start", msg("Start"), T.DATE),
                    Column("end", msg("End"), T.DATE),
                    Column("amount_ore", msg("Approved"), T.MONEY),
                    Column("spent_ore", msg("Spent"), T.MONEY),
                    Column("remaining_ore", msg("Remaining"), T.MONEY),
                    Column("used", msg("Used"), T.PERCENT),
                    Column("days_left", msg("Days to the end"), T.DAYS),
                    Column("burn_per_month_ore", msg("Spent per month"), T.MONEY),
                    Column("run_out", msg("Runs out"), T.DATE),
                    Column("left_at_end_ore", msg("Left at the end (projected)"), T.MONEY),
                ),
                rows=rows,
                totals=(
                    None,
                    None,
                    None,
                    None,
                    None,
                    sum(x.grant.amount_ore for x in lines),
                    sum(x.spent_ore for x in lines),
                    sum(x.remaining_ore for x in lines),
                    None,
                    None,
                    None,
                    None,
                    None,
                ),
            ),
        ),
        notes=(
            msg(
                "Spent per month is the spending since the grant started, per 30 days; the run-out date "
                "assumes it goes on at that rate."
            ),
            msg("A grant that will not be used up at this rate shows what would be left at its end."),
        ),
        filename=f"grants-overview-{today.isoformat()}",
        orientation=Orientation.LANDSCAPE,
    )

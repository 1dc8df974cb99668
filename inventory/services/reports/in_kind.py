"""In-kind donations register: goods donated per donor in a period at fair value, and what became of
them (expensed when used, wasted, still on hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, CostLayer, Donor, Item, LayerTake, Movement, Operation, Site
from inventory.db.tables import ReceiptFunding as RF
from inventory.domain.money_trail import Flow, Period, flow_of
from inventory.reports import Column, ColumnType, Group, Report, Section, aligned, msg, verbatim
from inventory.services.gtins import first_gtins
from inventory.services.reports.columns import BATCH, BATCH_IDS, DONOR, ITEM, QUANTITY, SITE
from inventory.services.reports.trail import ORIGINAL, layers_at, named, period_parameters, takes_from

T = ColumnType


@dataclass
class Donation:
    at: datetime
    site: str
    item: str
    batch: str
    quantity: int
    unit_value_ore: int
    value_ore: int
    item_id: int | None = None  # for programs (JSON, CSV)
    batch_id: int | None = None
    gtin: str | None = None


@dataclass
class DonorInKind:
    name: str
    donations: list[Donation] = field(default_factory=list)
    used_ore: int = 0
    wasted_ore: int = 0
    on_hand_end_ore: int = 0

    @property
    def received_ore(self) -> int:
        return sum(d.value_ore for d in self.donations)


async def in_kind_register(
    session: AsyncSession, when: Period, donor_id: int | None = None
) -> dict[int, DonorInKind]:
    donors: dict[int, DonorInKind] = {}
    names = {k: v for k, v in await session.execute(select(Donor.id, Donor.name))}

    def of(donor: int | None) -> DonorInKind:
        key = donor or 0
        return donors.setdefault(key, DonorInKind(names.get(key, str(donor))))

    received = (
        select(
            RF.donor_id,
            Operation.created_at,
            Site.name,
            Item.name,
            Batch.batch_number,
            CostLayer.quantity_received,
            RF.unit_value_ore,
            RF.amount_ore,
            CostLayer.item_id,
            CostLayer.batch_id,
        )
        .join(Operation, Operation.id == RF.operation_id)
        .join(CostLayer, CostLayer.id == RF.layer_id)
        .join(Site, Site.id == CostLayer.site_id)
        .join(Item, Item.id == CostLayer.item_id)
        .join(Batch, Batch.id == CostLayer.batch_id)
        .where(
            RF.source == "in_kind",
            RF.superseded_at.is_(None),
            Operation.created_at >= when.since,
            Operation.created_at < when.until,
        )
        .order_by(Operation.created_at, RF.id)
    )
    taken = (
        takes_from(select(CostLayer.donor_id, Movement.kind, ORIGINAL.kind, func.sum(LayerTake.value_ore)))
        .where(
            CostLayer.source == "in_kind", Movement.created_at >= when.since, Movement.created_at < when.until
        )
        .group_by(CostLayer.donor_id, Movement.kind, ORIGINAL.kind)
    )
    at = layers_at(when.until)
    left = (
        select(CostLayer.donor_id, func.sum(at.c.on_hand * CostLayer.unit_cost_ore))
        .join(at, at.c.layer_id == CostLayer.id)
        .where(CostLayer.source == "in_kind")
        .group_by(CostLayer.donor_id)
    )
    if donor_id is not None:
        received = received.where(RF.donor_id == donor_id)
        taken = taken.where(CostLayer.donor_id == donor_id)
        left = left.where(CostLayer.donor_id == donor_id)
    found = (await session.execute(received)).all()
    gtins = await first_gtins(session, {row[-2] for row in found})
    for donor, at_, site, item, batch, quantity, unit_value, amount, item_id, batch_id in found:
        donation = Donation(at_, site, item, batch, quantity, unit_value or 0, amount)
        donation.item_id, donation.batch_id, donation.gtin = item_id, batch_id, gtins.get(item_id)
        of(donor).donations.append(donation)
    for donor, kind, original, value in await session.execute(taken):
        flow = flow_of(kind, original, None, when.start)
        if flow == Flow.CONSUMED:
            of(donor).used_ore += int(value)
        elif flow in (Flow.DISPOSED, Flow.EXPIRED, Flow.COUNT_LOSS):
            of(donor).wasted_ore += int(value)
    for donor, value in await session.execute(left):
        of(donor).on_hand_end_ore += int(value or 0)
    return dict(sorted(donors.items(), key=lambda kv: kv[1].name))


REGISTER_COLUMNS = (
    Column("received_at", msg("pharmacy.received"), T.DATETIME),
    SITE,
    ITEM,
    BATCH,
    QUANTITY,
    Column("unit_value_ore", msg("finance.report.unit_value"), T.MONEY),
    Column("value_ore", msg("finance.report.fair_value"), T.MONEY),
    *BATCH_IDS,
)


def in_kind_report(donors: dict[int, DonorInKind], when: Period, donor_name: str | None) -> Report:
    groups = tuple(
        Group(
            verbatim(d.name),
            tuple(
                (
                    x.at,
                    verbatim(x.site),
                    verbatim(x.item),
                    verbatim(x.batch),
                    x.quantity,
                    x.unit_value_ore,
                    x.value_ore,
                    x.item_id,
                    x.batch_id,
                    x.gtin,
                )
                for x in d.donations
            ),
            subtotals=aligned(
                REGISTER_COLUMNS, quantity=sum(x.quantity for x in d.donations), value_ore=d.received_ore
            ),
        )
        for d in donors.values()
        if d.donations
    )
    register = Section(
        columns=REGISTER_COLUMNS,
        groups=groups,
        totals=aligned(
            REGISTER_COLUMNS,
            quantity=sum(x.quantity for d in donors.values() for x in d.donations),
            value_ore=sum(d.received_ore for d in donors.values()),
        ),
    )
    summary_rows = tuple(
        (verbatim(d.name), d.received_ore, d.used_ore, d.wasted_ore, d.on_hand_end_ore)
        for d in donors.values()
    )
    summary = Section(
        title=msg("finance.report.per_donor"),
        columns=(
            DONOR,
            Column("received_ore", msg("finance.report.received_fair_value"), T.MONEY),
            Column("used_ore", msg("finance.report.expensed_when_used"), T.MONEY),
            Column("wasted_ore", msg("finance.report.wasted"), T.MONEY),
            Column("on_hand_end_ore", msg("finance.report.on_hand_at_the_end_of"), T.MONEY),
        ),
        rows=summary_rows,
        totals=(None, *(sum(int(str(r[n])) for r in summary_rows) for n in range(1, 5))),
    )
    return Report(
        title=msg("finance.in_kind"),
        parameters=period_parameters(when, *named("donor", "finance.donor", donor_name)),
        sections=(register, summary),
        notes=(
            msg("finance.report.donated_goods_are_recognised_at_the"),
            msg("finance.report.used_wasted_and_on_hand_cover"),
        ),
        filename=f"in-kind-{when.start.isoformat()}-{when.end.isoformat()}",
    )

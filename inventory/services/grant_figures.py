"""What a grant's money became, to the øre: received, consumed, wasted, returned and still on hand.

Read from the cost layers the grant paid for (alone or as a share of a split) and their takes; each
take counts by the kind of its movement (a reversal by what it undoes). The grant statement report
builds on this; `domain.funding.share_flows` guarantees each share adds up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import CostLayer, LayerTake, Movement, ReceiptFunding
from inventory.domain import funding as f

_ORIGINAL = aliased(Movement)
# What units leaving a layer count as, by the kind of movement that took them.
CATEGORY = {
    "issue": f.CONSUMED,
    "adjustment": f.WASTED,
    "disposal": f.WASTED,
    "receipt": f.RETURNED,  # a reversed receipt: the goods went back, the charge with them
    "return": f.CREDIT_EXPECTED,  # returned to the supplier: neither consumed nor wasted
    "transfer_loss": f.WASTED,  # short or damaged on arrival
}
# A transfer moves units, it does not use them: the layer opened at the receiver continues its origin
# (the grant's money is on the origin layer), so the send and its cancellation are no take at all, and
# what the moved layer gives counts against its origin.
MOVES = frozenset({"transfer_out"})


@dataclass
class Figures:
    received_ore: int = 0
    consumed_ore: int = 0
    wasted_ore: int = 0
    returned_ore: int = 0
    on_hand_ore: int = 0
    credit_expected_ore: int = 0  # returned to the supplier, a credit expected


def _counted() -> ColumnElement[bool]:
    """Funding rows that count: current ones, and those of reversed receipts (shown as returned)."""
    return or_(ReceiptFunding.superseded_at.is_(None), ReceiptFunding.superseded_reason == "reversed")


async def grant_figures(session: AsyncSession, grant_id: int) -> dict[int | None, Figures]:
    """Per budget line of the grant (None: charged to no line), its money's figures."""
    counted = _counted()
    layer_ids = list(
        await session.scalars(
            select(ReceiptFunding.layer_id).where(ReceiptFunding.grant_id == grant_id, counted).distinct()
        )
    )
    if not layer_ids:
        return {}
    shares: dict[int, list[ReceiptFunding]] = defaultdict(list)
    for row in await session.scalars(
        select(ReceiptFunding)
        .where(ReceiptFunding.layer_id.in_(layer_ids), counted)
        .order_by(ReceiptFunding.id)
    ):
        shares[row.layer_id].append(row)
    events: dict[int, list[f.TakeEvent]] = defaultdict(list)
    rows = await session.execute(
        select(
            func.coalesce(CostLayer.origin_layer_id, LayerTake.layer_id),
            LayerTake.quantity,
            Movement.kind,
            _ORIGINAL.kind,
        )
        .join(CostLayer, CostLayer.id == LayerTake.layer_id)
        .join(Movement, Movement.id == LayerTake.movement_id)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == Movement.reverses_id)
        .where(or_(LayerTake.layer_id.in_(layer_ids), CostLayer.origin_layer_id.in_(layer_ids)))
        .order_by(LayerTake.id)
    )
    for layer_id, quantity, kind, original_kind in rows:
        if (original_kind or kind) in MOVES:
            continue
        events[layer_id].append(f.TakeEvent(quantity, CATEGORY.get(original_kind or kind, f.WASTED)))
    figures: dict[int | None, Figures] = defaultdict(Figures)
    for layer in await session.scalars(select(CostLayer).where(CostLayer.id.in_(layer_ids))):
        funded = shares[layer.id]
        amounts = [row.amount_ore for row in funded]
        flows, on_hand = f.share_flows(
            layer.unit_cost_ore, layer.quantity_received, amounts, events[layer.id]
        )
        for n, row in enumerate(funded):
            if row.grant_id != grant_id:
                continue
            line = figures[row.budget_line_id]
            line.received_ore += row.amount_ore
            line.consumed_ore += flows[n].get(f.CONSUMED, 0)
            line.wasted_ore += flows[n].get(f.WASTED, 0)
            line.returned_ore += flows[n].get(f.RETURNED, 0)
            line.credit_expected_ore += flows[n].get(f.CREDIT_EXPECTED, 0)
            line.on_hand_ore += on_hand[n]
    return dict(figures)


def total(figures: dict[int | None, Figures]) -> Figures:
    whole = Figures()
    for line in figures.values():
        whole.received_ore += line.received_ore
        whole.consumed_ore += line.consumed_ore
        whole.wasted_ore += line.wasted_ore
        whole.returned_ore += line.returned_ore
        whole.credit_expected_ore += line.credit_expected_ore
        whole.on_hand_ore += line.on_hand_ore
    return whole

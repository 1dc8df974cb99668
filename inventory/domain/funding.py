"""Funding: who paid for stock, split exactly to the øre, and how its cost travels as layers.

A receipt line opens one cost layer (site, batch, unit cost, quantity). Its funding is one or several
shares: grants (with an optional budget line) charged by amount or percentage, unrestricted funds, or
an in-kind donor at a stated unit value. Several shares on one layer are a *split*: the layer's units
are not divided between the grants (a 3-unit receipt split 50/50 has no whole-unit answer); instead
every value taken from the layer is divided by the same split, and what each share still holds is the
layer's value left split by the shares' amounts (`share_values`). Each share's received amount is
therefore always exactly its on hand plus what has gone out, to the øre.

Stock taken from a batch at a site consumes its layers first-in-first-out (oldest layer first); a take
is valued at the layer's unit cost, so every øre a layer received is on hand, consumed or wasted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from enum import StrEnum

from .errors import Conflict, InvalidInput

PERCENT_WHOLE = 10_000  # percentages are whole hundredths of a percent (basis points): 100 % = 10,000


class DonorKind(StrEnum):
    FOUNDATION = "foundation"
    COMPANY = "company"
    PRIVATE = "private"
    OTHER = "other"


class GrantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class FundingKind(StrEnum):
    """How a receipt was paid for (what a volunteer or finance chooses)."""

    GRANTS = "grants"
    UNRESTRICTED = "unrestricted"
    IN_KIND = "in_kind"


class LayerSource(StrEnum):
    """Where a cost layer's value came from."""

    GRANT = "grant"  # one grant (and budget line) paid it all
    SPLIT = "split"  # several grants: the shares are in receipt_funding
    UNRESTRICTED = "unrestricted"
    IN_KIND = "in_kind"  # donated goods at fair value
    FOUND = "found"  # an adjustment found units: valued at the batch's last known cost, charged to nobody
    OPENING = "opening"  # stock on hand when funding was introduced (migration 0008)


# --- exact splits -----------------------------------------------------------------------------------


def split_exactly(total: int, weights: Sequence[int]) -> list[int]:
    """Whole parts of `total` proportional to `weights` that add up to `total` exactly.

    Largest remainder in integer arithmetic (no floats): each part is floor(total * w / sum); the øre
    left over go one each to the largest remainders, earlier weights first on a tie. A zero weight
    gets nothing. Written by hand: it is six lines, and money must not go through floats.
    """
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("total and weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError("cannot split a non-zero total over zero weights")
        return [0] * len(weights)
    parts_and_rests = [divmod(total * w, weight_sum) for w in weights]
    parts = [part for part, _ in parts_and_rests]
    short = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-parts_and_rests[i][1], i))
    for i in order[:short]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class GrantShare:
    """One grant's part of a purchase: an amount in øre, or a percentage in basis points."""

    grant_id: int
    budget_line_id: int | None = None
    amount_ore: int | None = None
    percent_bp: int | None = None


@dataclass(frozen=True)
class FundingChoice:
    kind: FundingKind
    grants: tuple[GrantShare, ...] = ()
    donor_id: int | None = None
    unit_value_ore: int | None = None  # in kind: the fair value of one unit
    override_reason: str | None = None


def grant_amounts(cost_ore: int, shares: Sequence[GrantShare]) -> list[int]:
    """The øre each grant pays of `cost_ore`: amounts that sum to it, or percentages summing to 100 %."""
    if not shares:
        raise InvalidInput("name at least one grant", field="funding.grants")
    by_amount = [s.amount_ore is not None for s in shares]
    by_percent = [s.percent_bp is not None for s in shares]
    for n in range(len(shares)):
        if by_amount[n] == by_percent[n]:
            raise InvalidInput("give either amount_ore or percent", field=f"funding.grants[{n}]")
    if any(by_amount) and any(by_percent):
        raise InvalidInput("split by amounts or by percentages, not both", field="funding.grants")
    if len({(s.grant_id, s.budget_line_id) for s in shares}) != len(shares):
        raise InvalidInput("a grant and budget line is named twice", field="funding.grants")
    if all(by_amount):
        amounts = [s.amount_ore or 0 for s in shares]
        if any(a < 0 for a in amounts) or sum(amounts) != cost_ore:
            raise InvalidInput(
                f"the grants' amounts sum to {sum(amounts)} øre, the receipt costs {cost_ore} øre",
                field="funding.grants",
                extra={"cost_ore": cost_ore, "sum_ore": sum(amounts)},
            )
        return amounts
    percents = [s.percent_bp or 0 for s in shares]
    if any(p <= 0 for p in percents) or sum(percents) != PERCENT_WHOLE:
        raise InvalidInput(
            f"the percentages sum to {sum(percents) / 100:g} %, not 100 %",
            field="funding.grants",
            extra={"sum_percent": sum(percents) / 100},
        )
    return split_exactly(cost_ore, percents)


def share_values(value_left_ore: int, amounts: Sequence[int]) -> list[int]:
    """What each share of a split layer still holds, given the layer's value left.

    On hand per share is the value left split by the shares' amounts; what a share has had taken out
    is its amount minus that. A take's value per share is the difference before and after it, so over
    any run of takes each share's parts add up exactly, and at zero left each share is fully spent.
    """
    return split_exactly(value_left_ore, amounts)


# --- cost layers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerStock:
    """A cost layer as a take sees it: units left and what one unit cost."""

    layer_id: int
    quantity_left: int
    unit_cost_ore: int


@dataclass(frozen=True)
class LayerTake:
    layer_id: int
    quantity: int
    value_ore: int


class LayersOutOfStep(Conflict, code="cost-layers-out-of-step", title="Cost layers out of step with stock"):
    """The batch's layers hold fewer units than its balance: a broken invariant, nothing is written."""


def take_fifo(quantity: int, layers: Iterable[LayerStock]) -> list[LayerTake]:
    """Take `quantity` units from the layers of one batch at one site, oldest layer (lowest id) first."""
    if quantity <= 0:
        raise ValueError("a take is a positive quantity")
    takes: list[LayerTake] = []
    remaining = quantity
    for layer in sorted(layers, key=lambda layer: layer.layer_id):
        if remaining == 0:
            break
        if layer.quantity_left <= 0:
            continue
        take = min(layer.quantity_left, remaining)
        takes.append(LayerTake(layer.layer_id, take, take * layer.unit_cost_ore))
        remaining -= take
    if remaining:
        raise LayersOutOfStep(
            f"the batch's cost layers hold {quantity - remaining} units, {quantity} are taken;"
            " run the integrity check",
            field="quantity",
            extra={"layered": quantity - remaining, "requested": quantity},
        )
    return takes


def take_value(takes: Iterable[LayerTake]) -> int:
    return sum(take.value_ore for take in takes)


# --- grant rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantTerms:
    """A grant as the rules see it; `spent_ore` is what receipts have charged so far."""

    grant_id: int
    name: str
    status: GrantStatus
    start: date
    end: date
    amount_ore: int
    spent_ore: int
    categories: frozenset[str] = frozenset()
    site_ids: frozenset[int] = frozenset()
    item_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class BudgetLineTerms:
    line_id: int
    grant_id: int
    name: str
    amount_ore: int
    spent_ore: int
    category: str | None = None


@dataclass(frozen=True)
class ChargedGoods:
    """What a receipt charges: the item, its category, the site, and the day."""

    item_id: int
    category: str
    site_id: int
    today: date


@dataclass(frozen=True)
class Refusal:
    """One rule a charge breaks; `code` is stable, `detail` is for people, `extra` for pages."""

    code: str
    field: str
    detail: str
    extra: dict[str, object] = dataclass_field(default_factory=dict)


def charge_refusals(
    grant: GrantTerms, line: BudgetLineTerms | None, amount_ore: int, goods: ChargedGoods, field: str
) -> list[Refusal]:
    """Every rule charging `amount_ore` to the grant (and budget line) breaks; empty when allowed."""
    refusals: list[Refusal] = []
    g = {"grant": grant.grant_id, "grant_name": grant.name}
    if grant.status != GrantStatus.ACTIVE:
        refusals.append(Refusal("grant-not-active", field, f"grant is {grant.status.value}", g))
    if goods.today < grant.start:
        refusals.append(
            Refusal("grant-not-started", field, f"grant starts {grant.start}", {**g, "start": grant.start})
        )
    if goods.today > grant.end:
        refusals.append(Refusal("grant-ended", field, f"grant ended {grant.end}", {**g, "end": grant.end}))
    left = grant.amount_ore - grant.spent_ore
    if amount_ore > left:
        refusals.append(_over("grant-exhausted", field, "grant", left, amount_ore, g))
    only = ", ".join(sorted(grant.categories))
    restrictions: tuple[tuple[str, frozenset[object], object, str], ...] = (
        ("category", grant.categories, goods.category, f"grant pays only for {only}"),
        ("site", grant.site_ids, goods.site_id, "grant does not pay for this site"),
        ("item", grant.item_ids, goods.item_id, "grant does not pay for this item"),
    )
    for what, allowed, charged, detail in restrictions:
        if allowed and charged not in allowed:
            refusals.append(Refusal(f"grant-restricted-{what}", field, detail, {**g, what: charged}))
    if line is not None:
        refusals.extend(_line_refusals(grant, line, amount_ore, goods, field))
    return refusals


def _over(code: str, field: str, holder: str, left: int, charged: int, where: dict[str, object]) -> Refusal:
    """A charge of more than `holder` (a grant, a budget line) has left."""
    detail = f"{holder} has {left} øre left, {charged} øre charged"
    return Refusal(code, field, detail, {**where, "left_ore": left, "charged_ore": charged})


def _line_refusals(
    grant: GrantTerms, line: BudgetLineTerms, amount_ore: int, goods: ChargedGoods, field: str
) -> list[Refusal]:
    found: list[Refusal] = []
    b = {"grant": grant.grant_id, "budget_line": line.line_id, "budget_line_name": line.name}
    if line.grant_id != grant.grant_id:
        return [Refusal("budget-line-of-another-grant", field, "budget line belongs to another grant", b)]
    left = line.amount_ore - line.spent_ore
    if amount_ore > left:
        found.append(_over("budget-line-exhausted", field, f"budget line {line.name}", left, amount_ore, b))
    if line.category is not None and goods.category != line.category:
        found.append(
            Refusal(
                "budget-line-restricted-category",
                field,
                f"budget line {line.name} pays only for {line.category}",
                {**b, "category": goods.category},
            )
        )
    return found


class GrantRefused(Conflict, code="grant-refused", title="The grant cannot be charged"):
    """Charging a grant breaks its rules; finance may override with a recorded reason."""


class GrantRestricted(InvalidInput, code="grant-restricted", title="The grant does not pay for this"):
    """The grant's restrictions exclude this item or site (or the budget line's category)."""


_RESTRICTIONS = frozenset(
    {
        "grant-restricted-category",
        "grant-restricted-site",
        "grant-restricted-item",
        "budget-line-restricted-category",
        "budget-line-of-another-grant",
    }
)


def require_allowed(refusals: Sequence[Refusal], override_reason: str | None) -> tuple[str, ...]:
    """Refuse a charge that breaks rules, unless overridden with a reason; answers the codes overridden.

    Restrictions (422) come before state (409: ended, not started, exhausted) as the more basic error.
    Whether the actor may override is the service's question (finance and admin may).
    """
    if not refusals:
        return ()
    if override_reason is not None and override_reason.strip():
        return tuple(r.code for r in refusals)
    first = next((r for r in refusals if r.code in _RESTRICTIONS), refusals[0])
    error = GrantRestricted if first.code in _RESTRICTIONS else GrantRefused
    raise error(
        "; ".join(r.detail for r in refusals) + " (finance may override with a reason)",
        field=first.field,
        extra={
            "reason": first.code,
            "refusals": [
                {"code": r.code, "field": r.field, "detail": r.detail, **_plain(r.extra)} for r in refusals
            ],
        },
    )


def _plain(extra: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in extra.items()}


def in_kind_value(quantity: int, unit_value_ore: int | None) -> int:
    if unit_value_ore is None or unit_value_ore < 0:
        raise InvalidInput("an in-kind donation needs its unit value in øre", field="funding.unit_value_ore")
    return quantity * unit_value_ore


# --- a grant's money through the layers ---------------------------------------------------------------

CONSUMED, WASTED, RETURNED = "consumed", "wasted", "returned"
CREDIT_EXPECTED = "credit_expected"  # returned to the supplier: a credit is due, the money not spent


@dataclass(frozen=True)
class TakeEvent:
    """Units leaving a layer (negative: given back), and what they count as: consumed, wasted, returned."""

    quantity: int
    category: str


def share_flows(
    unit_cost_ore: int, received: int, amounts: Sequence[int], events: Iterable[TakeEvent]
) -> tuple[list[dict[str, int]], list[int]]:
    """Per share of a layer: the øre that went out by category, and the øre still on hand.

    Walks the takes in order; each take's value per share is the change of the shares' values left
    (`share_values`), so for every share out + on hand == its amount, exactly, whatever the takes.
    """
    left = received
    before = share_values(left * unit_cost_ore, amounts)
    flows: list[dict[str, int]] = [{} for _ in amounts]
    for event in events:
        left -= event.quantity
        after = share_values(left * unit_cost_ore, amounts)
        for n, flow in enumerate(flows):
            flow[event.category] = flow.get(event.category, 0) + before[n] - after[n]
        before = after
    return flows, before

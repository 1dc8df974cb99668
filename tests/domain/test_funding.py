"""Funding in the domain: exact splits, FIFO over layers, grant rules and overrides."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.domain.errors import InvalidInput
from inventory.domain.funding import (
    BudgetLineTerms,
    ChargedGoods,
    GrantRefused,
    GrantRestricted,
    GrantShare,
    GrantStatus,
    GrantTerms,
    LayersOutOfStep,
    LayerStock,
    LayerTake,
    TakeEvent,
    charge_refusals,
    grant_amounts,
    require_allowed,
    share_flows,
    share_values,
    split_exactly,
    take_fifo,
)

TODAY = date(2026, 3, 15)


@given(st.integers(0, 10**12), st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
def test_a_split_never_loses_or_invents_an_ore(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights[0] = 1
    parts = split_exactly(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        # largest remainder: each part is within one øre of its exact share
        assert abs(part * weight_sum - total * weight) < weight_sum
        if weight == 0:
            assert part == 0


def test_split_gives_the_leftover_ore_to_the_largest_remainders() -> None:
    assert split_exactly(100, [1, 1, 1]) == [34, 33, 33]
    assert split_exactly(1000, [3333, 3333, 3334]) == [333, 333, 334]
    assert split_exactly(10, [0, 5]) == [0, 10]


@given(st.integers(0, 10**10), st.lists(st.integers(1, 9999), min_size=1, max_size=8))
def test_percent_shares_pay_the_whole_cost(cost: int, raw: list[int]) -> None:
    percents = split_exactly(10_000, raw)  # any percentages summing to exactly 100 %
    shares = [GrantShare(grant_id=n + 1, percent_bp=p) for n, p in enumerate(percents) if p > 0]
    assert sum(grant_amounts(cost, shares)) == cost


def test_amounts_must_sum_to_the_cost_exactly() -> None:
    shares = (GrantShare(1, amount_ore=600), GrantShare(2, amount_ore=399))
    with pytest.raises(InvalidInput) as caught:
        grant_amounts(1000, shares)
    assert caught.value.field == "funding.grants"
    assert caught.value.extra == {"cost_ore": 1000, "sum_ore": 999}
    assert grant_amounts(999, shares) == [600, 399]


def test_percentages_must_sum_to_one_hundred_and_not_mix_with_amounts() -> None:
    with pytest.raises(InvalidInput, match="99.5 %"):
        grant_amounts(100, (GrantShare(1, percent_bp=5000), GrantShare(2, percent_bp=4950)))
    with pytest.raises(InvalidInput, match="not both"):
        grant_amounts(100, (GrantShare(1, percent_bp=5000), GrantShare(2, amount_ore=50)))
    with pytest.raises(InvalidInput) as caught:
        grant_amounts(100, (GrantShare(1),))
    assert caught.value.field == "funding.grants[0]"


@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=6),
    st.integers(1, 50),
    st.integers(0, 10**4),
    st.data(),
)
def test_every_share_of_a_split_layer_is_on_hand_or_gone_out_exactly(
    amounts: list[int], units: int, unit_cost: int, data: st.DataObject
) -> None:
    """Shares' values follow the layer's value left; their takes add up to each share's amount."""
    total = units * unit_cost
    amounts = split_exactly(total, [a + 1 for a in amounts])
    left = units
    out = [0] * len(amounts)
    before = share_values(left * unit_cost, amounts)
    assert before == amounts
    while left:
        take = data.draw(st.integers(1, left))
        left -= take
        after = share_values(left * unit_cost, amounts)
        for n in range(len(amounts)):
            out[n] += before[n] - after[n]
        assert sum(b - a for b, a in zip(before, after, strict=True)) == take * unit_cost
        before = after
    assert out == amounts


def test_fifo_takes_the_oldest_layer_first_and_values_each_part() -> None:
    layers = [LayerStock(7, 5, 300), LayerStock(3, 2, 100), LayerStock(9, 10, 250)]
    assert take_fifo(6, layers) == [LayerTake(3, 2, 200), LayerTake(7, 4, 1200)]
    assert take_fifo(2, layers) == [LayerTake(3, 2, 200)]


def test_fifo_skips_empty_layers_and_refuses_more_than_the_layers_hold() -> None:
    assert take_fifo(1, [LayerStock(1, 0, 5), LayerStock(2, 1, 7)]) == [LayerTake(2, 1, 7)]
    with pytest.raises(LayersOutOfStep) as caught:
        take_fifo(4, [LayerStock(1, 3, 5)])
    assert caught.value.extra == {"layered": 3, "requested": 4}


def grant(**overrides: object) -> GrantTerms:
    values: dict[str, object] = {
        "grant_id": 1,
        "name": "Novo 2026",
        "status": GrantStatus.ACTIVE,
        "start": date(2026, 1, 1),
        "end": date(2026, 12, 31),
        "amount_ore": 100_000,
        "spent_ore": 40_000,
    }
    values.update(overrides)
    return GrantTerms(**values)  # type: ignore[arg-type]


GOODS = ChargedGoods(item_id=5, category="medicine", site_id=2, today=TODAY)


def codes(refusals: list) -> list[str]:  # type: ignore[type-arg]
    return [r.code for r in refusals]


def test_an_active_grant_with_money_left_may_be_charged() -> None:
    assert charge_refusals(grant(), None, 60_000, GOODS, "funding.grants[0]") == []


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ({"start": date(2026, 4, 1)}, "grant-not-started"),
        ({"end": date(2026, 3, 14)}, "grant-ended"),
        ({"status": GrantStatus.CLOSED}, "grant-not-active"),
        ({"spent_ore": 40_001}, "grant-exhausted"),
        ({"categories": frozenset({"dental"})}, "grant-restricted-category"),
        ({"site_ids": frozenset({1, 3})}, "grant-restricted-site"),
        ({"item_ids": frozenset({6})}, "grant-restricted-item"),
    ],
)
def test_each_grant_rule_refuses_by_name(terms: dict[str, object], expected: str) -> None:
    assert codes(charge_refusals(grant(**terms), None, 60_000, GOODS, "funding.grants[0]")) == [expected]


def test_the_last_day_of_a_grant_still_counts() -> None:
    assert charge_refusals(grant(end=TODAY), None, 1, GOODS, "f") == []
    assert charge_refusals(grant(start=TODAY), None, 1, GOODS, "f") == []


def test_budget_lines_have_their_own_limit_and_category() -> None:
    line = BudgetLineTerms(4, 1, "Tandpleje", amount_ore=10_000, spent_ore=9_000, category="dental")
    found = charge_refusals(grant(), line, 1_001, GOODS, "funding.grants[1].budget_line")
    assert codes(found) == ["budget-line-exhausted", "budget-line-restricted-category"]
    assert found[0].field == "funding.grants[1].budget_line"
    assert found[0].extra["left_ore"] == 1_000


def test_a_refused_charge_names_the_field_and_every_rule() -> None:
    found = charge_refusals(
        grant(end=date(2026, 1, 31), spent_ore=99_000), None, 5_000, GOODS, "funding.grants[0]"
    )
    with pytest.raises(GrantRefused) as caught:
        require_allowed(found, None)
    assert caught.value.status == 409
    assert caught.value.field == "funding.grants[0]"
    assert caught.value.extra["reason"] == "grant-ended"
    assert [r["code"] for r in caught.value.extra["refusals"]] == ["grant-ended", "grant-exhausted"]  # type: ignore[union-attr,index]


def test_a_restriction_is_invalid_input_rather_than_conflict() -> None:
    found = charge_refusals(grant(spent_ore=100_000, site_ids=frozenset({9})), None, 1, GOODS, "f")
    with pytest.raises(GrantRestricted) as caught:
        require_allowed(found, "   ")
    assert caught.value.status == 422
    assert caught.value.extra["reason"] == "grant-restricted-site"


def test_an_override_with_a_reason_answers_the_rules_it_overrides() -> None:
    found = charge_refusals(grant(end=date(2026, 1, 31)), None, 1, GOODS, "f")
    assert require_allowed(found, "Fonden har forlænget bevillingen til april") == ("grant-ended",)
    assert require_allowed([], None) == ()


@given(
    st.lists(st.integers(1, 10**5), min_size=1, max_size=4),
    st.integers(1, 40),
    st.integers(0, 999),
    st.lists(
        st.tuples(st.integers(1, 5), st.sampled_from(["consumed", "wasted"]), st.booleans()), max_size=20
    ),
)
def test_share_flows_account_for_every_ore_of_every_share(
    raw: list[int], units: int, cost: int, steps: list[tuple[int, str, bool]]
) -> None:
    amounts = split_exactly(units * cost, raw)
    left, events = units, []
    for quantity, category, give_back in steps:  # takes never below zero; give-backs never above received
        q = -min(quantity, units - left) if give_back else min(quantity, left)
        if q:
            events.append(TakeEvent(q, category))
            left -= q
    flows, on_hand = share_flows(cost, units, amounts, events)
    for n, amount in enumerate(amounts):
        assert sum(flows[n].values()) + on_hand[n] == amount
    assert sum(on_hand) == left * cost

"""Every figure of the statement, the valuation, the impact report, the in-kind register and the
postings against the hand computation in tests/finance/scenario.py (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.money_trail import Flow, period
from inventory.services.reports import bookkeeping, grant_statement, impact, in_kind, valuation
from tests.conftest import Clinic
from tests.finance.scenario import Scenario, build_scenario

YEAR = period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
async def scenario(database: Database, clinic: Clinic) -> Scenario:
    return await build_scenario(database, clinic)


async def statement(
    database: Database, grant_id: int, start: date, end: date
) -> grant_statement.GrantFigures:
    async with UnitOfWork(database, readonly=True) as uow:
        _, figures = await grant_statement.grant_statement(uow.session, grant_id, period(start, end))
    return figures


async def test_grant_a_statement_for_the_year_matches_the_hand_computation(
    database: Database, scenario: Scenario
) -> None:
    fig = await statement(database, scenario.grant_a, date(2026, 1, 1), date(2026, 12, 31))
    assert fig.amount == 1_000_000
    assert fig.lines == [("Medicin", 800_000, 426_838, 426_838), ("Forbrug", 200_000, 0, 0)]
    assert (fig.spent_in_period, fig.spent_to_date, fig.remaining) == (426_838, 426_838, 573_162)
    assert fig.on_hand_start == 0
    assert fig.flows_in_period.get(Flow.CONSUMED) == 369_175
    assert fig.flows_in_period.get(Flow.EXPIRED) == 25_100
    assert fig.flows_in_period.get(Flow.DISPOSED, 0) == 0
    assert fig.flows_in_period.get(Flow.COUNT_LOSS) == 6_513
    assert fig.wasted == 25_100 + 6_513
    assert fig.on_hand_end == 26_050
    assert fig.expired_on_hand_end == 0
    assert fig.in_kind_received == 60_000
    assert fig.consumed_by_category == {"medicine": 369_175}
    assert fig.consumed_by_site == {scenario.kbh: 369_175}
    assert fig.wasted_by_site == {
        (scenario.kbh, Flow.EXPIRED): 25_100,
        (scenario.kbh, Flow.COUNT_LOSS): 6_513,
    }


async def test_grant_a_statement_for_part_of_the_year_carries_stock_in_and_out(
    database: Database, scenario: Scenario
) -> None:
    fig = await statement(database, scenario.grant_a, date(2026, 4, 1), date(2026, 7, 7))
    assert (fig.spent_before, fig.spent_in_period, fig.remaining) == (426_838, 0, 573_162)
    assert fig.lines == [("Medicin", 800_000, 0, 426_838), ("Forbrug", 200_000, 0, 0)]
    assert fig.on_hand_start == 426_838
    assert fig.flows_in_period == {Flow.CONSUMED: 369_175}
    assert fig.on_hand_end == 57_663
    assert fig.expired_on_hand_end == 25_100  # B1's 2 units, expired 30 June
    assert fig.in_kind_received == 0


async def test_grant_b_statement_leaves_out_the_reversed_receipt(
    database: Database, scenario: Scenario
) -> None:
    fig = await statement(database, scenario.grant_b, date(2026, 1, 1), date(2026, 12, 31))
    assert fig.lines == [("", None, 45_587, 45_587)]  # no budget lines: one "not on a budget line" row
    assert (fig.spent_to_date, fig.remaining) == (45_587, 500_000 - 45_587)
    assert fig.flows_in_period == {Flow.CONSUMED: 13_025, Flow.COUNT_LOSS: 6_512}
    assert fig.on_hand_end == 26_050
    assert fig.in_kind_received == 0


async def test_valuation_at_dates_is_fifo_by_layer_with_expired_stock_at_zero(
    database: Database, scenario: Scenario
) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        may = await valuation.valuation_at(uow.session, date(2026, 5, 5))
        july = await valuation.valuation_at(uow.session, date(2026, 7, 7))
        december = await valuation.valuation_at(uow.session, date(2026, 12, 31))
    kbh = scenario.kbh
    # 5 May (R5 received that day, reversed the next): B1 2 × 12550 + L2 10 × 13025 + L3 7 × 13025
    # + L4 5 × 12000 + L5 4 × 14000 = 25100 + 130250 + 91175 + 60000 + 56000 = 362525; 28 units.
    assert may.cells == {(kbh, "medicine", False): valuation.StockValue(28, 362_525)}
    # 7 July: B1 2 units expired (25100 at cost, worth 0); L3 5 × 13025 = 65125, L4 5 × 12000 = 60000.
    assert july.cells == {
        (kbh, "medicine", False): valuation.StockValue(10, 125_125),
        (kbh, "medicine", True): valuation.StockValue(2, 25_100),
    }
    assert july.value() == 125_125
    assert july.by_source == {
        ("grant", True): valuation.StockValue(2, 25_100),
        ("split", False): valuation.StockValue(5, 65_125),
        ("in_kind", False): valuation.StockValue(5, 60_000),
    }
    # 31 December: L3 4 × 13025 = 52100, L4 5 × 12000 = 60000.
    assert december.cells == {(kbh, "medicine", False): valuation.StockValue(9, 112_100)}


async def test_impact_counts_use_by_area_month_and_patient_issues(
    database: Database, scenario: Scenario
) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        everything, _ = await impact.impact(uow.session, YEAR)
        grant_b, _ = await impact.impact(uow.session, YEAR, scenario.grant_b)
        grant_a, _ = await impact.impact(uow.session, YEAR, scenario.grant_a)
    kbh = scenario.kbh
    april, july = date(2026, 4, 1), date(2026, 7, 1)
    # April: I1 + I2 = 18 units, 188250 + 37650 = 225900, two patient issues.
    # July: I3 12 units, 130250 + 26050 = 156300, one patient issue. Disposal and count are not use.
    assert everything == {
        (april, "diabetes", kbh): impact.Use(18, 225_900, 2),
        (july, "diabetes", kbh): impact.Use(12, 156_300, 1),
    }
    # Grant A: April all of it; July L2 130250 + its share 13025 of L3 = 143275.
    assert grant_a == {
        (april, "diabetes", kbh): impact.Use(18, 225_900, 2),
        (july, "diabetes", kbh): impact.Use(12, 143_275, 1),
    }
    # Grant B: only its share of L3's 2 units in July.
    assert grant_b == {(july, "diabetes", kbh): impact.Use(2, 13_025, 1)}


async def test_in_kind_register_shows_the_donation_at_fair_value(
    database: Database, scenario: Scenario
) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        donors = await in_kind.in_kind_register(uow.session, YEAR)
    assert list(donors) == [scenario.foundation]
    foundation = donors[scenario.foundation]
    assert [(d.quantity, d.unit_value_ore, d.value_ore) for d in foundation.donations] == [
        (5, 12_000, 60_000)
    ]
    assert (foundation.received_ore, foundation.used_ore, foundation.wasted_ore) == (60_000, 0, 0)
    assert foundation.on_hand_end_ore == 60_000


async def test_postings_are_one_line_per_posting_and_balance(database: Database, scenario: Scenario) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        rows = await bookkeeping.postings(uow.session, YEAR)
    summary: dict[tuple[str, int | None], int] = {}
    for p in rows:
        summary[(p.posting, p.grant_id)] = summary.get((p.posting, p.grant_id), 0) + p.amount_ore
    a, b = scenario.grant_a, scenario.grant_b
    assert summary == {
        ("grant_charge", a): 251_000 + 130_250 + 45_588,
        ("grant_charge", b): 45_587 + 56_000 - 56_000,  # R5 posted, then its reversal posts the negative
        ("in_kind_recognised", None): 60_000,
        ("consumption", a): 188_250 + 37_650 + 130_250 + 13_025,
        ("consumption", b): 13_025,
        ("waste_expired", a): 25_100,
        ("waste_count_loss", a): 6_513,
        ("waste_count_loss", b): 6_512,
    }
    # charges R1, R2, R3 (A and B), R5 and its undoing; R4 in kind; I1, I2, I3 (L2, L3 for A and B);
    # D1; C1 (A and B). The reversal's own take of L5 posts nothing more: the negative charge is it.
    assert len(rows) == 6 + 1 + 5 + 1 + 2
    assert [p.amount_ore for p in rows if p.posting == "grant_charge" and p.grant_id == b] == [
        45_587,
        56_000,
        -56_000,
    ]


async def test_statement_agrees_with_the_ledgers_own_grant_figures(
    database: Database, scenario: Scenario
) -> None:
    """The statement (by period, its own queries) and services.grant_figures (whole life, layer by layer)
    are two readings of the same layers: over the whole life they must agree to the øre."""
    from inventory.services.grant_figures import grant_figures, total

    for grant_id in (scenario.grant_a, scenario.grant_b):
        fig = await statement(database, grant_id, date(2026, 1, 1), date(2026, 12, 31))
        async with UnitOfWork(database, readonly=True) as uow:
            whole = total(await grant_figures(uow.session, grant_id))
        assert whole.received_ore - whole.returned_ore == fig.spent_to_date
        assert whole.consumed_ore == fig.flows_in_period.get(Flow.CONSUMED, 0)
        assert whole.wasted_ore == fig.wasted
        assert whole.on_hand_ore == fig.on_hand_end

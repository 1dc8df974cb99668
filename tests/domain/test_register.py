"""The register's running balance: opening + every line in ledger order, per item and per batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from inventory.domain.register import LedgerLine, running_balance

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def line(movement_id: int, kind: str, batch: int, quantity: int) -> LedgerLine:
    return LedgerLine(
        movement_id, movement_id, T0 + timedelta(hours=movement_id), kind, batch, quantity, "karen"
    )


def test_each_line_carries_the_balance_after_it() -> None:
    register = running_balance(
        {1: 10},
        [line(1, "receipt", 2, 5), line(2, "issue", 1, -3), line(3, "adjustment", 2, -1)],
    )
    assert register.opening_balance == 10
    assert [(r.quantity_in, r.quantity_out, r.balance_after) for r in register.lines] == [
        (5, 0, 15),
        (0, 3, 12),
        (0, 1, 11),
    ]
    assert [r.batch_balance_after for r in register.lines] == [5, 7, 4]
    assert register.closing_balance == 11
    assert (register.quantity_in, register.quantity_out) == (5, 4)


def test_lines_follow_the_ledger_order_not_the_order_given() -> None:
    register = running_balance({}, [line(7, "issue", 1, -2), line(3, "receipt", 1, 4)])
    assert [r.line.movement_id for r in register.lines] == [3, 7]
    assert [r.balance_after for r in register.lines] == [4, 2]


def test_kinds_the_register_has_never_seen_are_lines_like_any_other() -> None:
    register = running_balance(
        {1: 6},
        [line(1, "disposal", 1, -2), line(2, "transfer_out", 1, -1), line(3, "stocktake-2031", 1, 3)],
    )
    assert [r.line.kind for r in register.lines] == ["disposal", "transfer_out", "stocktake-2031"]
    assert register.closing_balance == 6


def test_a_reversal_of_an_issue_is_in() -> None:
    register = running_balance({1: 5}, [line(1, "issue", 1, -2), line(2, "reversal", 1, 2)])
    assert [(r.quantity_in, r.quantity_out) for r in register.lines] == [(0, 2), (2, 0)]


def test_per_batch_totals_include_batches_held_but_not_moved() -> None:
    register = running_balance({1: 4, 2: 3, 9: 0}, [line(1, "issue", 2, -3), line(2, "receipt", 5, 8)])
    totals = {b.batch_id: (b.opening, b.quantity_in, b.quantity_out, b.closing) for b in register.batches}
    assert totals == {1: (4, 0, 0, 4), 2: (3, 0, 3, 0), 5: (0, 8, 0, 8)}


def test_an_empty_period_keeps_the_opening_balance() -> None:
    register = running_balance({1: 4}, [])
    assert register.lines == () and register.closing_balance == 4


@given(
    st.dictionaries(st.integers(1, 4), st.integers(0, 50), max_size=4),
    st.lists(st.tuples(st.integers(1, 4), st.integers(-20, 20).filter(bool)), max_size=40),
)
def test_closing_is_opening_plus_lines_and_batches_add_up(opening: dict[int, int], moves: list) -> None:
    lines = [line(i, "receipt" if q > 0 else "issue", b, q) for i, (b, q) in enumerate(moves, start=1)]
    register = running_balance(opening, lines)
    assert register.closing_balance == sum(opening.values()) + sum(q for _, q in moves)
    assert sum(b.closing for b in register.batches) == register.closing_balance
    assert register.quantity_in - register.quantity_out == sum(q for _, q in moves)
    for batch in register.batches:
        moved = [r for r in register.lines if r.line.batch_id == batch.batch_id]
        if moved:
            assert moved[-1].batch_balance_after == batch.closing

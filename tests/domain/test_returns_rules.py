"""A return to a supplier as the pure rules see it: its own flow (neither consumption nor waste), and
what a return and a pack set aside must say."""

from __future__ import annotations

from datetime import date

import pytest

from inventory.domain.errors import InvalidInput
from inventory.domain.money_trail import WASTE, Flow, flow_of
from inventory.domain.quarantine import QuarantineReason
from inventory.domain.returns import QUARANTINE_REASON, ReturnLine, ReturnReason, SetAsideReason, check_return

TODAY = date(2026, 12, 8)


def test_a_return_is_its_own_flow_and_its_reversal_takes_it_back() -> None:
    assert flow_of("return", None, date(2020, 1, 1), TODAY) is Flow.RETURNED_TO_SUPPLIER  # even expired
    assert flow_of("reversal", "return", None, TODAY) is Flow.RETURNED_TO_SUPPLIER
    assert Flow.RETURNED_TO_SUPPLIER not in WASTE and Flow.RETURNED_TO_SUPPLIER is not Flow.CONSUMED


def test_a_return_names_supplier_reference_and_a_note_for_other() -> None:
    lines = [ReturnLine(1, 2)]
    assert check_return(lines, " Nomeco ", " RMA-1 ", ReturnReason.DAMAGED, "  ") == ("Nomeco", "RMA-1", None)
    with pytest.raises(InvalidInput) as refused:
        check_return(lines, "Nomeco", "RMA-1", ReturnReason.OTHER, " ")
    assert refused.value.field == "note"
    for supplier, reference, field in (("", "R", "supplier"), ("N", " ", "reference")):
        with pytest.raises(InvalidInput) as refused:
            check_return(lines, supplier, reference, ReturnReason.RECALLED, None)
        assert refused.value.field == field
    with pytest.raises(InvalidInput) as refused:
        check_return([ReturnLine(1, 0)], "N", "R", ReturnReason.RECALLED, None)
    assert refused.value.field == "lines.0.quantity"


def test_every_set_aside_reason_is_a_quarantine_reason() -> None:
    assert set(QUARANTINE_REASON) == set(SetAsideReason)
    assert QUARANTINE_REASON[SetAsideReason.SUSPICIOUS] is QuarantineReason.SUSPICIOUS

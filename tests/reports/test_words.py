"""Words a report builds from codes (operation kinds, reasons, deviations) exist in both languages:
a new operation kind or reason fails here until it has its words."""

from __future__ import annotations

import pytest

from inventory.domain.cold_chain import Deviation
from inventory.domain.disposal import DisposalMethod
from inventory.domain.model import AdjustmentReason, IssueReason, OperationKind
from inventory.i18n import LANGUAGES, catalogue

CODED = (
    [f"kind.{k.value}" for k in OperationKind]
    + [f"reason.{r.value}" for r in (*IssueReason, *AdjustmentReason, *DisposalMethod)]
    + [f"deviation.{d.value}" for d in Deviation]
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_coded_word_of_the_reports_has_a_translation(language: str) -> None:
    words = catalogue(language)
    assert not [key for key in CODED if not words.get(key)]

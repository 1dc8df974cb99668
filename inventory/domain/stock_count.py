"""Stock counts without I/O: what a count covers, what each batch should hold, the variance, and the
rules for counting, signing, approving and posting.

For each batch of a count: expected = the quantity at the start + what moved since the start (read from
the ledger when the count is approved), and variance = counted - expected. A batch the system did not
expect (an item, batch number and expiry not in the count's snapshot) starts at 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .errors import Conflict, InvalidInput
from .funding import LayerStock, take_fifo


class CountScope(StrEnum):
    ALL = "all"  # every batch in stock at the site
    LOCATION = "location"  # the batches on one shelf, fridge or cupboard
    CATEGORY = "category"  # the batches of one category of items
    ITEMS = "items"  # the batches of chosen items
    CONTROLLED = "controlled"  # every controlled batch at the site, counted against the register


class CountStatus(StrEnum):
    OPEN = "open"  # counters enter what they find
    SUBMITTED = "submitted"  # closed for counting, signed by the counter (and a witness when controlled)
    POSTED = "posted"  # every counted line posted
    CANCELLED = "cancelled"


class CountClosed(Conflict, code="count-closed", title="The count is closed"):
    """Counting, submitting, approving or cancelling a count that no longer allows it."""


class AlreadyPosted(Conflict, code="count-already-posted", title="Already posted"):
    """A line of a count is posted once."""


class NoOpenCount(Conflict, code="count-none-open", title="No open count here"):
    """A pack scanned in count mode where no count of its kind is open at the site."""


class WitnessRequired(InvalidInput, code="count-witness-required", title="A witness must sign the count"):
    """A controlled-drug count is signed by the counter and a witness before it posts."""


class ExplanationRequired(
    InvalidInput, code="count-explanation-required", title="Explain the difference before posting"
):
    """A controlled-drug count that differs from the register posts only with a written explanation."""


@dataclass(frozen=True)
class LineFigures:
    """One batch of a count: at the start, moved since, counted (None: not counted yet)."""

    at_start: int
    moved_since: int
    counted: int | None

    @property
    def expected(self) -> int:
        return self.at_start + self.moved_since

    @property
    def variance(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected


def shows_expected(blind: bool, status: CountStatus) -> bool:
    """A blind count hides what the system expects until it is closed for counting."""
    return not blind or status != CountStatus.OPEN


def check_counting(status: CountStatus) -> None:
    if status != CountStatus.OPEN:
        raise CountClosed(f"the count is {status.value}: nothing more can be counted", field="count")


def check_counted(quantity: int, field: str = "counted") -> None:
    if quantity < 0:
        raise InvalidInput("a counted quantity is 0 or more", field=field)


def check_submit(status: CountStatus, controlled: bool, witnessed: bool) -> None:
    check_counting(status)
    if controlled and not witnessed:
        raise WitnessRequired("a controlled-drug count is signed by a witness", field="witness")


def check_approval(
    *, status: CountStatus, controlled: bool, witnessed: bool, explanation: str | None, differs: bool
) -> None:
    """A count is approved while open or submitted; a controlled one only once witnessed, and with an
    explanation when any line differs."""
    if status not in (CountStatus.OPEN, CountStatus.SUBMITTED):
        raise CountClosed(f"the count is {status.value}: nothing more can be posted", field="count")
    if controlled and not witnessed:
        raise WitnessRequired(
            "a controlled-drug count posts only once the counter and a witness have signed it",
            field="witness",
        )
    if controlled and differs and not (explanation or "").strip():
        raise ExplanationRequired(
            "the count differs from the register: write why before it posts", field="explanation"
        )


def check_cancel(status: CountStatus) -> None:
    if status not in (CountStatus.OPEN, CountStatus.SUBMITTED):
        raise CountClosed(f"the count is {status.value}: it cannot be cancelled", field="count")


def loss_value(quantity: int, layers: Iterable[LayerStock]) -> int:
    """What `quantity` units lost would take from the batch's open layers (first in, first out)."""
    if quantity <= 0:
        return 0
    return sum(take.value_ore for take in take_fifo(quantity, layers))


def variance_value(variance: int, layers: Iterable[LayerStock], last_cost_ore: int) -> int:
    """The value of a variance, signed: a loss takes from the layers, a gain is at the last known cost."""
    if variance < 0:
        return -loss_value(-variance, layers)
    return variance * last_cost_ore


def status_after_posting(lines_left: int) -> CountStatus:
    """The count is posted once no counted line is left to post (an uncounted line is never posted)."""
    return CountStatus.POSTED if lines_left == 0 else CountStatus.SUBMITTED

"""The controlled-drug register: a running balance over the ledger's movements of one item at one site.

Every movement is a line, whatever its operation kind (receipt, issue, adjustment, reversal, disposal,
transfers, counts, and kinds not yet written): a positive quantity is "in", a negative one "out". The
balance after each line is the opening balance plus every line so far, for the item and for its batch.
Nothing here is stored: the register is the ledger read in order, so it can never disagree with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LedgerLine:
    """One movement as the register shows it."""

    movement_id: int
    operation_id: int
    at: datetime
    kind: str
    batch_id: int
    quantity: int  # signed: + in, - out
    user: str
    reference: str | None = None


@dataclass(frozen=True)
class RegisterLine:
    line: LedgerLine
    quantity_in: int
    quantity_out: int
    balance_after: int  # of the item at the site
    batch_balance_after: int  # of this line's batch at the site


@dataclass(frozen=True)
class BatchTotals:
    """One batch over the period: opening + in - out = closing."""

    batch_id: int
    opening: int
    quantity_in: int
    quantity_out: int

    @property
    def closing(self) -> int:
        return self.opening + self.quantity_in - self.quantity_out


@dataclass(frozen=True)
class Register:
    opening_balance: int
    lines: tuple[RegisterLine, ...]
    batches: tuple[BatchTotals, ...]  # every batch held at the opening or moved in the period

    @property
    def closing_balance(self) -> int:
        return self.lines[-1].balance_after if self.lines else self.opening_balance

    @property
    def quantity_in(self) -> int:
        return sum(line.quantity_in for line in self.lines)

    @property
    def quantity_out(self) -> int:
        return sum(line.quantity_out for line in self.lines)


def running_balance(opening_by_batch: Mapping[int, int], lines: Iterable[LedgerLine]) -> Register:
    """The register from the balances per batch before the period and the period's movements.

    Lines are taken in ledger order (movement id), the order in which they changed the stock.
    Batches with nothing at the opening and no movement are left out.
    """
    ordered = sorted(lines, key=lambda line: line.movement_id)
    balance = sum(opening_by_batch.values())
    batch_balance = {b: q for b, q in opening_by_batch.items() if q != 0}
    ins: dict[int, int] = {}
    outs: dict[int, int] = {}
    out: list[RegisterLine] = []
    for line in ordered:
        quantity_in, quantity_out = max(line.quantity, 0), max(-line.quantity, 0)
        balance += line.quantity
        batch_balance[line.batch_id] = batch_balance.get(line.batch_id, 0) + line.quantity
        ins[line.batch_id] = ins.get(line.batch_id, 0) + quantity_in
        outs[line.batch_id] = outs.get(line.batch_id, 0) + quantity_out
        out.append(RegisterLine(line, quantity_in, quantity_out, balance, batch_balance[line.batch_id]))
    batches = tuple(
        BatchTotals(b, opening_by_batch.get(b, 0), ins.get(b, 0), outs.get(b, 0))
        for b in sorted(set(batch_balance) | set(ins))
    )
    return Register(sum(opening_by_batch.values()), tuple(out), batches)

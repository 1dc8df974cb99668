"""What a ledger write answers: the operation and one line per movement. A module of its own below both
`ledger` (which builds them) and `costing` (which values their lines), so neither imports the other back;
`inventory.services.ledger` re-exports both names."""

from __future__ import annotations

from dataclasses import dataclass, field

from inventory.db.tables import Batch, Item, Movement, Operation, Site
from inventory.services import blocks


@dataclass
class Line:
    movement: Movement
    batch: Batch
    on_hand: int | None
    value_ore: int | None = None  # what the movement's units cost, from the layers it took or opened


@dataclass
class OperationResult:
    operation: Operation
    site: Site
    item: Item
    username: str
    lines: list[Line] = field(default_factory=list)
    fefo_suggestion: Batch | None = None
    blocked: blocks.Arrival | None = None  # stock of a blocked batch arrived: it went into quarantine

"""The data set's money: donors, yearly grants with budget lines, and the cost layers of every holding.

Receipts are charged as a clinic would: most to a foundation's grant of that year (some split over two
grants, half each), the rest to unrestricted funds; receipts marked "Naturaliedonation" are in-kind
gifts at the item's price. Every movement that takes stock consumes the holding's layers oldest first
and records its takes; reversals give back exactly what they undo; found stock opens a layer at the
batch's cost. Grant amounts are set from what was charged (with room left), so none is overspent.
Takes are kept in compact arrays and written after the movements (their foreign keys need both).
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from datetime import date, datetime

from bench.writers import Row, Writer
from inventory.db.layer_writes import KIND_COLUMNS

CHUNK = 50_000
FOUNDATIONS = (
    "Novo Nordisk Fonden",
    "Velux Fonden",
    "Lundbeckfonden",
    "A.P. Møller Fonden",
    "Augustinus Fonden",
    "Knud Højgaards Fond",
)
IN_KIND_DONORS = ("Apoteket (naturalier)", "Medicingrossist A/S (naturalier)")
LINES = {"medicine": "Medicin", "dental": "Tandpleje", "lab": "Laboratorium"}
SOURCES = ("grant", "split", "unrestricted", "in_kind", "found")
P_GRANT, P_SPLIT = 0.65, 0.05  # the rest unrestricted


class FundingEmitter:
    def __init__(self, first_year: int, last_year: int, today: date, rng: random.Random):
        self.rng, self.today = rng, today
        self.donors: list[Row] = [
            (n + 1, name, "foundation", None, None, True) for n, name in enumerate(FOUNDATIONS)
        ]
        self.donors += [
            (len(FOUNDATIONS) + n + 1, name, "company", None, None, True)
            for n, name in enumerate(IN_KIND_DONORS)
        ]
        # grant id -> (donor, year); budget line id -> (grant, category)
        self.grants: dict[int, tuple[int, int]] = {}
        self.by_year: dict[int, list[int]] = {}
        self.lines: dict[int, tuple[int, str]] = {}
        self.line_of: dict[tuple[int, str], int] = {}
        for year in range(first_year, last_year + 1):
            for donor in range(1, len(FOUNDATIONS) + 1):
                grant_id = len(self.grants) + 1
                self.grants[grant_id] = (donor, year)
                self.by_year.setdefault(year, []).append(grant_id)
                for category in LINES:
                    line_id = len(self.lines) + 1
                    self.lines[line_id] = (grant_id, category)
                    self.line_of[(grant_id, category)] = line_id
        self.spent = [0] * (len(self.grants) + 1)
        self.line_spent = [0] * (len(self.lines) + 1)
        # layers, as columns (id = index + 1)
        self.layer_rows: list[list[object]] = []
        self.open: dict[int, list[int]] = {}  # holding -> its layer ids, oldest first
        self.funding: list[Row] = []
        self.takes = array("q")  # movement, layer, quantity, value; four per take
        self.remembered: dict[int, list[tuple[int, int, int]]] = {}  # issues that will be reversed

    def receive(
        self,
        n: int,
        holding: int,
        at: datetime,
        site: int,
        batch: int,
        item: int,
        category: str,
        qty: int,
        cost: int,
        in_kind: bool,
        user: int,
    ) -> None:
        layer = self._layer(holding, site, batch, item, cost, qty, n, at)
        value = qty * cost
        roll = self.rng.random()
        if in_kind:
            donor = len(FOUNDATIONS) + 1 + self.rng.randrange(len(IN_KIND_DONORS))
            self._set(layer, "in_kind", None, None, donor)
            self._fund(layer, n, "in_kind", None, None, donor, value, cost, user, at)
        elif roll < P_GRANT + P_SPLIT and at.year in self.by_year:
            grants = self.rng.sample(self.by_year[at.year], 2 if roll >= P_GRANT else 1)
            amounts = [value - value // 2, value // 2] if len(grants) == 2 else [value]
            for grant, amount in zip(grants, amounts, strict=True):
                line = self.line_of.get((grant, category))
                self._fund(layer, n, "grant", grant, line, None, amount, None, user, at)
                self.spent[grant] += amount
                if line is not None:
                    self.line_spent[line] += amount
            if len(grants) == 1:
                self._set(
                    layer,
                    "grant",
                    grants[0],
                    self.line_of.get((grants[0], category)),
                    self.grants[grants[0]][0],
                )
            else:
                self._set(layer, "split", None, None, None)
        else:
            self._set(layer, "unrestricted", None, None, None)
            self._fund(layer, n, "unrestricted", None, None, None, value, None, user, at)

    def found(
        self, n: int, holding: int, at: datetime, site: int, batch: int, item: int, qty: int, cost: int
    ) -> None:
        layer = self._layer(holding, site, batch, item, cost, qty, n, at)
        self._set(layer, "found", None, None, None)

    def take(self, n: int, holding: int, qty: int, remember: bool) -> None:
        taken: list[tuple[int, int, int]] = []
        for layer in self.open.get(holding, ()):
            row = self.layer_rows[layer - 1]
            left = int(row[9])  # type: ignore[call-overload]
            if left == 0:
                continue
            part = min(left, qty)
            row[9] = left - part
            value = part * int(row[7])  # type: ignore[call-overload]
            self.takes.extend((n, layer, part, value))
            taken.append((layer, part, value))
            qty -= part
            if qty == 0:
                break
        if qty:
            raise AssertionError(f"holding {holding}: layers short by {qty} units")
        if remember:
            self.remembered[n] = taken

    def give_back(self, n: int, original: int) -> None:
        for layer, part, value in self.remembered.pop(original):
            row = self.layer_rows[layer - 1]
            row[9] = int(row[9]) + part  # type: ignore[call-overload]
            self.takes.extend((n, layer, -part, -value))

    def _layer(
        self, holding: int, site: int, batch: int, item: int, cost: int, qty: int, n: int, at: datetime
    ) -> int:
        # site, batch, item, source, grant, line, donor, cost (7), received, left (9), movement, created
        self.layer_rows.append([site, batch, item, "", None, None, None, cost, qty, qty, n, at])
        layer = len(self.layer_rows)
        self.open.setdefault(holding, []).append(layer)
        return layer

    def _set(self, layer: int, source: str, grant: int | None, line: int | None, donor: int | None) -> None:
        row = self.layer_rows[layer - 1]
        row[3], row[4], row[5], row[6] = source, grant, line, donor

    def _fund(
        self,
        layer: int,
        n: int,
        source: str,
        grant: int | None,
        line: int | None,
        donor: int | None,
        amount: int,
        unit_value: int | None,
        user: int,
        at: datetime,
    ) -> None:
        self.funding.append(
            (layer, n, source, grant, line, donor, amount, unit_value, None, None, user, at, None, None)
        )

    def write(self, writer: Writer, advance: Callable[[int], None] = lambda _n: None) -> None:
        writer.insert("donors", ("id", "name", "kind", "reference", "note", "active"), self.donors)
        grant_rows: list[Row] = []
        for grant_id, (donor, year) in self.grants.items():
            amount = self._room(self.spent[grant_id], current=year == self.today.year)
            status = "active" if year >= self.today.year else "closed"
            grant_rows.append(
                (
                    grant_id,
                    donor,
                    f"Bevilling {year}",
                    f"{year}-{donor:03d}",
                    amount,
                    date(year, 1, 1),
                    date(year, 12, 31),
                    status,
                    {"categories": [], "sites": [], "items": []},
                )
            )
        writer.insert(
            "grants",
            (
                "id",
                "donor_id",
                "name",
                "reference",
                "amount_ore",
                "start_date",
                "end_date",
                "status",
                "restrictions",
            ),
            grant_rows,
        )
        line_rows: list[Row] = []
        for line_id, (grant_id, category) in self.lines.items():
            line_rows.append(
                (line_id, grant_id, LINES[category], self._room(self.line_spent[line_id], False), category)
            )
        writer.insert("budget_lines", ("id", "grant_id", "name", "amount_ore", "category"), line_rows)
        placed = ("quantity_received", "quantity_left", "movement_id", "created_at")
        columns = ("id", "site_id", *KIND_COLUMNS, *placed)
        for start in range(0, len(self.layer_rows), CHUNK):
            chunk = self.layer_rows[start : start + CHUNK]
            writer.insert("cost_layers", columns, [(start + k + 1, *row) for k, row in enumerate(chunk)])
        takes = self.takes
        for start in range(0, len(takes), 4 * CHUNK):
            part = takes[start : start + 4 * CHUNK]
            rows = [tuple(part[k : k + 4]) for k in range(0, len(part), 4)]
            writer.insert("layer_takes", ("movement_id", "layer_id", "quantity", "value_ore"), rows)
            advance(len(rows))
        writer.insert(
            "receipt_funding",
            (
                "layer_id",
                "operation_id",
                "source",
                "grant_id",
                "budget_line_id",
                "donor_id",
                "amount_ore",
                "unit_value_ore",
                "override_reason",
                "overridden",
                "user_id",
                "created_at",
                "superseded_at",
                "superseded_reason",
            ),
            self.funding,
        )

    def _room(self, spent: int, current: bool) -> int:
        """What the grant was for: what was charged plus room left (much for this year's), in whole kroner."""
        factor = self.rng.uniform(1.6, 2.5) if current else self.rng.uniform(1.02, 1.3)
        return max(100_000_00, int(spent * factor) // 100_000 * 100_000 + 100_000)

"""Fill an empty, migrated database with the synthetic clinic's five years of ledger."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench import catalogue as cat
from bench.catalogue import ItemSpec
from bench.funding import FundingEmitter
from bench.ledger_plan import (
    ADJUST,
    DAY,
    DISPOSAL,
    FOUND,
    ISSUE,
    ISSUE_REVERSED,
    RECEIPT,
    REVERSAL,
    Holdings,
    holdings_of,
    plan_events,
    unpack,
)
from bench.params import Params
from bench.progress import Progress
from bench.writers import Row, Writer
from inventory.clock import Clock
from inventory.services.users import hash_password

CHUNK = 50_000
OPERATION_COLUMNS = (
    "id",
    "kind",
    "site_id",
    "item_id",
    "user_id",
    "reason",
    "note",
    "reference",
    "reverses_operation_id",
    "created_at",
)
MOVEMENT_COLUMNS = (
    "id",
    "operation_id",
    "kind",
    "site_id",
    "item_id",
    "batch_id",
    "quantity",
    "unit_cost_ore",
    "reverses_id",
    "user_id",
    "created_at",
)
ISSUE_REASON = {
    "medicine": "patient",
    "lab": "lab",
    "dental": "dental",
    "consumable": "treatment",
    "equipment": "treatment",
}
DISPOSAL_NOTE = "Udløbet: returneret til apotek til destruktion"


@dataclass(frozen=True)
class Generated:
    history_batch: int  # the batch with the most movements
    history_item: int  # the item with the most movements


def generate(writer: Writer, params: Params, *, progress: bool = True) -> Generated:
    rng = random.Random(params.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=round(365.25 * params.years))
    span = int((now - start).total_seconds())
    _write_catalogue(writer, params, now, rng)
    specs = cat.items(params, rng)
    writer.insert(
        "items",
        (
            "id",
            "name",
            "category",
            "unit_of_issue",
            "pack_size",
            "atc_code",
            "strength",
            "form",
            "requires_expiry",
            "cold_chain",
            "controlled",
            "active",
        ),
        cat.item_rows(specs),
    )
    writer.insert("item_gtins", ("gtin", "item_id"), [(cat.gtin_of(s.id), s.id) for s in specs])
    batch_specs = cat.batches(params, specs, span, Clock().today(), start, rng)
    writer.insert(
        "batches",
        ("id", "item_id", "batch_number", "expiry_date", "created_at"),
        _batch_rows(batch_specs, start),
    )
    start_seconds = (
        start.date().toordinal() * DAY
        + (start - datetime.combine(start.date(), datetime.min.time(), UTC)).seconds
    )
    holdings = holdings_of(batch_specs, start_seconds, span, rng)
    events = plan_events(holdings, params, specs, span, rng, progress)
    _users, links = cat.user_rows(params, "-", now)  # only for the volunteer lists
    # Its own random stream: the ledger is the same with or without funding.
    funding = FundingEmitter(start.year, now.year, Clock().today(), random.Random(params.seed + 1))
    emitter = _Emitter(writer, holdings, specs, start, span, cat.volunteers_by_site(links), rng, funding)
    with Progress("writing movements", len(events), enabled=progress) as bar:
        emitter.run(events, bar.advance)
    writer.insert(
        "stock_balances",
        ("site_id", "batch_id", "item_id", "quantity", "location_id", "expiry_date"),
        [(*row, batch_specs[row[1] - 1].expiry) for row in emitter.balance_rows()],
    )
    with Progress("writing cost layers", len(funding.takes) // 4, enabled=progress) as bar:
        funding.write(writer, bar.advance)
    generated = emitter.busiest()
    writer.insert(
        "meta",
        ("key", "value"),
        [
            ("bench_dataset", params.key()),
            ("bench_generated_at", now.isoformat()),
            ("bench_history_batch", str(generated.history_batch)),
            ("bench_history_item", str(generated.history_item)),
        ],
    )
    return generated


def _write_catalogue(writer: Writer, params: Params, now: datetime, rng: random.Random) -> None:
    writer.insert("sites", ("id", "code", "name", "address", "active"), cat.site_rows(params))
    writer.insert("locations", ("id", "site_id", "name", "cold"), cat.location_rows(params))
    # One argon2 hash (the service's own hasher) for every user: they share the benchmark password.
    password_hash = asyncio.run(hash_password(cat.BENCH_PASSWORD))
    users, links = cat.user_rows(params, password_hash, now)
    writer.insert(
        "users",
        ("id", "username", "full_name", "password_hash", "role", "active", "is_demo", "created_at"),
        users,
    )
    writer.insert("user_sites", ("user_id", "site_id"), links)


def _batch_rows(batches: list[cat.BatchSpec], start: datetime) -> list[Row]:
    rows: list[Row] = []
    seq: dict[int, int] = {}
    for batch_id, b in enumerate(batches, start=1):
        created = start + timedelta(seconds=b.t0)
        seq[b.item_id] = seq.get(b.item_id, 0) + 1
        rows.append(
            (
                batch_id,
                b.item_id,
                cat.batch_number(b.item_id, seq[b.item_id], created.date()),
                b.expiry,
                created,
            )
        )
    return rows


class _Emitter:
    """Turns planned events into operation and movement rows (one operation per movement, same id)."""

    def __init__(
        self,
        writer: Writer,
        h: Holdings,
        specs: list[ItemSpec],
        start: datetime,
        span: int,
        volunteers: dict[int, list[int]],
        rng: random.Random,
        funding: FundingEmitter,
    ):
        self.writer, self.h, self.specs, self.start, self.span, self.rng = writer, h, specs, start, span, rng
        self.funding = funding
        self.volunteers = volunteers
        self.balance = [0] * len(h)
        self.batch_moves = [0] * (max(h.batch, default=0) + 1)
        self.item_moves = [0] * (len(specs) + 1)
        # Issues that their author will undo: (holding, time) -> [(movement id, user)].
        self.pending: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def run(self, events: list[int], advance: Callable[[int], None]) -> None:
        ops: list[Row] = []
        moves: list[Row] = []
        for n, value in enumerate(events, start=1):
            op, move = self._rows(n, *unpack(value))
            ops.append(op)
            moves.append(move)
            if len(ops) == CHUNK:
                self._flush(ops, moves, advance)
        self._flush(ops, moves, advance)

    def _flush(self, ops: list[Row], moves: list[Row], advance: Callable[[int], None]) -> None:
        self.writer.insert("operations", OPERATION_COLUMNS, ops)
        self.writer.insert("movements", MOVEMENT_COLUMNS, moves)
        advance(len(ops))
        ops.clear()
        moves.clear()

    def _rows(self, n: int, t: int, i: int, kind: int, delay: int, qty: int) -> tuple[Row, Row]:
        h, rng = self.h, self.rng
        if t > self.span:
            raise AssertionError(f"planned event in the future at holding {i}")
        site, batch, item = h.site[i], h.batch[i], h.item[i]
        base = self.specs[item - 1].base
        at = self.start + timedelta(seconds=t)
        user = rng.choice(self.volunteers.get(site) or [cat.PHARMACIST_ID])
        reason: str | None = None
        note: str | None = None
        reference: str | None = None
        reverses: int | None = None
        cost: int | None = None
        if kind == RECEIPT:
            op_kind, cost = "receipt", base.cost_ore
            reference = "Naturaliedonation" if rng.random() < 0.2 else f"Faktura {at.year}-{n % 100_000:05d}"
        elif kind in (ISSUE, ISSUE_REVERSED):
            op_kind, reason, qty = "issue", ISSUE_REASON[base.category], -qty
            if kind == ISSUE_REVERSED:
                self.pending.setdefault((i, t), []).append((n, user))
        elif kind == REVERSAL:
            reverses, user = self.pending[(i, t - delay)].pop(0)
            op_kind, reason, note = "reversal", "issue", "Forkert vare scannet"
        else:
            op_kind, user = "adjustment", cat.PHARMACIST_ID
            if kind == ADJUST:
                reason, qty = rng.choice(("count", "damaged")), -qty
            elif kind == FOUND:
                reason = "found"
            else:
                assert kind == DISPOSAL
                reason, note, qty = "other", DISPOSAL_NOTE, -qty
        if kind == RECEIPT:
            in_kind = (reference or "").startswith("Naturalie")
            self.funding.receive(
                n, i, at, site, batch, item, base.category, qty, base.cost_ore, in_kind, user
            )
        elif kind == FOUND:
            self.funding.found(n, i, at, site, batch, item, qty, base.cost_ore)
        elif kind == REVERSAL:
            assert reverses is not None
            self.funding.give_back(n, reverses)
        else:
            self.funding.take(n, i, -qty, remember=kind == ISSUE_REVERSED)
        self.balance[i] += qty
        if self.balance[i] < 0:
            raise AssertionError(f"planned ledger goes negative at holding {i}")
        self.batch_moves[batch] += 1
        self.item_moves[item] += 1
        return (
            (n, op_kind, site, item, user, reason, note, reference, reverses, at),
            (n, n, op_kind, site, item, batch, qty, cost, reverses, user, at),
        )

    def balance_rows(self) -> list[Row]:
        h = self.h
        return [
            (
                h.site[i],
                h.batch[i],
                h.item[i],
                self.balance[i],
                cat.location_id(h.site[i], self.specs[h.item[i] - 1].base.location),
            )
            for i in range(len(h))
        ]

    def busiest(self) -> Generated:
        return Generated(
            history_batch=max(range(len(self.batch_moves)), key=self.batch_moves.__getitem__),
            history_item=max(range(len(self.item_moves)), key=self.item_moves.__getitem__),
        )

"""The ledger's story before it is written: every (site, batch) holding and its events over the years.

Each holding starts with a receipt; issues draw it down in time order (never below zero), a few are
adjustments or reversed by their author, and expired leftovers are often disposed of. Event counts are
apportioned so the data set has exactly `params.movements` movements. Events are packed into ints so
two million of them sort quickly and in little memory.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from bench.apportion import apportion
from bench.catalogue import BatchSpec, ItemSpec, site_weights
from bench.params import Params
from bench.progress import Progress

DAY = 86_400
RECEIPT, ISSUE, ISSUE_REVERSED, REVERSAL, ADJUST, DISPOSAL, FOUND = range(7)
P_REVERSED = 0.004  # an issue undone by its author (wrong item scanned)
P_ADJUST = 0.01  # a count correction or damaged pack
P_FOUND = 0.1  # share of adjustments that find stock rather than lose it
P_DISPOSE = 0.7  # expired leftovers returned to a pharmacy for destruction

# Packed event: time (32 bits) | holding (24) | kind (3) | reversal delay (12) | quantity (32).
_QTY_BITS, _DELAY_BITS, _KIND_BITS, _HOLDING_BITS = 32, 12, 3, 24
MAX_HOLDINGS = 1 << _HOLDING_BITS


def pack(t: int, holding: int, kind: int, delay: int, qty: int) -> int:
    return ((((t << _HOLDING_BITS | holding) << _KIND_BITS | kind) << _DELAY_BITS | delay) << _QTY_BITS) | qty


def unpack(value: int) -> tuple[int, int, int, int, int]:
    """(time, holding, kind, delay, quantity); the quantity is unsigned, its sign follows the kind."""
    qty = value & 0xFFFF_FFFF
    value >>= _QTY_BITS
    delay = value & 0xFFF
    value >>= _DELAY_BITS
    kind = value & 0x7
    value >>= _KIND_BITS
    return value >> _HOLDING_BITS, value & (MAX_HOLDINGS - 1), kind, delay, qty


@dataclass
class Holdings:
    """Column arrays, one entry per (site, batch): cheaper than 100,000s of objects."""

    site: list[int] = field(default_factory=list)
    batch: list[int] = field(default_factory=list)
    item: list[int] = field(default_factory=list)
    received: list[int] = field(default_factory=list)  # seconds since start
    expires: list[int | None] = field(default_factory=list)  # seconds since start, or None
    role: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.site)


def holdings_of(batches: list[BatchSpec], start_day_seconds: int, now: int, rng: random.Random) -> Holdings:
    """`batches` in id order (id = index + 1). A second site receives its part up to a week later."""
    h = Holdings()
    for batch_id, b in enumerate(batches, start=1):
        expires = None if b.expiry is None else b.expiry.toordinal() * DAY - start_day_seconds
        for n, site in enumerate(b.sites):
            h.site.append(site)
            h.batch.append(batch_id)
            h.item.append(b.item_id)
            later = min(b.t0 + rng.randint(3600, 7 * DAY), now - 120)  # not in the future
            h.received.append(b.t0 if n == 0 or b.role != "ordinary" else later)
            h.expires.append(expires)
            h.role.append(b.role)
    if len(h) >= MAX_HOLDINGS:
        raise ValueError(f"at most {MAX_HOLDINGS - 1} (site, batch) holdings")
    return h


def _window_end(h: Holdings, i: int, now: int) -> int:
    """Issues happen before the batch expires (FEFO never picks expired stock) and before now."""
    expires = h.expires[i]
    return min(now - 60, now if expires is None else expires - DAY)


def slot_weights(h: Holdings, params: Params, now: int, rng: random.Random) -> list[float]:
    """How many events each holding gets: busier sites, longer use, hot items draw more."""
    site_w = site_weights(params)
    weights = []
    for i in range(len(h)):
        active_days = max(0, _window_end(h, i, now) - h.received[i] - 60) / DAY
        boost = 4.0 if h.role[i] == "hot" else 1.0
        weights.append(site_w[h.site[i] - 1] * active_days * boost * rng.uniform(0.5, 1.5))
    return weights


def plan_events(
    h: Holdings, params: Params, specs: list[ItemSpec], now: int, rng: random.Random, progress: bool
) -> list[int]:
    """All events of all holdings, packed, in time order."""
    slots = apportion(params.movements - len(h), slot_weights(h, params, now, rng))
    events: list[int] = []
    with Progress("planning ledger", len(h), enabled=progress) as bar:
        for i, k in enumerate(slots):
            events.extend(_holding_events(h, i, k, specs[h.item[i] - 1], now, rng))
            if i % 1000 == 999:
                bar.advance(1000)
        bar.advance(len(h) % 1000)
    events.sort()
    return events


def _consumed_fraction(h: Holdings, i: int, now: int, rng: random.Random) -> float:
    """How much of the receipt is used by now: old batches are gone, new ones nearly full."""
    role, expires, received = h.role[i], h.expires[i], h.received[i]
    if role == "fefo":
        return rng.uniform(0.05, 0.5)
    if role == "hot" and (expires is None or expires > now):
        return rng.uniform(0.1, 0.4)
    if expires is not None and expires <= now:
        return 1.0 if rng.random() < 0.75 else rng.uniform(0.5, 0.95)
    life = (expires - received) if expires is not None else 2 * 365 * DAY
    used = (now - received) / max(life, DAY) * rng.uniform(0.8, 1.6)
    return 1.0 if used >= 0.98 else max(used, 0.02)


def _holding_events(h: Holdings, i: int, k: int, item: ItemSpec, now: int, rng: random.Random) -> list[int]:
    t_r, end = h.received[i], _window_end(h, i, now)
    if end <= t_r + 60:
        k = 0  # received after its use window (e.g. short-dated): gets only the receipt
    f = _consumed_fraction(h, i, now, rng)
    expires = h.expires[i]
    dispose = (
        k >= 2
        and f < 1.0
        and expires is not None
        and expires + 2 * DAY < now
        and h.role[i] == "ordinary"
        and rng.random() < P_DISPOSE
    )
    uses = k - 1 if dispose else k
    consumed = max(uses, round(uses * item.base.issue_size * rng.uniform(0.6, 1.4)))
    if consumed == 0:
        received = item.base.issue_size * rng.randint(5, 50)  # not touched yet
    elif f >= 1.0:
        received = consumed
    else:
        received = max(consumed + 1, math.ceil(consumed / f))
        if h.role[i] == "hot":
            received = max(received, 2000)  # enough in date for many benchmark runs
    out = [pack(t_r, i, RECEIPT, 0, received)]
    balance = received - consumed + _uses(out, i, t_r, end, uses, consumed, now, rng)
    if dispose:
        assert expires is not None and balance > 0
        out.append(
            pack(expires + rng.randint(DAY, min(60 * DAY, now - expires - DAY)), i, DISPOSAL, 0, balance)
        )
    return out


def _uses(
    out: list[int], i: int, t_r: int, end: int, uses: int, consumed: int, now: int, rng: random.Random
) -> int:
    """Append `uses` draw-downs totalling at most `consumed`; returns the units given back (reversals)."""
    if uses == 0:
        return 0
    times = sorted(rng.randint(t_r + 60, end) for _ in range(uses))
    cuts = sorted(rng.sample(range(1, consumed), uses - 1)) if uses > 1 else []
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, consumed], strict=True)]
    given_back = 0
    j = 0
    while j < uses:
        t, q = times[j], sizes[j]
        roll = rng.random()
        if roll < P_REVERSED and j + 1 < uses and t < now - 120:
            # The next slot becomes the reversal of this issue, minutes later; its units stay on the shelf.
            delay = rng.randint(60, min(3600, now - 1 - t))
            out.append(pack(t, i, ISSUE_REVERSED, 0, q))
            out.append(pack(t + delay, i, REVERSAL, delay, q))
            given_back += q + sizes[j + 1]
            j += 2
            continue
        if roll < P_REVERSED + P_ADJUST and rng.random() < P_FOUND:
            out.append(pack(t, i, FOUND, 0, 1))
            given_back += q + 1
        else:
            out.append(pack(t, i, ADJUST if roll < P_REVERSED + P_ADJUST else ISSUE, 0, q))
        j += 1
    return given_back

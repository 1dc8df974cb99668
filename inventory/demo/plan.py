"""Half a year of demo stock history, planned as plain data before anything touches the ledger.

`plan_demo_stock(today)` returns receipts and issues dated by `days_ago` relative to `today`. It is pure
and deterministic: the same `today` and `seed` give the same plan, and every random draw is seeded per
item, so adding an item to the catalogue leaves the other items' history alone.

What the plan guarantees to whoever replays it (oldest first, receipts before issues on the same day):

* No issue can fail for want of stock, whatever batches the issue service picks: at every issue, the
  quantity issued so far for that site and item never exceeds what that site has received of batches
  still usable on the issue date (expiry strictly after it). Receipts always come a day or more before
  the issues that draw on them.
* A batch number belongs to one item and has one expiry date. Wholesaler deliveries and donations are
  sometimes split between sites, so the same batch turns up at several sites, always with that expiry.
* Every batch is received well before its expiry date. Some batches have expired since, with stock still
  on the shelf (short-dated donations too big to use in time); others expire within 30, 60 or 90 days; most
  are good for 5 months to 3 years. Items without an expiry requirement get no expiry.
* A few items at a few sites end below their reorder level (`reorder_level`: one month's use).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from .catalogue import ITEMS, SITES, DemoItem

Reason = Literal["patient", "treatment", "lab", "dental", "other"]
_Kind = Literal["normal", "soon", "expired"]
_Slot = Literal["old", "mid", "recent"]

HISTORY_DAYS = 180

# How busy each site is, relative to København: DemoItem.monthly_use is København's figure.
SITE_ACTIVITY: Mapping[str, float] = MappingProxyType({"KBH": 1.0, "AAR": 0.6, "ODE": 0.4, "AAL": 0.3})

# Share of the catalogue each site keeps (the core items are kept everywhere).
_STOCK_SHARE: Mapping[str, float] = MappingProxyType({"KBH": 0.55, "AAR": 0.4, "ODE": 0.3, "AAL": 0.2})

_CORE = frozenset({
    "insulin-glargin-pen", "insulin-aspart-pen", "metformin-500", "glukose-teststrimler", "lancetter-30g",
    "amlodipin-5", "salbutamol-inhalator", "paracetamol-500", "ibuprofen-400", "amoxicillin-500",
    "penicillin-1mie", "folsyre-04", "graviditetstest", "urinstiks-10", "nitrilhandsker-m", "spritservietter",
    "articain-adrenalin", "blodtryksmanchet-standard",
})

_LATER_SLOTS: tuple[_Slot, ...] = ("mid", "recent")
# Receipt windows (days ago) for a site's first, middle and latest delivery.
_SLOT_DAYS: Mapping[_Slot, tuple[int, int]] = MappingProxyType(
    {"old": (100, 178), "mid": (45, 99), "recent": (5, 44)}
)

_PURCHASE: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "medicine": ("Nomeco ordre", "Tjellesen Max Jenne ordre"),
    "lab": ("Mediq ordre", "Buch & Holm ordre"),
    "dental": ("Plandent ordre",),
    "consumable": ("Abena ordre", "Mediq ordre"),
    "equipment": ("Mediq ordre",),
})
_DONATION: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "medicine": (
        "Naturaliedonation Apotekerforeningen",
        "Naturaliedonation, lægepraksis",
        "Naturaliedonation, hospitalsapotek",
    ),
    "lab": ("Naturaliedonation, hospitalslaboratorium",),
    "dental": ("Naturaliedonation, tandlægepraksis",),
    "consumable": ("Naturaliedonation, privat donor", "Naturaliedonation, hospitalets overskudslager"),
    "equipment": ("Naturaliedonation, privat donor",),
})

_HANDED_TO_PATIENT = frozenset({
    "glukose-teststrimler", "lancetter-30g", "pennaale-4mm", "spacer-voksen", "spacer-maske-barn",
    "fed-creme", "glukometer", "termometer-digitalt",
})
_GIVEN_IN_CLINIC = frozenset({
    "mfr-vaccine", "ditekipol-hib-vaccine", "dite-booster", "adrenalin-1mg", "ultralydsgel",
})

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True)
class PlannedReceipt:
    site: str
    item: str
    batch_number: str
    expiry: date | None
    quantity: int
    unit_cost_ore: int
    days_ago: int
    reference: str | None


@dataclass(frozen=True)
class PlannedIssue:
    site: str
    item: str
    quantity: int
    reason: Reason
    days_ago: int


@dataclass(frozen=True)
class _Lot:
    """One manufacturer batch as delivered: shared by every site that got part of the delivery."""

    batch_number: str
    expiry: date | None
    days_ago: int
    reference: str | None
    unit_cost_ore: int


def monthly_rate(item: DemoItem, site: str) -> float:
    """Units of issue a site uses in a month."""
    return item.monthly_use * SITE_ACTIVITY[site]


def reorder_level(item: DemoItem, site: str) -> int:
    """A sensible reorder level: one month's use at that site (0 for instruments that are not issued)."""
    return math.ceil(monthly_rate(item, site)) if item.monthly_use > 0 else 0


def plan_demo_stock(today: date, seed: int = 2011) -> tuple[list[PlannedReceipt], list[PlannedIssue]]:
    """Receipts and issues over the last ~180 days for every site; see the module docstring."""
    receipts: list[PlannedReceipt] = []
    issues: list[PlannedIssue] = []
    used_numbers: set[str] = set()
    for item in ITEMS:
        rng = random.Random(f"{seed}:{item.key}")
        planner = _ItemPlanner(item, today, rng, used_numbers)
        for site in SITES:
            if item.key in _CORE or rng.random() < _STOCK_SHARE[site.code]:
                planner.plan_site(site.code, receipts, issues)
    site_order = {site.code: n for n, site in enumerate(SITES)}
    item_order = {item.key: n for n, item in enumerate(ITEMS)}
    receipts.sort(key=lambda r: (-r.days_ago, site_order[r.site], item_order[r.item], r.batch_number))
    issues.sort(key=lambda i: (-i.days_ago, site_order[i.site], item_order[i.item]))
    return receipts, issues


class _ItemPlanner:
    """Plans one item at each site in turn, keeping the item's batches so sites can share them."""

    def __init__(self, item: DemoItem, today: date, rng: random.Random, used_numbers: set[str]) -> None:
        self.item = item
        self.today = today
        self.rng = rng
        self.used_numbers = used_numbers
        self.pool: dict[tuple[_Kind, _Slot], list[_Lot]] = {}
        self.number_style = random.Random(f"batch-style:{item.key}").randrange(6)

    # --- one site ---------------------------------------------------------------------------------------

    def plan_site(self, site: str, receipts: list[PlannedReceipt], issues: list[PlannedIssue]) -> None:
        item, rng = self.item, self.rng
        rate = monthly_rate(item, site)
        if item.monthly_use == 0:  # instruments: bought once, kept, not issued
            lot, days_ago = self._lot("normal", "old")
            receipts.append(self._receipt(site, lot, days_ago, rng.randint(1, 3) * item.pack_size))
            return
        scenario = self._scenario(rate)
        plan = self._batches(scenario)
        lots = [(self._lot(kind, slot), kind) for kind, slot in plan]
        first = max(days_ago for (_, days_ago), _ in lots)
        demand = rate * first / 30
        amounts = self._amounts(scenario, [kind for _, kind in lots], demand, rate)
        site_receipts = [
            self._receipt(site, lot, days_ago, self._whole_packs(amount))
            for ((lot, days_ago), _), amount in zip(lots, amounts, strict=True)
        ]
        receipts.extend(site_receipts)
        target_end: int | None = None
        to_issue = round(demand)
        if scenario == "low":
            received = _usable_received(site_receipts, self.today, 0)
            target_end = math.floor(reorder_level(item, site) * rng.uniform(0.0, 0.7))
            to_issue = max(0, received - target_end)
        issues.extend(self._issues(site, site_receipts, to_issue, rate, first, target_end))

    def _scenario(self, rate: float) -> Literal["normal", "low", "soon", "expired"]:
        u = self.rng.random()
        can_run_low = self.item.pack_size <= rate * 4
        if self.item.requires_expiry:
            if u < 0.09:
                return "expired"
            if u < 0.22:
                return "soon"
        if u > 0.88 and can_run_low:
            return "low"
        return "normal"

    def _batches(self, scenario: str) -> list[tuple[_Kind, _Slot]]:
        rng = self.rng
        batches: list[tuple[_Kind, _Slot]]
        if scenario == "expired":
            return [("expired", "old"), ("normal", rng.choice(_LATER_SLOTS))]
        if scenario == "soon":
            batches = [("soon", "old")]
            if rng.random() < 0.5:  # else one batch, more than the site will use before it expires
                batches.append(("normal", "recent"))
            return batches
        if scenario == "low":
            batches = [("normal", "old")]
            if rng.random() < 0.3:
                batches.append(("normal", "mid"))
            return batches
        count = rng.choices((1, 2, 3), weights=(0.74, 0.22, 0.04))[0]
        if count == 1:
            return [("normal", "old")]
        if count == 2:
            return [("normal", "old"), ("normal", rng.choice(_LATER_SLOTS))]
        return [("normal", "old"), ("normal", "mid"), ("normal", "recent")]

    def _amounts(self, scenario: str, kinds: Sequence[_Kind], demand: float, rate: float) -> list[float]:
        """Units to receive per batch, before rounding up to whole packs."""
        u = self.rng.uniform
        if scenario == "expired":
            # A short-dated donation bigger than the site could use before it expired, then a fresh batch.
            return [(demand + rate) * u(1.2, 1.8), demand + rate * u(1.5, 3.5)]
        if scenario == "soon":
            if len(kinds) == 1:
                return [(demand + rate) * u(1.1, 1.5)]
            return [(demand + rate) * u(0.85, 1.05), demand * 0.3 + rate * u(2.0, 4.0)]
        total = demand + rate * (u(0.2, 0.8) if scenario == "low" else u(1.5, 4.0))
        shares = {1: (1.0,), 2: (0.65, 0.35), 3: (0.5, 0.3, 0.2)}[len(kinds)]
        return [total * share for share in shares]

    def _issues(
        self,
        site: str,
        site_receipts: Sequence[PlannedReceipt],
        to_issue: int,
        rate: float,
        first: int,
        target_end: int | None,
    ) -> list[PlannedIssue]:
        rng = self.rng
        planned: list[PlannedIssue] = []
        if to_issue > 0:
            events = round(rng.uniform(0.8, 1.2) * (1 + 0.45 * math.sqrt(rate)) * first / HISTORY_DAYS)
            events = max(1, min(events, 12, to_issue, first))
            days = sorted(rng.sample(range(first), events), reverse=True)
            quantities = self._split(to_issue, events)
            issued = 0
            for days_ago, wanted in zip(days, quantities, strict=True):
                quantity = min(wanted, _usable_received(site_receipts, self.today, days_ago) - issued)
                if quantity > 0:
                    planned.append(PlannedIssue(site, self.item.key, quantity, self._reason(), days_ago))
                    issued += quantity
        if target_end is not None:  # deliberately low: draw down to the target if the timing held us back
            issued = sum(i.quantity for i in planned)
            extra = _usable_received(site_receipts, self.today, 0) - issued - target_end
            if extra > 0:
                planned.append(PlannedIssue(site, self.item.key, extra, self._reason(), 0))
        return planned

    def _split(self, total: int, parts: int) -> list[int]:
        """`total` in `parts` uneven positive amounts; tablets handed out in tens where that fits."""
        weights = [self.rng.uniform(0.4, 1.6) for _ in range(parts)]
        step = 10 if self.item.unit_of_issue in ("tablet", "capsule") and total >= 10 * parts else 1
        amounts = [max(step, round(total * w / sum(weights) / step) * step) for w in weights]
        while sum(amounts) > total and max(amounts) > step:  # rounding up must not raise the total
            amounts[amounts.index(max(amounts))] -= step
        return amounts

    def _reason(self) -> Reason:
        item, u = self.item, self.rng.random()
        if item.key in _GIVEN_IN_CLINIC:
            return "treatment"
        if item.key in _HANDED_TO_PATIENT:
            return "patient" if item.category != "lab" or u < 0.6 else "lab"
        if item.category == "medicine":
            return "patient" if u < 0.9 else "treatment"
        if item.category == "lab":
            return "lab"
        if item.category == "dental":
            return "dental"
        return "treatment" if u < 0.95 else "other"

    # --- batches ------------------------------------------------------------------------------------------

    def _lot(self, kind: _Kind, slot: _Slot) -> tuple[_Lot, int]:
        """A batch for this delivery slot and the day it arrives; sometimes another site's, split."""
        rng = self.rng
        shared = self.pool.setdefault((kind, slot), [])
        if shared and rng.random() < 0.4:
            lot = rng.choice(shared)
            return lot, max(1, lot.days_ago - rng.randint(0, 3))  # the split delivery reaches us a bit later
        low, high = _SLOT_DAYS[slot]
        days_ago = rng.randint(low, high)
        lot = self._new_lot(kind, days_ago)
        shared.append(lot)
        return lot, days_ago

    def _new_lot(self, kind: _Kind, days_ago: int) -> _Lot:
        item, rng, today = self.item, self.rng, self.today
        expiry: date | None = None
        if item.requires_expiry:
            if kind == "expired":
                expiry = today - timedelta(days=rng.randint(3, 60))
            elif kind == "soon":
                low, high = rng.choice(((1, 30), (31, 60), (61, 90)))
                expiry = today + timedelta(days=rng.randint(low, high))
            else:
                expiry = _month_end(today + timedelta(days=rng.randint(150, 1095)))
        donated = not item.controlled and rng.random() < (0.6 if kind == "expired" else 0.2)
        if rng.random() < 0.05:
            reference = None
        elif donated:
            reference = rng.choice(_DONATION[item.category])
        else:
            reference = f"{rng.choice(_PURCHASE[item.category])} {rng.randint(40000, 99999)}"
        cost = item.unit_cost_ore if donated else max(1, round(item.unit_cost_ore * rng.uniform(0.93, 1.07)))
        made = (expiry - timedelta(days=730)) if expiry else today - timedelta(days=days_ago + 90)
        return _Lot(self._batch_number(made.year), expiry, days_ago, reference, cost)

    def _batch_number(self, year: int) -> str:
        """A fresh batch number in this manufacturer's style, e.g. NX4821, L23A117, 2305417."""
        rng = self.rng
        while True:
            letter = rng.choice(_LETTERS)
            yy = f"{year % 100:02d}"
            number = (
                f"{letter}{rng.choice(_LETTERS)}{rng.randint(1000, 9999)}",
                f"L{yy}{letter}{rng.randint(100, 999)}",
                f"{yy}{rng.randint(10000, 99999)}",
                f"{letter}{rng.choice(_LETTERS)}{rng.randint(100, 999)}{rng.choice(_LETTERS)}",
                f"{yy}{letter}{rng.choice(_LETTERS)}{rng.randint(1000, 9999)}",
                f"{letter}{rng.randint(1000, 9999)}-{rng.randint(1, 12):02d}",
            )[self.number_style]
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def _receipt(self, site: str, lot: _Lot, days_ago: int, quantity: int) -> PlannedReceipt:
        item = self.item.key
        return PlannedReceipt(
            site, item, lot.batch_number, lot.expiry, quantity, lot.unit_cost_ore, days_ago, lot.reference
        )

    def _whole_packs(self, units: float) -> int:
        return max(1, math.ceil(units / self.item.pack_size)) * self.item.pack_size


def _usable_received(site_receipts: Sequence[PlannedReceipt], today: date, days_ago: int) -> int:
    """Units received before the day `days_ago`, of batches whose expiry is after that day."""
    day = today - timedelta(days=days_ago)
    return sum(
        r.quantity
        for r in site_receipts
        if r.days_ago > days_ago and (r.expiry is None or r.expiry > day)
    )


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)

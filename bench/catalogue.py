"""The synthetic clinic: sites, a catalogue of thousands of items, users and batches.

Item names are real Danish product names with supplier/pack variants, so sorting and searching by name
behave as with a real catalogue. Everything is derived from `Params` and a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bench.apportion import apportion
from bench.params import Params
from inventory.domain.gtin import check_digit

BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-password"  # a local benchmark database only
BENCH_USER_ID = 1
PHARMACIST_ID = 2
VOLUNTEERS = 40

SITE_NAMES = (("KBH", "København"), ("AAR", "Aarhus"), ("ODE", "Odense"), ("AAL", "Aalborg"))
# København sees most patients; extra sites (--sites) are small.
SITE_WEIGHTS = (0.42, 0.26, 0.19, 0.13)
EXTRA_SITE_WEIGHT = 0.08

LOCATIONS = (
    "Medicinskab A",
    "Medicinskab B",
    "Køleskab",
    "Aflåst skab",
    "Tandklinik",
    "Laboratorium",
    "Forbrugslager",
    "Udstyrsskab",
)


@dataclass(frozen=True)
class BaseItem:
    name: str
    category: str
    unit: str
    pack: int
    cost_ore: int
    atc: str | None
    shelf_days: int | None  # None: no expiry date (gloves, instruments)
    issue_size: int  # typical units per issue
    location: str

    @property
    def cold(self) -> bool:
        return self.location == FRIDGE

    @property
    def controlled(self) -> bool:
        return self.location == LOCKED


MED_A, MED_B, FRIDGE, LOCKED, DENTAL, LAB, STORE, EQUIPMENT = LOCATIONS


# High-volume goods first: the hot items of the scan-out load are drawn from the head of this list.
BASES = (
    # name, category, unit of issue, pack size, øre per unit, ATC, shelf life (days), units per issue, where
    BaseItem("Nitrilhandsker M", "consumable", "pair", 100, 60, None, None, 2, STORE),
    BaseItem("Blodsukker teststrimler", "lab", "strip", 50, 400, None, 540, 5, LAB),
    BaseItem("Lancetter 30G, sterile", "lab", "stk", 200, 40, None, 1460, 5, LAB),
    BaseItem("Paracetamol 500 mg tabletter", "medicine", "tablet", 100, 25, "N02BE01", 1095, 20, MED_B),
    BaseItem("Ibuprofen 400 mg tabletter", "medicine", "tablet", 100, 35, "M01AE01", 1095, 20, MED_B),
    BaseItem("Metformin 500 mg tabletter", "medicine", "tablet", 100, 35, "A10BA02", 1095, 30, MED_A),
    BaseItem("Gazekompresser 10 x 10 cm, sterile", "consumable", "stk", 100, 30, None, 1825, 4, STORE),
    BaseItem("Urinstiks, 10 parametre", "lab", "strip", 100, 400, None, 540, 1, LAB),
    BaseItem("Sprøjte 5 ml luer-lock", "consumable", "stk", 100, 80, None, 1825, 2, STORE),
    BaseItem("Amlodipin 5 mg tabletter", "medicine", "tablet", 100, 15, "C08CA01", 1095, 30, MED_A),
    BaseItem("Folsyre 0,4 mg tabletter", "medicine", "tablet", 100, 30, "B03BB01", 1095, 30, MED_B),
    BaseItem("Tandnåle 30G kort", "dental", "stk", 100, 90, None, 1460, 2, DENTAL),
    BaseItem("Insulin glargin 100 E/ml, pen 3 ml", "medicine", "pen", 5, 8900, "A10AE04", 730, 1, FRIDGE),
    BaseItem("Articain/adrenalin 40 mg/ml, ampul", "dental", "cartridge", 50, 700, "N01BB58", 730, 2, DENTAL),
    BaseItem("Amoxicillin 500 mg tabletter", "medicine", "tablet", 20, 200, "J01CA04", 1095, 15, MED_B),
    BaseItem("Salbutamol 0,1 mg/dosis inhalator", "medicine", "inhalator", 1, 4500, "R03AC02", 730, 1, MED_A),
    BaseItem("Hydrocortison 1 % creme, 30 g", "medicine", "tube", 1, 4500, "D07AA02", 900, 1, MED_B),
    BaseItem("Graviditetstest (hCG), kassette", "lab", "stk", 25, 500, None, 720, 1, LAB),
    BaseItem("Blodprøverør EDTA 4 ml", "lab", "stk", 100, 150, None, 540, 2, LAB),
    BaseItem("Jerntabletter 100 mg Fe", "medicine", "tablet", 100, 60, "B03AA07", 1095, 30, MED_B),
    BaseItem("Atorvastatin 20 mg tabletter", "medicine", "tablet", 100, 15, "C10AA05", 1095, 30, MED_A),
    BaseItem("Omeprazol 20 mg enterokapsler", "medicine", "capsule", 100, 50, "A02BC01", 1095, 28, MED_A),
    BaseItem("Tandruller nr. 2", "dental", "stk", 300, 20, None, None, 6, DENTAL),
    BaseItem("Plaster 2,5 cm x 5 m", "consumable", "roll", 1, 1500, None, 1825, 1, STORE),
    BaseItem("Glasionomercement, kapsler", "dental", "capsule", 50, 3000, None, 720, 2, DENTAL),
    BaseItem("CRP testkassette", "lab", "cartridge", 50, 2200, None, 365, 1, FRIDGE),
    BaseItem("Sertralin 50 mg tabletter", "medicine", "tablet", 100, 40, "N06AB06", 1095, 30, MED_A),
    BaseItem("Tramadol 50 mg kapsler", "medicine", "capsule", 20, 100, "N02AX02", 1095, 10, LOCKED),
    BaseItem("Permethrin 5 % creme, 30 g", "medicine", "tube", 1, 12000, "P03AC04", 900, 1, MED_B),
    BaseItem("diTe booster-vaccine, sprøjte", "medicine", "syringe", 1, 20000, "J07AM51", 540, 1, FRIDGE),
    BaseItem("Blodtryksmanchet, voksen", "equipment", "stk", 1, 30000, None, None, 1, EQUIPMENT),
    BaseItem("Ekstraktionstang, overkæbe molar", "equipment", "stk", 1, 90000, None, None, 1, EQUIPMENT),
)
SUPPLIERS = (
    "Actavis",
    "Sandoz",
    "Teva",
    "Orifarm",
    "Krka",
    "Stada",
    "Mylan",
    "Zentiva",
    "Accord",
    "Medical Valley",
    "Abena",
    "Mediq",
    "Henry Schein",
    "Plandent",
    "Nordic Drugs",
)
FEFO_BASE = BASES[12]  # insulin: cold-chain medicine, many short-dated batches in the fridge


@dataclass(frozen=True)
class ItemSpec:
    id: int
    base: BaseItem
    name: str
    pack: int
    active: bool


@dataclass
class BatchSpec:
    """One batch before it gets its id: first received at `t0` (seconds since the data set's start)."""

    item_id: int
    t0: int
    expiry: date | None
    sites: tuple[int, ...]
    role: str  # "hot", "fefo" or "ordinary"


def site_rows(params: Params) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(params.sites):
        code, city = SITE_NAMES[i] if i < len(SITE_NAMES) else (f"S{i + 1:02d}", f"Filial {i + 1}")
        rows.append((i + 1, code, f"Sundhedsklinikken {city}", f"Demovej {11 + 2 * i}", True))
    return rows


def site_weights(params: Params) -> list[float]:
    return [SITE_WEIGHTS[i] if i < len(SITE_WEIGHTS) else EXTRA_SITE_WEIGHT for i in range(params.sites)]


def location_id(site_id: int, name: str) -> int:
    return (site_id - 1) * len(LOCATIONS) + LOCATIONS.index(name) + 1


def location_rows(params: Params) -> list[tuple[object, ...]]:
    return [
        (location_id(site, name), site, name, name == "Køleskab")
        for site in range(1, params.sites + 1)
        for name in LOCATIONS
    ]


def items(params: Params, rng: random.Random) -> list[ItemSpec]:
    specs = []
    for item_id in range(1, params.items + 1):
        if item_id == params.fefo_item:
            base, variant = FEFO_BASE, 0
        else:
            base, variant = BASES[(item_id - 1) % len(BASES)], (item_id - 1) // len(BASES)
        supplier = SUPPLIERS[variant % len(SUPPLIERS)]
        pack = base.pack * (1 + variant // len(SUPPLIERS)) if base.pack > 1 else base.pack
        name = f"{base.name}, {supplier}" + (f", {pack} stk" if pack != base.pack else "")
        # A few per cent of a real catalogue is no longer bought; hot and FEFO items stay active.
        active = item_id <= params.fefo_item or rng.random() > 0.03
        specs.append(ItemSpec(item_id, base, name, pack, active))
    return specs


def item_rows(specs: list[ItemSpec]) -> list[tuple[object, ...]]:
    return [
        (
            s.id,
            s.name,
            s.base.category,
            s.base.unit,
            s.pack,
            s.base.atc,
            None,
            None,
            s.base.shelf_days is not None,
            s.base.cold,
            s.base.controlled,
            s.active,
        )
        for s in specs
    ]


def gtin_of(item_id: int) -> str:
    """A fictitious Danish (57x) GTIN-13 with a valid check digit, stored as GTIN-14."""
    body = f"579{item_id:09d}"
    return (body + str(check_digit(body))).zfill(14)


def user_rows(
    params: Params, password_hash: str, now: datetime
) -> tuple[list[tuple[object, ...]], list[tuple[int, int]]]:
    """The load's volunteer (all sites), a pharmacist (all sites) and volunteers at one or two sites."""
    all_sites = range(1, params.sites + 1)
    users: list[tuple[object, ...]] = [
        (BENCH_USER_ID, BENCH_USERNAME, "Benchmark volunteer", password_hash, "volunteer", True, False, now),
        (
            PHARMACIST_ID,
            "bench-pharmacist",
            "Benchmark pharmacist",
            password_hash,
            "pharmacist",
            True,
            False,
            now,
        ),
    ]
    links = [(uid, site) for uid in (BENCH_USER_ID, PHARMACIST_ID) for site in all_sites]
    for n in range(VOLUNTEERS):
        uid = PHARMACIST_ID + 1 + n
        users.append((uid, f"frivillig{n + 1:02d}", None, password_hash, "volunteer", True, False, now))
        links.append((uid, n % params.sites + 1))
        if n % 3 == 0 and params.sites > 1:
            links.append((uid, (n + 1) % params.sites + 1))
    return users, links


def volunteers_by_site(links: list[tuple[int, int]]) -> dict[int, list[int]]:
    by_site: dict[int, list[int]] = {}
    for uid, site in links:
        if uid != BENCH_USER_ID and uid != PHARMACIST_ID:
            by_site.setdefault(site, []).append(uid)
    return by_site


def batches(
    params: Params, specs: list[ItemSpec], span: int, today: date, start: datetime, rng: random.Random
) -> list[BatchSpec]:
    """All batches, oldest first (ids follow receipt order, as in the real service)."""
    day = 86_400
    weights = site_weights(params)
    all_sites = tuple(range(1, params.sites + 1))

    def expiry(item: ItemSpec, t0: int) -> date | None:
        if item.base.shelf_days is None:
            return None
        return (start + timedelta(seconds=t0, days=item.base.shelf_days * rng.uniform(0.7, 1.2))).date()

    out: list[BatchSpec] = []
    for item in specs[: params.n_hot]:
        for _ in range(params.hot_batches):
            # Most hot batches are recent, so their stock is in date for the load.
            t0 = span - rng.randint(day, 365 * day) if rng.random() < 0.7 else rng.randint(0, span - day)
            out.append(BatchSpec(item.id, t0, expiry(item, t0), all_sites, "hot"))
    for _ in range(params.fefo_batches):
        t0 = span - rng.randint(day, min(540 * day, span - day))
        # Expiries from a few months ago to three years ahead: FEFO must skip the expired ones.
        out.append(
            BatchSpec(
                params.fefo_item, t0, today + timedelta(days=rng.randint(-120, 1100)), all_sites, "fefo"
            )
        )
    ordinary = [s for s in specs[params.fefo_item :] if s.active]
    order = list(range(len(ordinary)))
    rng.shuffle(order)
    # Flat Zipf: the busiest ordinary item gets ~30 times the batches of the quietest.
    popularity = [1.0 / (rank + 200) for rank in order]
    n_ordinary = params.batches - len(out)
    for item, count in zip(ordinary, apportion(n_ordinary, popularity), strict=True):
        for _ in range(count):
            t0 = rng.randint(0, span - day)
            out.append(
                BatchSpec(item.id, t0, expiry(item, t0), _sites_for(all_sites, weights, rng), "ordinary")
            )
    out.sort(key=lambda b: b.t0)
    return out


def _sites_for(all_sites: tuple[int, ...], weights: list[float], rng: random.Random) -> tuple[int, ...]:
    first = rng.choices(all_sites, weights)[0]
    if len(all_sites) > 1 and rng.random() < 0.15:  # the same lot delivered to two sites
        second = rng.choices(all_sites, weights)[0]
        if second != first:
            return (first, second)
    return (first,)


def batch_number(item_id: int, seq: int, t0_date: date) -> str:
    """Short letters-and-digits lot numbers like real packs carry ("KB260123"); unique per item."""
    prefix = chr(65 + item_id % 26) + chr(65 + item_id // 26 % 26)
    return f"{prefix}{t0_date:%y}{seq:04d}"

"""The demo catalogue and stock plan: realistic, valid, and safe to replay through the ledger."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from inventory.demo.catalogue import (
    CATEGORIES,
    FRIDGE,
    ITEMS,
    LOCKED,
    SITES,
    DemoItem,
    item_by_key,
    site_by_code,
)
from inventory.demo.plan import (
    HISTORY_DAYS,
    PlannedIssue,
    PlannedReceipt,
    plan_demo_stock,
    reorder_level,
)
from inventory.domain.fefo import allocate
from inventory.domain.gtin import is_valid_gtin
from inventory.domain.model import BatchStock

ATC = re.compile(r"^[A-Z]\d\d[A-Z]{2}\d\d$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CASES = [
    (date(2025, 1, 15), 2011),
    (date(2024, 2, 29), 2011),
    (date(2025, 12, 31), 7),
    (date(2026, 6, 1), 42),
]
Plan = tuple[date, list[PlannedReceipt], list[PlannedIssue]]


# --- catalogue ---------------------------------------------------------------------------------------------


def test_at_least_seventy_items_covering_every_category() -> None:
    assert len(ITEMS) >= 70
    assert {item.category for item in ITEMS} == set(CATEGORIES)


def test_item_keys_are_unique_slugs_and_lookup_works() -> None:
    keys = [item.key for item in ITEMS]
    assert len(keys) == len(set(keys))
    assert all(SLUG.match(key) for key in keys), [k for k in keys if not SLUG.match(k)]
    assert item_by_key("metformin-500").name == "Metformin 500 mg tabletter"
    with pytest.raises(KeyError):
        item_by_key("no-such-item")


def test_item_names_are_unique() -> None:
    names = Counter(item.name for item in ITEMS)
    assert [name for name, n in names.items() if n > 1] == []


def test_gtins_are_valid_danish_and_unique_across_items() -> None:
    seen: dict[str, str] = {}
    for item in ITEMS:
        assert len(item.gtins) <= 2, item.key
        for gtin in item.gtins:
            assert len(gtin) in (13, 14) and is_valid_gtin(gtin), (item.key, gtin)
            normal = gtin.zfill(14)
            assert normal[1:3] == "57", (item.key, gtin)  # Danish GS1 prefixes 570-579
            assert normal not in seen, f"{gtin} on both {seen[normal]} and {item.key}"
            seen[normal] = item.key
    assert len(seen) >= 70


def test_medicines_carry_real_looking_atc_codes() -> None:
    for item in ITEMS:
        if item.category == "medicine":
            assert item.atc_code is not None and item.strength and item.form, item.key
        if item.atc_code is not None:
            assert ATC.match(item.atc_code), (item.key, item.atc_code)
    assert item_by_key("metformin-500").atc_code == "A10BA02"


def test_medicine_lab_and_dental_require_expiry() -> None:
    for item in ITEMS:
        if item.category in ("medicine", "lab", "dental"):
            assert item.requires_expiry, item.key
        if item.category == "equipment":
            assert not item.requires_expiry, item.key


def test_cold_chain_in_the_fridge_and_controlled_drugs_locked_up() -> None:
    cold = {item.key for item in ITEMS if item.cold_chain}
    controlled = {item.key for item in ITEMS if item.controlled}
    assert {"insulin-glargin-pen", "insulin-aspart-pen", "mfr-vaccine", "crp-kassette"} <= cold
    assert {"diazepam-5", "morfin-10"} <= controlled
    for item in ITEMS:
        if item.cold_chain:
            assert item.location == FRIDGE, item.key
        if item.controlled:
            assert item.category == "medicine" and item.location == LOCKED, item.key


def test_amounts_are_sensible() -> None:
    for item in ITEMS:
        assert item.pack_size >= 1 and item.unit_cost_ore >= 1 and item.monthly_use >= 0, item.key
        assert item.unit_of_issue and item.name, item.key
    # a metformin tablet costs well under a krone; an insulin pen some tens of kroner
    assert item_by_key("metformin-500").unit_cost_ore < 100
    assert 3000 < item_by_key("insulin-glargin-pen").unit_cost_ore < 20000


def test_the_four_sites_hold_every_items_location() -> None:
    assert [site.code for site in SITES] == ["KBH", "AAR", "ODE", "AAL"]
    assert site_by_code("KBH").city == "København"
    for site in SITES:
        assert site.name and site.address and len(set(site.locations)) == len(site.locations)
        for item in ITEMS:
            assert item.location in site.locations, (site.code, item.key)


def test_brief_coverage() -> None:
    keys = {item.key for item in ITEMS}
    wanted = {
        "metformin-500", "glukose-teststrimler", "lancetter-30g", "hba1c-kassette", "glucagon-1mg",
        "amlodipin-5", "ramipril-5", "losartan-50", "bisoprolol-5", "asa-75", "atorvastatin-20",
        "furosemid-40",
        "salbutamol-inhalator", "budesonid-formoterol", "spacer-voksen", "hydrocortison-creme",
        "fusidinsyre-creme", "terbinafin-creme", "permethrin-creme", "amoxicillin-500", "penicillin-1mie",
        "pivmecillinam-400", "nitrofurantoin-50", "clarithromycin-500", "doxycyclin-100", "metronidazol-500",
        "paracetamol-500", "ibuprofen-400", "sertralin-50", "mirtazapin-15", "diazepam-5", "folsyre-04",
        "jern-100", "graviditetstest", "urinstiks-10", "multivitamin-gravid", "articain-adrenalin",
        "lidocain-adrenalin", "tandnaale-30g", "glasionomer-kapsler", "komposit-a2", "midlertidig-fyldning",
        "tang-overkaebe-molar", "tandruller", "crp-kassette", "blodroer-edta", "nitrilhandsker-s",
        "nitrilhandsker-m", "nitrilhandsker-l", "gazekompres-steril", "sproejte-2ml", "sproejte-5ml",
        "kanyle-21g", "spritservietter", "plaster-assorteret", "kanyleboette", "blodtryksmanchet-standard",
        "termometer-digitalt", "glukometer",
    }
    assert wanted <= keys, wanted - keys
    insulins = [item for item in ITEMS if item.atc_code and item.atc_code.startswith("A10A")]
    assert len(insulins) >= 3


# --- plan ---------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    id: int
    quantity: int
    expiry: date | None


def replay(
    today: date, receipts: list[PlannedReceipt], issues: list[PlannedIssue]
) -> dict[tuple[str, str], dict[str, _Batch]]:
    """Replay the plan as the seed does (oldest first, receipts first on a day) with the domain's FEFO."""
    stock: dict[tuple[str, str], dict[str, _Batch]] = defaultdict(dict)
    events: list[tuple[int, int, int, PlannedReceipt | PlannedIssue]] = [
        (-r.days_ago, 0, n, r) for n, r in enumerate(receipts)
    ] + [(-i.days_ago, 1, n, i) for n, i in enumerate(issues)]
    next_id = 1
    for minus_days, _, _, event in sorted(events, key=lambda e: e[:3]):
        day = today + timedelta(days=minus_days)
        batches = stock[(event.site, event.item)]
        if isinstance(event, PlannedReceipt):
            batch = batches.get(event.batch_number)
            if batch is None:
                batch = batches[event.batch_number] = _Batch(next_id, 0, event.expiry)
                next_id += 1
            assert batch.expiry == event.expiry
            batch.quantity += event.quantity
        else:
            by_id = {b.id: b for b in batches.values()}
            held = [BatchStock(b.id, b.quantity, b.expiry) for b in by_id.values()]
            picks = allocate(event.quantity, held, day)
            for pick in picks:
                by_id[pick.batch_id].quantity -= pick.quantity
    return stock


@pytest.fixture(scope="module")
def default_plan() -> Plan:
    today = date(2025, 1, 15)
    receipts, issues = plan_demo_stock(today)
    return today, receipts, issues


def test_plan_is_deterministic() -> None:
    today = date(2025, 3, 10)
    assert plan_demo_stock(today) == plan_demo_stock(today)
    assert plan_demo_stock(today, seed=5) == plan_demo_stock(today, seed=5)
    assert plan_demo_stock(today, seed=5) != plan_demo_stock(today)


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_plan_size_suits_a_quick_seed(today: date, seed: int) -> None:
    receipts, issues = plan_demo_stock(today, seed)
    assert 200 <= len(receipts) <= 400
    assert 500 <= len(issues) <= 1500


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_plan_rows_are_well_formed(today: date, seed: int) -> None:
    receipts, issues = plan_demo_stock(today, seed)
    sites = {site.code for site in SITES}
    for r in receipts:
        item = item_by_key(r.item)
        assert r.site in sites and r.quantity > 0 and r.unit_cost_ore > 0
        assert 1 <= r.days_ago <= HISTORY_DAYS
        assert r.quantity % item.pack_size == 0  # goods arrive in whole packs
        assert (r.expiry is None) == (not item.requires_expiry), r
        if r.expiry is not None:
            assert r.expiry > today - timedelta(days=r.days_ago), f"received after expiry: {r}"
        assert r.reference is None or r.reference.strip()
    for i in issues:
        item_by_key(i.item)
        assert i.site in sites and i.quantity > 0 and 0 <= i.days_ago < HISTORY_DAYS
        assert i.reason in ("patient", "treatment", "lab", "dental", "other")


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_a_batch_number_has_one_item_and_one_expiry(today: date, seed: int) -> None:
    receipts, _ = plan_demo_stock(today, seed)
    expiry: dict[str, date | None] = {}
    owner: dict[str, str] = {}
    for r in receipts:
        assert expiry.setdefault(r.batch_number, r.expiry) == r.expiry, r
        assert owner.setdefault(r.batch_number, r.item) == r.item, r
    sites_per_batch = Counter(r.batch_number for r in receipts)
    assert sum(1 for n in sites_per_batch.values() if n > 1) >= 10  # split deliveries across sites


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_plan_never_issues_more_than_usable_stock(today: date, seed: int) -> None:
    receipts, issues = plan_demo_stock(today, seed)
    by_key: dict[tuple[str, str], list[PlannedReceipt]] = defaultdict(list)
    for r in receipts:
        by_key[(r.site, r.item)].append(r)
    issued: Counter[tuple[str, str]] = Counter()
    for i in sorted(issues, key=lambda i: -i.days_ago):
        day = today - timedelta(days=i.days_ago)
        usable = sum(
            r.quantity
            for r in by_key[(i.site, i.item)]
            if r.days_ago > i.days_ago and (r.expiry is None or r.expiry > day)
        )
        issued[(i.site, i.item)] += i.quantity
        assert issued[(i.site, i.item)] <= usable, i
    # and the domain's own FEFO allocation accepts every issue in order
    replay(today, receipts, issues)


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_expiry_review_has_work(today: date, seed: int) -> None:
    receipts, issues = plan_demo_stock(today, seed)
    stock = replay(today, receipts, issues)
    left = [b for batches in stock.values() for b in batches.values() if b.quantity > 0]
    expired = [b for b in left if b.expiry is not None and b.expiry < today]
    assert len(expired) >= 3
    for low, high in ((0, 30), (31, 60), (61, 90)):
        assert any(
            b.expiry is not None and low <= (b.expiry - today).days <= high for b in left
        ), f"nothing on the shelf expiring in {low}-{high} days"
    dated = [r for r in receipts if r.expiry is not None]
    long_dated = [r for r in dated if r.expiry is not None and 150 <= (r.expiry - today).days <= 1100]
    assert len(long_dated) > 0.6 * len(dated)


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_some_items_run_low_but_most_do_not(today: date, seed: int) -> None:
    receipts, issues = plan_demo_stock(today, seed)
    stock = replay(today, receipts, issues)
    low = []
    stocked = 0
    for (site, key), batches in stock.items():
        item: DemoItem = item_by_key(key)
        level = reorder_level(item, site)
        if level == 0:
            continue
        stocked += 1
        usable = sum(b.quantity for b in batches.values() if b.expiry is None or b.expiry >= today)
        if usable < level:
            low.append((site, key))
    assert len(low) >= 5
    assert len({site for site, _ in low}) >= 2
    assert len(low) < 0.25 * stocked


def test_core_items_are_stocked_at_every_site(default_plan: Plan) -> None:
    _, receipts, _ = default_plan
    held = {(r.site, r.item) for r in receipts}
    for site in SITES:
        for key in ("insulin-glargin-pen", "metformin-500", "paracetamol-500", "nitrilhandsker-m"):
            assert (site.code, key) in held


def test_receipts_include_purchases_and_in_kind_donations(
    default_plan: Plan,
) -> None:
    _, receipts, _ = default_plan
    references = [r.reference or "" for r in receipts]
    assert any(ref.startswith("Naturaliedonation") for ref in references)
    assert any(ref.startswith("Nomeco ordre") for ref in references)
    for r in receipts:
        if item_by_key(r.item).controlled:
            assert not (r.reference or "").startswith("Naturaliedonation"), r

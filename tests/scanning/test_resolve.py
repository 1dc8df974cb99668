"""resolve() against the database: what a real-world scan names at a site, and the stock of it there."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import UnknownReference
from inventory.scanning import ScanError
from inventory.services import catalogue, scanning
from inventory.services.scanning import Resolution, UnknownLabel
from tests.conftest import Clinic, gtin13
from tests.scanning.scanhelpers import GS, datamatrix, day, stock_batch, yymmdd


async def resolve(database: Database, clinic: Clinic, code: str, site: str = "KBH") -> Resolution:
    async with UnitOfWork(database, readonly=True) as uow:
        return await scanning.resolve(uow.session, clinic.sites[site], code, Clock().today())


@pytest.fixture
async def shelf(database: Database, clinic: Clinic) -> int:
    """Insulin at KBH in two batches (SOON first out), one more at AAR only, and a fridge shelf at KBH."""
    await stock_batch(database, clinic, item="insulin", batch="SOON", expiry=day(40), quantity=5)
    await stock_batch(database, clinic, item="insulin", batch="LATE", expiry=day(400), quantity=10)
    await stock_batch(
        database, clinic, item="insulin", batch="NORTH", expiry=day(200), quantity=7, site="AAR"
    )
    async with UnitOfWork(database) as uow:
        fridge = await catalogue.create_location(uow.session, clinic.sites["KBH"], "Køleskab")
        await uow.commit()
    return fridge.id


def insulin_gtin(c: Clinic) -> str:
    return c.gtins["insulin"].zfill(14)


def gs_lost(c: Clinic, batch: str, expiry_in: int) -> str:
    """GS dropped by the wedge; batch before expiry, as many packs print it, so the date proves the cut."""
    return f"01{insulin_gtin(c)}10{batch}17{yymmdd(day(expiry_in))}21SN1"


# (name, the code, batch number it names, on hand of that batch at KBH): every one names insulin.
KNOWN: list[tuple[str, Callable[[Clinic], str], str | None, int | None]] = [
    ("ean-13 as printed", lambda c: c.gtins["insulin"], None, None),
    ("ean-13 with AIM ]E0", lambda c: f"]E0{c.gtins['insulin']}", None, None),
    ("gtin-14", insulin_gtin, None, None),
    ("datamatrix with GS", lambda c: datamatrix(insulin_gtin(c), "LATE", day(400)), "LATE", 10),
    ("datamatrix, GS lost", lambda c: gs_lost(c, "LATE", 400), "LATE", 10),
    (
        "datamatrix, <GS> stand-in",
        lambda c: datamatrix(insulin_gtin(c), "SOON", day(40)).replace(GS, "<GS>"),
        "SOON",
        5,
    ),
    ("gs1-128", lambda c: f"]C101{insulin_gtin(c)}17{yymmdd(day(40))}10SOON", "SOON", 5),
    ("printed (01)(17)(10)", lambda c: f"(01){insulin_gtin(c)}(17){yymmdd(day(400))}(10)LATE", "LATE", 10),
    (
        "digital link",
        lambda c: f"https://id.gs1.org/01/{insulin_gtin(c)}/10/SOON?17={yymmdd(day(40))}",
        "SOON",
        5,
    ),
    (
        "US scanner on a Danish keyboard",
        lambda c: "¨d2" + gs_lost(c, "LATE", 400),
        "LATE",
        10,
    ),
    ("batch held only at another site", lambda c: datamatrix(insulin_gtin(c), "NORTH", day(200)), "NORTH", 0),
]


@pytest.mark.parametrize(
    ("code", "batch", "batch_on_hand"), [(k[1], k[2], k[3]) for k in KNOWN], ids=[k[0] for k in KNOWN]
)
async def test_known_codes_name_item_batch_and_stock_at_the_site(
    database: Database,
    clinic: Clinic,
    shelf: int,
    code: Callable[[Clinic], str],
    batch: str | None,
    batch_on_hand: int | None,
) -> None:
    found = await resolve(database, clinic, code(clinic))
    assert found.item is not None and found.item.id == clinic.items["insulin"]
    assert (found.batch.batch_number if found.batch else None) == batch
    assert found.batch_on_hand == batch_on_hand
    assert found.item_on_hand == 15  # SOON 5 + LATE 10 at København; Aarhus' batch does not count
    assert found.first_to_expire is not None and found.first_to_expire.batch_number == "SOON"
    assert found.site.id == clinic.sites["KBH"]


async def test_stock_is_the_scanning_sites(database: Database, clinic: Clinic, shelf: int) -> None:
    found = await resolve(database, clinic, datamatrix(insulin_gtin(clinic), "NORTH", day(200)), site="AAR")
    assert (found.batch_on_hand, found.item_on_hand, found.elsewhere) == (7, 7, ())
    at_kbh = await resolve(database, clinic, datamatrix(insulin_gtin(clinic), "NORTH", day(200)))
    assert at_kbh.elsewhere == (("Aarhus", 7),)


async def test_pack_with_an_unknown_batch_names_the_item_only(
    database: Database, clinic: Clinic, shelf: int
) -> None:
    found = await resolve(database, clinic, datamatrix(insulin_gtin(clinic), "NEWLOT", day(300)))
    assert found.item is not None and found.batch is None
    assert found.scan.batch_number == "NEWLOT" and found.scan.expiry == day(300)
    assert (found.batch_on_hand, found.item_on_hand) == (None, 15)


async def test_pack_expiry_that_differs_from_the_record_is_warned(
    database: Database, clinic: Clinic, shelf: int
) -> None:
    found = await resolve(database, clinic, datamatrix(insulin_gtin(clinic), "LATE", day(401)))
    assert found.batch is not None and found.batch.batch_number == "LATE"
    assert any("recorded with" in warning for warning in found.warnings)


async def test_expired_batch_is_never_first_to_expire(database: Database, clinic: Clinic, shelf: int) -> None:
    await stock_batch(database, clinic, item="insulin", batch="OLD", expiry=day(-3), quantity=2)
    found = await resolve(database, clinic, clinic.gtins["insulin"])
    assert found.item_on_hand == 17  # expired stock is still on the shelf ...
    assert (
        found.first_to_expire is not None and found.first_to_expire.batch_number == "SOON"
    )  # ... not first out


async def test_item_without_stock_at_the_site(database: Database, clinic: Clinic) -> None:
    found = await resolve(database, clinic, clinic.gtins["gloves"], site="ODE")
    assert found.item is not None and found.item.id == clinic.items["gloves"]
    assert (found.item_on_hand, found.first_to_expire, found.batch) == (0, None, None)


async def test_unknown_gtin_is_answered_as_such(database: Database, clinic: Clinic) -> None:
    unknown = gtin13("579999999999")
    found = await resolve(database, clinic, unknown)
    assert (found.item, found.batch, found.unknown_gtin) == (None, None, unknown.zfill(14))


async def test_linking_an_unknown_gtin_makes_the_same_scan_resolve(
    database: Database, clinic: Clinic
) -> None:
    unknown = gtin13("579999999998")
    code = datamatrix(unknown, "D1", day(100))
    assert (await resolve(database, clinic, code)).unknown_gtin == unknown.zfill(14)
    async with UnitOfWork(database) as uow:
        await catalogue.add_gtins(uow.session, clinic.items["metformin"], [unknown])
        await uow.commit()
    found = await resolve(database, clinic, code)
    assert found.unknown_gtin is None
    assert found.item is not None and found.item.id == clinic.items["metformin"]


@pytest.mark.parametrize("written", ["RKB{id}", "rkb{id}", "RK B {id}", "]C0RKB{id}"])
async def test_clinic_batch_label(database: Database, clinic: Clinic, shelf: int, written: str) -> None:
    batch_id = await stock_batch(database, clinic, item="metformin", batch="M1", expiry=day(90), quantity=100)
    found = await resolve(database, clinic, written.format(id=batch_id))
    assert found.batch is not None and found.batch.id == batch_id
    assert found.item is not None and found.item.id == clinic.items["metformin"]
    assert (found.batch_on_hand, found.item_on_hand) == (100, 100)


async def test_clinic_location_and_item_labels(database: Database, clinic: Clinic, shelf: int) -> None:
    location = await resolve(database, clinic, f"RKL{shelf}")
    assert location.location is not None and location.location.name == "Køleskab"
    assert (location.item, location.batch) == (None, None)
    item = await resolve(database, clinic, f"RKI{clinic.items['insulin']}")
    assert item.item is not None and item.item.id == clinic.items["insulin"]
    assert item.item_on_hand == 15 and item.batch is None


@pytest.mark.parametrize("label", ["RKB999999", "RKL999999", "RKI999999", "RKL2147483648", "RKB" + "9" * 18])
async def test_clinic_label_naming_nothing_is_refused_on_the_code(
    database: Database, clinic: Clinic, label: str
) -> None:
    with pytest.raises(UnknownLabel) as refused:
        await resolve(database, clinic, label)
    assert refused.value.field == "code" and refused.value.status == 422


@pytest.mark.parametrize(
    "code",
    ["", "   ", "RKX12", "5701234567891", "hello world", "01" + "0" * 14 + "17991399"],
    ids=["empty", "blank", "unknown-clinic-kind", "wrong-check-digit", "text", "impossible-date"],
)
async def test_unreadable_scans_are_refused_on_the_code(
    database: Database, clinic: Clinic, code: str
) -> None:
    with pytest.raises(ScanError) as refused:
        await resolve(database, clinic, code)
    assert refused.value.field == "code" and refused.value.detail


async def test_gs1_code_without_a_product_is_not_a_pack(database: Database, clinic: Clinic) -> None:
    with pytest.raises(scanning.NotAPack):
        await resolve(database, clinic, f"(00){gtin13('35701234567890123')}")  # a pallet's SSCC


async def test_unknown_site(database: Database, clinic: Clinic) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        with pytest.raises(UnknownReference) as refused:
            await scanning.resolve(uow.session, 999, clinic.gtins["insulin"], Clock().today())
    assert refused.value.field == "site"

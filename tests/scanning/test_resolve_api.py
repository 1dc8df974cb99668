"""POST /api/v1/scans/{resolve,receive,issue}: scan-driven movements over the bearer API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inventory.db.engine import Database
from inventory.db.tables import Movement, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.services import catalogue
from inventory.services.scanning import NO_BATCH
from tests.api.helpers import assert_problem
from tests.conftest import Clinic, gtin13
from tests.rows import row_count
from tests.scanning.scanhelpers import GS, datamatrix, day, stock_batch, yymmdd


def pack(
    clinic: Clinic, batch: str, expires_in: int, item: str = "insulin", serial: str | None = None
) -> str:
    return datamatrix(clinic.gtins[item], batch, day(expires_in), serial)


async def scan(
    client: httpx.AsyncClient, headers: dict[str, str], action: str, clinic: Clinic, code: str, **extra: Any
) -> httpx.Response:
    body = {"site": clinic.sites["KBH"], "code": code, **extra}
    return await client.post(f"/api/v1/scans/{action}", json=body, headers=headers)


async def movements(database: Database) -> int:
    return await row_count(database, Movement)


async def test_resolve_answers_fields_item_batch_and_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await client.post(
        "/api/v1/scans/receive",
        json={"site": clinic.sites["KBH"], "code": pack(clinic, "R1", 200)},
        headers=auth("admin"),
    )
    r = await scan(client, auth("finance"), "resolve", clinic, pack(clinic, "R1", 200, serial="X9"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == {
        "kind": "gs1",
        "gtin": clinic.gtins["insulin"].zfill(14),
        "expiry": day(200).isoformat(),
        "batch_number": "R1",
        "serial": "X9",
        "quantity": None,
        "label": None,
        "label_id": None,
        "symbology": "datamatrix",
    }
    assert body["item"]["id"] == clinic.items["insulin"] and body["item"]["pack_size"] == 5
    assert body["batch"]["batch_number"] == "R1" and body["batch"]["expiry_status"] == "ok"
    assert (body["batch_on_hand"], body["item_on_hand"]) == (5, 5)
    assert body["first_to_expire"]["batch_number"] == "R1"


async def test_resolve_unknown_gtin_is_an_answer_not_an_error(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    unknown = gtin13("579000000777")
    r = await scan(client, auth("volunteer"), "resolve", clinic, unknown)
    assert r.status_code == 200, r.text
    assert (r.json()["unknown_gtin"], r.json()["item"]) == (unknown.zfill(14), None)


async def test_unreadable_scan_is_a_problem_on_code(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    for action in ("resolve", "receive", "issue"):
        r = await scan(client, auth("volunteer"), action, clinic, "01" + clinic.gtins["insulin"][:-1])
        assert_problem(r, 422, code="unreadable-scan", field="code")


async def test_receive_pack_creates_the_batch_with_its_expiry_one_pack(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "NEW1", 300))
    assert r.status_code == 201, r.text
    body = r.json()
    op = body["operation"]
    assert (op["kind"], op["quantity"], op["user"]) == ("receipt", 5, "volunteer")  # one pack of 5 pens
    assert op["lines"][0]["batch"] == {
        "id": op["lines"][0]["batch"]["id"],
        "batch_number": "NEW1",
        "expiry_date": day(300).isoformat(),
    }
    assert (body["scan"]["batch_on_hand"], body["scan"]["item_on_hand"]) == (5, 5)
    again = await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "NEW1", 300, serial="SN2"))
    assert again.json()["operation"]["lines"][0]["batch"]["id"] == op["lines"][0]["batch"]["id"]
    assert (again.json()["scan"]["batch_on_hand"], again.json()["scan"]["item_on_hand"]) == (10, 10)


@pytest.mark.parametrize(
    ("extra", "units"),
    [({"packs": 3}, 15), ({"quantity": 2}, 2), ({}, 5)],
    ids=["packs", "units", "one-pack"],
)
async def test_receive_quantity(
    client: httpx.AsyncClient, clinic: Clinic, auth, extra: dict[str, int], units: int
) -> None:
    no_serial = f"01{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10Q1"  # a serial names one pack
    r = await scan(client, auth("volunteer"), "receive", clinic, no_serial, **extra)
    assert r.status_code == 201, r.text
    assert r.json()["operation"]["quantity"] == units


async def test_receive_case_count_in_the_code_is_packs(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    case = f"02{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10CASE1{GS}374"  # a case of 4 packs
    r = await scan(client, auth("volunteer"), "receive", clinic, case)
    assert r.status_code == 201, r.text
    assert r.json()["operation"]["quantity"] == 20


async def test_receive_refuses_more_than_a_receipt_may_hold(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    case = f"02{clinic.gtins['gloves'].zfill(14)}10CASE2{GS}3799999999"
    assert_problem(await scan(client, auth("volunteer"), "receive", clinic, case), 422, field="code")


async def test_receive_refuses_quantity_and_packs_together(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "Q2", 300), packs=1, quantity=5)
    assert_problem(r, 422, field="packs")


async def test_receive_needs_batch_and_expiry_when_the_item_does(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, clinic.gtins["insulin"])
    body = assert_problem(r, 422, code="batch-details-needed", field="batch_number")
    assert body["missing"] == ["batch_number", "expiry_date"]
    assert (body["item_name"], body["unit"]) == ("Insulin glargin 100 E/ml pen", "pen")
    assert body["site_name"] == "København"
    assert await movements(database) == 0
    # the page asks for them and sends them with the same code: received
    r = await scan(client, auth("volunteer"), "receive", clinic, clinic.gtins["insulin"],
                   batch_number="TYPED1", expiry_date=day(200).isoformat())  # fmt: skip
    assert r.status_code == 201, r.text
    line = r.json()["operation"]["lines"][0]
    assert (line["batch"]["batch_number"], line["batch"]["expiry_date"]) == ("TYPED1", day(200).isoformat())
    assert (r.json()["packs"], r.json()["units"]) == (1, 5)


async def test_a_code_with_batch_but_no_expiry_asks_only_for_the_expiry(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    code = f"]d201{clinic.gtins['insulin'].zfill(14)}10LOT9"
    body = assert_problem(await scan(client, auth("volunteer"), "receive", clinic, code), 422,
                          code="batch-details-needed", field="expiry_date")  # fmt: skip
    assert (body["missing"], body["batch_number"]) == (["expiry_date"], "LOT9")
    r = await scan(client, auth("volunteer"), "receive", clinic, code, expiry_date=day(90).isoformat())
    assert r.status_code == 201, r.text
    assert r.json()["operation"]["lines"][0]["batch"]["batch_number"] == "LOT9"


async def test_receive_plain_ean_of_goods_without_expiry(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, clinic.gtins["gloves"])
    assert r.status_code == 201, r.text
    line = r.json()["operation"]["lines"][0]
    assert (line["batch"]["batch_number"], line["batch"]["expiry_date"], line["quantity"]) == (
        NO_BATCH,
        None,
        100,
    )


async def test_receive_unknown_gtin_names_the_code_and_gtin(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    unknown = gtin13("579000000888")
    r = await scan(client, auth("volunteer"), "receive", clinic, datamatrix(unknown, "U1", day(100)))
    body = assert_problem(r, 422, code="unknown-gtin", field="code")
    assert body["gtin"] == unknown.zfill(14)
    assert await movements(database) == 0


async def test_receive_after_linking_the_gtin(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    unknown = gtin13("579000000889")
    code = datamatrix(unknown, "U2", day(100))
    assert (await scan(client, auth("pharmacist"), "receive", clinic, code)).status_code == 422
    linked = await client.post(
        f"/api/v1/items/{clinic.items['metformin']}/gtins", json={"gtin": unknown}, headers=auth("pharmacist")
    )
    assert linked.status_code == 201, linked.text
    r = await scan(client, auth("pharmacist"), "receive", clinic, code)
    assert r.status_code == 201, r.text
    assert r.json()["operation"]["item"] == clinic.items["metformin"]


async def test_receive_expiry_mismatch_is_a_conflict(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    assert (
        await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "M1", 300))
    ).status_code == 201
    r = await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "M1", 301))
    body = assert_problem(r, 409, code="expiry-mismatch")
    assert body["recorded_expiry"] == day(300).isoformat()


async def test_receive_expired_pack_is_refused(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, pack(clinic, "OLD", -1))
    assert_problem(r, 409, code="expired-stock")


async def test_receive_by_clinic_batch_label_and_to_a_shelf(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    batch_id = await stock_batch(
        database, clinic, item="metformin", batch="L1", expiry=day(200), quantity=100, site="AAR"
    )
    async with UnitOfWork(database) as uow:
        fridge = await catalogue.create_location(uow.session, clinic.sites["KBH"], "Køleskab")
        await uow.commit()
    r = await scan(client, auth("volunteer"), "receive", clinic, f"RKB{batch_id}", location=fridge.id)
    assert r.status_code == 201, r.text
    assert r.json()["operation"]["lines"][0]["batch"]["id"] == batch_id
    assert r.json()["operation"]["quantity"] == 100
    async with UnitOfWork(database, readonly=True) as uow:
        balance = await uow.session.get(StockBalance, (clinic.sites["KBH"], batch_id))
    assert balance is not None and balance.location_id == fridge.id


async def test_shelf_label_is_not_a_pack(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    async with UnitOfWork(database) as uow:
        fridge = await catalogue.create_location(uow.session, clinic.sites["KBH"], "Køleskab")
        await uow.commit()
    for action in ("receive", "issue"):
        r = await scan(client, auth("volunteer"), action, clinic, f"RKL{fridge.id}")
        assert "Køleskab" in assert_problem(r, 422, code="not-a-pack", field="code")["detail"]


async def test_issue_item_code_goes_first_expiry_first_out_one_unit(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="LATE", expiry=day(300), quantity=5)
    await stock_batch(database, clinic, item="insulin", batch="SOON", expiry=day(30), quantity=5)
    for code in (clinic.gtins["insulin"], f"RKI{clinic.items['insulin']}"):
        r = await scan(client, auth("volunteer"), "issue", clinic, code)
        assert r.status_code == 201, r.text
        op = r.json()["operation"]
        assert (op["quantity"], op["reason"], op["fefo_suggestion"]) == (1, "patient", None)
        assert op["lines"][0]["batch"]["batch_number"] == "SOON"
    assert r.json()["scan"]["item_on_hand"] == 8
    assert r.json()["scan"]["batch_on_hand"] == 3  # one batch moved: its stock is shown


async def test_issue_of_a_later_batch_names_the_one_to_take_first(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="SOON", expiry=day(30), quantity=5)
    await stock_batch(database, clinic, item="insulin", batch="LATE", expiry=day(300), quantity=5)
    r = await scan(
        client, auth("volunteer"), "issue", clinic, pack(clinic, "LATE", 300), quantity=2, reason="treatment"
    )
    assert r.status_code == 201, r.text
    op = r.json()["operation"]
    assert (
        op["lines"][0]["batch"]["batch_number"] == "LATE"
        and op["quantity"] == 2
        and op["reason"] == "treatment"
    )
    assert op["fefo_suggestion"]["batch_number"] == "SOON"
    assert (r.json()["scan"]["batch_on_hand"], r.json()["scan"]["item_on_hand"]) == (3, 8)


async def test_issue_of_an_expired_batch_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    old = await stock_batch(database, clinic, item="insulin", batch="OLD", expiry=day(-2), quantity=5)
    for code in (f"RKB{old}", pack(clinic, "OLD", -2)):
        r = await scan(client, auth("volunteer"), "issue", clinic, code)
        assert_problem(r, 409, code="expired-stock")
    assert await movements(database) == 1


async def test_issue_of_a_batch_held_at_another_site_says_wrong_site(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(
        database, clinic, item="insulin", batch="NORTH", expiry=day(100), quantity=5, site="AAR"
    )
    r = await scan(client, auth("volunteer"), "issue", clinic, pack(clinic, "NORTH", 100))
    body = assert_problem(r, 409, code="wrong-site", field="code")
    assert body["held_at"] == ["Aarhus"] and "Aarhus" in body["detail"]


async def test_issue_of_a_batch_never_received(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="KNOWN", expiry=day(100), quantity=5)
    r = await scan(client, auth("volunteer"), "issue", clinic, pack(clinic, "GHOST", 100))
    assert_problem(r, 422, code="unknown-batch", field="code")


async def test_issue_pack_whose_expiry_differs_from_the_record(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="B1", expiry=day(100), quantity=5)
    r = await scan(client, auth("volunteer"), "issue", clinic, pack(clinic, "B1", 130))
    assert_problem(r, 409, code="expiry-mismatch")


async def test_issue_more_than_in_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="B1", expiry=day(100), quantity=5)
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["insulin"], quantity=6)
    assert_problem(r, 409, code="insufficient-stock")


async def test_scan_twice_with_one_idempotency_key_counts_once(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    headers = {**auth("volunteer"), "Idempotency-Key": "3b4f7f0e-scan"}
    code = pack(clinic, "K1", 200)
    first = await scan(client, headers, "receive", clinic, code)
    again = await scan(client, headers, "receive", clinic, code)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert await movements(database) == 1


async def test_volunteer_scans_only_at_own_sites(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    body = {"site": clinic.sites["AAR"], "code": pack(clinic, "A1", 200)}
    r = await client.post("/api/v1/scans/receive", json=body, headers=auth("volunteer"))
    assert_problem(r, 403, code="forbidden")
    assert await movements(database) == 0


async def test_scan_body_is_checked_strictly(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["insulin"], quantity="1")
    assert_problem(r, 400, field="quantity")
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["insulin"], batch=1)
    assert_problem(r, 400, field="batch")

"""Scanning round 2 over the API: pack serials, dispensing in packs or units, issue reasons, readings to
choose from, and problems that carry the values a page words them with."""

from __future__ import annotations

import httpx
import pytest

from inventory.db.engine import Database
from tests.api.helpers import assert_problem
from tests.conftest import Clinic, gtin13
from tests.scanning.scanhelpers import datamatrix, day, stock_batch, yymmdd
from tests.scanning.test_resolve_api import movements, scan


async def _dispense_in_packs(client: httpx.AsyncClient, auth, clinic: Clinic, item: str) -> None:
    r = await client.patch(f"/api/v1/items/{clinic.items[item]}", headers=auth("admin"),
                           json={"dispensed_in": "packs"})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["dispensed_in"] == "packs"


# --- serials --------------------------------------------------------------------------------------------


async def test_a_pack_serial_received_twice_is_refused_until_the_first_receipt_is_undone(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    code = datamatrix(clinic.gtins["insulin"], "S1", day(300), "SERIAL42")
    first = await scan(client, auth("volunteer"), "receive", clinic, code)
    assert first.status_code == 201, first.text
    again = await scan(client, auth("volunteer"), "receive", clinic, code)
    body = assert_problem(again, 409, code="serial-already-received", field="code")
    assert (body["serial"], body["site_name"], body["received_on"]) == ("SERIAL42", "København",
                                                                        first.json()["operation"]["created_at"][:10])
    assert "pharmacist" in body["detail"] and await movements(database) == 1
    undo = await client.post("/api/v1/reversals", headers=auth("volunteer"),
                             json={"operation": first.json()["operation"]["id"]})  # fmt: skip
    assert undo.status_code == 201, undo.text
    assert (await scan(client, auth("volunteer"), "receive", clinic, code)).status_code == 201


async def test_a_pack_serial_issued_twice_is_issued_and_flagged_for_the_pharmacist(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    code = datamatrix(clinic.gtins["insulin"], "S2", day(300), "SERIAL7")
    assert (await scan(client, auth("volunteer"), "receive", clinic, code)).status_code == 201
    another = datamatrix(clinic.gtins["insulin"], "S2", day(300), "SERIAL8")  # stock for the second issue
    assert (await scan(client, auth("volunteer"), "receive", clinic, another)).status_code == 201
    first = await scan(client, auth("volunteer"), "issue", clinic, code, packs=1)
    assert first.status_code == 201 and first.json()["serial_flagged"] is False
    second = await scan(client, auth("volunteer"), "issue", clinic, code, packs=1)
    assert second.status_code == 201 and second.json()["serial_flagged"] is True
    flags = await client.get("/api/v1/scans/serial-flags", headers=auth("pharmacist"))
    assert flags.status_code == 200, flags.text
    [flag] = flags.json()
    assert (flag["serial"], flag["operation"], flag["earlier_operations"], flag["batch_number"]) == (
        "SERIAL7", second.json()["operation"]["id"], [first.json()["operation"]["id"]], "S2")
    assert flag["reason"] == "issued-twice"
    assert (await client.get("/api/v1/scans/serial-flags", headers=auth("volunteer"))).status_code == 403


async def test_units_taken_one_by_one_from_an_opened_pack_are_not_flagged(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    code = datamatrix(clinic.gtins["insulin"], "S3", day(300), "OPENED1")
    assert (await scan(client, auth("volunteer"), "receive", clinic, code)).status_code == 201
    for _ in range(3):
        taken = await scan(client, auth("volunteer"), "issue", clinic, code)  # one pen at a time
        assert taken.status_code == 201 and taken.json()["serial_flagged"] is False
    assert (await client.get("/api/v1/scans/serial-flags", headers=auth("pharmacist"))).json() == []


# --- packs or units ---------------------------------------------------------------------------------------


async def test_an_item_dispensed_in_packs_is_issued_a_whole_pack_per_scan(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await _dispense_in_packs(client, auth, clinic, "metformin")
    await stock_batch(database, clinic, item="metformin", batch="MP1", expiry=day(200), quantity=500)
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["metformin"])
    assert r.status_code == 201, r.text
    assert (r.json()["operation"]["quantity"], r.json()["packs"], r.json()["units"]) == (100, 1, 100)
    assert r.json()["scan"]["item"]["dispensed_in"] == "packs"
    two = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["metformin"], packs=2)
    assert (two.json()["packs"], two.json()["units"]) == (2, 200)
    odd = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["metformin"], quantity=30)
    body = assert_problem(odd, 422, field="quantity")
    assert (body["pack_size"], body["requested"], body["unit"]) == (100, 30, "tablet")


async def test_an_item_dispensed_in_units_is_issued_one_unit_per_scan(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="metformin", batch="MU1", expiry=day(200), quantity=500)
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["metformin"])
    assert (r.json()["operation"]["quantity"], r.json()["packs"], r.json()["units"]) == (1, None, 1)
    assert r.json()["scan"]["item"]["dispensed_in"] == "units"


@pytest.mark.parametrize("reason", ["patient", "treatment", "dental", "lab", "other"])
async def test_the_issue_reason_is_the_one_chosen(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database, reason: str
) -> None:
    await stock_batch(database, clinic, item="gloves", batch="G1", expiry=None, quantity=10)
    r = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["gloves"], reason=reason)
    assert r.status_code == 201 and r.json()["operation"]["reason"] == reason


# --- problems a page can word ----------------------------------------------------------------------------


async def test_an_expired_delivery_is_refused_with_what_to_do_and_no_developer_words(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, datamatrix(clinic.gtins["insulin"], "OLD",
                                                                            day(-3)))  # fmt: skip
    body = assert_problem(r, 409, code="expired-stock")
    assert (body["expiry"], body["receiving"], body["item_name"]) == (day(-3).isoformat(), True,
                                                                      "Insulin glargin 100 E/ml pen")
    assert "allow_expired" not in r.text and "pharmacist" in body["detail"]


async def test_refusals_carry_the_values_of_their_sentence(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    await stock_batch(database, clinic, item="insulin", batch="E1", expiry=day(-5), quantity=5)
    await stock_batch(database, clinic, item="insulin", batch="W1", expiry=day(90), quantity=5, site="AAR")
    await stock_batch(database, clinic, item="metformin", batch="F1", expiry=day(90), quantity=3)
    expired = await scan(client, auth("volunteer"), "issue", clinic,
                         datamatrix(clinic.gtins["insulin"], "E1", day(-5)))  # fmt: skip
    body = assert_problem(expired, 409, code="expired-stock")
    assert (body["expiry"], body["batch_number"], body["unit"]) == (day(-5).isoformat(), "E1", "pen")
    wrong = await scan(client, auth("volunteer"), "issue", clinic, datamatrix(clinic.gtins["insulin"], "W1",
                                                                              day(90)))  # fmt: skip
    body = assert_problem(wrong, 409, code="wrong-site")
    assert (body["held_at"], body["site_name"], body["batch_number"]) == (["Aarhus"], "København", "W1")
    few = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["metformin"], quantity=7)
    body = assert_problem(few, 409, code="insufficient-stock")
    assert (body["available"], body["requested"], body["unit"], body["item_name"]) == (
        3, 7, "tablet", "Metformin 500 mg tabletter")
    unknown = await scan(client, auth("volunteer"), "issue", clinic, gtin13("579000000888"))
    assert assert_problem(unknown, 422, code="unknown-gtin")["gtin"] == gtin13("579000000888").zfill(14)


# --- readings a lost separator leaves ----------------------------------------------------------------------


async def test_a_code_that_reads_two_ways_offers_both_readings_and_each_can_be_sent_back(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    lost = f"]d201{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10AB1221XYZ"  # GS before 21 lost
    r = await scan(client, auth("volunteer"), "receive", clinic, lost)
    body = assert_problem(r, 422, code="ambiguous-scan", field="code")
    readings = {(reading["batch_number"], reading["serial"]): reading["code"] for reading in body["readings"]}
    assert set(readings) == {("AB1221XYZ", None), ("AB12", "XYZ")}
    chosen = await scan(client, auth("volunteer"), "receive", clinic, readings[("AB12", "XYZ")])
    assert chosen.status_code == 201, chosen.text
    assert chosen.json()["scan"]["code"]["serial"] == "XYZ"
    assert chosen.json()["operation"]["lines"][0]["batch"]["batch_number"] == "AB12"
    # the batch is on record now: the same damaged code is read by it, without asking
    again = await client.post("/api/v1/scans/resolve", headers=auth("volunteer"),
                              json={"site": clinic.sites["KBH"], "code": lost})  # fmt: skip
    assert again.status_code == 200 and again.json()["batch"]["batch_number"] == "AB12"


async def test_a_scanner_known_to_send_separators_is_never_second_guessed(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    code = f"]d201{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10AB1221XYZ"
    r = await client.post("/api/v1/scans/resolve", headers=auth("volunteer"), json={
        "site": clinic.sites["KBH"], "code": code, "scanner": {"sends_gs": True}})  # fmt: skip
    assert r.status_code == 200, r.text
    assert (r.json()["code"]["batch_number"], r.json()["code"]["serial"]) == ("AB1221XYZ", None)

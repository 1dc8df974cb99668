"""The pharmacy reports read by a program: header=keys honoured on the expiry review's and the recall's
CSV (they ignored it), stable codes beside the words (status, bucket, grounds), ids and GTIN on every
line about a batch, and stock received without a cost as "no price", never 0,00 kr."""

from __future__ import annotations

import csv
import io

import httpx

from tests.api.helpers import receive
from tests.conftest import Clinic, days


async def keyed(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: object
) -> list[dict[str, str]]:
    r = await client.get(path, params={**params, "format": "csv", "header": "keys"}, headers=headers)
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))


async def test_expiry_review_csv_and_json_for_programs(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh, insulin, h = clinic.sites["KBH"], clinic.items["insulin"], auth("admin")
    old = await receive(
        client, h, site=kbh, item=insulin, batch="OLD", expiry=days(-2), quantity=3, unit_cost_ore=500,
        allow_expired=True,
    )  # fmt: skip
    await receive(client, h, site=kbh, item=insulin, batch="FREE", expiry=days(20), quantity=2)  # no cost
    rows = await keyed(client, auth("pharmacist"), "/api/v1/reports/expiry", site=kbh)
    by_batch = {row["batch"]: row for row in rows}
    assert (by_batch["OLD"]["group_code"], by_batch["OLD"]["status_code"]) == ("expired", "expired")
    assert (by_batch["FREE"]["group_code"], by_batch["FREE"]["status_code"]) == ("30", "expiring")
    assert (by_batch["FREE"]["value_ore"], by_batch["FREE"]["value_ore_code"]) == ("", "no_price")
    assert by_batch["OLD"]["value_ore"] == "15,00" and by_batch["OLD"]["value_ore_code"] == ""
    assert by_batch["OLD"]["batch_id"] == str(old["lines"][0]["batch"]["id"])
    assert {row["item_id"] for row in rows} == {str(insulin)} and {row["site_id"] for row in rows} == {
        str(kbh)
    }
    assert {row["gtin"] for row in rows} == {clinic.gtins["insulin"].zfill(14)}  # as stored: GTIN-14
    r = await client.get(
        "/api/v1/reports/expiry", params={"site": kbh, "lang": "da"}, headers=auth("pharmacist")
    )
    [expired, soon] = r.json()["sections"][0]["groups"]
    assert (expired["code"], expired["rows"][0]["status"], expired["rows"][0]["status_code"]) == (
        "expired",
        "Udløbet",
        "expired",
    )
    assert (soon["rows"][0]["value_ore"], soon["rows"][0]["value_ore_code"]) == (None, "no_price")


async def test_expiry_review_within_zero_days_holds_stock_expiring_today(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh, insulin, h = clinic.sites["KBH"], clinic.items["insulin"], auth("admin")
    for batch, expiry in (("TODAY", days(0)), ("TOMORROW", days(1)), ("GONE", days(-1))):
        await receive(
            client, h, site=kbh, item=insulin, batch=batch, expiry=expiry, quantity=1, allow_expired=True
        )
    rows = await keyed(client, auth("pharmacist"), "/api/v1/reports/expiry", site=kbh, within_days=0)
    assert {(row["batch"], row["group_code"]) for row in rows} == {("GONE", "expired"), ("TODAY", "0")}
    rows = await keyed(client, auth("pharmacist"), "/api/v1/reports/expiry", site=kbh, within_days=1)
    assert {row["batch"] for row in rows} == {"GONE", "TODAY", "TOMORROW"}


async def test_recall_csv_honours_header_keys_with_codes_ids_and_gtin(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh, insulin, h = clinic.sites["KBH"], clinic.items["insulin"], auth("admin")
    got = await receive(client, h, site=kbh, item=insulin, batch="R1", expiry=days(300), quantity=4)
    body = {"gtin": clinic.gtins["insulin"], "batch_numbers": ["R1"], "reference": "DKMA 2026-9"}
    recall = (await client.post("/api/v1/recalls", json=body, headers=auth("pharmacist"))).json()
    [row] = await keyed(client, auth("pharmacist"), f"/api/v1/recalls/{recall['id']}/report")
    assert row["quarantine_code"] == "quarantined_by_this_recall" and row["held"] == "4"
    assert (row["batch_id"], row["item_id"], row["gtin"]) == (
        str(got["lines"][0]["batch"]["id"]),
        str(insulin),
        clinic.gtins["insulin"].zfill(14),
    )


async def test_the_expiry_page_says_no_price_for_stock_received_without_a_cost(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    from tests.api.helpers import receive_at
    from tests.web.webhelpers import log_in

    await receive_at(client, auth("admin"), clinic, batch="NOCOST", expiry=days(20), quantity=4)
    await receive_at(
        client, auth("admin"), clinic, batch="PRICED", expiry=days(25), quantity=2, unit_cost_ore=350
    )
    await log_in(client, "pharmacist", next="/expiry")
    page = (
        await client.get("/expiry", params={"site": clinic.sites["KBH"]}, headers={"Accept": "text/html"})
    ).text
    row = page[page.index('<td data-label="Batch">NOCOST') :].split("</tr>")[0]
    assert "ingen pris" in row and "0,00" not in row
    priced = page[page.index('<td data-label="Batch">PRICED') :].split("</tr>")[0]
    assert "7,00" in priced and "ingen pris" not in priced

"""The expiry review over the API: buckets, value at risk (FIFO, øre), status, totals, per site; read
back as JSON, CSV, XLSX and a signed A4 PDF in Danish and English."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import assert_problem, receive
from tests.conftest import Clinic, days
from tests.pharmacy.readback import csv_rows, pdf_page_size, pdf_saying, pdf_text, xlsx_values


async def stocked(client: httpx.AsyncClient, c: Clinic, auth) -> dict[str, int]:
    """KBH insulin EXP (expired 5 days ago, 4 at 10 kr., quarantined), SOON (10 days: 3 at 20 kr. then
    2 at 25 kr.), MID (45 days, 5 without cost), LATE (200 days); AAR metformin M80 (80 days, 100 at
    0.50 kr.)."""
    h, kbh, aar = auth("admin"), c.sites["KBH"], c.sites["AAR"]
    insulin, metformin = c.items["insulin"], c.items["metformin"]
    ids = {}
    for number, expiry, quantity, cost in (
        ("EXP", -5, 4, 1000),
        ("SOON", 10, 3, 2000),
        ("SOON", 10, 2, 2500),
        ("MID", 45, 5, None),
        ("LATE", 200, 7, 100),
    ):
        extra: dict[str, Any] = {"unit_cost_ore": cost} if cost is not None else {}
        r = await receive(
            client, h, site=kbh, item=insulin, batch=number, expiry=days(expiry), quantity=quantity,
            allow_expired=True, **extra,
        )  # fmt: skip
        ids[number] = r["lines"][0]["batch"]["id"]
    r = await receive(
        client, h, site=aar, item=metformin, batch="M80", expiry=days(80), quantity=100, unit_cost_ore=50
    )
    ids["M80"] = r["lines"][0]["batch"]["id"]
    q = await client.post(
        "/api/v1/quarantines",
        json={"batch": ids["EXP"], "site": kbh, "reason": "expired"},
        headers=auth("pharmacist"),
    )
    assert q.status_code == 201
    return ids


async def report(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> httpx.Response:
    return await client.get("/api/v1/reports/expiry", params=params, headers=headers)


async def test_whole_clinic_review_in_buckets_with_value_at_risk(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await stocked(client, clinic, auth)
    r = await report(client, auth("pharmacist"), lang="en")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["title"] == "Expiry review" and body["subtitle"] == "Whole clinic"
    main = body["sections"][0]
    groups = {g["title"]: g for g in main["groups"]}
    assert list(groups) == [
        "Expired",
        "Expires within 30 days",
        "Expires in 31 to 60 days",
        "Expires in 61 to 90 days",
    ]
    [expired] = groups["Expired"]["rows"]
    assert (expired["batch"], expired["days_left"], expired["quantity"], expired["status"]) == (
        "EXP",
        -5,
        4,
        "Quarantined",
    )
    assert expired["value_ore"] == 4000 and expired["site"] == "København"
    [soon] = groups["Expires within 30 days"]["rows"]
    # 5 on hand, received 3 at 20 kr. then 2 at 25 kr.: all of both receipts.
    assert (soon["batch"], soon["days_left"], soon["value_ore"], soon["status"]) == (
        "SOON",
        10,
        3 * 2000 + 2 * 2500,
        "Expiring",
    )
    unpriced = groups["Expires in 31 to 60 days"]["rows"][0]  # received without a cost: no price, not 0
    assert (unpriced["value_ore"], unpriced["value_ore_code"]) == (None, "no_price")
    assert groups["Expires in 61 to 90 days"]["rows"][0]["site"] == "Aarhus"
    assert groups["Expires in 61 to 90 days"]["subtotals"]["value_ore"] == 5000
    assert all(row["batch"] != "LATE" for g in main["groups"] for row in g["rows"])
    assert main["totals"]["value_ore"] == 4000 + 11000 + 0 + 5000
    assert main["totals"]["quantity"] == 4 + 5 + 5 + 100
    per_site = {(row["site"], row["bucket"]): row for row in body["sections"][1]["rows"]}
    assert per_site[("København", "Expired")]["value_ore"] == 4000
    assert per_site[("Aarhus", "Expires in 61 to 90 days")]["quantity"] == 100
    assert any("without a cost" in note for note in body["notes"])


async def test_one_site_and_other_buckets(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    await stocked(client, clinic, auth)
    h, kbh = auth("finance"), clinic.sites["KBH"]
    body = (await report(client, h, site=kbh, lang="en")).json()
    assert body["subtitle"] == "København"
    assert {row["site"] for g in body["sections"][0]["groups"] for row in g["rows"]} == {"København"}
    body = (await report(client, h, within_days=30, lang="en")).json()
    assert [g["title"] for g in body["sections"][0]["groups"]] == ["Expired", "Expires within 30 days"]
    body = (await report(client, h, within_days=365, buckets="7,14,200", lang="en")).json()
    titles = [g["title"] for g in body["sections"][0]["groups"]]
    assert titles == ["Expired", "Expires in 8 to 14 days", "Expires in 15 to 200 days"]
    assert [r["batch"] for r in body["sections"][0]["groups"][2]["rows"]] == [
        "M80",
        "MID",
        "LATE",
    ]  # by site, then expiry


async def test_bad_parameters_are_named(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("pharmacist")
    assert_problem(await report(client, h, site=999), 422, field="site")
    assert_problem(await report(client, h, within_days=-1), 422, field="within_days")
    assert_problem(await report(client, h, buckets="30,abc"), 422, field="buckets")
    assert_problem(await report(client, h, buckets="0,30"), 422, field="buckets")
    assert_problem(await report(client, h, format="doc"), 422, field="format")


async def test_pdf_is_a4_signed_and_says_who_printed_it(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await stocked(client, clinic, auth)
    r = await report(client, auth("pharmacist"), format="pdf", lang="en")
    pdf_saying(r, ("Expiry review", "Whole clinic", "Insulin glargin", "Metformin", "EXP", "Quarantined",
                   "40,00 kr.", "200,00 kr.", "by pharmacist", "Signature"))  # fmt: skip
    width, height = pdf_page_size(r.content)
    assert (abs(width - 842), abs(height - 595)) <= (1, 1)  # A4 landscape
    danish = pdf_text((await report(client, auth("pharmacist"), format="pdf", lang="da")).content)
    for expected in (
        "Udløbsgennemgang",
        "Hele klinikken",
        "Udløbet",
        "I karantæne",
        "40,00 kr.",
        "Underskrift",
    ):
        assert expected in danish, expected


async def test_csv_and_xlsx_hold_the_same_lines(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    await stocked(client, clinic, auth)
    h = auth("finance")
    rows = csv_rows((await report(client, h, format="csv", lang="da")).content)
    assert rows[0][:5] == ["Gruppe", "Gruppe (kode)", "Afdeling", "Vare", "Batch"]
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("Udløbet", "EXP"),
        ("Udløber inden for 30 dage", "SOON"),
        ("Udløber om 31 til 60 dage", "MID"),
        ("Udløber om 61 til 90 dage", "M80"),
    ]
    assert rows[2][rows[0].index("Værdi i risiko")] == "110,00"  # value at risk in kroner, decimal comma
    cells = xlsx_values((await report(client, h, format="xlsx", lang="en")).content)
    flat = [value for row in cells for value in row]
    assert "SOON" in flat and "Expiry review" in flat
    assert 110 in flat or 110.0 in flat

"""The controlled-drug register read from the ledger: every movement, the balance after it, and the
closing balance equal to the stock on hand (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import httpx
import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import User, UserSite
from inventory.db.uow import UnitOfWork
from tests.api.helpers import ShiftClock, adjust, assert_problem, issue, receive, receive_at, stock
from tests.conftest import PASSWORD, Clinic, days, user_row

URL = "/api/v1/reports/controlled-register"


async def make_controlled(client: httpx.AsyncClient, auth, item: int) -> None:
    r = await client.patch(f"/api/v1/items/{item}", json={"controlled": True}, headers=auth("admin"))
    assert r.status_code == 200, r.text


async def history(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, Any]:
    """Insulin at KBH made controlled: two receipts, a FEFO issue over both batches, an adjustment,
    an issue reversed, and a receipt at another site (which must not appear)."""
    insulin, kbh = clinic.items["insulin"], clinic.sites["KBH"]
    await make_controlled(client, auth, insulin)
    h = auth("pharmacist")
    a = await receive_at(
        client, h, clinic, batch="MO-A", expiry=days(60), quantity=10, reference="Apoteket ordre 77"
    )
    b = await receive(client, h, site=kbh, item=insulin, batch="MO-B", expiry=days(300), quantity=20)
    r = await issue(client, h, site=kbh, item=insulin, quantity=12)  # 10 of A, 2 of B
    assert r.status_code == 201, r.text
    batch_b = b["lines"][0]["batch"]["id"]
    r = await adjust(client, h, site=kbh, batch=batch_b, quantity=-1, reason="damaged")
    assert r.status_code == 201, r.text
    r = await issue(client, h, site=kbh, item=insulin, quantity=3)
    assert r.status_code == 201, r.text
    undone = r.json()["id"]
    r = await client.post("/api/v1/reversals", headers=h, json={"operation": undone})
    assert r.status_code == 201, r.text
    await receive_at(client, auth("admin"), clinic, batch="MO-A", expiry=days(60), quantity=99, site="AAR")
    return {"a": a, "b": b, "undone": undone, "batch_b": batch_b}


async def test_every_movement_is_a_line_with_the_balance_after_it(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    made = await history(client, clinic, auth)
    r = await client.get(
        URL, params={"site": clinic.sites["KBH"], "item": clinic.items["insulin"]}, headers=auth("pharmacist")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["title"] == "Register over euforiserende stoffer"
    group = body["sections"][0]["groups"][0]
    # the unit in the reader's language: a register counts units, so the plural
    assert group["title"] == "Insulin glargin 100 E/ml pen (penne)"
    opening, *lines = group["rows"]
    assert (opening["operation"], opening["balance"]) == ("Primobeholdning", 0)
    assert [
        (x["operation"], x["batch"], x["in"], x["out"], x["balance"], x["batch_balance"]) for x in lines
    ] == [
        ("Modtagelse", "MO-A", 10, None, 10, 10),
        ("Modtagelse", "MO-B", 20, None, 30, 20),
        ("Udlevering", "MO-A", None, 10, 20, 0),
        ("Udlevering", "MO-B", None, 2, 18, 18),
        ("Regulering", "MO-B", None, 1, 17, 17),
        ("Udlevering", "MO-B", None, 3, 14, 14),
        ("Tilbageførsel", "MO-B", 3, None, 17, 17),
    ]
    assert lines[0]["reference"] == "Apoteket ordre 77"
    assert lines[2]["reference"] == "patient" and lines[4]["reference"] == "beskadiget"
    assert lines[6]["reference"] == f"Tilbagefører nr. {made['undone']}"
    assert {x["user"] for x in lines} == {"pharmacist"}
    assert group["subtotals"]["in"] == 33 and group["subtotals"]["out"] == 16
    assert group["subtotals"]["balance"] == 17
    per_batch = {row["batch"]: row for row in body["sections"][1]["rows"]}
    assert (per_batch["MO-A"]["in"], per_batch["MO-A"]["out"], per_batch["MO-A"]["closing"]) == (10, 10, 0)
    assert (per_batch["MO-B"]["in"], per_batch["MO-B"]["out"], per_batch["MO-B"]["closing"]) == (23, 6, 17)


async def test_register_equals_the_ledger_and_the_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await history(client, clinic, auth)
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    h = auth("finance")
    body = (await client.get(URL, params={"site": kbh, "item": insulin}, headers=h)).json()
    rows = body["sections"][0]["groups"][0]["rows"][1:]
    on_hand = await stock(client, h, site=kbh, item=insulin)
    assert rows[-1]["balance"] == sum(on_hand.values()) == 17
    per_batch = {row["batch"]: row["closing"] for row in body["sections"][1]["rows"]}
    assert sorted(per_batch.values()) == sorted([*on_hand.values(), 0])
    movements = (
        await client.get("/api/v1/movements", params={"site": kbh, "item": insulin, "limit": 500}, headers=h)
    ).json()["items"]
    assert len(rows) == len(movements)  # every movement, no more
    assert sum((x["in"] or 0) - (x["out"] or 0) for x in rows) == sum(m["quantity"] for m in movements)


async def test_opening_balance_is_the_ledger_before_from(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock
) -> None:
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    await make_controlled(client, auth, insulin)
    h = auth("pharmacist")
    clock.offset = -timedelta(days=40)
    await receive(client, h, site=kbh, item=insulin, batch="OLD", expiry=days(200), quantity=10)
    assert (await issue(client, h, site=kbh, item=insulin, quantity=4)).status_code == 201
    clock.offset = timedelta()
    assert (await issue(client, h, site=kbh, item=insulin, quantity=1)).status_code == 201
    start = (Clock().today() - timedelta(days=10)).isoformat()
    body = (await client.get(URL, params={"site": kbh, "item": insulin, "from": start}, headers=h)).json()
    opening, *lines = body["sections"][0]["groups"][0]["rows"]
    assert opening["balance"] == 6
    assert [(x["out"], x["balance"]) for x in lines] == [(1, 5)]
    assert {p["key"]: p["value"] for p in body["parameters"]}["from"] == start
    before = (Clock().today() - timedelta(days=20)).isoformat()
    old = (await client.get(URL, params={"site": kbh, "item": insulin, "to": before}, headers=h)).json()
    assert old["sections"][0]["groups"][0]["subtotals"]["balance"] == 6


async def test_without_an_item_every_controlled_item_of_the_site_is_a_group(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = clinic.sites["KBH"]
    await history(client, clinic, auth)
    await make_controlled(client, auth, clinic.items["metformin"])
    h = auth("pharmacist")
    await receive(
        client, h, site=kbh, item=clinic.items["metformin"], batch="MET", expiry=days(90), quantity=5
    )
    await receive(client, h, site=kbh, item=clinic.items["gloves"], batch="GL", expiry=None, quantity=5)
    body = (await client.get(URL, params={"site": kbh, "lang": "en"}, headers=h)).json()
    titles = [g["title"] for g in body["sections"][0]["groups"]]
    assert titles == ["Insulin glargin 100 E/ml pen (pens)", "Metformin 500 mg tabletter (tablets)"]
    assert body["sections"][0]["groups"][1]["subtotals"]["balance"] == 5


async def test_register_as_pdf_csv_and_xlsx(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    await history(client, clinic, auth)
    params = {"site": clinic.sites["KBH"], "item": clinic.items["insulin"]}
    h = auth("pharmacist")
    pdf = await client.get(URL, params={**params, "format": "pdf"}, headers=h)
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    for words in (
        "Register over euforiserende stoffer",
        "Insulin glargin 100 E/ml pen",
        "Primobeholdning",
        "MO-A",
        "Tilbageførsel",
        "Pr. batch",
        "Underskrift",
        "Udskrevet",
        "af pharmacist",
    ):
        assert words in text, words
    english = await client.get(URL, params={**params, "format": "pdf", "lang": "en"}, headers=h)
    english_text = pypdf.PdfReader(io.BytesIO(english.content)).pages[0].extract_text()
    assert "Controlled-drug register" in english_text and "Opening balance" in english_text
    got = await client.get(URL, params={**params, "format": "csv", "header": "keys"}, headers=h)
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["balance"] for r in rows] == ["0", "10", "30", "20", "18", "17", "14", "17"]
    assert rows[1]["batch"] == "MO-A" and rows[1]["group"] == "Insulin glargin 100 E/ml pen (penne)"
    xlsx = await client.get(URL, params={**params, "format": "xlsx"}, headers=h)
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    balances = [row[7] for row in values if row[1] == "Modtagelse"]
    assert balances == [10, 30]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"item": "metformin"}, 422, "item"),  # not a controlled drug
        ({"from": "2026-05-02", "to": "2026-05-01"}, 422, "from"),
        ({"format": "docx"}, 422, "format"),
        ({"site": 999}, 422, "site"),
        ({"from": "yesterday"}, 400, "from"),
    ],
)
async def test_bad_questions_are_problems_naming_the_field(
    client: httpx.AsyncClient, clinic: Clinic, auth, params: dict[str, Any], status: int, field: str
) -> None:
    query = {"site": clinic.sites["KBH"], **params}
    if query.get("item") == "metformin":
        query["item"] = clinic.items["metformin"]
    r = await client.get(URL, params=query, headers=auth("pharmacist"))
    assert_problem(r, status, field=field)


async def test_volunteers_may_not_read_the_register(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await client.get(URL, params={"site": clinic.sites["KBH"]}, headers=auth("volunteer"))
    assert_problem(r, 403)


async def test_a_witnessed_disposal_is_a_line_naming_the_witness(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database, password_hash: str
) -> None:
    async with UnitOfWork(database) as uow:
        uow.session.add(user_row("witness", password_hash, "pharmacist", full_name="Vera Vidne"))
        await uow.session.flush()
        witness = await uow.session.scalar(select(User.id).where(User.username == "witness"))
        uow.session.add(UserSite(user_id=witness, site_id=clinic.sites["KBH"]))  # a witness works there
        await uow.commit()
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    await make_controlled(client, auth, insulin)
    h = auth("pharmacist")
    got = await receive(
        client, h, site=kbh, item=insulin, batch="GONE", expiry=days(-3), quantity=4, allow_expired=True
    )
    r = await client.post(
        "/api/v1/disposals",
        headers=h,
        json={
            "site": kbh,
            "lines": [{"batch": got["lines"][0]["batch"]["id"], "quantity": 4}],
            "method": "pharmacy_return",
            "witness": {"username": "witness", "password": PASSWORD},
        },
    )
    assert r.status_code == 201, r.text
    body = (await client.get(URL, params={"site": kbh, "item": insulin}, headers=h)).json()
    last = body["sections"][0]["groups"][0]["rows"][-1]
    assert (last["operation"], last["out"], last["balance"]) == ("Kassation", 4, 0)
    assert last["reference"] == f"returneret til apotek: kassation nr. {r.json()['id']}"
    assert (last["witness"], last["operation_code"]) == ("Vera Vidne", "disposal")  # a column of its own

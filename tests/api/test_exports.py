"""Exports for auditors and spreadsheets, read back as a spreadsheet program reads them: stock on hand,
the ledger with filters, batches and the catalogue; the reader's sites only, money only where shown,
ids and GTINs for programs, formulas never run."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import load_workbook

from tests.api.helpers import receive_at
from tests.conftest import Clinic, days

HTML = {"Accept": "text/html"}


def read_csv(r: httpx.Response) -> list[dict[str, str]]:
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))


async def stocked(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    admin = auth("admin")
    await receive_at(client, admin, clinic, batch="K1", expiry=days(200), quantity=30, unit_cost_ore=250)
    await receive_at(client, admin, clinic, batch="A1", expiry=days(300), quantity=7, site="AAR")
    issue = {
        "site": clinic.sites["KBH"],
        "item": clinic.items["insulin"],
        "quantity": 4,
        "reason": "patient",
    }
    assert (await client.post("/api/v1/issues", json=issue, headers=admin)).status_code == 201


async def test_a_pharmacist_exports_the_stock_of_their_sites_with_ids_and_gtins(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await stocked(client, clinic, auth)
    params = {"format": "csv", "header": "keys"}
    rows = read_csv(await client.get("/api/v1/exports/stock", params=params, headers=auth("pharmacist")))
    assert [(r["site"], r["batch"], r["quantity"]) for r in rows] == [("KBH", "K1", "26")]
    assert rows[0]["item_id"] == str(clinic.items["insulin"]) and rows[0]["gtin"] == clinic.gtins[
        "insulin"
    ].zfill(14)
    assert rows[0]["quarantined"] == "Nej" and rows[0]["expiry"] == days(200)
    every = read_csv(await client.get("/api/v1/exports/stock", params=params, headers=auth("finance")))
    assert sorted(r["site"] for r in every) == ["AAR", "KBH"]
    other = await client.get(
        "/api/v1/exports/stock", params={"site": clinic.sites["AAR"]}, headers=auth("pharmacist")
    )
    assert other.status_code == 403
    assert (await client.get("/api/v1/exports/stock", headers=auth("volunteer"))).status_code == 403


async def test_the_ledger_exports_with_filters_as_xlsx_with_costs_only_for_who_may_see_money(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await stocked(client, clinic, auth)
    r = await client.get(
        "/api/v1/exports/movements",
        params={"format": "xlsx", "lang": "en", "site": clinic.sites["KBH"]},
        headers=auth("finance"),
    )
    assert r.status_code == 200 and r.headers["x-export-rows"] == "2"
    sheet = load_workbook(io.BytesIO(r.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    head = next(i for i, row in enumerate(values) if row[0] == "Movement id")
    labels, lines = values[head], [row for row in values[head + 1 :] if isinstance(row[0], int)]
    assert labels[-1] == "Unit cost"
    assert [(line[3], line[9]) for line in lines] == [("issue", -4), ("receipt", 30)]
    assert float(lines[1][-1]) == 2.5  # kroner: 250 øre
    issues = read_csv(
        await client.get(
            "/api/v1/exports/movements",
            params={"operation": "issue", "kind": "issue", "header": "keys"},
            headers=auth("pharmacist"),
        )
    )
    assert [r["kind"] for r in issues] == ["issue"] and "unit_cost_ore" in issues[0]


async def test_the_catalogue_and_batches_export_every_item_and_never_run_a_formula(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await stocked(client, clinic, auth)
    item = {
        "name": '=HYPERLINK("http://x")',
        "category": "consumable",
        "unit_of_issue": "piece",
        "pack_size": 1,
    }
    assert (await client.post("/api/v1/items", json=item, headers=auth("admin"))).status_code == 201
    rows = read_csv(
        await client.get("/api/v1/exports/items", params={"header": "keys"}, headers=auth("admin"))
    )
    assert len(rows) == len(clinic.items) + 1
    assert '\'=HYPERLINK("http://x")' in {r["name"] for r in rows}
    insulin = next(r for r in rows if r["item_id"] == str(clinic.items["insulin"]))
    assert insulin["gtin"] == clinic.gtins["insulin"].zfill(14) and insulin["active"] == "Ja"
    batches = read_csv(
        await client.get(
            "/api/v1/exports/batches", params={"header": "keys"}, headers=auth("pharmacist")
        )
    )
    held = {r["batch"]: r["quantity"] for r in batches}
    assert held == {"K1": "26", "A1": "0"}  # Aarhus's units are not the København pharmacist's


async def test_the_exports_page_downloads_in_the_pages_language(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    from tests.web.webhelpers import log_in

    await stocked(client, clinic, auth)
    await log_in(client, "pharmacist", next="/exports")
    page = await client.get("/exports", headers=HTML)
    assert page.status_code == 200 and "Udtræk til regneark" in page.text and "Aarhus" not in page.text
    xlsx = await client.get("/exports/stock", params={"format": "xlsx"})
    cells = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
    assert "Lagerbeholdning" in cells and "K1" in cells and "A1" not in cells

"""The finance reports over HTTP: XLSX read back with openpyxl, PDF text extracted, CSV parsed, and the
problems a bad request gets."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pypdf
import pytest
from openpyxl import load_workbook

from inventory.db.engine import Database
from tests.conftest import Clinic
from tests.finance.scenario import Scenario, build_scenario

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
async def scenario(database: Database, clinic: Clinic) -> Scenario:
    return await build_scenario(database, clinic)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def sheet_rows(content: bytes, sheet: int = 0) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def row_starting(rows: list[tuple[Any, ...]], first: str) -> tuple[Any, ...]:
    return next(row for row in rows if row and row[0] == first)


async def get(client: httpx.AsyncClient, auth, path: str, **params: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    response = await client.get(path, params=params, headers=auth("finance"))
    assert response.status_code == 200, response.text
    return response


async def test_grant_statement_json_carries_every_section(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    body = (await get(client, auth, f"/api/v1/reports/grants/{scenario.grant_a}", **YEAR, lang="en")).json()
    budget, money, also, by_category, by_site = body["sections"]
    assert [r["budget_line"] for r in budget["rows"]] == ["Medicin", "Forbrug"]
    assert budget["totals"]["spent_to_date_ore"] == 426_838 and budget["totals"]["remaining_ore"] == 573_162
    assert [r["value_ore"] for r in money["rows"]] == [0, 426_838, -369_175, -25_100, 0, -6_513]
    assert money["totals"]["value_ore"] == 26_050
    assert [r["value_ore"] for r in also["rows"]] == [31_613, 0, 60_000]
    # categories are worded like the pages (finance.category.*), no longer shown as their raw key
    medicines = {"category": "Medicines", "category_code": "medicine", "value_ore": 369_175}
    assert by_category["rows"] == [medicines]
    assert by_site["rows"][0]["consumed_ore"] == 369_175 and by_site["rows"][0]["expired_ore"] == 25_100
    assert any("purchase orders are not recorded" in note for note in body["notes"])


async def test_grant_statement_spreadsheet_holds_the_figures_as_numbers(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    response = await get(client, auth, f"/api/v1/reports/grants/{scenario.grant_a}", **YEAR, format="xlsx")
    assert response.headers["content-disposition"].startswith("attachment")
    budget = sheet_rows(response.content, 0)
    assert row_starting(budget, "Medicin")[1:5] == (8000, 4268.38, 4268.38, 3731.62)
    assert row_starting(budget, "I alt")[1:5] == (10000, 4268.38, 4268.38, 5731.62)
    trail = sheet_rows(response.content, 1)
    assert row_starting(trail, "Forbrugt (udleveret til patienter og behandlinger)")[1] == -3691.75
    assert row_starting(trail, "Spild: udløbet og kasseret")[1] == -251
    assert row_starting(trail, "Spild: tab ved optælling og rettelser")[1] == -65.13
    assert row_starting(trail, "På lager ved periodens slutning")[1] == 260.5


async def test_grant_statement_pdf_in_danish_and_english(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    path = f"/api/v1/reports/grants/{scenario.grant_a}"
    danish = pdf_text((await get(client, auth, path, **YEAR, format="pdf")).content)
    assert "Regnskab for bevilling" in danish and "Diabetes 2026 fra Diabetesfonden" in danish
    for amount in (
        "10.000,00 kr.",
        "4.268,38 kr.",
        "5.731,62 kr.",
        "-3.691,75 kr.",
        "-251,00 kr.",
        "-65,13 kr.",
        "260,50 kr.",
        "600,00 kr.",
    ):
        assert amount in danish, amount
    assert "Spild: udløbet og kasseret" in danish and "indkøbsordrer registreres endnu ikke" in danish
    english = pdf_text((await get(client, auth, path, **YEAR, format="pdf", lang="en")).content)
    assert (
        "Grant statement" in english
        and "4.268,38 kr." in english
        and "Wasted: expired and disposed of" in english
    )


async def test_valuation_pdf_and_spreadsheet_show_expired_stock_at_zero(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    xlsx = await get(client, auth, "/api/v1/reports/valuation", date="2026-07-07", format="xlsx")
    rows = sheet_rows(xlsx.content)
    assert row_starting(rows, "Lægemidler")[1:5] == (10, 1251.25, 0, 1251.25)
    assert row_starting(rows, "Lægemidler, udløbet")[1:5] == (2, 251, -251, 0)
    assert row_starting(rows, "I alt")[1:5] == (12, 1502.25, -251, 1251.25)
    text = pdf_text(
        (await get(client, auth, "/api/v1/reports/valuation", date="2026-07-07", format="pdf")).content
    )
    assert "Lagerværdi" in text and "Lægemidler, udløbet" in text and "1.251,25 kr." in text
    assert "årsregnskabsloven § 46" in text


async def test_impact_spreadsheet_and_pdf_by_therapeutic_area(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    response = await get(client, auth, "/api/v1/reports/impact", **YEAR, format="xlsx", lang="en")
    areas = sheet_rows(response.content, 1)
    assert row_starting(areas, "Diabetes")[1:5] == ("A10", 30, 3822, 3)
    text = pdf_text((await get(client, auth, "/api/v1/reports/impact", **YEAR, format="pdf")).content)
    assert "Diabetes (A10)" in text and "3.822,00 kr." in text and "Udleveringer til patienter" in text


async def test_postings_csv_has_stable_keys_and_one_line_per_posting(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    response = await get(client, auth, "/api/v1/reports/postings", **YEAR)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["posting_no", "posted_at", "posting", "fund", "grant_id"]
    assert "amount" in rows[0] and "movement_id" in rows[0]
    assert len(rows) == 1 + 15
    amount = rows[0].index("amount")
    assert [r[amount] for r in rows[1:3]] == ["2510,00", "1302,50"]
    assert sorted({r[2] for r in rows[1:]}) == [
        "consumption",
        "grant_charge",
        "in_kind_recognised",
        "waste_count_loss",
        "waste_expired",
    ]


async def test_in_kind_register_and_overview_answer(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    body = (await get(client, auth, "/api/v1/reports/in-kind", **YEAR, donor=str(scenario.foundation))).json()
    assert body["sections"][0]["totals"]["value_ore"] == 60_000
    overview = (await get(client, auth, "/api/v1/reports/grants", lang="en")).json()
    spent = {row["grant"]: row["spent_ore"] for row in overview["sections"][0]["rows"]}
    assert spent == {"Diabetes 2026": 426_838, "Akut medicin 2026": 45_587}


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/reports/grants/1", {"from": "2026-12-31", "to": "2026-01-01"}, 422, "to"),
        ("/api/v1/reports/grants/999", YEAR, 404, "grant_id"),
        ("/api/v1/reports/grants/1", {**YEAR, "format": "doc"}, 422, "format"),
        ("/api/v1/reports/grants", {"status": "gone"}, 422, "status"),
        ("/api/v1/reports/in-kind", {**YEAR, "donor": "999"}, 422, "donor"),  # a filter, not the path
    ],
)
async def test_bad_requests_get_a_problem_naming_the_field(
    client: httpx.AsyncClient,
    auth,
    clinic: Clinic,
    path: str,
    params: dict[str, str],
    status: int,
    field: str,
) -> None:
    response = await client.get(path, params=params, headers=auth("finance"))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json().get("field") == field or field in response.text

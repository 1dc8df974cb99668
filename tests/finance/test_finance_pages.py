"""The finance pages over HTTP, as a browser uses them: forms with CSRF that write through the funding
service and show problems in the page's language, the statement with its downloads, the burn-down
chart, and no finance page for a volunteer or a pharmacist."""

from __future__ import annotations

import io
import re
import uuid

import httpx
import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import Donor, FundingChange, Grant
from inventory.db.uow import UnitOfWork
from inventory.web.page import FORM_KEY
from tests.conftest import Clinic
from tests.finance.scenario import Scenario, build_scenario
from tests.rows import row_count
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}


async def finance_client(client: httpx.AsyncClient, user: str = "finance") -> httpx.AsyncClient:
    r = await log_in(client, user, next="/finance")
    assert r.status_code == 303, r.text
    return client


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    html = (await client.get(page, headers=HTML)).text
    return await client.post(
        action,
        data={"_csrf_token": form_token(html), FORM_KEY: uuid.uuid4().hex, **data},
        headers=HTML,
    )


async def count(database: Database, table: type) -> int:
    return await row_count(database, table)


async def test_finance_adds_a_donor_and_a_grant_with_budget_lines_through_the_forms(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await finance_client(client)
    r = await post_form(
        client, "/finance/donors", "/finance/donors", {"name": "Novo Nordisk Fonden", "kind": "foundation"}
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/finance/donors/")
    donor_page = await client.get(r.headers["location"], headers=HTML)
    assert "Novo Nordisk Fonden" in donor_page.text
    form = {
        "donor": "1",
        "name": "Diabetes 2027",
        "amount": "150.000,00",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "status": "active",
        "line_name_0": "Medicin",
        "line_amount_0": "100.000",
        "line_category_0": "medicine",
        "categories": "medicine",
    }
    r = await post_form(client, "/finance/grants/new", "/finance/grants", form)
    assert r.status_code == 303, r.text
    page = await client.get(r.headers["location"], headers=HTML)
    assert page.status_code == 200 and "Diabetes 2027" in page.text and "Medicin" in page.text
    async with UnitOfWork(database, readonly=True) as uow:
        grant = await uow.session.scalar(select(Grant))
    assert (
        grant is not None
        and grant.amount_ore == 15_000_000
        and grant.restrictions["categories"] == ["medicine"]
    )
    # Changing the grant keeps the reason: the funding service's audit.
    r = await post_form(
        client,
        page.url.path,
        f"/finance/grants/{grant.id}/change",
        {"amount": "160000", "end_date": "2027-12-31", "status": "active", "reason": "Tillæg"},
    )
    assert r.status_code == 303
    async with UnitOfWork(database, readonly=True) as uow:
        reasons = list(
            await uow.session.scalars(select(FundingChange.reason).where(FundingChange.entity == "grant"))
        )
    assert "Tillæg" in reasons


async def test_a_refused_form_shows_the_problem_in_the_pages_language_and_writes_nothing(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await finance_client(client)
    await post_form(
        client, "/finance/donors", "/finance/donors", {"name": "Velux Fonden", "kind": "foundation"}
    )
    before = await count(database, Grant)
    bad = {
        "donor": "1",
        "name": "Forkert",
        "amount": "1.000",
        "start_date": "2027-12-31",
        "end_date": "2027-01-01",
    }
    r = await post_form(client, "/finance/grants/new", "/finance/grants", bad)
    assert r.status_code == 422 and 'id="problem"' in r.text
    assert "Forkert" in r.text  # what was typed is kept
    assert await count(database, Grant) == before
    r = await post_form(
        client, "/finance/donors", "/finance/donors", {"name": "Velux Fonden", "kind": "foundation"}
    )
    assert r.status_code == 409 and 'data-problem="already-exists"' in r.text
    assert await count(database, Donor) == 1


async def test_the_statement_page_shows_the_figures_and_downloads_them(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    scenario: Scenario = await build_scenario(database, clinic)
    await finance_client(client)
    page = await client.get(
        f"/finance/grants/{scenario.grant_a}", params={"from": "2026-01-01", "to": "2026-12-31"}, headers=HTML
    )
    assert page.status_code == 200
    for shown in ("4.268,38 kr.", "5.731,62 kr.", "251,00 kr.", "Spild: udløbet og kasseret", "260,50 kr."):
        assert shown in page.text.replace("\xa0", " "), shown
    links = dict(re.findall(r'id="download-(\w+)" href="([^"]+)"', page.text))
    assert set(links) == {"pdf", "xlsx", "csv"}
    pdf = await client.get(links["pdf"].replace("&amp;", "&"))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Regnskab for bevilling" in text and "4.268,38 kr." in text.replace("\xa0", " ")
    xlsx = await client.get(links["xlsx"].replace("&amp;", "&"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert any(row[0] == "Medicin" and row[3] == 4268.38 for row in sheet.iter_rows(values_only=True))
    overview = await client.get("/finance", headers=HTML)
    assert overview.status_code == 200 and "<svg" in overview.text and 'role="img"' in overview.text
    assert "<title id=" in overview.text and "<desc id=" in overview.text
    postings = await client.get("/finance/postings", params={"from": "2026-01-01", "to": "2026-12-31"})
    assert postings.text.lstrip("\ufeff").startswith("posting_no;posted_at;posting")
    for path in (
        "/finance/valuation?date=2026-07-07",
        "/finance/impact?from=2026-01-01&to=2026-12-31",
        "/finance/in-kind?from=2026-01-01&to=2026-12-31",
        "/finance/donors",
        "/finance/grants/new",
    ):
        assert (await client.get(path, headers=HTML)).status_code == 200, path


@pytest.mark.parametrize("user", ["volunteer", "pharmacist"])
async def test_no_finance_page_for_volunteers_or_pharmacists(
    client: httpx.AsyncClient, clinic: Clinic, user: str
) -> None:
    await log_in(client, user, next="/")
    home = await client.get("/", headers=HTML)
    assert 'href="/finance"' not in home.text
    for path in (
        "/finance",
        "/finance/donors",
        "/finance/grants/new",
        "/finance/valuation",
        "/finance/postings",
    ):
        r = await client.get(path, headers=HTML)
        assert r.status_code == 403, f"{user} {path}: {r.status_code}"

"""Every report page words its tables exactly as its download does: in Danish, the column headings and
the "Subtotal"/"I alt" labels on the page equal those of the XLSX of the same report read back, and no
English label of that report appears on the page (the grant statement page once said "Total" where its
PDF said "I alt": the page view passed English words of its own)."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from inventory.db.engine import Database
from inventory.web.session import LANGUAGE_COOKIE
from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.finance.scenario import build_scenario
from tests.web.webhelpers import log_in

HTML = {"Accept": "text/html"}
_TABLE = re.compile(r'<table class="list report" id="report-table-\d+">(.*?)</table>', re.S)
_HEADING = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)
_CLOSING_ROW = re.compile(r'<tr class="(?:subtotal|total) totals">(.*?)</tr>', re.S)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def page_tables(text: str) -> list[tuple[list[str], set[str]]]:
    """Per table on the page: its column headings, and the first words of its subtotal and total rows."""
    return [
        (
            [html.unescape(h) for h in _HEADING.findall(table)],
            {next(html.unescape(c) for c in _CELL.findall(row) if c) for row in _CLOSING_ROW.findall(table)},
        )
        for table in _TABLE.findall(text)
    ]


def workbook_tables(content: bytes) -> list[tuple[list[str], set[str]]]:
    """Per sheet of the XLSX: the header row (bold on grey) and the first words of the bold rows after it."""
    tables = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        rows = list(sheet.iter_rows())
        head = next(i for i, row in enumerate(rows) if str(row[0].fill.fgColor.rgb).endswith("DDDDDD"))
        headings = [str(c.value) for c in rows[head] if c.value is not None]
        closing = {
            next(str(c.value) for c in row if c.value is not None)
            for row in rows[head + 1 :]
            if any(c.value is not None for c in row) and row[0].font.bold and not row[0].font.italic
        }
        tables.append((headings, closing))
    return tables


async def english_workbook(client: httpx.AsyncClient, download: str) -> list[tuple[list[str], set[str]]]:
    """The same download in English (the page's language is the session's cookie), then Danish again."""
    client.cookies.set(LANGUAGE_COOKIE, "en")
    try:
        english = await client.get(download)
    finally:
        client.cookies.set(LANGUAGE_COOKIE, "da")
    assert english.status_code == 200, english.text
    return workbook_tables(english.content)


def words_of(tables: list[tuple[list[str], set[str]]]) -> set[str]:
    return {word for headings, closing in tables for word in (*headings, *closing)}


async def registers_page(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> str:
    insulin = clinic.items["insulin"]
    r = await client.patch(f"/api/v1/items/{insulin}", json={"controlled": True}, headers=auth("admin"))
    assert r.status_code == 200
    return f"/registers?site={clinic.sites['KBH']}&item={insulin}&from=2026-01-01&to=2026-12-31"


@pytest.mark.parametrize(
    "page",
    [
        "grant_statement",
        "valuation",
        "impact",
        "in_kind",
        "register",
    ],
)
async def test_a_danish_report_page_says_what_its_download_says(
    client: httpx.AsyncClient, clinic: Clinic, database: Database, auth: Any, page: str
) -> None:
    scenario = await build_scenario(database, clinic)
    paths = {
        "grant_statement": f"/finance/grants/{scenario.grant_a}?from=2026-01-01&to=2026-12-31",
        "valuation": "/finance/valuation?date=2026-07-07",
        "impact": "/finance/impact?from=2026-01-01&to=2026-12-31",
        "in_kind": "/finance/in-kind?from=2026-01-01&to=2026-12-31",
    }
    path = paths[page] if page != "register" else await registers_page(client, clinic, auth)
    await log_in(client, "finance", next="/")
    shown = await client.get(path, headers=HTML)
    assert shown.status_code == 200, shown.text
    on_page = page_tables(shown.text)
    assert on_page and all(headings for headings, _ in on_page), "no report table on the page"

    link = re.search(r'id="download-xlsx" href="([^"]+)"|href="([^"]+)" id="download-xlsx"', shown.text)
    assert link, "no XLSX download on the page"
    download = html.unescape(link[1] or link[2])
    danish = await client.get(download)
    assert danish.status_code == 200 and danish.content[:2] == b"PK", danish.text
    in_workbook = workbook_tables(danish.content)
    assert [h for h, _ in on_page] == [h for h, _ in in_workbook]
    for (_, page_closing), (_, book_closing) in zip(on_page, in_workbook, strict=True):
        assert page_closing <= book_closing, (page_closing, book_closing)

    english_only = words_of(await english_workbook(client, download)) - words_of(in_workbook)
    assert english_only, "the English workbook should word something differently"
    assert not english_only & words_of(on_page), english_only & words_of(on_page)
    assert "Total" not in words_of(on_page)


async def test_the_danish_expiry_review_page_says_what_its_download_says(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    """The review's page keeps a table per bucket with an action per line, worded by the same report."""
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    await receive(
        client, auth("pharmacist"), site=kbh, item=insulin, batch="WORDS-1", expiry=days(10), quantity=3
    )
    await log_in(client, "pharmacist", next="/expiry")
    shown = await client.get("/expiry", headers=HTML)
    assert shown.status_code == 200, shown.text
    tables = re.findall(r'<table class="list" id="bucket-[\w-]+">(.*?)</table>', shown.text, re.S)
    assert tables
    link = re.search(r'id="download-xlsx" href="([^"]+)"', shown.text)
    assert link, "no XLSX download on the page"
    content = (await client.get(html.unescape(link[1]))).content
    book = load_workbook(io.BytesIO(content)).worksheets[0]
    (book_headings, _), *_ = workbook_tables(content)
    english_only = words_of(await english_workbook(client, html.unescape(link[1]))) - words_of(
        [(book_headings, set())]
    )
    titles = {str(row[0].value) for row in book.iter_rows() if row[0].font.italic and row[0].value}
    for table in tables:
        headings = [html.unescape(h) for h in _HEADING.findall(table)]
        assert headings[:-1] == book_headings  # the page adds its actions
        assert not english_only & set(headings), english_only & set(headings)
    captions = {html.unescape(c).split(" · ")[0] for c in re.findall(r"<caption>(.*?)</caption>", shown.text)}
    assert titles and titles <= captions, (titles, captions)

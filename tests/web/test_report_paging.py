"""A long report on a page comes a page at a time (issue 17: the impact, in-kind and expiry pages ran to
13,000-35,000 px on a phone): a pager with the previous and next page, each table's title on every page
it spans, the notes on the last; the downloads keep the whole report."""

from __future__ import annotations

import csv
import io
import re

import httpx

from inventory.demo.seed import DEMO_PASSWORD
from inventory.web.report_paging import paged
from inventory.web.report_view import ReportView, RowView, TableView
from tests.web.test_danish_crawl import demo_app, demo_db  # noqa: F401 - the demo clinic's fixtures
from tests.web.webhelpers import log_in

HTML = {"Accept": "text/html"}
_NEXT = re.compile(r'<a href="([^"]+)" rel="next" id="next-page">')
_PREVIOUS = re.compile(r'<a href="([^"]+)" rel="prev" id="previous-page">')


def _view(*sizes: int) -> ReportView:
    tables = [
        TableView(f"T{n}", [("a", False)], [RowView("row", title=f"{n}-{i}") for i in range(size)], "none")
        for n, size in enumerate(sizes)
    ]
    return ReportView("R", "", [], tables, ["a note"])


def test_rows_are_cut_into_pages_across_tables_and_the_notes_come_last() -> None:
    view = _view(25, 0, 40)
    first, page, pages = paged(view, 1, 30)
    assert (page, pages) == (1, 3)
    assert [(t.title, len(t.rows)) for t in first.tables] == [("T0", 25), ("T1", 0), ("T2", 5)]
    assert first.notes == []
    last, page, _ = paged(view, 99, 30)  # beyond the end: the last page
    assert page == 3 and [(t.title, len(t.rows)) for t in last.tables] == [("T2", 5)]
    assert last.tables[0].rows[-1].title == "2-39" and last.notes == ["a note"]


def test_a_short_report_is_one_page_as_it_was() -> None:
    view = _view(3, 2)
    assert paged(view, 1, 30) == (view, 1, 1)


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr class=\"row\">(.*?)</tr>", html, re.DOTALL)


async def test_the_impact_page_pages_and_its_download_keeps_every_row(demo_app: httpx.AsyncClient) -> None:  # noqa: F811
    await log_in(demo_app, "finance", DEMO_PASSWORD, next="/finance")
    first = await demo_app.get("/finance/impact", headers=HTML)
    assert first.status_code == 200
    following = _NEXT.search(first.text)
    assert following, "no pager on a long report"
    assert not _PREVIOUS.search(first.text)
    second = await demo_app.get(following[1].replace("&amp;", "&"), headers=HTML)
    assert second.status_code == 200 and _PREVIOUS.search(second.text)
    assert "Side 2" in second.text
    assert _rows(second.text) and _rows(second.text)[0] not in _rows(first.text)
    assert len(_rows(first.text)) <= 30
    download = await demo_app.get("/finance/impact?format=csv")
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(lines) > 30 + 1


async def test_the_expiry_review_pages_its_lines(demo_app: httpx.AsyncClient) -> None:  # noqa: F811
    await log_in(demo_app, "pharmacist", DEMO_PASSWORD, next="/expiry")
    first = await demo_app.get("/expiry?within_days=365", headers=HTML)
    assert first.text.count("<tr data-batch=") <= 20
    following = _NEXT.search(first.text)
    assert following, "no pager on a long review"
    second = await demo_app.get(following[1].replace("&amp;", "&"), headers=HTML)
    assert "within_days=365" in following[1]
    assert second.text.count("<tr data-batch=") >= 1

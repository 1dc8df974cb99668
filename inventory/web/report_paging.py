"""A long report on a page, a page at a time: the rows of its tables (groups, subtotals and totals as they
fall) are cut into pages of ROWS_PER_PAGE with a pager (templates/_pager.html, `?page=`); a table shows
on the pages its rows fall on, its title on each. The downloads keep the whole report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlencode

from litestar import Request

V = TypeVar("V")  # web/report_view.ReportView: `tables` (each with `rows`) and `notes`

ROWS_PER_PAGE = 30
MAX_PAGE_DIGITS = 6


def page_asked(request: Request[Any, Any, Any]) -> int:
    """`?page=` as a page number from 1; anything else is the first page (a pager's link, never typed)."""
    raw = request.query_params.get("page", "")
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= MAX_PAGE_DIGITS:
        return max(int(raw), 1)
    return 1


def _link(request: Request[Any, Any, Any], page: int) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    if page > 1:
        query.append(("page", str(page)))
    return request.url.path + (f"?{urlencode(query)}" if query else "")


def paged(view: V, page: int, rows_per_page: int = ROWS_PER_PAGE) -> tuple[V, int, int]:
    """The view with only the rows of `page` (clamped to the last page), that page and the number of pages."""
    all_tables: list[Any] = list(view.tables)  # type: ignore[attr-defined]
    total = sum(len(t.rows) for t in all_tables)
    pages = max(1, -(-total // rows_per_page))
    page = min(page, pages)
    if pages == 1:
        return view, 1, 1
    start, end = (page - 1) * rows_per_page, page * rows_per_page
    tables: list[Any] = []
    seen = 0
    for table in all_tables:
        first, last = seen, seen + len(table.rows)
        seen = last
        if not table.rows and page == 1:
            tables.append(table)  # an empty table says so on the first page
        elif first < end and last > start:
            tables.append(replace(table, rows=table.rows[max(start - first, 0) : end - first]))
    notes = view.notes if page == pages else []  # type: ignore[attr-defined]
    return replace(view, tables=tables, notes=notes), page, pages  # type: ignore[type-var]


def paged_groups(
    request: Request[Any, Any, Any],
    groups: list[tuple[str, str, list[Any]]],
    rows_per_page: int = ROWS_PER_PAGE,
) -> tuple[list[tuple[str, str, list[Any]]], dict[str, Any]]:
    """A page of lines grouped under titles (the expiry review's buckets), cut as `paged` cuts a report:
    the groups (key, title, lines) on the asked page, and the pager."""

    @dataclass
    class Group:
        key: str
        title: str
        rows: list[Any]

    @dataclass
    class Groups:
        tables: list[Group]
        notes: list[str]

    shown, pager = pager_context(request, Groups([Group(*g) for g in groups], []), rows_per_page)
    return [(g.key, g.title, g.rows) for g in shown.tables], pager


def pager_context(
    request: Request[Any, Any, Any], view: V, rows_per_page: int = ROWS_PER_PAGE
) -> tuple[V, dict[str, Any]]:
    """The page of `view` the request asks for, and what _pager.html needs (page, previous, next)."""
    shown, page, pages = paged(view, page_asked(request), rows_per_page)
    return shown, {
        "page": page,
        "pages": pages,
        "previous": _link(request, page - 1) if page > 1 else None,
        "next": _link(request, page + 1) if page < pages else None,
    }

"""The one way a controller answers a report: `format=json|csv|xlsx|pdf`, `lang=da|en`.

@get("/controlled-register")
async def register(
    self, request, clock, ..., fmt: ReportFormat = "json", lang: ReportLanguage = "da"
) -> Response[bytes]:
    report = await build_it(...)
    return report_response(report, request, clock, fmt=fmt, lang=lang)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Request, Response
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import InvalidInput
from inventory.http.deps import decode_cursor
from inventory.i18n import LANGUAGES
from inventory.reports import Format, Report, language, render
from inventory.reports.model import Page
from inventory.services import labelling

# Query parameters of every report endpoint: `fmt: ReportFormat = "json", lang: ReportLanguage = "da"`.
ReportFormat = Annotated[
    str, QueryParameter(name="format", description="json (money in øre, ISO dates), csv, xlsx or pdf")
]
ReportLanguage = Annotated[
    str, QueryParameter(name="lang", description="da (the default) or en: words, numbers and dates")
]
CsvHeader = Annotated[
    str, QueryParameter(name="header", description="CSV header row: labels (translated) or keys (stable)")
]


def parse_format(value: str) -> Format:
    try:
        return Format(value)
    except ValueError:
        choices = ", ".join(f.value for f in Format)
        raise InvalidInput(f"unknown format '{value}'; one of {choices}", field="format") from None


def parse_language(value: str) -> str:
    if value not in LANGUAGES:
        raise InvalidInput(f"unknown language '{value}'; one of {', '.join(LANGUAGES)}", field="lang")
    return value


def report_response(
    report: Report,
    request: Request[Any, Any, Any],
    clock: Clock,
    *,
    fmt: str,
    lang: str,
    csv_header: str | None = None,
    printed_by: str | None = None,
) -> Response[bytes]:
    """Render `report` as asked; downloads (CSV, XLSX) are attachments, JSON and PDF open inline.
    The CSV header row is `csv_header`, else the query's `header` (labels or keys) for every report."""
    chosen = parse_format(fmt)
    if csv_header is None:
        csv_header = request.query_params.get("header") or "labels"
    code = parse_language(lang)
    if csv_header not in ("labels", "keys"):
        raise InvalidInput("header is labels or keys", field="header")
    page_cursor: str | None = None
    asked = request.query_params
    if chosen is Format.JSON and ("limit" in asked or "cursor" in asked):
        report, page_cursor = json_page(report, asked.get("cursor"), asked.get("limit"))
    rendered = render(
        report,
        chosen,
        language(code),
        printed_at=clock.now(),
        printed_by=printed_by or request.user.display_name,
        csv_header="keys" if csv_header == "keys" else "labels",
    )
    disposition = "inline" if chosen in (Format.JSON, Format.PDF) else "attachment"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{rendered.filename}"',
        "Content-Language": code,
        "Cache-Control": "no-store",
    }
    if page_cursor is not None:
        headers["X-Next-Cursor"] = page_cursor  # the JSON's own `next_cursor` says it too
    return Response(rendered.content, media_type=rendered.media_type, headers=headers)


JSON_PAGE_MAX = 1000


def json_page(report: Report, cursor: str | None, limit: str | None) -> tuple[Report, str | None]:
    """A long report's JSON a page at a time: the main table's lines from `cursor` (an opaque offset
    from the previous page), at most `limit` (default and most 1,000); totals stay the whole report's.
    Answers the page and the next page's cursor ("" when this is the last)."""
    offset = decode_cursor(cursor) or 0
    if limit is None or limit == "":
        size = JSON_PAGE_MAX
    elif limit.isascii() and limit.isdigit() and 1 <= int(limit) <= JSON_PAGE_MAX:
        size = int(limit)
    else:
        raise InvalidInput(f"a number of lines from 1 to {JSON_PAGE_MAX}", field="limit")
    main = report.main
    window = main.window(offset, size)
    more = offset + size < main.lines
    paged = dataclasses.replace(
        report,
        sections=(window, *report.sections[1:]),
        page=Page(offset, size, main.lines, str(offset + size) if more else None),
    )
    return paged, str(offset + size) if more else ""


LABEL_MEDIA_TYPES = {"pdf": "application/pdf", "zpl": "text/plain; charset=utf-8"}


def label_response(content: bytes, fmt: labelling.Format) -> Response[bytes]:
    return Response(
        content,
        media_type=LABEL_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="labels.{fmt}"', "Cache-Control": "no-store"},
    )


async def read_report(
    request: Request[Any, Any, Any],
    database: Database,
    clock: Clock,
    build: Callable[[AsyncSession], Awaitable[Report]],
    *,
    fmt: str,
    lang: str,
    csv_header: str | None = None,
) -> Response[bytes]:
    """A report built in one read-only unit of work (`build(session)`), answered as asked."""
    async with UnitOfWork(database, readonly=True) as uow:
        report = await build(uow.session)
    return report_response(report, request, clock, fmt=fmt, lang=lang, csv_header=csv_header)

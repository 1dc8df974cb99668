"""The one page view of every report (pharmacy and finance alike): `report_view(report, lang)` gives the
words and formatted cells that templates/_report.html lays out (a table on a desk, cards on a phone).

Every word comes from the report value itself, worded by the report model's language exactly as the
PDF and the XLSX word it (column labels, "Subtotal" and "Total" through `label_first`), so a page can
never say what its download does not. The downloads of the same report go through the report response
like the API's: `report_page` answers both."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, TypeAlias

from litestar import Request, Response
from litestar.params import QueryParameter

from inventory.clock import Clock
from inventory.domain.access import Actor
from inventory.http.downloads import report_response
from inventory.reports import ColumnType, Language, Msg, Report, Row, Section, language
from inventory.reports.model import for_readers, label_first
from inventory.web.page import render
from inventory.web.report_paging import pager_context
from inventory.web.session import language_of

_NOT_NUMERIC = (ColumnType.TEXT, ColumnType.DATE, ColumnType.DATETIME)
FORMATS = ("pdf", "xlsx", "csv")  # the downloads a report page offers (templates/_downloads.html)
Format = Annotated[
    str | None, QueryParameter(name="format", description="pdf, xlsx, csv or json: the download")
]
Asked: TypeAlias = Request[Actor, Any, Any]
Answer: TypeAlias = Response[Any]
SUBTOTAL, TOTAL = Msg("report.subtotal"), Msg("report.total")


@dataclass(frozen=True)
class CellView:
    text: str
    label: str  # the column's label: phones show it before the value
    numeric: bool


@dataclass(frozen=True)
class RowView:
    kind: str  # "row", "group" (a title spanning the table), "subtotal", "total"
    cells: tuple[CellView, ...] = ()
    title: str = ""


@dataclass
class TableView:
    title: str
    headers: list[tuple[str, bool]]  # label, numeric
    rows: list[RowView] = field(default_factory=list)
    empty: str = ""  # what an empty table says


@dataclass
class ReportView:
    title: str
    subtitle: str
    parameters: list[tuple[str, str, str]]  # key (the page's id: report-param-<key>), label, value
    tables: list[TableView]
    notes: list[str]
    notes_title: str = ""


def _cells(section: Section, row: Row, words: Language, first: Msg | None = None) -> tuple[CellView, ...]:
    shown = label_first(row, first) if first is not None else row
    return tuple(
        # a row's own label ("Total") needs no column name before it on a phone
        CellView(
            words.cell(value, c.type),
            "" if shown[i] is not row[i] else words.text(c.label),
            c.type not in _NOT_NUMERIC,
        )
        for i, (c, value) in enumerate(zip(section.columns, shown, strict=True))
    )


def _table(report: Report, section: Section, words: Language) -> TableView:
    table = TableView(
        title=words.text(section.title or report.title),
        headers=[(words.text(c.label), c.type not in _NOT_NUMERIC) for c in section.columns],
        empty=words.text(Msg("report.no_rows")),
    )
    table.rows += [RowView("row", _cells(section, row, words)) for row in section.rows]
    for group in section.groups:
        table.rows.append(RowView("group", title=words.text(group.title)))
        table.rows += [RowView("row", _cells(section, row, words)) for row in group.rows]
        if group.subtotals:
            table.rows.append(RowView("subtotal", _cells(section, group.subtotals, words, SUBTOTAL)))
    if section.totals:
        table.rows.append(RowView("total", _cells(section, section.totals, words, TOTAL)))
    return table


def report_view(report: Report, lang: Language | str) -> ReportView:
    """`report` worded and formatted in `lang` (a code or a `Language`) for templates/_report.html."""
    words = lang if isinstance(lang, Language) else language(lang)
    report = for_readers(report)  # ids and GTIN are for programs (JSON, CSV), not for the page
    return ReportView(
        title=words.text(report.title),
        subtitle=words.text(report.subtitle),
        parameters=[(p.key, words.text(p.label), words.cell(p.value, p.type)) for p in report.parameters],
        tables=[_table(report, section, words) for section in report.sections],
        notes=[words.text(n) for n in report.notes],
        notes_title=words.text(Msg("report.notes")),
    )


def headings(report: Report, request: Asked) -> dict[str, str]:
    """The main table's column labels by key in the reader's language, for a page that lays out the
    report's lines itself (a dashboard, lines with actions) but words them as the report does."""
    words = language(language_of(request))
    return {c.key: words.text(c.label) for c in report.main.columns}


def report_page(
    request: Asked, clock: Clock, report: Report, fmt: str | None, template: str, **context: Any
) -> Answer:
    """Every report page's answer: `template` (which includes _report.html) with the report
    worded in the reader's language, or, with ?format=, the download of the same report in it."""
    lang = language_of(request)
    if fmt:
        return report_response(report, request, clock, fmt=fmt, lang=lang)
    view, pager = pager_context(request, report_view(report, lang))  # a long report, a page at a time
    return render(request, template, view=view, formats=FORMATS, pager=pager, **context)

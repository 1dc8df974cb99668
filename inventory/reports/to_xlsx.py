"""A report as an XLSX workbook (openpyxl): typed cells, one sheet per section, frozen header row.

Numbers are numbers, money is kroner with a "kr." number format (the value stays exact: øre / 100 as
a decimal), dates are dates and timestamps Copenhagen wall-clock time (Excel has no time zones).
Each sheet starts with the title, parameters and when/who printed it; then the header row (frozen),
the rows (group titles and subtotals in bold), the totals row and the notes.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inventory.reports.format import CLINIC_TZ, FORMULA_STARTS, Language, decimal_places, inert, ore_to_kroner
from inventory.reports.model import Cell, ColumnType, Msg, Report, Row, Section, label_first

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_NUMBER_FORMATS = {
    "da": {
        ColumnType.MONEY: '#,##0.00\\ "kr."',
        ColumnType.DATE: "dd.mm.yyyy",
        ColumnType.DATETIME: "dd.mm.yyyy hh:mm",
    },
    "en": {  # English as written in Denmark (inventory/i18n/formatting): kroner as on the pages
        ColumnType.MONEY: '#,##0.00\\ "kr."',
        ColumnType.DATE: "dd/mm/yyyy",
        ColumnType.DATETIME: "dd/mm/yyyy hh:mm",
    },
}
_COMMON_FORMATS = {ColumnType.QUANTITY: "#,##0", ColumnType.DAYS: "0", ColumnType.PERCENT: "0.0%"}
_WIDTHS = {
    ColumnType.TEXT: 28,
    ColumnType.MONEY: 16,
    ColumnType.DATE: 12,
    ColumnType.DATETIME: 17,
    ColumnType.QUANTITY: 11,
    ColumnType.DAYS: 8,
    ColumnType.PERCENT: 9,
    ColumnType.DECIMAL: 10,
}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def number_format(kind: ColumnType, language: Language, value: Cell = None) -> str | None:
    if kind is ColumnType.DECIMAL and isinstance(value, Decimal):
        places = decimal_places(value)
        return "#,##0." + "0" * places if places > 0 else "#,##0"
    return _NUMBER_FORMATS[language.code].get(kind) or _COMMON_FORMATS.get(kind)


def excel_value(value: Cell, kind: ColumnType, language: Language) -> object:
    if isinstance(value, Msg):
        return language.text(value)
    if isinstance(value, datetime):
        return value.astimezone(CLINIC_TZ).replace(tzinfo=None)
    if kind is ColumnType.MONEY and isinstance(value, int):
        return ore_to_kroner(value)  # exact: a Decimal is written as a number
    return value


def _put(ws: Worksheet, row: int, col: int, value: Cell, kind: ColumnType, language: Language) -> None:
    cell = ws.cell(row=row, column=col, value=excel_value(value, kind, language))
    fmt = number_format(kind, language, value)
    if fmt and value is not None and not isinstance(value, Msg | str):
        cell.number_format = fmt


def _sheet(
    ws: Worksheet, report: Report, section: Section, language: Language, stamp: str, first: bool
) -> None:
    ws.cell(row=1, column=1, value=language.text(report.title)).font = Font(bold=True, size=14)
    r = 2
    if report.subtitle:
        ws.cell(row=r, column=1, value=language.text(report.subtitle))
        r += 1
    for p in report.parameters:
        ws.cell(row=r, column=1, value=language.text(p.label)).font = BOLD
        _put(ws, r, 2, p.value, p.type, language)
        r += 1
    ws.cell(row=r, column=1, value=stamp)
    r += 1
    if section.title:
        r += 1
        ws.cell(row=r, column=1, value=language.text(section.title)).font = Font(bold=True, size=12)
    r += 1
    columns = section.columns
    for c, column in enumerate(columns, start=1):
        head = ws.cell(row=r, column=c, value=language.text(column.label))
        head.font, head.fill = BOLD, HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = max(
            _WIDTHS[column.type], ws.column_dimensions[get_column_letter(c)].width or 0
        )
    ws.freeze_panes = ws.cell(row=r + 1, column=1)

    def line(row: Row, bold: bool = False) -> None:
        nonlocal r
        r += 1
        for c, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            _put(ws, r, c, value, column.type, language)
            if bold:
                ws.cell(row=r, column=c).font = BOLD

    for row in section.rows:
        line(row)
    for group in section.groups:
        r += 1
        ws.cell(row=r, column=1, value=language.text(group.title)).font = Font(bold=True, italic=True)
        for row in group.rows:
            line(row)
        if group.subtotals:
            line(label_first(group.subtotals, Msg("report.subtotal")), bold=True)
    if section.totals:
        line(label_first(section.totals, Msg("report.total")), bold=True)
    if first and report.notes:
        r += 1
        for note in report.notes:
            r += 1
            ws.cell(row=r, column=1, value=language.text(note))


def sheet_name(title: str, index: int, taken: set[str]) -> str:
    name = _SHEET_NAME_BAD.sub(" ", title).strip()[:31] or f"{index + 1}"
    while name in taken:
        name = f"{name[:28]} {index + 1}"
    taken.add(name)
    return name


def _no_formulas(ws: Worksheet) -> None:
    """No cell runs: the renderer writes no formulas, so any cell openpyxl took for one is text that
    started with "=" (an item name, a note); it stays text, and so does text starting + - @ (`inert`)."""
    for row in ws.iter_rows():
        for cell in row:
            text = cell.value
            if isinstance(text, str) and (cell.data_type == "f" or text.startswith(FORMULA_STARTS)):
                cell.value = inert(text)
                cell.data_type = "s"


def render_xlsx(report: Report, language: Language, printed_at: datetime, printed_by: str) -> bytes:
    stamp = language.text(Msg("report.printed", (("at", printed_at), ("user", printed_by))))
    book = Workbook()
    taken: set[str] = set()
    for index, section in enumerate(report.sections):
        ws = book.active if index == 0 else book.create_sheet()
        assert ws is not None
        ws.title = sheet_name(language.text(section.title or report.title), index, taken)
        _sheet(ws, report, section, language, stamp, first=index == 0)
        _no_formulas(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

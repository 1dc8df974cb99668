"""Exports never run what users typed: an item name or note that starts like a formula (= + - @) is
text in the CSV and the XLSX, read back as a spreadsheet program sees it."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from inventory.reports import Column, ColumnType, Report, Section, msg, verbatim
from inventory.reports.format import language
from inventory.reports.to_csv import render_csv
from inventory.reports.to_xlsx import render_xlsx
from tests.reports.sample import PRINTED_AT

NAMES = ['=HYPERLINK("http://evil.example","Klik")', "+45 1234", "-2+3", "@SUM(A1)", "\tTAB", "Insulin"]


def report() -> Report:
    columns = (
        Column("item", msg("report.item")),
        Column("quantity", msg("report.quantity"), ColumnType.QUANTITY),
    )
    rows = tuple((verbatim(name), -n) for n, name in enumerate(NAMES))
    return Report(
        title=msg("register.title"),
        subtitle=verbatim("=1+1"),
        sections=(Section(columns=columns, rows=rows),),
        filename="formula",
    )


def test_csv_cells_that_start_like_a_formula_are_kept_as_text() -> None:
    body = render_csv(report(), language("da")).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    assert [c[0] for c in cells] == ["'" + n for n in NAMES[:-1]] + ["Insulin"]
    assert [c[1] for c in cells] == ["0", "-1", "-2", "-3", "-4", "-5"]  # numbers stay numbers


def test_xlsx_holds_no_formula_and_numbers_stay_numbers() -> None:
    book = load_workbook(io.BytesIO(render_xlsx(report(), language("en"), PRINTED_AT, "Karen Holm")))
    cells = [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'=1+1" in texts and "'" + NAMES[0] in texts and "Insulin" in texts
    assert -5 in {c.value for c in cells if isinstance(c.value, int)}

"""A report's main table as CSV that Excel opens by double-click, in Danish or English.

Decisions (documented in docs/reports.md):
- UTF-8 with a byte-order mark, so Excel reads æ, ø and å; CRLF line ends (RFC 4180).
- Danish: `;` between fields and a decimal comma, which is what Excel in a Danish locale expects;
  English: `,` and a decimal point.
- One header row: the translated labels (`header="labels"`, the default) or the stable column keys
  (`header="keys"`), for bookkeeping imports and scripts.
- Data rows only: the first section (the main table), a leading `group` column when it has groups;
  subtotals and totals are left out (a spreadsheet sums them; XLSX and PDF show them).
- Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a return: an item
  name, a note) starts with a ' instead (`format.inert`), in XLSX too.
- Values plain: integers without thousands separators, money in kroner with two decimals (1234,50),
  dates ISO 8601 (2026-11-30, which Excel reads in every locale), timestamps Copenhagen time
  "2026-11-30 14:05", percent as a number (12,5).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from inventory.reports.format import CLINIC_TZ, Language, inert, ore_to_kroner
from inventory.reports.model import Cell, ColumnType, Msg, Report

Header = Literal["labels", "keys"]
BOM = "\ufeff"


def csv_value(value: Cell, kind: ColumnType, language: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, Msg | str):
        return inert(language.text(value))
    if isinstance(value, datetime):
        return value.astimezone(CLINIC_TZ).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if kind is ColumnType.MONEY and isinstance(value, int):
        number = f"{ore_to_kroner(value):.2f}"
    elif kind is ColumnType.PERCENT:
        number = format((Decimal(value) * 100).normalize(), "f")
    else:
        number = str(value)
    return number.replace(".", language.decimal_separator())


def render_csv(report: Report, language: Language, header: Header = "labels") -> bytes:
    section = report.main
    grouped = bool(section.groups)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language.code == "da" else ",")
    names = [c.key if header == "keys" else language.text(c.label) for c in section.columns]
    if grouped:
        names.insert(0, "group" if header == "keys" else language.text(Msg("report.group")))
    writer.writerow(names)
    for group, row in section.all_rows():
        values = [csv_value(v, c.type, language) for c, v in zip(section.columns, row, strict=True)]
        if grouped:
            values.insert(0, inert(language.text(group)))
        writer.writerow(values)
    return (BOM + out.getvalue()).encode("utf-8")

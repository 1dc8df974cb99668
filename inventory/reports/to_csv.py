"""A report's main table as CSV that Excel opens by double-click, in Danish or English.

Decisions (documented in docs/reports.md):
- UTF-8 with a byte-order mark, so Excel reads æ, ø and å; CRLF line ends (RFC 4180).
- Danish: `;` between fields and a decimal comma, which is what Excel in a Danish locale expects;
  English: `,` and a decimal point.
- One header row: the translated labels (`header="labels"`, the default) or the stable column keys
  (`header="keys"`), for bookkeeping imports and scripts.
- For programs: a coded column (`Column.coded`) is followed by `<key>_code`, its stable code (`expired`,
  `disposal`, `no_price`); a grouped table whose groups have codes (expiry buckets) has `group_code`;
  columns marked `program` (ids, GTIN) are carried (XLSX and PDF leave them out).
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
    if isinstance(value, Msg) and value.code is not None and kind is not ColumnType.TEXT:
        return ""  # a number column keeps numbers: "no price" is blank, its code in `<key>_code`
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


def _code_label(label: Msg, language: Language) -> str:
    return language.text(Msg("records.code_of", (("label", label),)))


def render_csv(report: Report, language: Language, header: Header = "labels") -> bytes:
    section = report.main
    grouped = bool(section.groups)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language.code == "da" else ",")
    group_codes = grouped and any(g.title.code for g in section.groups)
    names: list[str] = []
    if grouped:
        names.append("group" if header == "keys" else language.text(Msg("report.group")))
    if group_codes:
        names.append("group_code" if header == "keys" else _code_label(Msg("report.group"), language))
    for c in section.columns:
        names.append(c.key if header == "keys" else language.text(c.label))
        if c.coded:
            names.append(f"{c.key}_code" if header == "keys" else _code_label(c.label, language))
    writer.writerow(names)
    for group, row in section.all_rows():
        values: list[str] = []
        if grouped:
            values.append(inert(language.text(group)))
        if group_codes:
            values.append((group.code if group else None) or "")
        for c, v in zip(section.columns, row, strict=True):
            values.append(csv_value(v, c.type, language))
            if c.coded:
                values.append((v.code if isinstance(v, Msg) else None) or "")
        writer.writerow(values)
    return (BOM + out.getvalue()).encode("utf-8")

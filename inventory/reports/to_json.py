"""A report as JSON for the API: labels translated, values plain (money in integer øre, ISO dates).

For programs: a coded column (`Column.coded`) has `<key>_code` beside its words in every row (the
stable code: `expired`, `disposal`, `medicine`; null when the cell has none); a coded cell in a number
column (money received without a price) is null with its code beside it. Columns marked `program`
(ids, GTIN) are carried here and in CSV only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from inventory.reports.format import Language
from inventory.reports.model import Cell, Column, ColumnType, Msg, Page, Report, Row, Section

JsonValue = str | int | float | None


def plain(value: Cell, language: Language, kind: ColumnType = ColumnType.TEXT) -> JsonValue:
    """Money stays integer øre, quantities integers, dates ISO 8601, timestamps ISO 8601 in UTC."""
    if isinstance(value, Msg) and value.code is not None and kind is not ColumnType.TEXT:
        return None  # a number column keeps its type: "no price" is null, its code beside it
    if isinstance(value, Msg):
        return language.text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def code_of(value: Cell) -> str | None:
    return value.code if isinstance(value, Msg) else None


def _row(columns: tuple[Column, ...], row: Row, language: Language) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {}
    for c, v in zip(columns, row, strict=True):
        out[c.key] = plain(v, language, c.type)
        if c.coded:
            out[f"{c.key}_code"] = code_of(v)
    return out


def _section(section: Section, language: Language) -> dict[str, Any]:
    cols = section.columns
    return {
        "title": language.text(section.title) if section.title else None,
        "columns": [
            {"key": c.key, "label": language.text(c.label), "type": c.type.value, "coded": c.coded}
            for c in cols
        ],
        "rows": [_row(cols, r, language) for r in section.rows],
        "groups": [
            {
                "title": language.text(g.title),
                "code": g.title.code,
                "rows": [_row(cols, r, language) for r in g.rows],
                "subtotals": _row(cols, g.subtotals, language) if g.subtotals else None,
            }
            for g in section.groups
        ],
        "totals": _row(cols, section.totals, language) if section.totals else None,
    }


def as_dict(report: Report, language: Language, printed_at: datetime, printed_by: str) -> dict[str, Any]:
    return {
        "title": language.text(report.title),
        "subtitle": language.text(report.subtitle) if report.subtitle else None,
        "language": language.code,
        "printed_at": printed_at.isoformat(),
        "printed_by": printed_by,
        "parameters": [
            {
                "key": p.key,
                "label": language.text(p.label),
                "type": p.type.value,
                "value": plain(p.value, language, p.type),
                "code": code_of(p.value),
            }
            for p in report.parameters
        ],
        "sections": [_section(s, language) for s in report.sections],
        "notes": [language.text(n) for n in report.notes],
        "signatures": [
            {
                "role": language.text(s.role),
                "role_code": s.role.code,
                "name": language.text(s.name) if s.name else None,
                "at": plain(s.at, language),
            }
            for s in report.signatures
        ],
        **({"page": msgspec.structs.asdict(_page(report.page))} if report.page else {}),
    }


class _PageOut(msgspec.Struct):
    offset: int
    limit: int
    lines: int
    next_cursor: str | None


def _page(page: Page) -> _PageOut:
    """Which lines of the main table this answer holds; `next_cursor` asks for the next page."""
    return _PageOut(page.offset, page.limit, page.lines, page.next_cursor)


def render_json(report: Report, language: Language, printed_at: datetime, printed_by: str) -> bytes:
    return msgspec.json.encode(as_dict(report, language, printed_at, printed_by))

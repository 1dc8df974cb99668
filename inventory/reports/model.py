"""The one report model: a report is a plain value, built once and rendered as JSON, CSV, XLSX or PDF.

A report builder (a query plus a function) returns a `Report`; `inventory.reports.render` turns it into
bytes for a format and a language. Nothing here knows about databases, HTTP or languages:

- Every word a reader sees (title, column and parameter labels, group titles, notes) is a `Label`: a
  key of the gettext catalogues (`inventory/i18n/locale/*/LC_MESSAGES/reports.po`, `{name}`
  placeholders), worded by the renderer for the chosen language. `msg("report.batch_named",
  batch="AB12")` fills a placeholder; values are formatted for the language too (dates, numbers).
  `verbatim("Insulin glargin")` is shown as written.
- Cells are typed by their column (`ColumnType`): text (a `str`, or a `Msg` to translate), quantity
  (`int`, in the item's unit), money (`int` øre), date (`date`), datetime (aware `datetime`, shown in
  Europe/Copenhagen), days (`int`), percent (a fraction: `Decimal("0.125")` is 12.5 %), decimal (a
  `Decimal` shown with as many decimals as it has, e.g. °C to a tenth). `None` is blank.
- A report has one or more `Section`s (tables). The first section is the report's main table: CSV
  carries it alone; JSON, XLSX and PDF carry them all.

Example::

    Report(
        title=msg("register.title"),
        parameters=(Parameter("site", msg("report.site"), "København"),
                    Parameter("from", msg("report.from"), date(2026, 1, 1), ColumnType.DATE)),
        sections=(Section(
            columns=(Column("date", msg("report.date"), ColumnType.DATE),
                     Column("quantity", msg("report.quantity"), ColumnType.QUANTITY)),
            rows=((date(2026, 1, 2), 10),),
            totals=(None, 10),
        ),),
        filename="register",
        signature_line=True,
    )
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    QUANTITY = "quantity"
    MONEY = "money"  # integer øre
    DATE = "date"
    DATETIME = "datetime"  # timezone-aware; shown in Europe/Copenhagen
    DAYS = "days"
    PERCENT = "percent"  # a fraction, 0.125 is 12.5 %
    DECIMAL = "decimal"  # a Decimal shown with its own decimals: Decimal("4.0") is "4,0" in Danish
    ID = "id"  # an integer id (item, batch, site), for programs: never grouped by thousands


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


Value = str | int | Decimal | date | datetime | None


@dataclass(frozen=True)
class Msg:
    """A catalogue key (`{name}` placeholders in its words) and the values for its placeholders."""

    id: str
    args: tuple[tuple[str, Cell], ...] = ()  # a Msg as a value is translated too
    literal: bool = False  # shown as written, never translated
    unit: bool = False  # a unit of issue: `id` is its code, worded by count ("tablet"/"tabletter")
    code: str | None = None  # a stable code for programs beside the words (JSON `<key>_code`, CSV column)

    def __str__(self) -> str:
        return self.id


def msg(message_id: str, **args: Cell) -> Msg:
    """A translatable label: msg("report.batch_named", batch="AB12")."""
    return Msg(message_id, tuple(sorted(args.items())))


def coded(code: str, label: Msg) -> Msg:
    """`label` for people with a stable `code` for programs: coded("expired", msg("pharmacy.expired")).
    In a coded column JSON and CSV carry the code beside the words (`status`, `status_code`)."""
    return Msg(label.id, label.args, label.literal, label.unit, code)


NO_PRICE = coded("no_price", Msg("records.no_price"))  # received without a cost: not "0,00 kr."


def verbatim(text: str) -> Msg:
    """Text shown as written in every language: names of items, sites, batch numbers."""
    return Msg(text, (), literal=True)


def unit_of_issue(code: str, count: int | None = None) -> Msg:
    """An item's unit in the reader's language, singular for a count of one: unit_of_issue("tablet", 5)."""
    return Msg(code, (("count", count),) if count is not None else (), unit=True)


Label = Msg
Cell = Value | Msg
Row = tuple[Cell, ...]


def label_first(row: Row, label: Msg) -> Row:
    """A subtotal or total row as shown: `label` ("Subtotal", "Total") in its empty first cell, unless
    the row already names itself with words of its own (a `Msg` or text in another cell)."""
    if not row or row[0] is not None or any(isinstance(cell, Msg | str) for cell in row):
        return row
    return (label, *row[1:])


@dataclass(frozen=True)
class Column:
    """`key` is stable (JSON keys, CSV header with header=keys); `label` is what a reader sees."""

    key: str
    label: Label
    type: ColumnType = ColumnType.TEXT
    width: float | None = None  # relative width in the PDF; by type when None
    coded: bool = False  # JSON and CSV carry `<key>_code` (the cell's `Msg.code`) beside the words
    program: bool = False  # for programs only (ids, GTIN): in JSON and CSV, not on pages, PDF or XLSX


def aligned(columns: Sequence[Column], **cells: Cell) -> Row:
    """A row with `cells` under the columns of those keys and blanks elsewhere, e.g. a totals row that
    names only what it sums: `aligned(COLUMNS, quantity=12, value_ore=3450)`."""
    keys = [c.key for c in columns]
    unknown = set(cells) - set(keys)
    if unknown:
        raise ValueError(f"no column {sorted(unknown)}; the columns are {keys}")
    return tuple(cells.get(key) for key in keys)


@dataclass(frozen=True)
class Parameter:
    """What the report was asked for, shown at the top: site, period, item, ..."""

    key: str
    label: Label
    value: Cell
    type: ColumnType = ColumnType.TEXT


@dataclass(frozen=True)
class Group:
    """Rows under a title (e.g. one batch), with an optional subtotal row aligned with the columns."""

    title: Label
    rows: tuple[Row, ...]
    subtotals: Row | None = None


@dataclass(frozen=True)
class Section:
    """One table: columns, then ungrouped rows, then groups, then a totals row (aligned with columns).

    In subtotal and total rows a `None` in the first column is shown as "Subtotal" / "Total", unless
    the row has words of its own (see `label_first`).
    """

    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    groups: tuple[Group, ...] = ()
    totals: Row | None = None
    title: Label | None = None

    def __post_init__(self) -> None:
        width = len(self.columns)
        if width == 0:
            raise ValueError("a section needs at least one column")
        if len({c.key for c in self.columns}) != width:
            raise ValueError("column keys must be unique")
        every = [*self.rows, *(r for g in self.groups for r in g.rows)]
        every += [g.subtotals for g in self.groups if g.subtotals is not None]
        if self.totals is not None:
            every.append(self.totals)
        for row in every:
            if len(row) != width:
                raise ValueError(f"a row has {len(row)} cells for {width} columns: {row!r}")

    def all_rows(self) -> tuple[tuple[Msg | None, Row], ...]:
        """Every data row in order, with the title of its group (None for ungrouped rows)."""
        out: list[tuple[Msg | None, Row]] = [(None, row) for row in self.rows]
        out += [(g.title, row) for g in self.groups for row in g.rows]
        return tuple(out)

    def window(self, offset: int, limit: int) -> Section:
        """The data rows `offset` to `offset + limit` (in `all_rows` order), each in its group, the groups
        with no row in the window left out; subtotals and totals stay those of the whole section."""
        end = offset + limit
        rows = self.rows[offset:end]
        groups: list[Group] = []
        at = len(self.rows)
        for group in self.groups:
            first, last = max(offset - at, 0), max(end - at, 0)
            if group.rows[first:last]:
                groups.append(dataclasses.replace(group, rows=group.rows[first:last]))
            at += len(group.rows)
        return dataclasses.replace(self, rows=rows, groups=tuple(groups))

    @property
    def lines(self) -> int:
        return len(self.rows) + sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class Signature:
    """A signature block of an inspection document: who signs as what (disposer, witness), when."""

    role: Label
    name: Label | None
    at: date | datetime | None = None


@dataclass(frozen=True)
class Page:
    """Which lines of the main table a JSON answer holds, when asked a page at a time."""

    offset: int
    limit: int
    lines: int  # of the whole main table
    next_cursor: str | None  # the next page's cursor; None on the last


@dataclass(frozen=True)
class Report:
    """A whole report. `filename` is the download's name without extension (ASCII, no spaces)."""

    title: Label
    sections: tuple[Section, ...]
    filename: str
    subtitle: Label | None = None
    parameters: tuple[Parameter, ...] = ()
    notes: tuple[Label, ...] = ()
    orientation: Orientation = Orientation.PORTRAIT
    signature_line: bool = False  # PDF ends with date, name and signature lines (inspection documents)
    printed_stamp: bool = True  # PDF footer says when and by whom it was printed
    signatures: tuple[Signature, ...] = ()  # named signature blocks (PDF), in place of the blank line
    code: str | None = None  # PDF prints it under the title as a Code 128 barcode (a packing list's RKT<id>)
    page: Page | None = None  # JSON only: one page of the main table (http/downloads.json_page)

    def __post_init__(self) -> None:
        if not self.sections:
            raise ValueError("a report needs at least one section")
        if not self.filename or not all(
            ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in self.filename
        ):
            raise ValueError(f"filename must be ASCII letters, digits, '-', '_' or '.': {self.filename!r}")

    @property
    def main(self) -> Section:
        return self.sections[0]


def _shown(section: Section) -> Section:
    keep = [i for i, c in enumerate(section.columns) if not c.program]
    if len(keep) == len(section.columns):
        return section

    def cut(row: Row) -> Row:
        return tuple(row[i] for i in keep)

    return Section(
        columns=tuple(section.columns[i] for i in keep),
        rows=tuple(cut(r) for r in section.rows),
        groups=tuple(
            Group(g.title, tuple(cut(r) for r in g.rows), cut(g.subtotals) if g.subtotals else None)
            for g in section.groups
        ),
        totals=cut(section.totals) if section.totals else None,
        title=section.title,
    )


def for_readers(report: Report) -> Report:
    """The report as people read it (page, PDF, XLSX): without the columns meant for programs."""
    sections = tuple(_shown(s) for s in report.sections)
    if all(a is b for a, b in zip(sections, report.sections, strict=True)):
        return report
    return replace(report, sections=sections)

"""What the finance pages show, prepared for the templates: a report value as HTML tables (the same
value the downloads render, worded and formatted by the report model's language), and a grant's
burn-down as SVG coordinates (drawn on the server: no chart library, no script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from inventory.domain.money_trail import BurnPoint
from inventory.reports import ColumnType, Report, Section, language

NUMERIC = {ColumnType.QUANTITY, ColumnType.MONEY, ColumnType.DAYS, ColumnType.PERCENT}


@dataclass
class TableRow:
    cells: list[str]
    kind: str = "row"  # row | group | subtotal | total


@dataclass
class Table:
    title: str
    labels: list[str]
    numeric: list[bool]
    rows: list[TableRow] = field(default_factory=list)


def _table(section: Section, lang: str) -> Table:
    words = language(lang)
    types = [c.type for c in section.columns]

    def cells(row: tuple[object, ...], closing: str | None = None) -> list[str]:
        out = [words.cell(value, kind) for value, kind in zip(row, types, strict=True)]  # type: ignore[arg-type]
        if closing is not None and row[0] is None:
            out[0] = words.text(closing)
        return out

    table = Table(
        title=words.text(section.title) if section.title else "",
        labels=[words.text(c.label) for c in section.columns],
        numeric=[t in NUMERIC for t in types],
    )
    table.rows += [TableRow(cells(row)) for row in section.rows]
    for group in section.groups:
        table.rows.append(TableRow([words.text(group.title)], "group"))
        table.rows += [TableRow(cells(row)) for row in group.rows]
        if group.subtotals is not None:
            table.rows.append(TableRow(cells(group.subtotals, "Subtotal"), "subtotal"))
    if section.totals is not None:
        table.rows.append(TableRow(cells(section.totals, "Total"), "total"))
    return table


@dataclass
class ReportView:
    title: str
    subtitle: str
    parameters: list[tuple[str, str]]
    tables: list[Table]
    notes: list[str]


def report_view(report: Report, lang: str) -> ReportView:
    words = language(lang)
    return ReportView(
        title=words.text(report.title),
        subtitle=words.text(report.subtitle) if report.subtitle else "",
        parameters=[(words.text(p.label), words.cell(p.value, p.type)) for p in report.parameters],
        tables=[_table(section, lang) for section in report.sections],
        notes=[words.text(note) for note in report.notes],
    )


# --- burn-down ----------------------------------------------------------------------------------------

WIDTH, HEIGHT, PAD = 600, 220, 8


@dataclass
class BurnChart:
    """A step line of what is left (x: days of the grant's period, y: kroner) and the even-spending
    line from the full amount at the start to nothing at the end, in a WIDTH × HEIGHT box."""

    points: str
    even: str
    width: int = WIDTH
    height: int = HEIGHT
    data: list[BurnPoint] = field(default_factory=list)


def burn_chart(amount_ore: int, start: date, end: date, points: list[BurnPoint]) -> BurnChart:
    span = max(1, (end - start).days)
    top = max([amount_ore, *(p.remaining_ore for p in points)]) or 1
    low = min([0, *(p.remaining_ore for p in points)])

    def xy(day: date, ore: int) -> str:
        x = PAD + (WIDTH - 2 * PAD) * min(max((day - start).days, 0), span) / span
        y = PAD + (HEIGHT - 2 * PAD) * (top - ore) / (top - low or 1)
        return f"{x:.1f},{y:.1f}"

    steps: list[str] = []
    previous: BurnPoint | None = None
    for point in points:
        if previous is not None:
            steps.append(xy(point.day, previous.remaining_ore))  # flat until the day of the charge
        steps.append(xy(point.day, point.remaining_ore))
        previous = point
    return BurnChart(" ".join(steps), f"{xy(start, amount_ore)} {xy(end, 0)}", data=points)

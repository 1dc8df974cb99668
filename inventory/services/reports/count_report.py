"""A stock count's sheet (what to count, with an empty column to write in; no expected figures when the
count is blind and open) and its report (expected, counted, variance, value, posted, who approved)."""

from __future__ import annotations

from dataclasses import replace

from inventory.domain.stock_count import CountScope, CountStatus
from inventory.reports.model import (
    Column,
    Msg,
    Orientation,
    Parameter,
    Report,
    Row,
    Section,
    aligned,
    msg,
    verbatim,
)
from inventory.reports.model import ColumnType as T
from inventory.services.count_reads import CountLineView, CountView
from inventory.services.reports.columns import BATCH, ITEM, VALUE

LOCATION = Column("location", msg("report.location"), width=1.6)
EXPIRY = Column("expiry_date", msg("report.expiry"), T.DATE)
EXPECTED = Column("expected", msg("count.expected"), T.QUANTITY)
COUNTED = Column("counted", msg("count.counted"), T.QUANTITY)
WRITE_IN = Column("write_in", msg("count.counted"), width=2.0)
VARIANCE = Column("variance", msg("count.variance"), T.QUANTITY)
GRANT = Column("grant", msg("count.grant"), width=1.6)
POSTED = Column("posted", msg("count.posted"), width=1.0)
POSTED_BY = Column("posted_by", msg("count.posted_by"), width=1.4)

SCOPES: dict[str, Msg] = {scope.value: msg(f"count.scope.{scope.value}") for scope in CountScope}
STATUSES: dict[str, Msg] = {status.value: msg(f"count.status.{status.value}") for status in CountStatus}


def _who(view: CountView, user_id: int | None) -> Msg:
    name = view.name(user_id)
    return verbatim(name) if name else msg("count.nobody")


def _parameters(view: CountView) -> tuple[Parameter, ...]:
    c = view.count
    where = (
        verbatim(view.location)
        if view.location
        else (verbatim(c.category) if c.category else SCOPES[c.scope])
    )
    params = [
        Parameter("site", msg("report.site"), verbatim(view.site_name)),
        Parameter("scope", msg("count.scope"), where),
        Parameter("status", msg("count.status"), STATUSES[c.status]),
        Parameter("started_at", msg("count.started_at"), c.started_at, T.DATETIME),
        Parameter("started_by", msg("count.started_by"), _who(view, c.started_by)),
        Parameter("counter", msg("count.counter"), _who(view, c.submitted_by)),
    ]
    if c.controlled:
        params.append(Parameter("witness", msg("count.witness"), _who(view, c.witness_id)))
    params.append(Parameter("approved_by", msg("count.approved_by"), _who(view, c.approved_by)))
    if c.approved_at:
        params.append(Parameter("approved_at", msg("count.approved_at"), c.approved_at, T.DATETIME))
    if view.shows_value:
        params.append(Parameter("value_ore", msg("report.value"), view.value_ore, T.MONEY))
    return tuple(params)


def _title(view: CountView, key: str) -> Msg:
    return msg(key, number=str(view.count.id), site=verbatim(view.site_name))


def count_sheet(view: CountView) -> Report:
    """What to count, line by line, with an empty column to write the count in."""
    columns: tuple[Column, ...] = (LOCATION, replace(ITEM, width=4), replace(BATCH, width=1.6), EXPIRY)
    if view.shows_expected:
        columns += (EXPECTED,)
    columns += (WRITE_IN,)

    def row(line: CountLineView) -> Row:
        cells: Row = (
            verbatim(line.location or ""),
            verbatim(line.item_name),
            verbatim(line.batch_number),
            line.expiry,
        )
        if view.shows_expected:
            cells += (line.expected,)
        return cells + (None,)

    notes = [msg("count.sheet_note")]
    if view.count.controlled:
        notes.append(msg("count.controlled_note"))
    return Report(
        title=_title(view, "count.sheet_title"),
        parameters=_parameters(view)[:5],
        sections=(Section(columns=columns, rows=tuple(row(line) for line in view.lines)),),
        notes=tuple(notes),
        filename=f"count-sheet-{view.count.id}",
        signature_line=True,
    )


def count_report(view: CountView) -> Report:
    """Each line's expected, counted, variance, value and grant, whether it is posted and by whom."""
    columns = (
        LOCATION,
        replace(ITEM, width=3.2),
        replace(BATCH, width=1.4),
        EXPIRY,
        EXPECTED,
        COUNTED,
        VARIANCE,
        replace(VALUE, width=1.8),
        GRANT,
        POSTED,
        POSTED_BY,
    )
    rows = tuple(
        (
            verbatim(line.location or ""),
            verbatim(line.item_name),
            verbatim(line.batch_number),
            line.expiry,
            line.expected,
            line.counted,
            line.variance,
            line.value_ore,
            msg("count.found_in_count") if line.grant == "found" else verbatim(line.grant or ""),
            msg("report.yes") if line.posted else msg("report.no"),
            verbatim(line.posted_by or ""),
        )
        for line in view.lines
    )
    notes: list[Msg] = []
    if view.count.explanation:
        notes.append(msg("count.explanation_note", explanation=view.count.explanation))
    if not view.shows_expected:
        notes.append(msg("count.blind_note"))
    return Report(
        title=_title(view, "count.report_title"),
        parameters=_parameters(view),
        sections=(
            Section(
                columns=columns,
                rows=rows,
                totals=aligned(columns, value_ore=view.value_ore) if view.shows_value else None,
            ),
        ),
        notes=tuple(notes),
        filename=f"count-report-{view.count.id}",
        orientation=Orientation.LANDSCAPE,
        signature_line=view.count.controlled,
    )

"""A fridge's monthly temperature log as a report: every reading, flagged when out of range, with the
actions taken, and the allowed range with its changes; signed like the other inspection documents."""

from __future__ import annotations

from inventory.domain.cold_chain import AllowedRange, celsius
from inventory.reports import Column, ColumnType, Msg, Parameter, Report, Row, Section, msg, verbatim
from inventory.reports.model import coded
from inventory.services.fridge_log import RangeView, ReadingView
from inventory.services.fridge_month import MonthlyLog

T = ColumnType
READING_COLUMNS = (
    Column("read_at", msg("report.date_time"), T.DATETIME, width=1.5),
    Column("current_c", msg("fridge.current"), T.DECIMAL, width=0.8),
    Column("min_c", msg("fridge.min"), T.DECIMAL, width=0.8),
    Column("max_c", msg("fridge.max"), T.DECIMAL, width=0.8),
    Column("allowed", msg("fridge.allowed"), width=1.1),
    Column("deviation", msg("fridge.outside"), width=1.2, coded=True),
    Column("read_by", msg("fridge.read_by"), width=1.3),
    Column("note", msg("report.note"), width=1.5),
    Column("actions", msg("fridge.action"), width=3.0),
)
RANGE_COLUMNS = (
    Column("from", msg("report.from"), T.DATETIME),
    Column("min_c", msg("fridge.min"), T.DECIMAL),
    Column("max_c", msg("fridge.max"), T.DECIMAL),
    Column("set_by", msg("fridge.set_by")),
    Column("reason", msg("report.reason"), width=4.0),
)


def range_text(allowed: AllowedRange) -> Msg:
    return msg("fridge.range", min=celsius(allowed.min_tenths), max=celsius(allowed.max_tenths))


def _actions(view: ReadingView) -> Msg | None:
    if not view.actions:
        return None
    parts = [
        msg(
            "fridge.action_by",
            action=verbatim(a.action.action),
            user=verbatim(a.user),
            at=a.action.created_at,
        )
        for a in view.actions
    ]
    text = parts[0]
    for part in parts[1:]:
        text = msg("fridge.and", first=text, second=part)
    return text


def _reading_row(view: ReadingView) -> Row:
    r = view.reading
    allowed = AllowedRange(r.allowed_min_tenths, r.allowed_max_tenths)
    return (
        r.read_at,
        celsius(r.current_tenths),
        None if r.min_tenths is None else celsius(r.min_tenths),
        None if r.max_tenths is None else celsius(r.max_tenths),
        range_text(allowed),
        coded(r.deviation, msg(f"deviation.{r.deviation}")) if r.deviation else None,
        verbatim(view.user),
        verbatim(r.note) if r.note else None,
        _actions(view),
    )


def _range_row(view: RangeView) -> Row:
    if view.row is None:
        return (
            None,
            celsius(view.allowed.min_tenths),
            celsius(view.allowed.max_tenths),
            None,
            msg("fridge.default"),
        )
    return (
        view.row.created_at,
        celsius(view.row.min_tenths),
        celsius(view.row.max_tenths),
        verbatim(view.user or ""),
        verbatim(view.row.reason),
    )


def fridge_log_report(log: MonthlyLog) -> Report:
    flagged = sum(1 for v in log.readings if v.reading.deviation)
    ranges = [log.range_at_start, *log.range_changes]
    return Report(
        title=msg("fridge.title"),
        subtitle=msg(
            "fridge.location_at_site", location=verbatim(log.location.name), site=verbatim(log.site.name)
        ),
        parameters=(
            Parameter("site", msg("report.site"), verbatim(log.site.name)),
            Parameter("location", msg("report.location"), verbatim(log.location.name)),
            Parameter("from", msg("report.from"), log.month, T.DATE),
            Parameter("to", msg("report.to"), log.last_day, T.DATE),
            Parameter("allowed", msg("fridge.allowed"), range_text(log.range_at_start.allowed)),
            Parameter("readings", msg("fridge.readings"), len(log.readings), T.QUANTITY),
            Parameter("flagged", msg("fridge.flagged_count"), flagged, T.QUANTITY),
        ),
        sections=(
            Section(columns=READING_COLUMNS, rows=tuple(_reading_row(v) for v in log.readings)),
            Section(
                title=msg("fridge.allowed"), columns=RANGE_COLUMNS, rows=tuple(_range_row(r) for r in ranges)
            ),
        ),
        notes=(msg("fridge.marked"),),
        filename=f"fridge-log-{log.site.code}-{log.location.id}-{log.month:%Y-%m}",
        signature_line=True,
    )

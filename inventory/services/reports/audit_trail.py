"""The audit trail of the clinic's set-up as a report: who changed which user, site, location or item,
when, from what to what, and why; newest first, one page of it (the page and API page on with a cursor)."""

from __future__ import annotations

import json

from inventory.reports import Column, ColumnType, Msg, Report, Row, Section, msg, verbatim
from inventory.services.audit import AuditView

T = ColumnType
COLUMNS = (
    Column("at", msg("report.date_time"), T.DATETIME, width=1.4),
    Column("actor", msg("audit.col.actor"), width=1.2),
    Column("entity", msg("audit.col.entity"), width=1.2),
    Column("action", msg("audit.col.action"), width=1.0),
    Column("before", msg("audit.col.before"), width=3.0),
    Column("after", msg("audit.col.after"), width=3.0),
    Column("reason", msg("report.reason"), width=1.6),
)


def _fields(values: dict[str, object] | None) -> str | None:
    """A change as text a person and a program both read: `name: value` per field, values as JSON."""
    if not values:
        return None
    return "; ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items())


def _row(view: AuditView) -> Row:
    who: Msg = verbatim(view.actor) if view.actor is not None else msg("audit.command_line")
    return (
        view.at,
        who,
        msg(f"audit.entity.{view.entity}", id=view.entity_id),
        msg(f"audit.action.{view.action}"),
        _fields(view.before),
        _fields(view.after),
        view.reason,
    )


def audit_trail(views: list[AuditView]) -> Report:
    return Report(
        title=msg("audit.title"),
        subtitle=msg("audit.subtitle"),
        sections=(Section(columns=COLUMNS, rows=tuple(_row(v) for v in views)),),
        notes=(msg("audit.note"),),
        filename="audit-trail",
    )

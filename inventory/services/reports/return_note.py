"""A return note: what goes back to the supplier, its value (the credit expected), why, their reference,
who returned it, with signature lines for the clinic and for the supplier's receipt."""

from __future__ import annotations

from dataclasses import replace

from inventory.domain.returns import ReturnReason
from inventory.reports.model import (
    Column,
    Msg,
    Parameter,
    Report,
    Section,
    aligned,
    msg,
    unit_of_issue,
    verbatim,
)
from inventory.reports.model import ColumnType as T
from inventory.services.reports.columns import BATCH, ITEM, QUANTITY, VALUE
from inventory.services.return_reads import ReturnView

REASONS: dict[str, Msg] = {reason.value: msg(f"returns.reason.{reason.value}") for reason in ReturnReason}

COLUMNS = (
    replace(ITEM, width=4),
    replace(BATCH, width=1.6),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    QUANTITY,
    Column("unit", msg("pharmacy.unit"), width=1.2),
    replace(VALUE, width=2.0),
)


def return_note(view: ReturnView) -> Report:
    r = view.record
    rows = tuple(
        (
            verbatim(line.item.name),
            verbatim(line.batch.batch_number),
            line.batch.expiry_date,
            -line.movement.quantity,
            unit_of_issue(line.item.unit_of_issue, -line.movement.quantity),
            line.value_ore,
        )
        for line in view.lines
    )
    notes: list[Msg] = [msg("returns.note.credit_expected")]
    if any(line.unvalued_quantity for line in view.lines):
        notes.append(msg("returns.note.unvalued"))
    if any(line.reversed_by for line in view.lines):
        notes.append(msg("returns.note.partly_undone"))
    if r.note:
        notes.append(msg("pharmacy.note_note", note=r.note))
    notes.append(msg("returns.note.supplier_signs"))
    return Report(
        title=msg("returns.note.title"),
        subtitle=msg("returns.note.number_at_site", number=str(r.id), site=view.site_name),
        parameters=(
            Parameter("site", msg("report.site"), verbatim(view.site_name)),
            Parameter("supplier", msg("returns.supplier"), verbatim(r.supplier)),
            Parameter("reference", msg("returns.reference"), verbatim(r.reference)),
            Parameter("reason", msg("returns.reason"), REASONS[r.reason]),
            Parameter("at", msg("returns.returned_at"), r.created_at, T.DATETIME),
            Parameter("user", msg("returns.returned_by"), verbatim(view.full_name)),
            Parameter("value_ore", msg("returns.credit_value"), view.value_ore, T.MONEY),
        ),
        sections=(
            Section(
                columns=COLUMNS,
                rows=rows,
                totals=aligned(COLUMNS, quantity=view.quantity, value_ore=view.value_ore),
            ),
        ),
        notes=tuple(notes),
        filename=f"return-note-{r.id}",
        signature_line=True,
    )

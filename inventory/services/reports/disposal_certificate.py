"""A disposal certificate: what was destroyed, its value, how, by whom, witnessed by whom, when."""

from __future__ import annotations

from dataclasses import replace

from inventory.domain.disposal import DisposalMethod
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
from inventory.services.disposal_reads import DisposalView
from inventory.services.reports.columns import BATCH, ITEM, QUANTITY, VALUE

METHODS: dict[str, Msg] = {
    DisposalMethod.PHARMACY_RETURN: msg("pharmacy.returned_to_a_pharmacy_for_destruction"),
    DisposalMethod.CLINICAL_WASTE: msg("pharmacy.clinical_waste"),
    DisposalMethod.OTHER: msg("pharmacy.other"),
}


COLUMNS = (
    replace(ITEM, width=4),
    replace(BATCH, width=1.6),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    QUANTITY,
    Column("unit", msg("pharmacy.unit"), width=1.2),
    Column("controlled", msg("pharmacy.controlled"), width=1.6),
    replace(VALUE, width=2.0),
)


def disposal_certificate(view: DisposalView) -> Report:
    d = view.disposal
    rows = tuple(
        (
            verbatim(line.item.name),
            verbatim(line.batch.batch_number),
            line.batch.expiry_date,
            -line.movement.quantity,
            unit_of_issue(line.item.unit_of_issue, -line.movement.quantity),
            msg("report.yes") if line.item.controlled else msg("report.no"),
            line.value_ore,
        )
        for line in view.lines
    )
    quantity = sum(-line.movement.quantity for line in view.lines)
    notes: list[Msg] = []
    if any(line.reversed_by for line in view.lines):
        notes.append(msg("pharmacy.part_of_this_disposal_was_later"))
    if d.reason:
        notes.append(msg("pharmacy.reason_reason", reason=d.reason))
    if d.note:
        notes.append(msg("pharmacy.note_note", note=d.note))
    return Report(
        title=msg("pharmacy.disposal_certificate"),
        subtitle=msg("pharmacy.disposal_number_at_site", number=str(d.id), site=view.site_name),
        parameters=(
            Parameter("site", msg("report.site"), verbatim(view.site_name)),
            Parameter("at", msg("pharmacy.disposed_of"), d.created_at, T.DATETIME),
            Parameter("method", msg("pharmacy.method"), METHODS[d.method]),
            Parameter("user", msg("pharmacy.disposed_of_by"), verbatim(view.username)),
            Parameter(
                "witness",
                msg("pharmacy.witness"),
                verbatim(view.witness) if view.witness else msg("pharmacy.none"),
            ),
            Parameter("value_ore", msg("report.value"), view.value_ore, T.MONEY),
        ),
        sections=(
            Section(
                columns=COLUMNS,
                rows=rows,
                totals=aligned(COLUMNS, quantity=quantity, value_ore=view.value_ore),
            ),
        ),
        notes=tuple(notes),
        filename=f"disposal-certificate-{d.id}",
        signature_line=True,
    )

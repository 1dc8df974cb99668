"""A disposal certificate: what was destroyed, its value, how, by whom, witnessed by whom, when."""

from __future__ import annotations

from inventory.domain.disposal import DisposalMethod
from inventory.reports.model import Column, Msg, Parameter, Report, Section, msg, verbatim
from inventory.reports.model import ColumnType as T
from inventory.services.disposal_reads import DisposalView

METHODS: dict[str, Msg] = {
    DisposalMethod.PHARMACY_RETURN: msg("Returned to a pharmacy for destruction"),
    DisposalMethod.CLINICAL_WASTE: msg("Clinical waste"),
    DisposalMethod.OTHER: msg("Other"),
}


def disposal_certificate(view: DisposalView) -> Report:
    d = view.disposal
    rows = tuple(
        (
            verbatim(line.item.name),
            verbatim(line.batch.batch_number),
            line.batch.expiry_date,
            -line.movement.quantity,
            verbatim(line.item.unit_of_issue),
            msg("yes") if line.item.controlled else msg("no"),
            line.value_ore,
        )
        for line in view.lines
    )
    quantity = sum(-line.movement.quantity for line in view.lines)
    notes: list[Msg] = []
    if any(line.reversed_by for line in view.lines):
        notes.append(msg("Part of this disposal was later undone by a reversal."))
    if d.reason:
        notes.append(msg("Reason: {reason}", reason=d.reason))
    if d.note:
        notes.append(msg("Note: {note}", note=d.note))
    return Report(
        title=msg("Disposal certificate"),
        subtitle=msg("Disposal {number} at {site}", number=str(d.id), site=view.site_name),
        parameters=(
            Parameter("site", msg("Site"), verbatim(view.site_name)),
            Parameter("at", msg("Disposed of"), d.created_at, T.DATETIME),
            Parameter("method", msg("Method"), METHODS[d.method]),
            Parameter("user", msg("Disposed of by"), verbatim(view.username)),
            Parameter("witness", msg("Witness"), verbatim(view.witness) if view.witness else msg("None")),
            Parameter("value_ore", msg("Value"), view.value_ore, T.MONEY),
        ),
        sections=(
            Section(
                columns=(
                    Column("item", msg("Item"), width=4),
                    Column("batch", msg("Batch"), width=1.6),
                    Column("expiry_date", msg("Expiry date"), T.DATE),
                    Column("quantity", msg("Quantity"), T.QUANTITY),
                    Column("unit", msg("Unit"), width=1.2),
                    Column("controlled", msg("Controlled"), width=1.6),
                    Column("value_ore", msg("Value"), T.MONEY, width=2.0),
                ),
                rows=rows,
                totals=(None, None, None, quantity, None, None, view.value_ore),
            ),
        ),
        notes=tuple(notes),
        filename=f"disposal-certificate-{d.id}",
        signature_line=True,
    )

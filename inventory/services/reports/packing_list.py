"""A transfer's packing list: what was sent, from where to where, cold-chain lines marked, and the
transfer's code (Code 128, `RKT<id>`) that the receiving site scans to open the transfer."""

from __future__ import annotations

from dataclasses import replace

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
from inventory.services.reports.columns import BATCH, ITEM, QUANTITY
from inventory.services.transfer_reads import TransferView

COLUMNS = (
    replace(ITEM, width=4),
    replace(BATCH, width=1.6),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    QUANTITY,
    Column("unit", msg("transfers.unit"), width=1.2),
    Column("handling", msg("transfers.handling"), width=2.2),
)


def _handling(cold: bool, controlled: bool) -> Msg:
    if cold and controlled:
        return msg("transfers.cold_chain_and_controlled")
    if cold:
        return msg("transfers.cold_chain")
    if controlled:
        return msg("transfers.controlled")
    return msg("transfers.ordinary")


def packing_list(view: TransferView) -> Report:
    t = view.transfer
    rows = tuple(
        (
            verbatim(line.item_name),
            verbatim(line.batch_number),
            line.expiry_date,
            line.line.quantity,
            unit_of_issue(line.unit_of_issue, line.line.quantity),
            _handling(line.cold_chain, line.controlled),
        )
        for line in view.lines
    )
    notes: list[Msg] = [msg("transfers.scan_the_code_on_arrival")]
    if any(line.cold_chain for line in view.lines):
        notes.append(msg("transfers.cold_chain_note"))
    if t.note:
        notes.append(msg("transfers.note_note", note=t.note))
    return Report(
        title=msg("transfers.packing_list"),
        subtitle=msg(
            "transfers.transfer_code_from_to", code=view.code, source=view.from_site, target=view.to_site
        ),
        parameters=(
            Parameter("code", msg("transfers.code"), verbatim(view.code)),
            Parameter("from_site", msg("transfers.from_site"), verbatim(view.from_site)),
            Parameter("to_site", msg("transfers.to_site"), verbatim(view.to_site)),
            Parameter("sent_by", msg("transfers.sent_by"), verbatim(view.user)),
            Parameter("sent_at", msg("transfers.sent_at"), t.sent_at or t.created_at, T.DATETIME),
        ),
        sections=(
            Section(
                columns=COLUMNS,
                rows=rows,
                totals=aligned(COLUMNS, quantity=sum(line.line.quantity for line in view.lines)),
            ),
        ),
        notes=tuple(notes),
        filename=f"packing-list-{t.id}",
        signature_line=True,
        code=view.code,
    )

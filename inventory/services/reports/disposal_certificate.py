"""A disposal certificate: what was destroyed and on what grounds (expired, a recall and its reference, a
quarantine and its reason, damaged, or the disposer's reason), its value, how, by whom (full names),
witnessed by whom, when, with a signature block for the disposer and one for the witness; and, when part or
all of it was undone later, when, by whom and why, in plain words."""

from __future__ import annotations

from dataclasses import replace

from inventory.domain.disposal import DisposalMethod
from inventory.reports.model import (
    Column,
    Msg,
    Parameter,
    Report,
    Row,
    Section,
    Signature,
    aligned,
    coded,
    msg,
    unit_of_issue,
    verbatim,
)
from inventory.reports.model import ColumnType as T
from inventory.services.disposal_reads import DisposalView, DisposedLine
from inventory.services.disposal_record import DisposalRecord, Grounds, LineGrounds
from inventory.services.reports.columns import (
    BATCH,
    BATCH_IDS,
    ITEM,
    QUANTITY,
    VALUE,
    batch_ids,
    value_or_no_price,
)

METHODS: dict[str, Msg] = {
    DisposalMethod.PHARMACY_RETURN: msg("pharmacy.returned_to_a_pharmacy_for_destruction"),
    DisposalMethod.CLINICAL_WASTE: msg("pharmacy.clinical_waste"),
    DisposalMethod.OTHER: msg("pharmacy.other"),
}
DESTROYED = coded("destroyed", msg("records.line.destroyed"))
UNDONE = coded("undone", msg("records.line.undone"))

COLUMNS = (
    replace(ITEM, width=3.2),
    replace(BATCH, width=1.5),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    QUANTITY,
    Column("unit", msg("pharmacy.unit"), width=1.1),
    Column("controlled", msg("pharmacy.controlled"), width=1.3),
    Column("grounds", msg("records.grounds"), width=2.0, coded=True),
    Column("reference", msg("records.reference"), width=2.0),
    Column("status", msg("pharmacy.status"), width=1.4, coded=True),
    replace(VALUE, width=1.8, coded=True),
    *BATCH_IDS,
)


def grounds_words(g: LineGrounds, stated_reason: str | None) -> Msg:
    if g.code == Grounds.QUARANTINE and g.quarantine_reason:
        words = msg(
            "records.grounds.quarantine_reason", reason=msg(f"quarantine.reason.{g.quarantine_reason}")
        )
    elif g.code == Grounds.STATED_REASON and stated_reason:
        words = msg("records.grounds.stated_reason_named", reason=verbatim(stated_reason))
    else:
        words = msg(f"records.grounds.{g.code}")
    return coded(g.code, words)


def reference_words(g: LineGrounds) -> Msg | None:
    """The recall's reference (the supplier's or authority's notice), else the quarantine's number."""
    if g.code == Grounds.RECALL:
        if g.recall_reference:
            return msg("records.recall_reference", reference=verbatim(g.recall_reference))
        if g.recall_id is not None:
            return msg("records.recall_number", number=verbatim(str(g.recall_id)))
    if g.quarantine_id is not None:
        return msg("records.quarantine_number", number=verbatim(str(g.quarantine_id)))
    return None


def _row(view: DisposalView, record: DisposalRecord, line: DisposedLine) -> Row:
    g = record.grounds.get(line.movement.id, LineGrounds(Grounds.STATED_REASON))
    quantity = -line.movement.quantity
    return (
        verbatim(line.item.name),
        verbatim(line.batch.batch_number),
        line.batch.expiry_date,
        quantity,
        unit_of_issue(line.item.unit_of_issue, quantity),
        msg("report.yes") if line.item.controlled else msg("report.no"),
        grounds_words(g, view.disposal.reason),
        reference_words(g),
        UNDONE if line.reversed_by else DESTROYED,
        value_or_no_price(line.value_ore, line.unvalued_quantity),
        *batch_ids(line.item.id, line.batch.id, {}),
    )


def undone_notes(view: DisposalView, record: DisposalRecord) -> list[Msg]:
    """Plain words: whether all or part was undone, then each undoing: when, by whom, why, what came back."""
    undone = [line for line in view.lines if line.reversed_by]
    if not undone:
        return []
    whole = len(undone) == len(view.lines)
    notes = [msg("records.undone_whole") if whole else msg("records.undone_part")]
    for line in undone:
        u = record.undone.get(line.movement.operation_id)
        if u is None:
            continue
        quantity = -line.movement.quantity
        notes.append(
            msg(
                "records.undone_line",
                at=u.at,
                by=verbatim(u.by),
                why=verbatim(u.note or "-"),
                quantity=quantity,
                unit=unit_of_issue(line.item.unit_of_issue, quantity),
                batch=verbatim(line.batch.batch_number),
                item=verbatim(line.item.name),
            )
        )
    return notes


def disposal_certificate(view: DisposalView) -> Report:
    d = view.disposal
    record = view.record or DisposalRecord(view.username, view.witness)
    rows = tuple(_row(view, record, line) for line in view.lines)
    kept = [line for line in view.lines if not line.reversed_by]
    quantity = sum(-line.movement.quantity for line in kept)
    value = sum(line.value_ore for line in kept)
    notes: list[Msg] = undone_notes(view, record)
    if d.reason:
        notes.append(msg("pharmacy.reason_reason", reason=verbatim(d.reason)))
    if d.note:
        notes.append(msg("pharmacy.note_note", note=verbatim(d.note)))
    disposer = coded("disposer", msg("records.signature.disposer"))
    signatures = [Signature(disposer, verbatim(record.disposer), d.created_at)]
    if record.witness or any(line.item.controlled for line in view.lines):
        witness = verbatim(record.witness) if record.witness else None
        signatures.append(
            Signature(coded("witness", msg("records.signature.witness")), witness, d.created_at)
        )
    return Report(
        title=msg("pharmacy.disposal_certificate"),
        subtitle=msg("pharmacy.disposal_number_at_site", number=str(d.id), site=view.site_name),
        parameters=(
            Parameter("site", msg("report.site"), verbatim(view.site_name)),
            Parameter("at", msg("pharmacy.disposed_of"), d.created_at, T.DATETIME),
            Parameter("method", msg("pharmacy.method"), METHODS[d.method]),
            Parameter("user", msg("pharmacy.disposed_of_by"), verbatim(record.disposer)),
            Parameter(
                "witness",
                msg("pharmacy.witness"),
                verbatim(record.witness) if record.witness else msg("pharmacy.none"),
            ),
            Parameter("value_ore", msg("records.value_destroyed"), value, T.MONEY),
        ),
        sections=(
            Section(
                columns=COLUMNS,
                rows=rows,
                totals=aligned(
                    COLUMNS, item=msg("records.total_destroyed"), quantity=quantity, value_ore=value
                ),
            ),
        ),
        notes=tuple(notes),
        filename=f"disposal-certificate-{d.id}",
        signature_line=True,
        signatures=tuple(signatures),
    )

"""A recall as a report: where the batches were, what was issued since receipt, what is held now."""

from __future__ import annotations

from dataclasses import replace

from inventory.reports import Column, Msg, Orientation, Parameter, Report, Section, msg, verbatim
from inventory.reports.model import ColumnType as T
from inventory.reports.model import aligned, coded
from inventory.services.recall import RecallSite, RecallView
from inventory.services.reports.columns import BATCH, BATCH_IDS, QUANTITY, SITE, SITE_ID, batch_ids


def _status(line: RecallSite) -> Msg | None:
    if line.quarantine_id is None:
        return None
    return (
        coded("quarantined_by_this_recall", msg("pharmacy.quarantined_by_this_recall"))
        if line.newly_quarantined
        else coded("already_in_quarantine", msg("pharmacy.already_in_quarantine"))
    )


WHERE_COLUMNS = (
    replace(BATCH, width=1.4),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    replace(SITE, width=1.6),
    Column("first_received", msg("pharmacy.received"), T.DATE),
    Column("received", msg("pharmacy.quantity_received"), T.QUANTITY),
    Column("issued", msg("pharmacy.issued_since_receipt"), T.QUANTITY),
    Column("held", msg("pharmacy.held_now"), T.QUANTITY),
    Column("quarantine", msg("pharmacy.quarantine"), width=2.5, coded=True),
    SITE_ID,
    *BATCH_IDS,
)
ISSUED_COLUMNS = (BATCH, SITE, Column("date", msg("pharmacy.date"), T.DATE), QUANTITY, SITE_ID, *BATCH_IDS)


def recall_report(view: RecallView) -> Report:
    r = view.recall
    gtins = {view.item.id: view.gtin} if view.gtin else {}
    where = tuple(
        (
            verbatim(s.batch.batch_number),
            s.batch.expiry_date,
            verbatim(s.site_name),
            s.first_received,
            s.received,
            s.issued,
            s.held,
            _status(s),
            s.site_id,
            *batch_ids(view.item.id, s.batch.id, gtins),
        )
        for s in view.sites
    )
    issued = tuple(
        (
            verbatim(s.batch.batch_number),
            verbatim(s.site_name),
            day,
            quantity,
            s.site_id,
            *batch_ids(view.item.id, s.batch.id, gtins),
        )
        for s in view.sites
        for day, quantity in s.issued_by_date.items()
    )
    # Batch numbers as recalled (standing blocks, migration 0009), also those no site has received yet.
    numbers = [b.batch_number for b in view.blocks] or [b.batch_number for b in view.batches]
    not_yet = view.not_received
    return Report(
        title=msg("pharmacy.recall"),
        subtitle=verbatim(view.item.name),
        parameters=(
            Parameter("item", msg("report.item"), verbatim(view.item.name)),
            Parameter("gtin", msg("pharmacy.gtin"), verbatim(view.gtin) if view.gtin else None),
            Parameter("batches", msg("pharmacy.batches"), verbatim(", ".join(numbers))),
            *(  # named only when some batch has reached no site yet (a bare heading reads as a gap)
                (Parameter("not_received", msg("pharmacy.not_received_yet"), verbatim(", ".join(not_yet))),)
                if not_yet
                else ()
            ),
            Parameter("reference", msg("pharmacy.reference"), verbatim(r.reference) if r.reference else None),
            Parameter("recalled_at", msg("pharmacy.recalled"), r.created_at, T.DATETIME),
            Parameter("user", msg("pharmacy.by"), verbatim(view.username)),  # the full name (services/recall)
            Parameter("held", msg("pharmacy.held_now"), view.held_total, T.QUANTITY),
            Parameter("issued", msg("pharmacy.issued_since_receipt"), view.issued_total, T.QUANTITY),
        ),
        sections=(
            Section(
                columns=WHERE_COLUMNS,
                rows=where,
                totals=aligned(
                    WHERE_COLUMNS,
                    received=sum(s.received for s in view.sites),
                    issued=view.issued_total,
                    held=view.held_total,
                ),
            ),
            Section(
                title=msg("pharmacy.issued_per_site_and_date"),
                columns=ISSUED_COLUMNS,
                rows=issued,
                totals=aligned(ISSUED_COLUMNS, quantity=view.issued_total),
            ),
        ),
        notes=(verbatim(r.note),) if r.note else (),
        filename=f"recall-{r.id}",
        orientation=Orientation.LANDSCAPE,
        signature_line=True,
    )

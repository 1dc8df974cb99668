"""A recall as a report: where the batches were, what was issued since receipt, what is held now."""

from __future__ import annotations

from inventory.reports.model import Column, Msg, Orientation, Parameter, Report, Section, msg, verbatim
from inventory.reports.model import ColumnType as T
from inventory.services.recall import RecallSite, RecallView


def _status(line: RecallSite) -> Msg | None:
    if line.quarantine_id is None:
        return None
    return msg("Quarantined by this recall") if line.newly_quarantined else msg("Already in quarantine")


def recall_report(view: RecallView) -> Report:
    r = view.recall
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
        )
        for s in view.sites
    )
    issued = tuple(
        (verbatim(s.batch.batch_number), verbatim(s.site_name), day, quantity)
        for s in view.sites
        for day, quantity in s.issued_by_date.items()
    )
    # Batch numbers as recalled (standing blocks, migration 0009), also those no site has received yet.
    numbers = [b.batch_number for b in view.blocks] or [b.batch_number for b in view.batches]
    return Report(
        title=msg("Recall"),
        subtitle=verbatim(view.item.name),
        parameters=(
            Parameter("item", msg("Item"), verbatim(view.item.name)),
            Parameter("gtin", msg("GTIN"), verbatim(view.gtin) if view.gtin else None),
            Parameter("batches", msg("Batches"), verbatim(", ".join(numbers))),
            Parameter(
                "not_received",
                msg("Not received yet"),
                verbatim(", ".join(view.not_received)) if view.not_received else None,
            ),
            Parameter("reference", msg("Reference"), verbatim(r.reference) if r.reference else None),
            Parameter("recalled_at", msg("Recalled"), r.created_at, T.DATETIME),
            Parameter("user", msg("By"), verbatim(view.username)),
            Parameter("held", msg("Held now"), view.held_total, T.QUANTITY),
            Parameter("issued", msg("Issued since receipt"), view.issued_total, T.QUANTITY),
        ),
        sections=(
            Section(
                columns=(
                    Column("batch", msg("Batch"), width=1.4),
                    Column("expiry_date", msg("Expiry date"), T.DATE),
                    Column("site", msg("Site"), width=1.6),
                    Column("first_received", msg("Received"), T.DATE),
                    Column("received", msg("Quantity received"), T.QUANTITY),
                    Column("issued", msg("Issued since receipt"), T.QUANTITY),
                    Column("held", msg("Held now"), T.QUANTITY),
                    Column("quarantine", msg("Quarantine"), width=2.5),
                ),
                rows=where,
                totals=(
                    None,
                    None,
                    None,
                    None,
                    sum(s.received for s in view.sites),
                    view.issued_total,
                    view.held_total,
                    None,
                ),
            ),
            Section(
                title=msg("Issued per site and date"),
                columns=(
                    Column("batch", msg("Batch")),
                    Column("site", msg("Site")),
                    Column("date", msg("Date"), T.DATE),
                    Column("quantity", msg("Quantity"), T.QUANTITY),
                ),
                rows=issued,
                totals=(None, None, None, view.issued_total),
            ),
        ),
        notes=(verbatim(r.note),) if r.note else (),
        filename=f"recall-{r.id}",
        orientation=Orientation.LANDSCAPE,
        signature_line=True,
    )

"""The expiry review as a report: stock expired and expiring in buckets, value at risk, signed."""

from __future__ import annotations

import functools
from collections.abc import Callable

from inventory.domain.expiry import EXPIRED, ExpiryReview, ReviewLine, Totals
from inventory.reports.model import (
    Column,
    ColumnType,
    Group,
    Msg,
    Orientation,
    Parameter,
    Report,
    Row,
    Section,
    msg,
    verbatim,
)

T = ColumnType
COLUMNS = (
    Column("site", msg("Site"), width=1.6),
    Column("item", msg("Item"), width=3.5),
    Column("batch", msg("Batch"), width=1.4),
    Column("expiry_date", msg("Expiry date"), T.DATE),
    Column("days_left", msg("Days to expiry"), T.DAYS),
    Column("quantity", msg("Quantity"), T.QUANTITY),
    Column("unit", msg("Unit"), width=1.0),
    Column("location", msg("Location"), width=1.6),
    Column("status", msg("Status"), width=1.6),
    Column("value_ore", msg("Value at risk"), T.MONEY, width=1.8),
)


def bucket_title(key: str, bounds: tuple[int, ...]) -> Msg:
    if key == EXPIRED:
        return msg("Expired")
    bound = int(key)
    lower = max((b for b in bounds if b < bound), default=None)
    if lower is None:
        return msg("Expires within {days} days", days=bound)
    return msg("Expires in {low} to {high} days", low=lower + 1, high=bound)


QUARANTINED, EXPIRED_STATUS, EXPIRING = msg("Quarantined"), msg("Expired"), msg("Expiring")


def status(line: ReviewLine) -> Msg:
    if line.stock.quarantined:
        return QUARANTINED
    return EXPIRED_STATUS if line.bucket == EXPIRED else EXPIRING


def _row(line: ReviewLine, name: Callable[[str], Msg]) -> Row:
    s = line.stock
    return (
        name(s.site_name),
        name(s.item_name),
        verbatim(s.batch_number),
        s.expiry,
        line.days_left,
        s.quantity,
        name(s.unit),
        name(s.location) if s.location else None,
        status(line),
        s.value.value_ore,
    )


def _sums(totals: Totals) -> Row:
    return (None, None, None, None, None, totals.quantity, None, None, None, totals.value_ore)


def expiry_report(review: ExpiryReview, site_name: str | None) -> Report:
    name = functools.cache(verbatim)  # site, item, unit and location names repeat line after line
    groups = tuple(
        Group(
            bucket_title(key, review.bounds),
            tuple(_row(line, name) for line in review.lines if line.bucket == key),
            _sums(review.by_bucket[key]),
        )
        for key in review.bucket_keys
        if review.by_bucket[key].lines
    )
    per_site = tuple(
        (verbatim(site), bucket_title(bucket, review.bounds), t.lines, t.quantity, t.value_ore)
        for (site, bucket), t in sorted(
            review.by_site_bucket.items(), key=lambda kv: (kv[0][0], review.bucket_keys.index(kv[0][1]))
        )
    )
    unvalued = review.total.unvalued_quantity
    notes = [
        msg(
            "Value at risk is the receipt cost of the units on hand, first in, first out: a batch received "
            "at several costs is valued at its latest receipts."
        ),
        msg("Stock in quarantine is never issued."),
    ]
    if unvalued:
        notes.append(msg("{units} units were received without a cost and are not valued.", units=unvalued))
    return Report(
        title=msg("Expiry review"),
        subtitle=verbatim(site_name) if site_name else msg("Whole clinic"),
        parameters=(
            Parameter("site", msg("Site"), verbatim(site_name) if site_name else msg("Whole clinic")),
            Parameter("date", msg("Date"), review.today, T.DATE),
            Parameter("within_days", msg("Within days"), review.within_days, T.DAYS),
            Parameter("value_ore", msg("Value at risk"), review.total.value_ore, T.MONEY),
        ),
        sections=(
            Section(columns=COLUMNS, groups=groups, totals=_sums(review.total)),
            Section(
                title=msg("Totals per site"),
                columns=(
                    Column("site", msg("Site")),
                    Column("bucket", msg("Bucket"), width=2),
                    Column("lines", msg("Batches"), T.QUANTITY),
                    Column("quantity", msg("Quantity"), T.QUANTITY),
                    Column("value_ore", msg("Value at risk"), T.MONEY),
                ),
                rows=per_site,
                totals=(None, None, review.total.lines, review.total.quantity, review.total.value_ore),
            ),
        ),
        notes=tuple(notes),
        filename=f"expiry-review-{review.today.isoformat()}",
        orientation=Orientation.LANDSCAPE,
        signature_line=True,
    )

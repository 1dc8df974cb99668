"""The expiry review as a report: stock expired and expiring in buckets, value at risk, signed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace

from inventory.domain.expiry import EXPIRED, ExpiryReview, ReviewLine, Totals
from inventory.reports import Column, Group, Msg, Orientation, Parameter, Report, Row, Section, msg, verbatim
from inventory.reports import ColumnType as T
from inventory.reports.model import aligned, coded, unit_of_issue
from inventory.services.reports.columns import (
    BATCH,
    BATCH_IDS,
    ITEM,
    QUANTITY,
    SITE,
    SITE_ID,
    batch_ids,
    value_or_no_price,
)

COLUMNS = (
    replace(SITE, width=1.6),
    replace(ITEM, width=3.5),
    replace(BATCH, width=1.4),
    Column("expiry_date", msg("report.expiry"), T.DATE),
    Column("days_left", msg("pharmacy.days_to_expiry"), T.DAYS),
    QUANTITY,
    Column("unit", msg("pharmacy.unit"), width=1.0),
    Column("location", msg("report.location"), width=1.6),
    Column("status", msg("pharmacy.status"), width=1.6, coded=True),
    Column("value_ore", msg("pharmacy.value_at_risk"), T.MONEY, width=1.8, coded=True),
    SITE_ID,
    *BATCH_IDS,
)


def bucket_title(key: str, bounds: tuple[int, ...]) -> Msg:
    """The bucket's words, coded by its key for programs: `expired`, or its upper bound in days ("30")."""
    return coded(key, _bucket_words(key, bounds))


def _bucket_words(key: str, bounds: tuple[int, ...]) -> Msg:
    if key == EXPIRED:
        return msg("pharmacy.expired")
    bound = int(key)
    if bound == 0:
        return msg("records.expires_today")
    lower = max((b for b in bounds if b < bound), default=None)
    if lower is None:
        return msg("pharmacy.expires_within_days_days", days=bound)
    return msg("pharmacy.expires_in_low_to_high_days", low=lower + 1, high=bound)


QUARANTINED, EXPIRED_STATUS, EXPIRING = (
    coded("quarantined", msg("pharmacy.quarantined")),
    coded("expired", msg("pharmacy.expired")),
    coded("expiring", msg("pharmacy.expiring")),
)


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
        unit_of_issue(s.unit, s.quantity),
        name(s.location) if s.location else None,
        status(line),
        value_or_no_price(s.value.value_ore, s.value.unvalued_quantity),
        s.site_id,
        *batch_ids(s.item_id, s.batch_id, {s.item_id: s.gtin} if s.gtin else {}),
    )


def _sums(totals: Totals) -> Row:
    return aligned(COLUMNS, quantity=totals.quantity, value_ore=totals.value_ore)


def expiry_report(review: ExpiryReview, site_name: str | None) -> Report:
    name = functools.cache(verbatim)  # site, item and location names repeat line after line
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
        msg("pharmacy.value_at_risk_is_the_receipt"),
        msg("pharmacy.stock_in_quarantine_is_never_issued"),
    ]
    if unvalued:
        notes.append(msg("pharmacy.units_units_were_received_without_a", units=unvalued))
    return Report(
        title=msg("pharmacy.expiry_review"),
        subtitle=verbatim(site_name) if site_name else msg("pharmacy.whole_clinic"),
        parameters=(
            Parameter(
                "site", msg("report.site"), verbatim(site_name) if site_name else msg("pharmacy.whole_clinic")
            ),
            Parameter("date", msg("pharmacy.date"), review.today, T.DATE),
            Parameter("within_days", msg("pharmacy.within_days"), review.within_days, T.DAYS),
            Parameter("value_ore", msg("pharmacy.value_at_risk"), review.total.value_ore, T.MONEY),
        ),
        sections=(
            Section(columns=COLUMNS, groups=groups, totals=_sums(review.total)),
            Section(
                title=msg("pharmacy.totals_per_site"),
                columns=(
                    SITE,
                    Column("bucket", msg("pharmacy.bucket"), width=2, coded=True),
                    Column("lines", msg("pharmacy.batches"), T.QUANTITY),
                    QUANTITY,
                    Column("value_ore", msg("pharmacy.value_at_risk"), T.MONEY),
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

"""One report that uses every part of the model, for the renderer tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from inventory.reports import Column, ColumnType, Group, Parameter, Report, Section, msg, verbatim

PRINTED_AT = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)  # 14:05 in Copenhagen
RECEIVED_AT = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 1 July 00:30 in Copenhagen (summer time)

COLUMNS = (
    Column("item", msg("report.item")),
    Column("expiry", msg("report.expiry"), ColumnType.DATE),
    Column("received_at", msg("report.date_time"), ColumnType.DATETIME),
    Column("quantity", msg("report.quantity"), ColumnType.QUANTITY),
    Column("value_ore", msg("report.value"), ColumnType.MONEY),
    Column("days_left", msg("Days left"), ColumnType.DAYS),
    Column("share", msg("Share"), ColumnType.PERCENT),
)


def sample_report(rows: int = 2) -> Report:
    plain = tuple(
        (
            verbatim(f"Insulin glargin {i}"),
            date(2027, 1, 31),
            RECEIVED_AT,
            1000 + i,
            123450,
            62,
            Decimal("0.125"),
        )
        for i in range(rows)
    )
    return Report(
        title=msg("register.title"),
        subtitle=msg("report.item_at_site", item=verbatim("Morfin 10 mg/ml"), site=verbatim("København")),
        parameters=(
            Parameter("site", msg("report.site"), verbatim("København")),
            Parameter("from", msg("report.from"), date(2026, 1, 5), ColumnType.DATE),
        ),
        sections=(
            Section(
                columns=COLUMNS,
                rows=plain,
                groups=(
                    Group(
                        msg("report.batch_named", batch="ÆØÅ-7"),
                        ((msg("kind.issue"), None, None, -3, -450, None, None),),
                        subtotals=(None, None, None, -3, -450, None, None),
                    ),
                ),
                totals=(None, None, None, 997 + rows * 1000, 123000 * rows, None, None),
            ),
            Section(
                title=msg("register.per_batch"),
                columns=(
                    Column("batch", msg("report.batch")),
                    Column("quantity", msg("report.quantity"), ColumnType.QUANTITY),
                ),
                rows=(("ÆØÅ-7", 12),),
            ),
        ),
        notes=(msg("register.from_ledger"),),
        filename="sample-report",
        signature_line=True,
    )

"""Columns several reports share, worded once: a builder lists them by name beside its own columns, so
the same heading reads the same in every report (`dataclasses.replace(BATCH, width=1.4)` for a PDF
width of its own)."""

from __future__ import annotations

from inventory.reports import Column, msg
from inventory.reports import ColumnType as T

SITE = Column("site", msg("report.site"))
ITEM = Column("item", msg("report.item"))
BATCH = Column("batch", msg("report.batch"))
QUANTITY = Column("quantity", msg("report.quantity"), T.QUANTITY)
VALUE = Column("value_ore", msg("report.value"), T.MONEY)
DONOR = Column("donor", msg("finance.donor"))
GRANT = Column("grant", msg("finance.grant"))
REMAINING = Column("remaining_ore", msg("finance.report.remaining"), T.MONEY)
USED = Column("used", msg("finance.report.used"), T.PERCENT)

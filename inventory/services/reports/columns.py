"""Columns several reports share, worded once: a builder lists them by name beside its own columns, so
the same heading reads the same in every report (`dataclasses.replace(BATCH, width=1.4)` for a PDF
width of its own)."""

from __future__ import annotations

from collections.abc import Mapping

from inventory.reports import Cell, Column, msg
from inventory.reports import ColumnType as T
from inventory.reports.model import NO_PRICE

SITE = Column("site", msg("report.site"))
ITEM = Column("item", msg("report.item"))
BATCH = Column("batch", msg("report.batch"))
QUANTITY = Column("quantity", msg("report.quantity"), T.QUANTITY)
VALUE = Column("value_ore", msg("report.value"), T.MONEY)
DONOR = Column("donor", msg("finance.donor"))
GRANT = Column("grant", msg("finance.grant"))
REMAINING = Column("remaining_ore", msg("finance.report.remaining"), T.MONEY)
USED = Column("used", msg("finance.report.used"), T.PERCENT)

# For programs (JSON and CSV only; pages, PDF and XLSX leave them out): what a row is about, by id and GTIN.
ITEM_ID = Column("item_id", msg("records.item_id"), T.ID, program=True)
BATCH_ID = Column("batch_id", msg("records.batch_id"), T.ID, program=True)
SITE_ID = Column("site_id", msg("records.site_id"), T.ID, program=True)
GTIN = Column("gtin", msg("records.gtin"), program=True)
BATCH_IDS = (ITEM_ID, BATCH_ID, GTIN)  # the cells of a row about a batch: see `batch_ids`


def batch_ids(
    item_id: int, batch_id: int | None, gtins: Mapping[int, str]
) -> tuple[int, int | None, str | None]:
    """The program cells under BATCH_IDS: item id, batch id and the item's GTIN (its first, if several)."""
    return item_id, batch_id, gtins.get(item_id)


def value_or_no_price(value_ore: int, unvalued_quantity: int) -> Cell:
    """A value cell: "no price" (code `no_price`) when nothing of it had a cost, never a made-up 0,00 kr."""
    return NO_PRICE if value_ore == 0 and unvalued_quantity > 0 else value_ore

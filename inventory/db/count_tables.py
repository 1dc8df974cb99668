"""Stock counts (migration 0013_counts): a count of a site's shelves and its lines, one per batch.

On `db/base.Base`; gathered and re-exported by `inventory.db.tables`. A count snapshots, when it starts,
each batch in its scope with the quantity on hand and the ledger's last movement id (`start_movement_id`):
what moved since is read from the ledger when the count is approved (domain/stock_count.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import Base, BigId, UTCDateTime


class StockCount(Base):
    """One count at one site. status: open (counting), submitted (closed for counting, signed by the
    counter and, for controlled drugs, a witness), posted (every counted line posted), cancelled."""

    __tablename__ = "stock_counts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20))  # all, location, category, items, controlled
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    category: Mapped[str | None] = mapped_column(String(20))
    blind: Mapped[bool] = mapped_column(Boolean)
    controlled: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    start_movement_id: Mapped[int] = mapped_column(BigInteger)  # the ledger's last movement at the start
    started_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # the counter who signs
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    explanation: Mapped[str | None] = mapped_column(Text)  # why a controlled count differs
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StockCountLine(Base):
    """A batch of the count: its quantity at the start (0 for a batch the system did not expect), what
    was counted, and once posted the expected quantity, the variance, its value and the movement."""

    __tablename__ = "stock_count_lines"
    __table_args__ = (UniqueConstraint("count_id", "batch_id", name="uq_stock_count_lines_count_batch"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    at_start: Mapped[int] = mapped_column(Integer)
    unexpected: Mapped[bool] = mapped_column(Boolean)
    counted: Mapped[int | None] = mapped_column(Integer)
    counted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expected: Mapped[int | None] = mapped_column(Integer)  # at posting: at_start + moved since
    variance: Mapped[int | None] = mapped_column(Integer)
    value_ore: Mapped[int | None] = mapped_column(BigInteger)  # of the variance, signed
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    posted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

"""Transfer tables (migration 0012_transfers): a transfer between two sites and its lines.

A transfer is a document whose state changes (awaiting approval, in transit, received, cancelled); the
stock itself moves through the ledger's append-only movements (`transfer_out` at the sender,
`transfer_in` and `transfer_loss` at the receiver, a reversal of the `transfer_out` when cancelled),
each line naming the movements written for it. On `db/base.Base`; re-exported by `inventory.db.tables`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import Base, BigId, UTCDateTime


class Transfer(Base):
    """Stock sent from one site to another; in transit from `sent_at` until received or cancelled."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    from_site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    to_site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    state: Mapped[str] = mapped_column(String(20))  # domain.transfers.TransferState
    controlled: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    __table_args__ = (
        CheckConstraint("from_site_id <> to_site_id", name="two_sites"),
        Index("ix_transfers_from_site_id_id", "from_site_id", "id"),
        Index("ix_transfers_to_site_id_id", "to_site_id", "id"),
    )


class TransferLine(Base):
    """Units of one batch sent; when received, how many arrived and how many were lost and why."""

    __tablename__ = "transfer_lines"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    received: Mapped[int | None] = mapped_column(Integer)  # None: not yet received
    lost: Mapped[int] = mapped_column(Integer, default=0)
    loss_reason: Mapped[str | None] = mapped_column(String(20))  # domain.transfers.LossReason
    loss_note: Mapped[str | None] = mapped_column(Text)
    out_movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    in_movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    loss_movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    return_movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

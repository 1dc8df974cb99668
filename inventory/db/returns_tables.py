"""Returns to a supplier (migration 0014_returns). On `db/base.Base`; gathered and re-exported by
`inventory.db.tables`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import Base, BigId, UTCDateTime


class SupplierReturn(Base):
    """Stock sent back to a supplier from one site: who, why, the supplier and their reference. Its
    stock leaves through `return` operations (one per item); a credit is expected for its value."""

    __tablename__ = "supplier_returns"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    supplier: Mapped[str] = mapped_column(String(120))
    reference: Mapped[str] = mapped_column(String(80))  # the supplier's RMA or return number
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupplierReturnLine(Base):
    """A movement of a return and the value it took from the batch's cost layers (the credit due)."""

    __tablename__ = "supplier_return_lines"
    movement_id: Mapped[int] = mapped_column(ForeignKey("movements.id"), primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("supplier_returns.id"), index=True)
    value_ore: Mapped[int] = mapped_column(BigInteger)
    unvalued_quantity: Mapped[int] = mapped_column(Integer)  # units received without a cost

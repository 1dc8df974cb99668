"""Funding tables (migration 0008): donors, grants, budget lines, their changes, cost layers, takes
and receipt funding. On `db/base.Base`; gathered and re-exported by `inventory.db.tables`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import Base, BigId, UTCDateTime, partial_index


class Donor(Base):
    """A foundation, company or private person that gives money (grants) or goods (in kind)."""

    __tablename__ = "donors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Grant(Base):
    """Money from a donor for a period, optionally restricted to categories, sites or items."""

    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    donor_id: Mapped[int] = mapped_column(ForeignKey("donors.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(120))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    # {"categories": [...], "sites": [ids], "items": [ids]}; an empty list restricts nothing.
    restrictions: Mapped[dict[str, list[object]]] = mapped_column(JSON)
    __table_args__ = (
        CheckConstraint("amount_ore >= 0", name="amount_nonnegative"),
        CheckConstraint("end_date >= start_date", name="period_ordered"),
        UniqueConstraint("donor_id", "name", name="uq_grants_donor_name"),
    )


class BudgetLine(Base):
    """A part of a grant's budget (medicine 400,000 kr, dental 150,000 kr), optionally for one category."""

    __tablename__ = "budget_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str | None] = mapped_column(String(20))
    __table_args__ = (
        CheckConstraint("amount_ore >= 0", name="amount_nonnegative"),
        UniqueConstraint("grant_id", "name", name="uq_budget_lines_grant_name"),
    )


class FundingChange(Base):
    """Who changed which donor, grant or budget line, when and why, with the values before and after."""

    __tablename__ = "funding_changes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # donor | grant | budget_line
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | update
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object]] = mapped_column(JSON)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (Index("ix_funding_changes_entity", "entity", "entity_id", "id"),)


class CostLayer(Base):
    """Units of one batch at one site that came in together, at one unit cost, from one funding.

    Opened by a receipt line (or a found adjustment, later a transfer in); `quantity_left` is what is
    still on hand. Sum of `quantity_left` per site and batch equals the stock balance.
    """

    __tablename__ = "cost_layers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    source: Mapped[str] = mapped_column(String(20))  # domain.funding.LayerSource
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grants.id"), index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("donors.id"), index=True)
    unit_cost_ore: Mapped[int] = mapped_column(BigInteger)
    quantity_received: Mapped[int] = mapped_column(Integer)
    quantity_left: Mapped[int] = mapped_column(Integer)
    # The movement that opened the layer; a transfer in opens one per layer taken at the sender.
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"), index=True)
    # A layer moved from another site (a transfer) names the layer its units and money came from.
    origin_layer_id: Mapped[int | None] = mapped_column(ForeignKey("cost_layers.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        CheckConstraint("quantity_left >= 0", name="left_nonnegative"),
        CheckConstraint("quantity_left <= quantity_received", name="left_at_most_received"),
        CheckConstraint("unit_cost_ore >= 0", name="unit_cost_nonnegative"),
        Index("ix_cost_layers_site_batch", "site_id", "batch_id", "id"),
        # The layers a take can consume, oldest first: FIFO reads only these.
        partial_index(
            "ix_cost_layers_open",
            "site_id",
            "batch_id",
            "id",
            "quantity_left",
            "unit_cost_ore",
            where="quantity_left > 0",
        ),
    )


class LayerTake(Base):
    """Units a movement took from (positive) or gave back to (negative) a cost layer, and their value."""

    __tablename__ = "layer_takes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movements.id"), index=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("cost_layers.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    value_ore: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (CheckConstraint("quantity <> 0", name="quantity_nonzero"),)


class ReceiptFunding(Base):
    """Who paid for a layer: one row per share (a grant and budget line, unrestricted, or an in-kind donor).

    The shares of a layer sum to its received value. A receipt's funding changed later by finance, or
    undone by reversing the receipt, is kept with `superseded_at` set; the current rows have it NULL.
    """

    __tablename__ = "receipt_funding"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("cost_layers.id"), index=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # grant | unrestricted | in_kind
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grants.id"), index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"), index=True)
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("donors.id"), index=True)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    unit_value_ore: Mapped[int | None] = mapped_column(BigInteger)
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden: Mapped[str | None] = mapped_column(String(200))  # the refusal codes overridden
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (CheckConstraint("amount_ore >= 0", name="amount_nonnegative"),)


# --- pharmacy: quarantine, recall, disposal (migration 0006) -------------------------------------------

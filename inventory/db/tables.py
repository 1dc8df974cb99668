"""SQLAlchemy tables. The ledger (operations + movements) is append-only; balances mirror it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC on every database; SQLite gives them back naive, so mark them UTC again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be timezone-aware")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Location(Base):
    """A shelf, fridge or cupboard at a site, e.g. "Køleskab" or "Tandklinik skab 2"."""

    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("site_id", "name", name="uq_locations_site_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    cold: Mapped[bool] = mapped_column(Boolean, default=False)


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str] = mapped_column(String(20))
    unit_of_issue: Mapped[str] = mapped_column(String(30))
    pack_size: Mapped[int] = mapped_column(Integer, default=1)
    atc_code: Mapped[str | None] = mapped_column(String(10), index=True)
    strength: Mapped[str | None] = mapped_column(String(60))
    form: Mapped[str | None] = mapped_column(String(60))
    requires_expiry: Mapped[bool] = mapped_column(Boolean)
    cold_chain: Mapped[bool] = mapped_column(Boolean, default=False)
    controlled: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (CheckConstraint("pack_size > 0", name="pack_size_positive"),)


class ItemGtin(Base):
    """Several GTINs may name one item (pack sizes, suppliers); a GTIN names one item."""

    __tablename__ = "item_gtins"
    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)


class Batch(Base):
    """A lot of one item. The same batch number of the same item is one batch at every site."""

    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("item_id", "batch_number", name="uq_batches_item_number"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_number: Mapped[str] = mapped_column(String(40))
    expiry_date: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserSite(Base):
    __tablename__ = "user_sites"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)


class Operation(Base):
    """One user action (a receipt, an issue, ...): who, when, where and why. Never updated."""

    __tablename__ = "operations"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(120))
    reverses_operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (Index("ix_operations_kind_site_id", "kind", "site_id", "id"),)


class Movement(Base):
    """A signed quantity of one batch at one site. The ledger: rows are only ever inserted."""

    __tablename__ = "movements"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost_ore: Mapped[int | None] = mapped_column(BigInteger)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        CheckConstraint("quantity <> 0", name="quantity_nonzero"),
        CheckConstraint("unit_cost_ore IS NULL OR unit_cost_ore >= 0", name="unit_cost_nonnegative"),
        Index("ix_movements_site_id_id", "site_id", "id"),
        Index("ix_movements_item_id_id", "item_id", "id"),
        Index("ix_movements_batch_id_id", "batch_id", "id"),
        Index("ix_movements_created_at", "created_at"),
    )


class StockBalance(Base):
    """On hand per site and batch, kept in the same transaction as the ledger; never negative."""

    __tablename__ = "stock_balances"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    # A copy of the batch's expiry (which never changes), so FEFO and stock reads need no join.
    expiry_date: Mapped[date | None] = mapped_column(Date)
    # Set and cleared with the quarantine records (PharmacyQuarantine) in the same transaction, so FEFO
    # and the issue's one-statement read see it without a join.
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_nonnegative"),
        Index("ix_stock_balances_site_item", "site_id", "item_id"),
        # Stock in hand only, covering the FEFO read and per-item totals of a site.
        Index(
            "ix_stock_balances_in_stock",
            "site_id",
            "item_id",
            "expiry_date",
            "batch_id",
            "quantity",
            "quarantined",
            sqlite_where=text("quantity > 0"),
            postgresql_where=text("quantity > 0"),
        ),
    )


class IdempotencyRecord(Base):
    """The first answer to a write, replayed when the same key is sent again."""

    __tablename__ = "idempotency_records"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meta(Base):
    """Facts about the database itself, such as whether it holds demo data."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# --- funding: donors, grants, budget lines, and cost layers (migration 0008) ----------------------------


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
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        CheckConstraint("quantity_left >= 0", name="left_nonnegative"),
        CheckConstraint("quantity_left <= quantity_received", name="left_at_most_received"),
        CheckConstraint("unit_cost_ore >= 0", name="unit_cost_nonnegative"),
        Index("ix_cost_layers_site_batch", "site_id", "batch_id", "id"),
        # The layers a take can consume, oldest first: FIFO reads only these.
        Index(
            "ix_cost_layers_open",
            "site_id",
            "batch_id",
            "id",
            "quantity_left",
            "unit_cost_ore",
            sqlite_where=text("quantity_left > 0"),
            postgresql_where=text("quantity_left > 0"),
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
class Recall(Base):
    """A recall of one item's batches: every unit held at every site quarantined in one action."""

    __tablename__ = "recalls"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    batch_ids: Mapped[str] = mapped_column(Text)  # "12,15": the batches named, in the order given
    reference: Mapped[str | None] = mapped_column(String(120))  # the supplier's or authority's notice
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Quarantine(Base):
    """A batch set apart at a site: who, when, why; its release is recorded on the same row. Never deleted."""

    __tablename__ = "quarantines"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)  # on hand when quarantined
    recall_id: Mapped[int | None] = mapped_column(ForeignKey("recalls.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    release_reason: Mapped[str | None] = mapped_column(String(30))
    release_note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        # At most one open quarantine per batch and site.
        Index(
            "uq_quarantines_open",
            "site_id",
            "batch_id",
            unique=True,
            sqlite_where=text("released_at IS NULL"),
            postgresql_where=text("released_at IS NULL"),
        ),
        Index("ix_quarantines_site_id_id", "site_id", "id"),
    )


class Disposal(Base):
    """One disposal at a site: method, who, witness; its stock leaves through `disposal` operations."""

    __tablename__ = "disposals"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    method: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)  # needed when usable stock is disposed of
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DisposalLine(Base):
    """A movement of a disposal (its `disposal` operation is one per item) and the value destroyed."""

    __tablename__ = "disposal_lines"
    movement_id: Mapped[int] = mapped_column(ForeignKey("movements.id"), primary_key=True)
    disposal_id: Mapped[int] = mapped_column(ForeignKey("disposals.id"), index=True)
    value_ore: Mapped[int] = mapped_column(BigInteger)  # FIFO from the receipt costs (domain/expiry.py)
    unvalued_quantity: Mapped[int] = mapped_column(Integer)  # units received without a cost

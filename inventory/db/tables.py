"""SQLAlchemy tables. The ledger (operations + movements) is append-only; balances mirror it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import NAMING, Base, BigId, UTCDateTime, partial_index


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
    # Whether stock is handed out in units (tablets from a jar) or only in whole packs (an inhaler, a pen
    # box): a scan-out of a pack item issues a whole pack.
    dispensed_in: Mapped[str] = mapped_column(String(5), default="units", server_default="units")
    __table_args__ = (
        CheckConstraint("pack_size > 0", name="pack_size_positive"),
        CheckConstraint("dispensed_in IN ('units', 'packs')", name="dispensed_in_known"),
    )


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
    # Granted by an admin: this user (a volunteer) may issue controlled items; pharmacists always may.
    may_issue_controlled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


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
    supplier: Mapped[str | None] = mapped_column(String(120))  # a receipt's supplier (0016_records)
    delivery_note: Mapped[str | None] = mapped_column(String(60))  # its delivery note's number
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
        partial_index(
            "ix_stock_balances_in_stock",
            "site_id",
            "item_id",
            "expiry_date",
            "batch_id",
            "quantity",
            "quarantined",
            where="quantity > 0",
        ),
    )


class PackSerial(Base):
    """A pack's unique identifier (GTIN + serial, AI 21) seen in a receipt or an issue by scan.

    A serial received twice (and not undone) is refused: a double scan or a falsified pack. A serial
    issued twice is recorded with `flagged` for the pharmacist. An undo sets `undone_by`; the partial
    unique index keeps one live receipt per pack, whatever two concurrent scans do.
    """

    __tablename__ = "pack_serials"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14))
    serial: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # receipt or issue
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reason: Mapped[str | None] = mapped_column(String(20))  # issued-twice or never-received
    undone_by: Mapped[int | None] = mapped_column(ForeignKey("operations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        Index("ix_pack_serials_gtin_serial", "gtin", "serial"),
        partial_index(
            "uq_pack_serials_live_receipt",
            "gtin",
            "serial",
            unique=True,
            where="kind = 'receipt' AND undone_by IS NULL",
        ),
        Index("ix_pack_serials_flagged", "flagged", "id"),
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


class LoginAttempt(Base):
    """A login attempt of the last minutes, counted against its user name and its client address.

    Kept in the database so that every server process sees the same count; rows older than the
    window are pruned by the attempts that follow (services/login_limits.py).
    """

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
        Index("ix_login_attempts_at", "at"),
    )


# --- pharmacy: quarantine, recall, disposal (migration 0006) -------------------------------------------
# Receipts only, covering what valuing a batch's stock reads (expiry review, disposals, recalls): a batch's
# receipts without reading its issues. Partial, so issues (the scan-out) do not maintain it.
RECEIPTS_INDEX = Index(
    "ix_movements_receipts",
    Movement.batch_id,
    Movement.site_id,
    Movement.id,
    Movement.quantity,
    Movement.unit_cost_ore,
    Movement.kind,  # so the index covers the query, which SQLite then prefers to the batch index
    sqlite_where=text("kind = 'receipt'"),
    postgresql_where=text("kind = 'receipt'"),
)


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


class BatchBlock(Base):
    """A standing block on a batch (migration 0009): a recall or a clinic-wide quarantine, by item and batch
    number, whether or not the batch is on record yet. While open, every unit of the batch that reaches a
    site goes into quarantine there. Closing writes the close fields once; never deleted."""

    __tablename__ = "batch_blocks"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # recall | quarantine
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    batch_number: Mapped[str] = mapped_column(String(40))  # as ledger.clean_batch_number leaves it
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))  # once the batch is on record
    recall_id: Mapped[int | None] = mapped_column(ForeignKey("recalls.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    close_reason: Mapped[str | None] = mapped_column(String(30))
    close_note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_batch_blocks_item_id_batch_number", "item_id", "batch_number"),)


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
    block_id: Mapped[int | None] = mapped_column(ForeignKey("batch_blocks.id"), index=True)  # 0009
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    release_reason: Mapped[str | None] = mapped_column(String(30))
    release_note: Mapped[str | None] = mapped_column(Text)
    set_aside: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))  # 0014
    __table_args__ = (
        # At most one open quarantine per batch and site.
        partial_index("uq_quarantines_open", "site_id", "batch_id", unique=True, where="released_at IS NULL"),
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


# --- fridge log: temperatures of cold locations (migration 0007) ----------------------------------------
class TemperatureRange(Base):
    """The allowed range of a cold location from `created_at` on (2.0-8.0 °C before any is set).
    Never updated: a new range is a new row, with who set it and why."""

    __tablename__ = "temperature_ranges"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    min_tenths: Mapped[int] = mapped_column(Integer)  # tenths of a degree Celsius: 20 is 2.0 °C
    max_tenths: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (
        CheckConstraint("min_tenths < max_tenths", name="range_ordered"),
        Index("ix_temperature_ranges_location_id_id", "location_id", "id"),
    )


class TemperatureReading(Base):
    """A thermometer read at a cold location: current (and min/max since reset) in tenths of a degree,
    the allowed range in force then, and how it deviated. Never updated; actions are added beside it."""

    __tablename__ = "temperature_readings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())
    current_tenths: Mapped[int] = mapped_column(Integer)
    min_tenths: Mapped[int | None] = mapped_column(Integer)
    max_tenths: Mapped[int | None] = mapped_column(Integer)
    allowed_min_tenths: Mapped[int] = mapped_column(Integer)
    allowed_max_tenths: Mapped[int] = mapped_column(Integer)
    deviation: Mapped[str | None] = mapped_column(String(20))  # None: within the range
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (Index("ix_temperature_readings_location_id_read_at", "location_id", "read_at"),)


class TemperatureAction(Base):
    """What was done about a reading out of range (moved the insulin, called the technician): who, when."""

    __tablename__ = "temperature_actions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reading_id: Mapped[int] = mapped_column(ForeignKey("temperature_readings.id"), index=True)
    action: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# The funding and security tables live in modules of their own on the same `Base` (from `db/base.py`, not
# from here, so neither imports this module back); imported here so that every user of Base.metadata
# (Alembic, tests) sees them, and re-exported so callers import every table from here.
from inventory.db.count_tables import StockCount, StockCountLine  # noqa: E402
from inventory.db.funding_tables import (  # noqa: E402
    BudgetLine,
    CostLayer,
    Donor,
    FundingChange,
    Grant,
    LayerTake,
    ReceiptFunding,
)
from inventory.db.returns_tables import SupplierReturn, SupplierReturnLine  # noqa: E402
from inventory.db.security_tables import AuditEvent, SecurityEvent  # noqa: E402
from inventory.db.transfer_tables import Transfer, TransferLine  # noqa: E402

__all__ = [
    "NAMING",
    "Base",
    "BigId",
    "UTCDateTime",
    "BudgetLine",
    "CostLayer",
    "Donor",
    "FundingChange",
    "Grant",
    "LayerTake",
    "ReceiptFunding",
    "SecurityEvent",
    "AuditEvent",
    "SupplierReturn",
    "SupplierReturnLine",
    "StockCount",
    "StockCountLine",
    "Transfer",
    "TransferLine",
]

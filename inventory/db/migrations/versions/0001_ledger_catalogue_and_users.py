"""ledger, catalogue and users

Revision ID: 0001
Revises:
Create Date: 2026-11-23 00:13:44.125435
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("unit_of_issue", sa.String(length=30), nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("atc_code", sa.String(length=10), nullable=True),
        sa.Column("strength", sa.String(length=60), nullable=True),
        sa.Column("form", sa.String(length=60), nullable=True),
        sa.Column("requires_expiry", sa.Boolean(), nullable=False),
        sa.Column("cold_chain", sa.Boolean(), nullable=False),
        sa.Column("controlled", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("pack_size > 0", name=op.f("ck_items_pack_size_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_items_atc_code"), ["atc_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_name"), ["name"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("code", name=op.f("uq_sites_code")),
        sa.UniqueConstraint("name", name=op.f("uq_sites_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_number", sa.String(length=40), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_batches_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sa.UniqueConstraint("item_id", "batch_number", name="uq_batches_item_number"),
    )
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batches_expiry_date"), ["expiry_date"], unique=False)

    op.create_table(
        "idempotency_records",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_idempotency_records_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_records")),
    )
    op.create_table(
        "item_gtins",
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_item_gtins_item_id_items")),
        sa.PrimaryKeyConstraint("gtin", name=op.f("pk_item_gtins")),
    )
    with op.batch_alter_table("item_gtins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_gtins_item_id"), ["item_id"], unique=False)

    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("cold", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_locations_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("site_id", "name", name="uq_locations_site_name"),
    )
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_locations_site_id"), ["site_id"], unique=False)

    op.create_table(
        "operations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column(
            "reverses_operation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_operations_item_id_items")),
        sa.ForeignKeyConstraint(
            ["reverses_operation_id"],
            ["operations.id"],
            name=op.f("fk_operations_reverses_operation_id_operations"),
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_operations_site_id_sites")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_operations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations")),
        sa.UniqueConstraint("reverses_operation_id", name=op.f("uq_operations_reverses_operation_id")),
    )
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.create_index("ix_operations_kind_site_id", ["kind", "site_id", "id"], unique=False)

    op.create_table(
        "user_sites",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_user_sites_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sites_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "site_id", name=op.f("pk_user_sites")),
    )
    op.create_table(
        "movements",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("operation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost_ore", sa.BigInteger(), nullable=True),
        sa.Column("reverses_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_movements_quantity_nonzero")),
        sa.CheckConstraint(
            "unit_cost_ore IS NULL OR unit_cost_ore >= 0", name=op.f("ck_movements_unit_cost_nonnegative")
        ),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_movements_batch_id_batches")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_movements_item_id_items")),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operations.id"], name=op.f("fk_movements_operation_id_operations")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["movements.id"], name=op.f("fk_movements_reverses_id_movements")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_movements_site_id_sites")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_movements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movements")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_movements_reverses_id")),
    )
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.create_index("ix_movements_batch_id_id", ["batch_id", "id"], unique=False)
        batch_op.create_index("ix_movements_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_movements_item_id_id", ["item_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_movements_operation_id"), ["operation_id"], unique=False)
        batch_op.create_index("ix_movements_site_id_id", ["site_id", "id"], unique=False)

    op.create_table(
        "stock_balances",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_stock_balances_quantity_nonnegative")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_stock_balances_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_stock_balances_item_id_items")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_balances_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_stock_balances_site_id_sites")),
        sa.PrimaryKeyConstraint("site_id", "batch_id", name=op.f("pk_stock_balances")),
    )
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.create_index("ix_stock_balances_site_item", ["site_id", "item_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_balances_site_item")

    op.drop_table("stock_balances")
    with op.batch_alter_table("movements", schema=None) as batch_op:
        batch_op.drop_index("ix_movements_site_id_id")
        batch_op.drop_index(batch_op.f("ix_movements_operation_id"))
        batch_op.drop_index("ix_movements_item_id_id")
        batch_op.drop_index("ix_movements_created_at")
        batch_op.drop_index("ix_movements_batch_id_id")

    op.drop_table("movements")
    op.drop_table("user_sites")
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_index("ix_operations_kind_site_id")

    op.drop_table("operations")
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_locations_site_id"))

    op.drop_table("locations")
    with op.batch_alter_table("item_gtins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_gtins_item_id"))

    op.drop_table("item_gtins")
    op.drop_table("idempotency_records")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batches_expiry_date"))

    op.drop_table("batches")
    op.drop_table("users")
    op.drop_table("sites")
    op.drop_table("meta")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_items_name"))
        batch_op.drop_index(batch_op.f("ix_items_atc_code"))

    op.drop_table("items")

"""Pharmacy: quarantine, recall, disposal

Stock balances carry a `quarantined` flag (kept with the quarantine records in the same transaction);
the in-stock index and PostgreSQL's `stock_for_issue` read it, so FEFO skips quarantined stock with no
extra statement.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

IN_STOCK = ["site_id", "item_id", "expiry_date", "batch_id", "quantity"]

# As 0003's function (VOLATILE: a fresh snapshot after the lock), answering the quarantine flag too.
CREATE = """
CREATE FUNCTION stock_for_issue(p_site integer, p_item integer)
RETURNS TABLE (batch_id bigint, quantity integer, expiry_date date, quarantined boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(p_site, p_item);
  RETURN QUERY
    SELECT sb.batch_id, sb.quantity, sb.expiry_date, sb.quarantined
    FROM stock_balances AS sb
    WHERE sb.site_id = p_site AND sb.item_id = p_item AND sb.quantity > 0;
END
$$
"""
# 0003's function, for the downgrade.
CREATE_0003 = """
CREATE FUNCTION stock_for_issue(p_site integer, p_item integer)
RETURNS TABLE (batch_id bigint, quantity integer, expiry_date date)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(p_site, p_item);
  RETURN QUERY
    SELECT sb.batch_id, sb.quantity, sb.expiry_date
    FROM stock_balances AS sb
    WHERE sb.site_id = p_site AND sb.item_id = p_item AND sb.quantity > 0;
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS stock_for_issue(integer, integer)"


def _in_stock_index(columns: list[str]) -> None:
    op.drop_index("ix_stock_balances_in_stock", table_name="stock_balances")
    op.create_index(
        "ix_stock_balances_in_stock",
        "stock_balances",
        columns,
        sqlite_where=sa.text("quantity > 0"),
        postgresql_where=sa.text("quantity > 0"),
    )


def upgrade() -> None:
    with op.batch_alter_table("stock_balances") as batch_op:
        batch_op.add_column(
            sa.Column("quarantined", sa.Boolean(), nullable=False, server_default=sa.text("false"))
        )
    _in_stock_index([*IN_STOCK, "quarantined"])
    op.create_index(
        "ix_movements_receipts",
        "movements",
        ["batch_id", "site_id", "id", "quantity", "unit_cost_ore", "kind"],
        sqlite_where=sa.text("kind = 'receipt'"),
        postgresql_where=sa.text("kind = 'receipt'"),
    )
    op.create_table(
        "recalls",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_ids", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_recalls_item_id_items"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_recalls_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_recalls"),
    )
    op.create_index("ix_recalls_item_id", "recalls", ["item_id"])
    op.create_table(
        "quarantines",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("recall_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("release_reason", sa.String(length=30), nullable=True),
        sa.Column("release_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_quarantines_site_id_sites"),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name="fk_quarantines_batch_id_batches"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_quarantines_item_id_items"),
        sa.ForeignKeyConstraint(["recall_id"], ["recalls.id"], name="fk_quarantines_recall_id_recalls"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_quarantines_user_id_users"),
        sa.ForeignKeyConstraint(["released_by_id"], ["users.id"], name="fk_quarantines_released_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_quarantines"),
    )
    op.create_index("ix_quarantines_batch_id", "quarantines", ["batch_id"])
    op.create_index("ix_quarantines_recall_id", "quarantines", ["recall_id"])
    op.create_index("ix_quarantines_site_id_id", "quarantines", ["site_id", "id"])
    op.create_index(
        "uq_quarantines_open",
        "quarantines",
        ["site_id", "batch_id"],
        unique=True,
        sqlite_where=sa.text("released_at IS NULL"),
        postgresql_where=sa.text("released_at IS NULL"),
    )
    op.create_table(
        "disposals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_disposals_site_id_sites"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_disposals_user_id_users"),
        sa.ForeignKeyConstraint(["witness_id"], ["users.id"], name="fk_disposals_witness_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_disposals"),
    )
    op.create_index("ix_disposals_site_id", "disposals", ["site_id"])
    op.create_table(
        "disposal_lines",
        sa.Column("movement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("disposal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("value_ore", sa.BigInteger(), nullable=False),
        sa.Column("unvalued_quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name="fk_disposal_lines_movement_id_movements"
        ),
        sa.ForeignKeyConstraint(
            ["disposal_id"], ["disposals.id"], name="fk_disposal_lines_disposal_id_disposals"
        ),
        sa.PrimaryKeyConstraint("movement_id", name="pk_disposal_lines"),
    )
    op.create_index("ix_disposal_lines_disposal_id", "disposal_lines", ["disposal_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DROP)
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DROP)
        op.execute(CREATE_0003)
    op.drop_table("disposal_lines")
    op.drop_table("disposals")
    op.drop_table("quarantines")
    op.drop_table("recalls")
    op.drop_index("ix_movements_receipts", table_name="movements")
    _in_stock_index(IN_STOCK)
    with op.batch_alter_table("stock_balances") as batch_op:
        batch_op.drop_column("quarantined")

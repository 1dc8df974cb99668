"""Scanning round 2: pack serials, dispensing unit per item

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_LIVE_RECEIPT = "kind = 'receipt' AND undone_by IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("items") as batch_op:
        batch_op.add_column(sa.Column("dispensed_in", sa.String(5), nullable=False, server_default="units"))
        batch_op.create_check_constraint("dispensed_in_known", "dispensed_in IN ('units', 'packs')")
    id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "pack_serials",
        sa.Column("id", id_type, primary_key=True),
        sa.Column("gtin", sa.String(14), nullable=False),
        sa.Column("serial", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("operation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("operations.id", name="fk_pack_serials_operation_id_operations"),
                  nullable=False),  # fmt: skip
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id", name="fk_pack_serials_site_id_sites"),
                  nullable=False),  # fmt: skip
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("items.id", name="fk_pack_serials_item_id_items"),
                  nullable=False),  # fmt: skip
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("batches.id", name="fk_pack_serials_batch_id_batches"), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("undone_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("operations.id", name="fk_pack_serials_undone_by_operations"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pack_serials"),
    )
    op.create_index("ix_pack_serials_operation_id", "pack_serials", ["operation_id"])
    op.create_index("ix_pack_serials_gtin_serial", "pack_serials", ["gtin", "serial"])
    op.create_index("ix_pack_serials_flagged", "pack_serials", ["flagged", "id"])
    op.create_index(
        "uq_pack_serials_live_receipt",
        "pack_serials",
        ["gtin", "serial"],
        unique=True,
        sqlite_where=sa.text(_LIVE_RECEIPT),
        postgresql_where=sa.text(_LIVE_RECEIPT),
    )


def downgrade() -> None:
    op.drop_table("pack_serials")
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_constraint("dispensed_in_known", type_="check")
        batch_op.drop_column("dispensed_in")

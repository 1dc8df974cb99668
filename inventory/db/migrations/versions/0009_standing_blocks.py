"""Standing blocks: a recall or a clinic-wide quarantine recorded on the batch (by item and batch number,
known or not yet), so stock of it that reaches any site later goes into quarantine there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "batch_blocks",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_number", sa.String(length=40), nullable=False),
        sa.Column("batch_id", BIG_ID, nullable=True),
        sa.Column("recall_id", BIG_ID, nullable=True),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("close_reason", sa.String(length=30), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_batch_blocks_item_id_items"),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name="fk_batch_blocks_batch_id_batches"),
        sa.ForeignKeyConstraint(["recall_id"], ["recalls.id"], name="fk_batch_blocks_recall_id_recalls"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_batch_blocks_user_id_users"),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name="fk_batch_blocks_closed_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_batch_blocks"),
    )
    op.create_index("ix_batch_blocks_item_id_batch_number", "batch_blocks", ["item_id", "batch_number"])
    op.create_index("ix_batch_blocks_recall_id", "batch_blocks", ["recall_id"])
    with op.batch_alter_table("quarantines") as batch_op:
        batch_op.add_column(sa.Column("block_id", BIG_ID, nullable=True))
        batch_op.create_foreign_key(
            "fk_quarantines_block_id_batch_blocks", "batch_blocks", ["block_id"], ["id"]
        )
        batch_op.create_index("ix_quarantines_block_id", ["block_id"])


def downgrade() -> None:
    with op.batch_alter_table("quarantines") as batch_op:
        batch_op.drop_index("ix_quarantines_block_id")
        batch_op.drop_constraint("fk_quarantines_block_id_batch_blocks", type_="foreignkey")
        batch_op.drop_column("block_id")
    op.drop_index("ix_batch_blocks_recall_id", table_name="batch_blocks")
    op.drop_index("ix_batch_blocks_item_id_batch_number", table_name="batch_blocks")
    op.drop_table("batch_blocks")

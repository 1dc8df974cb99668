"""Transfers between sites: a transfer and its lines (stock in transit between the sender's
`transfer_out` and the receiver's `transfer_in`/`transfer_loss` movements)

Revision ID: 0012_transfers
Revises: 0011
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.db.tables import UTCDateTime

revision = "0012_transfers"
down_revision = "0011"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _user(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _movement(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["movements.id"], name=op.f(f"fk_transfer_lines_{column}_movements")
    )


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("from_site_id", sa.Integer(), nullable=False),
        sa.Column("to_site_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("controlled", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("from_site_id <> to_site_id", name=op.f("ck_transfers_two_sites")),
        sa.ForeignKeyConstraint(["from_site_id"], ["sites.id"], name=op.f("fk_transfers_from_site_id_sites")),
        sa.ForeignKeyConstraint(["to_site_id"], ["sites.id"], name=op.f("fk_transfers_to_site_id_sites")),
        _user("user_id", "transfers"),
        _user("approved_by", "transfers"),
        _user("received_by", "transfers"),
        _user("cancelled_by", "transfers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    op.create_index("ix_transfers_from_site_id_id", "transfers", ["from_site_id", "id"], unique=False)
    op.create_index("ix_transfers_to_site_id_id", "transfers", ["to_site_id", "id"], unique=False)
    op.create_table(
        "transfer_lines",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("transfer_id", BIG_ID, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", BIG_ID, nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=True),
        sa.Column("lost", sa.Integer(), nullable=False),
        sa.Column("loss_reason", sa.String(length=20), nullable=True),
        sa.Column("loss_note", sa.Text(), nullable=True),
        sa.Column("out_movement_id", BIG_ID, nullable=True),
        sa.Column("in_movement_id", BIG_ID, nullable=True),
        sa.Column("loss_movement_id", BIG_ID, nullable=True),
        sa.Column("return_movement_id", BIG_ID, nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_transfer_lines_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["transfer_id"], ["transfers.id"], name=op.f("fk_transfer_lines_transfer_id_transfers")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_transfer_lines_item_id_items")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_transfer_lines_batch_id_batches")
        ),
        _movement("out_movement_id"),
        _movement("in_movement_id"),
        _movement("loss_movement_id"),
        _movement("return_movement_id"),
        _user("received_by", "transfer_lines"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_lines")),
    )
    op.create_index("ix_transfer_lines_transfer_id", "transfer_lines", ["transfer_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_transfer_lines_transfer_id", table_name="transfer_lines")
    op.drop_table("transfer_lines")
    op.drop_index("ix_transfers_to_site_id_id", table_name="transfers")
    op.drop_index("ix_transfers_from_site_id_id", table_name="transfers")
    op.drop_table("transfers")

"""Stock counts: a count of a site's shelves (all, a location, a category, chosen items or every
controlled batch), its lines per batch, and who counted, witnessed and approved

Revision ID: 0013_counts
Revises: 0012_transfers
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.db.tables import UTCDateTime

revision = "0013_counts"
down_revision = "0012_transfers"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _user(name: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([name], ["users.id"], name=op.f(f"fk_{table}_{name}_users"))


def upgrade() -> None:
    op.create_table(
        "stock_counts",
        sa.Column("id", BIG, nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("controlled", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("start_movement_id", sa.BigInteger(), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("witness_id", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_stock_counts_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_counts_location_id_locations")
        ),
        *[
            _user(name, "stock_counts")
            for name in ("started_by", "submitted_by", "witness_id", "approved_by", "cancelled_by")
        ],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
    )
    op.create_index(op.f("ix_stock_counts_site_id"), "stock_counts", ["site_id"], unique=False)
    op.create_table(
        "stock_count_lines",
        sa.Column("id", BIG, nullable=False),
        sa.Column("count_id", BIG, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", BIG, nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("at_start", sa.Integer(), nullable=False),
        sa.Column("unexpected", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=True),
        sa.Column("counted_by", sa.Integer(), nullable=True),
        sa.Column("counted_at", UTCDateTime(), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("variance", sa.Integer(), nullable=True),
        sa.Column("value_ore", sa.BigInteger(), nullable=True),
        sa.Column("movement_id", BIG, nullable=True),
        sa.Column("posted_by", sa.Integer(), nullable=True),
        sa.Column("posted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["count_id"], ["stock_counts.id"], name=op.f("fk_stock_count_lines_count_id_stock_counts")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_stock_count_lines_item_id_items")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_stock_count_lines_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_count_lines_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_stock_count_lines_movement_id_movements")
        ),
        _user("counted_by", "stock_count_lines"),
        _user("posted_by", "stock_count_lines"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_count_lines")),
        sa.UniqueConstraint("count_id", "batch_id", name="uq_stock_count_lines_count_batch"),
    )
    op.create_index(op.f("ix_stock_count_lines_count_id"), "stock_count_lines", ["count_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_count_lines_count_id"), table_name="stock_count_lines")
    op.drop_table("stock_count_lines")
    op.drop_index(op.f("ix_stock_counts_site_id"), table_name="stock_counts")
    op.drop_table("stock_counts")

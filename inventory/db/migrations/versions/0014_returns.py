"""Returns to a supplier, and packs set aside from the scan page

`supplier_returns` (supplier, reference, reason, who) and `supplier_return_lines` (each `return`
movement with the value it took from the cost layers: the credit expected); `quarantines.set_aside`
marks a quarantine made by setting a scanned pack aside.

Revision ID: 0014_returns
Revises: 0013_counts
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.db.tables import UTCDateTime

revision = "0014_returns"
down_revision = "0013_counts"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "supplier_returns",
        sa.Column("id", _ID, nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=120), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_supplier_returns_site_id_sites")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_supplier_returns_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_returns")),
    )
    op.create_index(op.f("ix_supplier_returns_site_id"), "supplier_returns", ["site_id"], unique=False)
    op.create_table(
        "supplier_return_lines",
        sa.Column("movement_id", _ID, nullable=False),
        sa.Column("return_id", _ID, nullable=False),
        sa.Column("value_ore", sa.BigInteger(), nullable=False),
        sa.Column("unvalued_quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_supplier_return_lines_movement_id_movements")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["supplier_returns.id"],
            name=op.f("fk_supplier_return_lines_return_id_supplier_returns"),
        ),
        sa.PrimaryKeyConstraint("movement_id", name=op.f("pk_supplier_return_lines")),
    )
    op.create_index(
        op.f("ix_supplier_return_lines_return_id"), "supplier_return_lines", ["return_id"], unique=False
    )
    op.add_column(
        "quarantines", sa.Column("set_aside", sa.Boolean(), nullable=False, server_default=sa.text("false"))
    )


def downgrade() -> None:
    with op.batch_alter_table("quarantines", schema=None) as batch_op:
        batch_op.drop_column("set_aside")
    op.drop_index(op.f("ix_supplier_return_lines_return_id"), table_name="supplier_return_lines")
    op.drop_table("supplier_return_lines")
    op.drop_index(op.f("ix_supplier_returns_site_id"), table_name="supplier_returns")
    op.drop_table("supplier_returns")

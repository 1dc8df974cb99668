"""stock balances carry their batch's expiry; a partial index over stock in hand

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_balances") as batch_op:
        batch_op.add_column(sa.Column("expiry_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE stock_balances SET expiry_date = "
        "(SELECT batches.expiry_date FROM batches WHERE batches.id = stock_balances.batch_id)"
    )
    op.create_index(
        "ix_stock_balances_in_stock",
        "stock_balances",
        ["site_id", "item_id", "expiry_date", "batch_id", "quantity"],
        sqlite_where=sa.text("quantity > 0"),
        postgresql_where=sa.text("quantity > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_balances_in_stock", table_name="stock_balances")
    with op.batch_alter_table("stock_balances") as batch_op:
        batch_op.drop_column("expiry_date")

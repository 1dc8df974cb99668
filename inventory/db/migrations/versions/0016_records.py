"""Receipts name their supplier and delivery note (issue 17: the controlled-drug register prints them)

Both are NULL on every operation written before, and on every kind but a receipt.

Revision ID: 0016_records
Revises: 0014_returns
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_records"
down_revision = "0014_returns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("operations", sa.Column("supplier", sa.String(length=120), nullable=True))
    op.add_column("operations", sa.Column("delivery_note", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_column("delivery_note")
        batch_op.drop_column("supplier")

"""Serial flags say why: a pack serial issued twice, or issued without ever having been received

Flags written before this step were all of serials issued twice.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pack_serials", sa.Column("flag_reason", sa.String(length=20), nullable=True))
    op.execute("UPDATE pack_serials SET flag_reason = 'issued-twice' WHERE flagged")


def downgrade() -> None:
    with op.batch_alter_table("pack_serials", schema=None) as batch_op:
        batch_op.drop_column("flag_reason")

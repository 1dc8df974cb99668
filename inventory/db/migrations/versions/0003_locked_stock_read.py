"""PostgreSQL: a function that takes an item's stock lock at a site, then reads its batches in stock

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# VOLATILE on purpose: PostgreSQL gives each query inside a volatile function a fresh snapshot, so the
# read sees what the previous holder of the lock committed. (A plain `SELECT pg_advisory_xact_lock(..),
# ...` reads the snapshot taken before the lock was granted.) An issue thereby needs one round trip less.
CREATE = """
CREATE OR REPLACE FUNCTION stock_for_issue(p_site integer, p_item integer)
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS stock_for_issue(integer, integer)")

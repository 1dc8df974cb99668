"""Scanning round 2: pack serials, dispensing unit per item, scanner profiles

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled in by the work that needs it; an empty step keeps the chain whole


def downgrade() -> None:
    pass

"""Hardening: login attempts shared by every process

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled in by the work that needs it; an empty step keeps the chain whole


def downgrade() -> None:
    pass

"""Cold chain: fridge temperature log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "temperature_ranges",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("min_tenths", sa.Integer(), nullable=False),
        sa.Column("max_tenths", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("min_tenths < max_tenths", name="ck_temperature_ranges_range_ordered"),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name="fk_temperature_ranges_location_id_locations"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_temperature_ranges_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_temperature_ranges"),
    )
    op.create_index("ix_temperature_ranges_location_id_id", "temperature_ranges", ["location_id", "id"])
    op.create_table(
        "temperature_readings",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_tenths", sa.Integer(), nullable=False),
        sa.Column("min_tenths", sa.Integer(), nullable=True),
        sa.Column("max_tenths", sa.Integer(), nullable=True),
        sa.Column("allowed_min_tenths", sa.Integer(), nullable=False),
        sa.Column("allowed_max_tenths", sa.Integer(), nullable=False),
        sa.Column("deviation", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name="fk_temperature_readings_location_id_locations"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_temperature_readings_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_temperature_readings"),
    )
    op.create_index(
        "ix_temperature_readings_location_id_read_at", "temperature_readings", ["location_id", "read_at"]
    )
    op.create_table(
        "temperature_actions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("reading_id", BIG_ID, nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reading_id"],
            ["temperature_readings.id"],
            name="fk_temperature_actions_reading_id_temperature_readings",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_temperature_actions_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_temperature_actions"),
    )
    op.create_index("ix_temperature_actions_reading_id", "temperature_actions", ["reading_id"])


def downgrade() -> None:
    op.drop_index("ix_temperature_actions_reading_id", table_name="temperature_actions")
    op.drop_table("temperature_actions")
    op.drop_index("ix_temperature_readings_location_id_read_at", table_name="temperature_readings")
    op.drop_table("temperature_readings")
    op.drop_index("ix_temperature_ranges_location_id_id", table_name="temperature_ranges")
    op.drop_table("temperature_ranges")

"""Funding: donors, grants, budget lines, receipt funding, cost layers and their takes

Stock on hand when this runs gets one "opening" layer per site and batch, at the batch's last receipt
cost there (0 when unknown), so the layers agree with the balances from the first day. Movements
written before this step have no layer takes; `meta.funding_from_movement` says where takes begin.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from inventory.db.tables import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPENING_LAYERS = """
INSERT INTO cost_layers (site_id, batch_id, item_id, source, grant_id, budget_line_id, donor_id,
                         unit_cost_ore, quantity_received, quantity_left, movement_id, origin_layer_id,
                         created_at)
SELECT sb.site_id, sb.batch_id, sb.item_id, 'opening', NULL, NULL, NULL,
       COALESCE((SELECT m.unit_cost_ore FROM movements AS m
                 WHERE m.batch_id = sb.batch_id AND m.site_id = sb.site_id AND m.kind = 'receipt'
                   AND m.unit_cost_ore IS NOT NULL
                 ORDER BY m.id DESC LIMIT 1), 0),
       sb.quantity, sb.quantity, NULL, NULL, :now
FROM stock_balances AS sb
WHERE sb.quantity > 0
ORDER BY sb.site_id, sb.batch_id
"""


def upgrade() -> None:
    op.create_table(
        "donors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donors")),
        sa.UniqueConstraint("name", name=op.f("uq_donors_name")),
    )
    op.create_table(
        "funding_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_funding_changes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_changes")),
    )
    with op.batch_alter_table("funding_changes", schema=None) as batch_op:
        batch_op.create_index("ix_funding_changes_entity", ["entity", "entity_id", "id"], unique=False)

    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("restrictions", sa.JSON(), nullable=False),
        sa.CheckConstraint("amount_ore >= 0", name=op.f("ck_grants_amount_nonnegative")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_grants_period_ordered")),
        sa.ForeignKeyConstraint(["donor_id"], ["donors.id"], name=op.f("fk_grants_donor_id_donors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
        sa.UniqueConstraint("donor_id", "name", name="uq_grants_donor_name"),
    )
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grants_donor_id"), ["donor_id"], unique=False)

    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.CheckConstraint("amount_ore >= 0", name=op.f("ck_budget_lines_amount_nonnegative")),
        sa.ForeignKeyConstraint(["grant_id"], ["grants.id"], name=op.f("fk_budget_lines_grant_id_grants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("grant_id", "name", name="uq_budget_lines_grant_name"),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "cost_layers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("donor_id", sa.Integer(), nullable=True),
        sa.Column("unit_cost_ore", sa.BigInteger(), nullable=False),
        sa.Column("quantity_received", sa.Integer(), nullable=False),
        sa.Column("quantity_left", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("origin_layer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "quantity_left <= quantity_received", name=op.f("ck_cost_layers_left_at_most_received")
        ),
        sa.CheckConstraint("quantity_left >= 0", name=op.f("ck_cost_layers_left_nonnegative")),
        sa.CheckConstraint("unit_cost_ore >= 0", name=op.f("ck_cost_layers_unit_cost_nonnegative")),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_cost_layers_batch_id_batches")),
        sa.ForeignKeyConstraint(
            ["budget_line_id"], ["budget_lines.id"], name=op.f("fk_cost_layers_budget_line_id_budget_lines")
        ),
        sa.ForeignKeyConstraint(["donor_id"], ["donors.id"], name=op.f("fk_cost_layers_donor_id_donors")),
        sa.ForeignKeyConstraint(["grant_id"], ["grants.id"], name=op.f("fk_cost_layers_grant_id_grants")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_cost_layers_item_id_items")),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_cost_layers_movement_id_movements")
        ),
        sa.ForeignKeyConstraint(
            ["origin_layer_id"], ["cost_layers.id"], name=op.f("fk_cost_layers_origin_layer_id_cost_layers")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_cost_layers_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_layers")),
    )
    with op.batch_alter_table("cost_layers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cost_layers_donor_id"), ["donor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cost_layers_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cost_layers_movement_id"), ["movement_id"], unique=False)
        batch_op.create_index(
            "ix_cost_layers_open",
            ["site_id", "batch_id", "id", "quantity_left", "unit_cost_ore"],
            unique=False,
            sqlite_where=sa.text("quantity_left > 0"),
            postgresql_where=sa.text("quantity_left > 0"),
        )
        batch_op.create_index("ix_cost_layers_site_batch", ["site_id", "batch_id", "id"], unique=False)

    op.create_table(
        "layer_takes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("movement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("layer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value_ore", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_layer_takes_quantity_nonzero")),
        sa.ForeignKeyConstraint(
            ["layer_id"], ["cost_layers.id"], name=op.f("fk_layer_takes_layer_id_cost_layers")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_layer_takes_movement_id_movements")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layer_takes")),
    )
    with op.batch_alter_table("layer_takes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_layer_takes_layer_id"), ["layer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_layer_takes_movement_id"), ["movement_id"], unique=False)

    op.create_table(
        "receipt_funding",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("layer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("operation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("donor_id", sa.Integer(), nullable=True),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("unit_value_ore", sa.BigInteger(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("overridden", sa.String(length=200), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("superseded_at", UTCDateTime(), nullable=True),
        sa.Column("superseded_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("amount_ore >= 0", name=op.f("ck_receipt_funding_amount_nonnegative")),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_lines.id"],
            name=op.f("fk_receipt_funding_budget_line_id_budget_lines"),
        ),
        sa.ForeignKeyConstraint(["donor_id"], ["donors.id"], name=op.f("fk_receipt_funding_donor_id_donors")),
        sa.ForeignKeyConstraint(["grant_id"], ["grants.id"], name=op.f("fk_receipt_funding_grant_id_grants")),
        sa.ForeignKeyConstraint(
            ["layer_id"], ["cost_layers.id"], name=op.f("fk_receipt_funding_layer_id_cost_layers")
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operations.id"], name=op.f("fk_receipt_funding_operation_id_operations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_receipt_funding_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_funding")),
    )
    with op.batch_alter_table("receipt_funding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_receipt_funding_budget_line_id"), ["budget_line_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_receipt_funding_donor_id"), ["donor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_funding_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_funding_layer_id"), ["layer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_funding_operation_id"), ["operation_id"], unique=False)
    now = sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime())
    op.get_bind().execute(sa.text(OPENING_LAYERS).bindparams(now))
    op.execute(
        "INSERT INTO meta (key, value) SELECT 'funding_from_movement', "
        "CAST(COALESCE(MAX(id), 0) + 1 AS VARCHAR(20)) FROM movements"
    )


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'funding_from_movement'")
    with op.batch_alter_table("receipt_funding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_funding_operation_id"))
        batch_op.drop_index(batch_op.f("ix_receipt_funding_layer_id"))
        batch_op.drop_index(batch_op.f("ix_receipt_funding_grant_id"))
        batch_op.drop_index(batch_op.f("ix_receipt_funding_donor_id"))
        batch_op.drop_index(batch_op.f("ix_receipt_funding_budget_line_id"))

    op.drop_table("receipt_funding")
    with op.batch_alter_table("layer_takes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_layer_takes_movement_id"))
        batch_op.drop_index(batch_op.f("ix_layer_takes_layer_id"))

    op.drop_table("layer_takes")
    with op.batch_alter_table("cost_layers", schema=None) as batch_op:
        batch_op.drop_index("ix_cost_layers_site_batch")
        batch_op.drop_index(
            "ix_cost_layers_open",
            sqlite_where=sa.text("quantity_left > 0"),
            postgresql_where=sa.text("quantity_left > 0"),
        )
        batch_op.drop_index(batch_op.f("ix_cost_layers_movement_id"))
        batch_op.drop_index(batch_op.f("ix_cost_layers_grant_id"))
        batch_op.drop_index(batch_op.f("ix_cost_layers_donor_id"))

    op.drop_table("cost_layers")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_grant_id"))

    op.drop_table("budget_lines")
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grants_donor_id"))

    op.drop_table("grants")
    with op.batch_alter_table("funding_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_funding_changes_entity")

    op.drop_table("funding_changes")
    op.drop_table("donors")

"""unit registry; follow-up columns on feedback

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Deadline given to feedback that arrived before deadlines existed (the default of the time).
LEGACY_DEADLINE_DAYS = 14


def upgrade() -> None:
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("name", name=op.f("uq_unit_name")),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_sector"), ["sector"], unique=False)

    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("themes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("conversation_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("closing_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("avvik", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_feedback_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_feedback_unit_id_unit"), "unit", ["unit_id"], ["id"])
        batch_op.create_check_constraint("status_known", sa.text("status IN ('mottatt', 'under_behandling', 'lukket')"))
        batch_op.create_check_constraint(
            "outcome_known",
            sa.text("outcome IS NULL OR outcome IN ('utbedret', 'ikke_utbedret', 'ikke_aktuelt')"),
        )

    # Existing feedback gets the deadline it would have had; done row by row in Python because date
    # arithmetic in SQL differs between SQLite and PostgreSQL (the table is small at this point).
    feedback = sa.table(
        "feedback",
        sa.column("id", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("due_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(feedback.c.id, feedback.c.created_at)).all()
    for row_id, created_at in rows:
        bind.execute(
            feedback.update()
            .where(feedback.c.id == row_id)
            .values(due_at=created_at + timedelta(days=LEGACY_DEADLINE_DAYS), updated_at=created_at)
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_feedback_outcome_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_feedback_status_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_feedback_unit_id_unit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_feedback_unit_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_due_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_conversation_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_closed_at"))
        for column in (
            "updated_at", "closed_at", "due_at", "avvik", "closing_note", "outcome", "conversation_id", "themes",
            "unit_id",
        ):  # fmt: skip
            batch_op.drop_column(column)

    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_sector"))
    op.drop_table("unit")

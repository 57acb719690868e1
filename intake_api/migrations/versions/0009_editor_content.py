"""editors' content: versioned answers, facts and training examples; worklist decisions

Editors change answers, kommune facts and training examples in the staff pages. Each change is a
new content_change row (the newest per kind and key is in force); worklist_decision records what an
editor decided for a group of questions the bot did not understand; training_job the retrainings
and rollbacks the trainer carries out. New tables only: nothing existing is touched.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("author", sa.String(length=60), nullable=False),
        sa.Column("restores_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["restores_id"], ["content_change.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_content_change_kind_key", "content_change", ["kind", "key"], unique=False)
    op.create_index(op.f("ix_content_change_created_at"), "content_change", ["created_at"], unique=False)
    op.create_table(
        "worklist_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=300), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=60), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["change_id"], ["content_change.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_key"),
    )
    op.create_table(
        "training_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=60), nullable=False),
        sa.Column("content_revision", sa.Integer(), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("model_path", sa.String(length=500), nullable=True),
        sa.Column("previous_model_path", sa.String(length=500), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_training_job_status"), "training_job", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_training_job_status"), table_name="training_job")
    op.drop_table("training_job")
    op.drop_table("worklist_decision")
    op.drop_index(op.f("ix_content_change_created_at"), table_name="content_change")
    op.drop_index("ix_content_change_kind_key", table_name="content_change")
    op.drop_table("content_change")

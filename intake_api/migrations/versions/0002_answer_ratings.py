"""answer ratings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 08:10:47.643522
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_rating")),
    )
    with op.batch_alter_table("answer_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_rating_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_answer_rating_topic"), ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_rating_topic"))
        batch_op.drop_index(batch_op.f("ix_answer_rating_created_at"))

    op.drop_table("answer_rating")

"""servicetorget messages; contact details apart from the items

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("avvik", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('callback', 'message')", name=op.f("ck_message_kind_known")),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('utbedret', 'ikke_utbedret', 'ikke_aktuelt')",
            name=op.f("ck_message_outcome_known"),
        ),
        sa.CheckConstraint("status IN ('mottatt', 'under_behandling', 'lukket')", name=op.f("ck_message_status_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_message_idempotency_key")),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_reference"), ["reference"], unique=True)
        batch_op.create_index(batch_op.f("ix_message_status"), ["status"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(feedback_id IS NULL AND message_id IS NOT NULL) OR (feedback_id IS NOT NULL AND message_id IS NULL)",
            name=op.f("ck_contact_one_item"),
        ),
        sa.CheckConstraint("phone IS NOT NULL OR email IS NOT NULL", name=op.f("ck_contact_reachable")),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_contact_feedback_id_feedback"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["message.id"], name=op.f("fk_contact_message_id_message"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("feedback_id", name=op.f("uq_contact_feedback_id")),
        sa.UniqueConstraint("message_id", name=op.f("uq_contact_message_id")),
    )


def downgrade() -> None:
    op.drop_table("contact")
    with op.batch_alter_table("message", schema=None) as batch_op:
        for name in ("status", "reference", "due_at", "created_at", "conversation_id", "closed_at"):
            batch_op.drop_index(batch_op.f(f"ix_message_{name}"))
    op.drop_table("message")

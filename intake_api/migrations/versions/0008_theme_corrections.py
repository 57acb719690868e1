"""themes corrected by staff: polarity, who corrected the themes and when

Staff set a comment's themes (and optionally whether it is praise or criticism) on the item page;
the columns tell a person's correction from themes a client stored, so that only corrections are
exported as labelled data. Existing rows get NULL in all three (nobody has corrected them).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only added columns and an index: SQLite adds them in place (no table copy, contacts untouched).
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("polarity", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("themes_corrected_by", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("themes_corrected_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_feedback_themes_corrected_at"), ["themes_corrected_at"], unique=False)


def _keeping_contacts(bind: sa.Connection) -> list[dict[str, Any]]:
    """On SQLite, dropping columns copies the feedback table, and the copy would delete contacts by cascade."""
    if bind.dialect.name != "sqlite":
        return []
    return [dict(row) for row in bind.execute(sa.text("SELECT * FROM contact")).mappings()]


def _restore_contacts(bind: sa.Connection, saved: list[dict[str, Any]]) -> None:
    present = {row[0] for row in bind.execute(sa.text("SELECT id FROM contact"))} if saved else set()
    missing = [row for row in saved if row["id"] not in present]
    if missing:
        columns = list(missing[0])
        bind.execute(
            sa.text(f"INSERT INTO contact ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"),
            missing,
        )


def downgrade() -> None:
    bind = op.get_bind()
    saved = _keeping_contacts(bind)
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_themes_corrected_at"))
        batch_op.drop_column("themes_corrected_at")
        batch_op.drop_column("themes_corrected_by")
        batch_op.drop_column("polarity")
    _restore_contacts(bind, saved)

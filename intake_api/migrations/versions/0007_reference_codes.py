"""one table of reference codes for feedback and messages; items name their code in it

Every code already handed out is copied into reference_code with its kind and Idempotency-Key,
oldest item first, and stays valid. Should a code (or a key) already belong to a feedback and a
message, the older item keeps it, the newer one is given the next derivation of its key, and the
code is marked shared (both residents were told it, so the public lookup shows neither).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ITEMS = (("feedback", "feedback"), ("message", "message"))  # (table, kind)

# A frozen copy of innbygger_common.reference.reference_for as of this revision, for the rare
# item that has to move to a new code here.
_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
_WEIGHTS = (13, 11, 10, 8, 7, 5, 4, 2, 1)


def _code(key: str, prefix: str, attempt: int) -> str:
    material = key if attempt == 0 else f"{key}#{attempt}"
    number = int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest()[:8], "big")
    values = []
    for _ in range(8):
        number, index = divmod(number, len(_ALPHABET))
        values.append(index)
    values.append(-sum(w * v for w, v in zip(_WEIGHTS, values, strict=False)) % len(_ALPHABET))
    chars = "".join(_ALPHABET[v] for v in values)
    return f"{prefix.upper()}-{chars[0:3]}-{chars[3:6]}-{chars[6:9]}"


def _claims(bind: sa.Connection) -> list[dict[str, Any]]:
    """One row per code for reference_code; items that lose a shared code get a new one here."""
    items = []
    for table, kind in ITEMS:
        rows = bind.execute(sa.text(f"SELECT id, reference, idempotency_key, created_at FROM {table}"))
        items += [(created, kind, table, id_, reference, key) for id_, reference, key, created in rows]
    items.sort(key=lambda item: (str(item[0]), item[1], item[3]))
    in_use = {item[4] for item in items}
    claims: dict[str, dict[str, Any]] = {}
    keys: set[str] = set()
    for created, kind, table, id_, reference, key in items:
        code = reference
        if code in claims:
            claims[code]["shared"] = True
            prefix = reference.split("-", 1)[0] or "SKA"
            attempt = 1
            while _code(key, prefix, attempt) in in_use:
                attempt += 1
            code = _code(key, prefix, attempt)
            in_use.add(code)
            bind.execute(sa.text(f"UPDATE {table} SET reference = :new WHERE id = :id"), {"new": code, "id": id_})
            bind.execute(
                sa.text("UPDATE audit_log SET item_reference = :new WHERE item_kind = :kind AND item_reference = :old"),
                {"new": code, "kind": kind, "old": reference},
            )
        claims[code] = {
            "code": code,
            "kind": kind,
            "idempotency_key": None if key in keys else key,
            "alias_of": None,
            "shared": False,
            "created_at": created,
        }
        keys.add(key)
    return list(claims.values())


def _keeping_contacts(bind: sa.Connection) -> list[dict[str, Any]]:
    """On SQLite, recreating feedback and message (batch mode) would delete their contact rows by cascade."""
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


def upgrade() -> None:
    op.create_table(
        "reference_code",
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=True),
        sa.Column("alias_of", sa.String(length=24), nullable=True),
        sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('feedback', 'message')", name=op.f("ck_reference_code_kind_known")),
        sa.CheckConstraint(
            "alias_of IS NULL OR idempotency_key IS NULL", name=op.f("ck_reference_code_alias_has_no_key")
        ),
        sa.ForeignKeyConstraint(
            ["alias_of", "kind"], ["reference_code.code", "reference_code.kind"], name="fk_reference_code_alias_of"
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_reference_code")),
        sa.UniqueConstraint("code", "kind", name="uq_reference_code_code_kind"),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_reference_code_idempotency_key")),
    )
    with op.batch_alter_table("reference_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_code_alias_of"), ["alias_of"], unique=False)

    bind = op.get_bind()
    claims = _claims(bind)
    if claims:
        # Plain SQL: the timestamps are passed on exactly as the items' tables hold them.
        bind.execute(
            sa.text(
                "INSERT INTO reference_code (code, kind, idempotency_key, alias_of, shared, created_at)"
                " VALUES (:code, :kind, :idempotency_key, :alias_of, :shared, :created_at)"
            ),
            claims,
        )

    saved = _keeping_contacts(bind)
    for table, kind in ITEMS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("reference_kind", sa.String(length=10), server_default=kind, nullable=False))
            batch_op.alter_column(
                "reference", existing_type=sa.String(length=16), type_=sa.String(length=24), existing_nullable=False
            )
            batch_op.create_check_constraint(f"reference_kind_{kind}", sa.text(f"reference_kind = '{kind}'"))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_reference_reference_code"),
                "reference_code",
                ["reference", "reference_kind"],
                ["code", "kind"],
            )
    _restore_contacts(bind, saved)


def downgrade() -> None:
    bind = op.get_bind()
    saved = _keeping_contacts(bind)
    for table, kind in ITEMS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_reference_reference_code"), type_="foreignkey")
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_reference_kind_{kind}"), type_="check")
            batch_op.alter_column(
                "reference", existing_type=sa.String(length=24), type_=sa.String(length=16), existing_nullable=False
            )
            batch_op.drop_column("reference_kind")
    _restore_contacts(bind, saved)
    with op.batch_alter_table("reference_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_code_alias_of"))
    op.drop_table("reference_code")

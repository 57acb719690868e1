"""Writing the audit log: contact reads, status changes, registry and key changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .models import AuditEntry
from .security import Principal


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    *,
    item_kind: str | None = None,
    item_reference: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEntry:
    """Add one audit entry to the session (committed with the change it records)."""
    entry = AuditEntry(
        actor=actor or (principal.actor if principal else "anonymous"),
        role=principal.role_label if principal else (actor or "anonymous").split(":")[0],
        action=action,
        item_kind=item_kind,
        item_reference=item_reference,
        detail=detail,
    )
    session.add(entry)
    return entry

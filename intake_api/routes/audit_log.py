"""The audit log (admin): who read contact details or changed what, and when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from ..deps import AdminKey, SessionDep
from ..errors import responses
from ..models import AuditEntry
from ..schemas.access import AuditEntryPublic

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryPublic], responses=responses(401, 403, 422))
def read_audit_log(
    principal: AdminKey,
    session: SessionDep,
    action: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_.]+$")] = None,
    item_reference: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9-]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditEntry]:
    """Audit entries, newest first, optionally for one action or item."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    if action:
        query = query.where(AuditEntry.action == action)
    if item_reference:
        query = query.where(func.upper(AuditEntry.item_reference) == item_reference.upper())
    return list(session.scalars(query))

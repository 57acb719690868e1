"""API keys (admin): list, create (the secret is shown once), revoke."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, status
from sqlalchemy import select

from .. import audit
from ..deps import AdminKey, SessionDep, SettingsDep
from ..errors import field_error, responses
from ..keys import KeyRefused, create_key
from ..models import ApiKey, utcnow
from ..schemas.access import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

router = APIRouter(prefix="/api/v1/keys", tags=["keys"])

KeyIdPath = Path(pattern=r"^[a-z0-9-]{3,40}$", description="The key id: the middle part of ibd.<key_id>.<secret>.")


def _public(row: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic(
        key_id=row.key_id,
        name=row.name,
        role=row.role,  # type: ignore[arg-type]
        unit_ids=[u.id for u in row.units],
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


@router.get("", response_model=list[ApiKeyPublic], responses=responses(401, 403))
def list_keys(principal: AdminKey, session: SessionDep) -> list[ApiKeyPublic]:
    """All keys, without their secrets."""
    return [_public(row) for row in session.scalars(select(ApiKey).order_by(ApiKey.id))]


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses=responses(400, 401, 403, 415, 422),
)
def issue_key(principal: AdminKey, body: ApiKeyCreate, session: SessionDep, settings: SettingsDep) -> ApiKeyCreated:
    """Create a key with one role; the response holds the key, shown this once."""
    try:
        issued = create_key(session, settings, name=body.name, role=body.role, unit_ids=body.unit_ids)
    except KeyRefused as error:
        raise field_error("unit_ids", str(error), "unknown_unit") from None
    audit.record(
        session, principal, "key.create", item_kind="key", item_reference=issued.row.key_id,
        detail={"role": body.role, "unit_ids": body.unit_ids},
    )  # fmt: skip
    session.commit()
    return ApiKeyCreated(**_public(issued.row).model_dump(), key=issued.key)


@router.delete("/{key_id}", response_model=ApiKeyPublic, responses=responses(401, 403, 404, 422))
def revoke(principal: AdminKey, session: SessionDep, key_id: str = KeyIdPath) -> ApiKeyPublic:
    """Revoke a key: it stops working at once. Revoking twice is harmless."""
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no key with id {key_id!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, principal, "key.revoke", item_kind="key", item_reference=key_id)
    session.commit()
    return _public(row)

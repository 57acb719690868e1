"""Dependencies shared by the routes: database session, settings and API-key roles.

Routes declare what they need with the Annotated aliases at the bottom
(`SessionDep`, `BotKey`, `FeedbackReader` …); every 401 and 403 is raised here,
so the messages are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Security, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader
from sqlalchemy import select
from sqlalchemy.orm import Session

from .config import Settings, get_settings
from .db import get_session
from .models import ApiKey
from .security import Principal, hash_secret, same_secret, split_key


async def current_settings() -> Settings:
    """The settings, as a dependency (tests override this one)."""
    # Async on purpose here and below: FastAPI runs a sync dependency in a worker thread, and
    # those hand-offs, not the work, were most of a submission's cost beyond the insert itself.
    return get_settings()


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(current_settings)]

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="An API key. Each key has one role: bot, unit, servicetorget, leader or admin.",
)
PresentedKey = Annotated[str | None, Security(api_key_header)]

SETTINGS_BOT = Principal(actor="settings:bot", roles=frozenset({"bot"}))
SETTINGS_STAFF = Principal(actor="settings:staff", roles=frozenset({"leader", "admin"}))


async def optional_principal(session: SessionDep, settings: SettingsDep, key: PresentedKey = None) -> Principal | None:
    """The caller's principal, or None for no key or an unknown/revoked one (never raises)."""
    if not key:
        return None
    if same_secret(key, settings.bot_api_key):
        return SETTINGS_BOT
    if same_secret(key, settings.staff_api_key):
        return SETTINGS_STAFF
    parts = split_key(key)
    if parts is None:
        return None
    key_id, secret = parts
    if settings.environment == "production" and key_id.startswith("dev-"):
        return None  # development keys left in a database never open a production API
    # The database lookup is blocking I/O: off the event loop.
    return await run_in_threadpool(_database_principal, session, settings, key_id, secret)


def _database_principal(session: Session, settings: Settings, key_id: str, secret: str) -> Principal | None:
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id, ApiKey.revoked_at.is_(None)))
    if row is None or not same_secret(hash_secret(secret, row.salt, settings.api_key_pepper), row.secret_hash):
        return None
    return Principal(
        actor=f"key:{row.key_id}",
        roles=frozenset({row.role}),
        unit_ids=frozenset(unit.id for unit in row.units),
        key_pk=row.id,
    )


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]


async def current_principal(principal: OptionalPrincipal, key: PresentedKey = None) -> Principal:
    """The caller's principal; 401 without a valid key."""
    if not key:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing X-API-Key header")
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or revoked API key")
    return principal


def require(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through keys with one of `roles` and answers 403 to the others."""

    async def _check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has_any(*roles):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this endpoint needs a key with the role {' or '.join(roles)}; this key has {principal.role_label}",
            )
        return principal

    _check.__name__ = f"require_{'_or_'.join(roles)}"
    return _check


AnyKey = Annotated[Principal, Depends(current_principal)]
BotKey = Annotated[Principal, Depends(require("bot"))]
FeedbackReader = Annotated[Principal, Depends(require("unit", "leader"))]
MessageReader = Annotated[Principal, Depends(require("servicetorget", "leader"))]
MessageHandler = Annotated[Principal, Depends(require("servicetorget"))]
EditorKey = Annotated[Principal, Depends(require("leader", "admin"))]
AdminKey = Annotated[Principal, Depends(require("admin"))]

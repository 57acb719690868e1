"""Dependencies shared by the routes: database session and API-key roles."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, status
from sqlalchemy.orm import Session

from .config import Settings, get_settings
from .db import get_session

SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _key_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_bot(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Submitting clients (the bot, a web form) present the bot key."""
    if x_api_key is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing X-API-Key header")
    if not (_key_matches(x_api_key, settings.bot_api_key) or _key_matches(x_api_key, settings.staff_api_key)):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown API key")


def require_staff(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Reading feedback needs a staff key; the bot key may only submit."""
    if x_api_key is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing X-API-Key header")
    if _key_matches(x_api_key, settings.bot_api_key):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the bot key may submit but not read feedback")
    if not _key_matches(x_api_key, settings.staff_api_key):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown API key")

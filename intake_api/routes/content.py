"""Editors' content for the bot: the answers and facts changed in the staff pages.

Every action server replica polls GET /api/v1/content/live and lays the changes over its own copy
of content/, so an editor's change reaches residents within the poll interval without a restart.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header, Response

from .. import content_store
from ..deps import BotKey, SessionDep
from ..errors import responses

router = APIRouter(prefix="/api/v1/content", tags=["content"])


@router.get("/live", responses=responses(401, 403))
def live_content(
    principal: BotKey, session: SessionDep, response: Response, if_none_match: str | None = Header(default=None)
) -> Any:
    """Changed answers (topic -> {nb, nn, en}, placeholders unfilled) and facts (path -> value).

    The ETag is the revision: a poll with If-None-Match gets 304 when nothing changed."""
    current = content_store.revision(session)
    etag = f'"{current}"'
    if if_none_match == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return content_store.live_overrides(session)


@router.get("/examples", responses=responses(401, 403))
def training_examples(principal: BotKey, session: SessionDep) -> list[dict[str, Any]]:
    """Training examples editors added from the worklist: {key, topic, text, language}, oldest first."""
    return content_store.examples_in_force(session)

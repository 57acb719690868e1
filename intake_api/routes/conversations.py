""" "Delete my conversation": a resident removes their own chat transcript.

Holding the conversation id is the permission to delete, so the id must not end up where others
can read it. The widget sends it in the body (`POST /api/v1/conversations/delete`), which no
access log records; the older `DELETE /api/v1/conversations/{id}` still answers (widgets cached
in browsers), and the id in its address is masked in uvicorn's access log.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from ..deps import SessionDep, SettingsDep
from ..errors import responses
from ..ratelimit import rate_limited
from ..retention import delete_conversation
from ..schemas.access import ConversationDeleted
from ..schemas.common import _CONVERSATION, ConversationIdPath

router = APIRouter(prefix="/api/v1/conversations", tags=["public"])

# The id after /conversations/ in a logged address (not the word "delete" of the body route).
_ID_IN_ADDRESS = re.compile(r"(/conversations/)(?!delete(?![A-Za-z0-9._:@%-]))[A-Za-z0-9._:@%-]+")
MASK = "[conversation-id]"


def mask_conversation_ids(text: str) -> str:
    return _ID_IN_ADDRESS.sub(rf"\1{MASK}", text)


class HideConversationIds(logging.Filter):
    """Masks conversation ids in the addresses of log records (uvicorn's access log passes the
    address as an argument; a record whose arguments were already merged into the message, as the
    production log redaction does, is masked in the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask_conversation_ids(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_conversation_ids(record.msg)
        return True


_HIDE = HideConversationIds()


def hide_conversation_ids_in_access_log() -> None:
    """Install the mask on uvicorn's access logger (idempotent; uvicorn configures logging before it
    imports the app, so the filter stays whatever log configuration is used)."""
    logging.getLogger("uvicorn.access").addFilter(_HIDE)


class ConversationToDelete(BaseModel):
    """Which conversation to delete: its id, as the chat widget knows it."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: Annotated[str, Field(**_CONVERSATION)]


def _delete(session: SessionDep, settings: SettingsDep, conversation_id: str) -> ConversationDeleted:
    done = delete_conversation(session, settings.tracker_database_url, conversation_id)
    return ConversationDeleted(
        conversation_id=done.conversation_id, deleted_events=done.deleted_events, unlinked_items=done.unlinked_items
    )


@router.post(
    "/delete",
    response_model=ConversationDeleted,
    dependencies=[Depends(rate_limited("public"))],
    responses=responses(400, 415, 422, 429),
)
def delete_my_conversation(
    body: ConversationToDelete, session: SessionDep, settings: SettingsDep
) -> ConversationDeleted:
    """Delete a chat conversation by its id, sent in the body. No key: holding the long random id is the permission.

    The id travels in the body, not in the address, so no access log (the API's, a proxy's) records it.
    Feedback and messages given in the conversation stay (scrubbed, for the kommune's follow-up) but are
    no longer linked to it. Deleting again finds nothing and answers with zero counts.
    """
    return _delete(session, settings, body.conversation_id)


@router.delete(
    "/{conversation_id}",
    response_model=ConversationDeleted,
    dependencies=[Depends(rate_limited("public"))],
    responses=responses(422, 429),
    deprecated=True,
)
def delete_my_conversation_by_address(
    conversation_id: ConversationIdPath, session: SessionDep, settings: SettingsDep
) -> ConversationDeleted:
    """Delete a chat conversation by its id in the address (older widgets; use POST /api/v1/conversations/delete).

    Same as the POST: no key, the id is the permission. The id in the address is masked in the API's
    access log, but a proxy in front may still record it, which is why the widget uses the POST.
    """
    return _delete(session, settings, conversation_id)

""" "Delete my conversation": a resident removes their own chat transcript."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..deps import SessionDep, SettingsDep
from ..errors import responses
from ..ratelimit import rate_limited
from ..retention import delete_conversation
from ..schemas.access import ConversationDeleted
from ..schemas.common import ConversationIdPath

router = APIRouter(prefix="/api/v1/conversations", tags=["public"])


@router.delete(
    "/{conversation_id}",
    response_model=ConversationDeleted,
    dependencies=[Depends(rate_limited("public"))],
    responses=responses(422, 429),
)
def delete_my_conversation(
    conversation_id: ConversationIdPath, session: SessionDep, settings: SettingsDep
) -> ConversationDeleted:
    """Delete a chat conversation by its id. No key: holding the long random id is the permission.

    Feedback and messages given in the conversation stay (scrubbed, for the kommune's follow-up) but are
    no longer linked to it. Deleting again finds nothing and answers with zero counts.
    """
    done = delete_conversation(session, settings.tracker_database_url, conversation_id)
    return ConversationDeleted(
        conversation_id=done.conversation_id, deleted_events=done.deleted_events, unlinked_items=done.unlinked_items
    )

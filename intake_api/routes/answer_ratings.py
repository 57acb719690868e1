"""Bot-answer ratings: did the answer to a topic help? Editors see which answers fail."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status

from ..deps import SessionDep, require_bot
from ..models import AnswerRating
from ..schemas import AnswerRatingCreate, AnswerRatingPublic

router = APIRouter(prefix="/api/v1", tags=["answer ratings"])


@router.post(
    "/answer-ratings",
    status_code=status.HTTP_201_CREATED,
    response_model=AnswerRatingPublic,
    dependencies=[Depends(require_bot)],
)
def rate_answer(body: AnswerRatingCreate, session: SessionDep) -> AnswerRating:
    """Record whether the bot's answer to one topic helped."""
    row = AnswerRating(topic=body.topic, helpful=body.helpful, language=body.language)
    session.add(row)
    session.commit()
    return row

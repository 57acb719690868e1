"""Bot-answer ratings: did the answer to a topic help? Editors see which answers fail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import case, func, select

from innbygger_common.catalogue import catalogue

from ..deps import BotKey, EditorKey, SessionDep
from ..errors import responses
from ..listing import Period
from ..models import AnswerRating
from ..ratelimit import rate_limited
from ..schemas.ratings import AnswerRatingCreate, AnswerRatingPublic, TopicRatingSummary

router = APIRouter(prefix="/api/v1/answer-ratings", tags=["answer ratings"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AnswerRatingPublic,
    dependencies=[Depends(rate_limited("submit"))],
    responses=responses(400, 401, 403, 415, 422, 429),
)
def rate_answer(principal: BotKey, body: AnswerRatingCreate, session: SessionDep) -> AnswerRating:
    """Record whether the bot's answer to one topic helped."""
    row = AnswerRating(topic=body.topic, helpful=body.helpful, language=body.language)
    session.add(row)
    session.commit()
    return row


@router.get("/summary", response_model=list[TopicRatingSummary], responses=responses(401, 403, 422))
def rating_summary(
    principal: EditorKey, session: SessionDep, period: Annotated[Period, Query()]
) -> list[TopicRatingSummary]:
    """Helpful/unhelpful counts per topic, most unhelpful first: which answers editors should improve."""
    helpful = func.sum(case((AnswerRating.helpful.is_(True), 1), else_=0))
    query = select(AnswerRating.topic, helpful, func.count()).group_by(AnswerRating.topic)
    start, end = period.bounds()
    if start:
        query = query.where(AnswerRating.created_at >= start)
    if end:
        query = query.where(AnswerRating.created_at < end)
    topics = catalogue().topics
    rows = []
    for topic, yes, total in session.execute(query):
        spec = topics.get(topic)
        rows.append(
            TopicRatingSummary(
                topic=topic,
                sector=spec.sector if spec else "",
                question=spec.question if spec else "",
                helpful=int(yes or 0),
                unhelpful=int(total) - int(yes or 0),
                total=int(total),
                helpful_share=round(int(yes or 0) / int(total), 3),
            )
        )
    return sorted(rows, key=lambda r: (-r.unhelpful, r.helpful_share, r.topic))

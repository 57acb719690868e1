"""Bot-answer ratings and the editors' per-topic summary."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from innbygger_common.catalogue import catalogue

from .common import Language


class AnswerRatingCreate(BaseModel):
    """Whether the bot's answer to a topic helped."""

    topic: str = Field(
        description="Topic id from topics.yml, e.g. 'tommekalender'.", examples=["tommekalender"], max_length=60
    )
    helpful: bool
    language: Language = "nb"

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str) -> str:
        if value not in catalogue().topics:
            raise ValueError(f"unknown topic {value!r}; topics are the ids in topics.yml")
        return value


class AnswerRatingPublic(AnswerRatingCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime


class TopicRatingSummary(BaseModel):
    """Helpful and unhelpful votes for one topic: where editors should improve an answer."""

    topic: str
    sector: str
    question: str
    helpful: int
    unhelpful: int
    total: int
    helpful_share: float = Field(description="helpful / total, 0–1.")

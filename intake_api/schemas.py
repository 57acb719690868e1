"""Request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from innbygger_common.catalogue import catalogue
from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT = 4000


class FeedbackBase(BaseModel):
    sector: str = Field(description="Sector code from topics.yml, e.g. 'omsorg'.", examples=["omsorg"])
    rating: int = Field(ge=1, le=6, description="1 = svært misfornøyd … 6 = svært fornøyd (KS scale).")
    text: str = Field(default="", max_length=MAX_TEXT, description="What happened, in the resident's words.")
    channel: Literal["chat", "web", "qr", "phone"] = "chat"
    language: Literal["nb", "nn", "en", "other"] = "nb"

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        if value not in catalogue().sectors:
            known = ", ".join(sorted(catalogue().sectors))
            raise ValueError(f"unknown sector {value!r}; use one of: {known}")
        return value


class FeedbackCreate(FeedbackBase):
    """A submission. The Idempotency-Key header makes retries safe."""


class FeedbackPublic(FeedbackBase):
    """Feedback as staff see it (text already scrubbed of personal data)."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    status: str
    created_at: datetime


class FeedbackReceipt(BaseModel):
    """What the submitter gets back: the reference code to quote later."""

    reference: str
    status: str


class PublicStatus(BaseModel):
    """What anyone holding a reference code may see: nothing personal."""

    reference: str
    status: str


class AnswerRatingCreate(BaseModel):
    """Whether the bot's answer to a topic helped."""

    topic: str = Field(description="Topic id from topics.yml, e.g. 'tommekalender'.", examples=["tommekalender"])
    helpful: bool
    language: Literal["nb", "nn", "en", "other"] = "nb"

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

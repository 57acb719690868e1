"""Feedback bodies: submission, receipt, the staff view and updates."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .common import (
    MAX_FEEDBACK_TEXT,
    Channel,
    ConversationId,
    DbId,
    Language,
    SectorCode,
    Status,
    Theme,
    storable,
)
from .contact import ContactIn
from .followup import FollowUpPublic, FollowUpUpdate


class FeedbackBase(BaseModel):
    sector: SectorCode
    rating: int = Field(ge=1, le=6, description="1 = svært misfornøyd … 6 = svært fornøyd (KS scale).")
    text: Annotated[str, AfterValidator(storable)] = Field(
        default="", max_length=MAX_FEEDBACK_TEXT, description="What happened, in the resident's words."
    )
    channel: Channel = "chat"
    language: Language = "nb"


class FeedbackCreate(FeedbackBase):
    """A submission. The Idempotency-Key header makes retries safe.

    Personal data in `text` is scrubbed before storing. Contact details go in `contact`, only with
    `contact_consent: true`, and are stored apart from the text.
    """

    model_config = ConfigDict(extra="forbid")

    # Optional fields default to None (not [] or False): the idempotency hash leaves None out, so a
    # body sent before these fields existed still hashes as it did.
    unit_id: DbId | None = Field(default=None, description="Unit id from GET /api/v1/units; leave out if unknown.")
    themes: list[Theme] | None = Field(default=None, max_length=10)
    contact: ContactIn | None = None
    contact_consent: bool | None = Field(
        default=None, description="The resident explicitly agreed to be contacted; required with `contact`."
    )
    conversation_id: ConversationId | None = None

    @model_validator(mode="after")
    def _consent(self) -> FeedbackCreate:
        if self.contact is not None and self.contact_consent is not True:
            raise ValueError("contact details need contact_consent: true (the resident's explicit consent)")
        return self


class FeedbackReceipt(BaseModel):
    """What the submitter gets back: the reference code to quote later."""

    reference: str
    status: Status


class FeedbackPublic(FollowUpPublic):
    """Feedback as staff see it (text already scrubbed of personal data; contact details apart)."""

    # Output fields carry no input limits: scrubbing may lengthen a text a little.
    sector: str
    unit_id: int | None
    rating: int
    text: str
    themes: list[str] | None
    channel: Channel
    language: Language


class FeedbackUpdate(FollowUpUpdate):
    """Follow-up of a piece of feedback; leaders may also (re)assign it to a unit."""

    unit_id: DbId | None = Field(default=None, description="Assign to this unit (leader keys only).")

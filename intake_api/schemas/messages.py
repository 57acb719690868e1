"""Messages for the servicetorget: callback requests and messages left after hours."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .common import (
    MAX_MESSAGE_TEXT,
    Channel,
    ConversationId,
    Language,
    SectorCode,
    Status,
    not_blank,
    storable,
)
from .contact import ContactIn
from .followup import FollowUpPublic

MessageKind = Literal["callback", "message"]


class MessageBase(BaseModel):
    kind: MessageKind = Field(default="message", description="'callback' (ring meg tilbake) needs a phone number.")
    subject: Annotated[str, Field(max_length=200), AfterValidator(storable), AfterValidator(not_blank)] = Field(
        description="What it is about, in a few words.", examples=["Søknad om barnehageplass"]
    )
    text: Annotated[str, Field(max_length=MAX_MESSAGE_TEXT), AfterValidator(storable), AfterValidator(not_blank)] = (
        Field(description="The message, in the resident's words (personal data is scrubbed before storing).")
    )
    sector: SectorCode | None = None
    channel: Channel = "chat"
    language: Language = "nb"


class MessageCreate(MessageBase):
    """A message or callback request. Contact details with consent are required: the servicetorget answers it."""

    model_config = ConfigDict(extra="forbid")

    contact: ContactIn
    contact_consent: Literal[True] = Field(description="The resident explicitly agreed to be contacted.")
    conversation_id: ConversationId | None = None

    @model_validator(mode="after")
    def _callback_has_phone(self) -> MessageCreate:
        if self.kind == "callback" and self.contact.phone is None:
            raise ValueError("a callback request needs contact.phone")
        return self


class MessageReceipt(BaseModel):
    """The reference code to quote later."""

    reference: str
    status: Status


class MessagePublic(FollowUpPublic):
    """A message as the servicetorget sees it (contact details apart)."""

    kind: MessageKind
    subject: str
    text: str
    sector: str | None
    channel: Channel
    language: Language

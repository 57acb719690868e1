"""Field types shared by the schema modules."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, Field

from innbygger_common.catalogue import catalogue

MAX_FEEDBACK_TEXT = 4000
MAX_MESSAGE_TEXT = 2000
MAX_NOTE = 2000
DB_INT_MAX = 2_147_483_647  # PostgreSQL INTEGER; larger ids would fail in the database, not here

Channel = Literal["chat", "web", "qr", "phone"]
Language = Literal["nb", "nn", "en", "other"]
Status = Literal["mottatt", "under_behandling", "lukket"]
Outcome = Literal["utbedret", "ikke_utbedret", "ikke_aktuelt"]
ItemKind = Literal["feedback", "message"]


def storable(value: str) -> str:
    """Refuse what no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL (\\u0000) characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (lone surrogate code points are not)") from None
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value.strip()


def known_sector(value: str) -> str:
    if value not in catalogue().sectors:
        known = ", ".join(sorted(catalogue().sectors))
        raise ValueError(f"unknown sector {value!r}; use one of: {known}")
    return value


StorableStr = Annotated[str, AfterValidator(storable)]
SectorCode = Annotated[
    str,
    Field(description="Sector code from topics.yml, e.g. 'omsorg'.", examples=["omsorg"], max_length=40),
    AfterValidator(known_sector),
]
DbId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
_CONVERSATION = {
    "min_length": 16,
    "max_length": 128,
    "pattern": r"^[A-Za-z0-9._:@-]+$",
    "description": "The chat conversation id (Rasa sender id). Long and random: holding it is what lets a "
    "resident delete the conversation, so short guessable ids are refused.",
}
ConversationIdPath = Annotated[str, Path(**_CONVERSATION)]
# On submissions any Rasa sender id is accepted (a refused submission would be lost); only the
# delete endpoint insists on a long id.
ConversationId = Annotated[
    str,
    Field(min_length=1, max_length=255, description="The chat conversation id (Rasa sender id) it came from."),
    AfterValidator(storable),
]
# "SKA-7KQ-4MX-P9C" (eight characters and a check character), or a code from before the check
# character ("SKA-7KQ4MX"); see innbygger_common.reference.
REFERENCE_PATTERN = r"^[A-Za-z]{2,5}-(?:[A-Za-z0-9]{3}-[A-Za-z0-9]{3}-[A-Za-z0-9]{3}|[A-Za-z0-9]{6})$"
ReferencePath = Annotated[
    str,
    Path(
        pattern=REFERENCE_PATTERN,
        description="Reference code, e.g. SKA-7KQ-4MX-P9C or an older SKA-7KQ4MX (case does not matter).",
    ),
]
Theme = Annotated[str, Field(pattern=r"^[a-z0-9_]{2,40}$", description="Theme code, e.g. 'ventetid'.")]

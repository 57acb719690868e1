"""Contact details a resident gives with explicit consent."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from innbygger_common.contact import normalise_email, normalise_phone

from .common import storable


def _phone(value: str) -> str:
    phone = normalise_phone(storable(value))
    if phone is None:
        raise ValueError("not a Norwegian phone number; write 8 digits, e.g. '912 34 567' or '+47 912 34 567'")
    return phone


def _email(value: str) -> str:
    email = normalise_email(storable(value))
    if email is None:
        raise ValueError("not an e-mail address, e.g. 'kari@example.no'")
    return email


def _name(value: str) -> str:
    value = " ".join(storable(value).split())
    if not value:
        raise ValueError("must not be empty or only whitespace; leave it out instead")
    return value


class ContactIn(BaseModel):
    """How the kommune may reach the resident. Phone or e-mail (or both) is required."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=120), AfterValidator(_name)] | None = None
    phone: Annotated[str, Field(max_length=32, examples=["912 34 567"]), AfterValidator(_phone)] | None = Field(
        default=None, description="Norwegian number; stored as '+47 912 34 567'."
    )
    email: Annotated[str, Field(max_length=254, examples=["kari@example.no"]), AfterValidator(_email)] | None = None

    @model_validator(mode="after")
    def _reachable(self) -> ContactIn:
        if self.phone is None and self.email is None:
            raise ValueError("contact needs a phone number or an e-mail address")
        return self


class ContactPublic(BaseModel):
    """Contact details as the following-up unit sees them (each read is audited)."""

    model_config = ConfigDict(from_attributes=True)

    name: str | None
    phone: str | None
    email: str | None
    consent_at: datetime

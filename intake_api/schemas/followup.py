"""Follow-up fields shared by feedback and messages: status, outcome, closing note, deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .common import MAX_NOTE, Outcome, Status, not_blank, storable

ClosingNote = Annotated[
    str,
    Field(max_length=MAX_NOTE, description="Shown to the resident by the status lookup; write it for them."),
    AfterValidator(storable),
    AfterValidator(not_blank),
]


class FollowUpUpdate(BaseModel):
    """A change to an item's follow-up. Send only what changes.

    Transitions: mottatt → under_behandling or lukket; under_behandling → lukket; lukket →
    under_behandling (reopen, which clears outcome and closing note). Closing needs `outcome` and
    `closing_note`. On an item that is already closed, `outcome` and `closing_note` may be corrected
    without `status`.
    """

    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    outcome: Outcome | None = None
    closing_note: ClosingNote | None = None
    avvik: bool | None = Field(default=None, description="Mark or unmark the item as a serious deviation (avvik).")

    @model_validator(mode="after")
    def _consistent(self) -> FollowUpUpdate:
        # unit_id (feedback only) may be set to null on purpose: that unassigns the item.
        changes = {name for name in self.model_fields_set if name == "unit_id" or getattr(self, name) is not None}
        if not changes:
            raise ValueError("nothing to change: send status, outcome, closing_note or avvik")
        if self.status == "lukket":
            missing = [name for name in ("outcome", "closing_note") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"closing (status 'lukket') needs {' and '.join(missing)}")
        elif self.status is not None and (self.outcome is not None or self.closing_note is not None):
            raise ValueError("outcome and closing_note belong to closing: send them with status 'lukket'")
        return self


class FollowUpPublic(BaseModel):
    """Follow-up state of an item as staff see it."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    status: Status
    outcome: Outcome | None
    closing_note: str | None
    avvik: bool
    due_at: datetime | None
    overdue: bool = Field(description="Not closed and past its deadline.")
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime | None
    has_contact: bool = Field(description="Contact details are on file (read them at …/contact; audited).")

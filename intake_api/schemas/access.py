"""API keys, the audit log and the public status lookup."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .common import DbId, ItemKind, Outcome, Status, not_blank, storable

Role = Literal["bot", "unit", "servicetorget", "leader", "admin"]


class ApiKeyCreate(BaseModel):
    """A new key. Unit keys name the units they cover; other roles name none."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=120), AfterValidator(storable), AfterValidator(not_blank)] = Field(
        description="Who holds it, e.g. 'Børsa barnehage – styrer'.", examples=["Børsa barnehage – styrer"]
    )
    role: Role
    unit_ids: list[DbId] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _units_for_unit_role(self) -> ApiKeyCreate:
        if self.role == "unit" and not self.unit_ids:
            raise ValueError("a unit key needs unit_ids: the units it may read and update")
        if self.role != "unit" and self.unit_ids:
            raise ValueError(f"only unit keys cover units; a {self.role} key takes no unit_ids")
        return self


class ApiKeyPublic(BaseModel):
    """A key without its secret."""

    key_id: str
    name: str
    role: Role
    unit_ids: list[int]
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """The new key, including the secret: shown this once and never again."""

    key: str = Field(description="Send as the X-API-Key header. Store it now: only a hash is kept.")


class AuditEntryPublic(BaseModel):
    """One audited event."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    role: str
    action: str
    item_kind: str | None
    item_reference: str | None
    detail: dict[str, Any] | None


class PublicStatus(BaseModel):
    """What anyone holding a reference code may see: nothing personal."""

    reference: str
    kind: ItemKind
    status: Status
    outcome: Outcome | None
    closing_note: str | None


class ConversationDeleted(BaseModel):
    """What "delete my conversation" removed."""

    conversation_id: str
    deleted_events: int = Field(description="Events removed from the chat tracker store.")
    unlinked_items: int = Field(description="Feedback and messages no longer linked to the conversation.")

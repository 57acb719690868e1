"""The unit registry: sectors and units (enheter)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from innbygger_common.contact import normalise_email

from .common import SectorCode, not_blank, storable


def _email(value: str) -> str:
    email = normalise_email(storable(value))
    if email is None:
        raise ValueError("not an e-mail address, e.g. 'postmottak@skaun.kommune.no'")
    return email


def _aliases(values: list[str]) -> list[str]:
    # Keep the first spelling of each alias; the bot folds case and æøå itself when matching.
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


UnitName = Annotated[str, Field(max_length=120), AfterValidator(storable), AfterValidator(not_blank)]
Alias = Annotated[str, Field(max_length=120), AfterValidator(storable), AfterValidator(not_blank)]
Aliases = Annotated[list[Alias], Field(max_length=30), AfterValidator(_aliases)]
DigestEmail = Annotated[str, Field(max_length=254), AfterValidator(_email)]


class SectorPublic(BaseModel):
    """A sector code and its Norwegian name."""

    code: str
    name: str


class UnitCreate(BaseModel):
    """A new unit. Its digest e-mail defaults to the kommune's postmottak address."""

    model_config = ConfigDict(extra="forbid")

    name: UnitName
    sector: SectorCode
    aliases: Aliases = Field(default_factory=list, description="What residents call it; the bot matches on these.")
    email: DigestEmail | None = Field(default=None, description="Where the unit digest goes.")
    active: bool = True


class UnitUpdate(BaseModel):
    """A change to a unit; send only what changes. Deactivate rather than delete (feedback refers to units)."""

    model_config = ConfigDict(extra="forbid")

    name: UnitName | None = None
    sector: SectorCode | None = None
    aliases: Aliases | None = None
    email: DigestEmail | None = None
    active: bool | None = None


class UnitPublic(BaseModel):
    """A unit as every client sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    sector: str
    aliases: list[str]
    email: str
    active: bool
    created_at: datetime
    updated_at: datetime

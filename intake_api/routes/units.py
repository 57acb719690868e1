"""The unit registry and the sector list: read by every key, edited by admin keys."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from innbygger_common.catalogue import catalogue
from innbygger_common.profile import fact

from .. import audit
from ..deps import AdminKey, AnyKey, SessionDep
from ..errors import responses
from ..models import Unit
from ..schemas.common import DB_INT_MAX, SectorCode
from ..schemas.units import SectorPublic, UnitCreate, UnitPublic, UnitUpdate

router = APIRouter(prefix="/api/v1", tags=["units"])


def _unit(session: SessionDep, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no unit with id {unit_id}")
    return unit


def _name_taken(name: str) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, f"a unit named {name!r} exists already; units have unique names")


@router.get("/sectors", response_model=list[SectorPublic], responses=responses(401))
def list_sectors(principal: AnyKey) -> list[SectorPublic]:
    """The sector codes of topics.yml with their Norwegian names."""
    return [SectorPublic(code=code, name=name) for code, name in catalogue().sectors.items()]


@router.get("/units", response_model=list[UnitPublic], responses=responses(401, 422))
def list_units(
    principal: AnyKey, session: SessionDep, sector: SectorCode | None = None, active: bool | None = None
) -> list[Unit]:
    """The units, by sector and name; the bot matches residents' words against names and aliases."""
    query = select(Unit).order_by(Unit.sector, Unit.name)
    if sector:
        query = query.where(Unit.sector == sector)
    if active is not None:
        query = query.where(Unit.active.is_(active))
    return list(session.scalars(query))


@router.get("/units/{unit_id}", response_model=UnitPublic, responses=responses(401, 404, 422))
def read_unit(principal: AnyKey, session: SessionDep, unit_id: int = Path(ge=1, le=DB_INT_MAX)) -> Unit:
    """One unit."""
    return _unit(session, unit_id)


@router.post(
    "/units",
    response_model=UnitPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(400, 401, 403, 409, 415, 422),
)
def create_unit(principal: AdminKey, body: UnitCreate, session: SessionDep) -> Unit:
    """Add a unit to the registry."""
    if session.scalar(select(Unit.id).where(Unit.name == body.name)) is not None:
        raise _name_taken(body.name)
    unit = Unit(
        name=body.name,
        sector=body.sector,
        aliases=body.aliases,
        email=body.email or str(fact("servicetorget.email")),
        active=body.active,
    )
    session.add(unit)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise _name_taken(body.name) from None
    audit.record(
        session, principal, "unit.create", item_kind="unit", item_reference=str(unit.id), detail={"name": unit.name}
    )
    session.commit()
    return unit


@router.patch("/units/{unit_id}", response_model=UnitPublic, responses=responses(400, 401, 403, 404, 409, 415, 422))
def update_unit(
    principal: AdminKey, body: UnitUpdate, session: SessionDep, unit_id: int = Path(ge=1, le=DB_INT_MAX)
) -> Unit:
    """Rename a unit, change its sector, aliases or digest e-mail, or (de)activate it."""
    unit = _unit(session, unit_id)
    changes = {name: value for name, value in body.model_dump(exclude_unset=True).items() if value is not None}
    if "name" in changes and session.scalar(select(Unit.id).where(Unit.name == changes["name"], Unit.id != unit.id)):
        raise _name_taken(changes["name"])
    for name, value in changes.items():
        setattr(unit, name, value)
    audit.record(session, principal, "unit.update", item_kind="unit", item_reference=str(unit.id), detail=changes)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _name_taken(str(changes.get("name"))) from None
    return unit

"""The unit registry: seeded from the data file, read by every key, edited by admin keys."""

from __future__ import annotations

from sqlalchemy import func, select

from innbygger_common.catalogue import catalogue
from innbygger_common.profile import fact
from intake_api.models import AuditEntry, Unit
from intake_api.seed import DEFAULT_FILE, apply_units, load_units, seed_if_empty
from intake_api.seed import main as seed_main
from tests.app_fixtures import KEYS

ADMIN = KEYS["admin"]


def test_the_seed_file_names_known_sectors_and_the_units_asked_for():
    names = {unit["name"] for unit in load_units(DEFAULT_FILE)}
    assert {"Børsa barnehage", "Viggja skole", "Hjemmetjenesten", "Rossvollheimen helse- og omsorgssenter",
            "NAV Skaun", "Servicetorget", "Teknisk drift (vei, vann og avløp)"} <= names  # fmt: skip
    assert {unit["sector"] for unit in load_units(DEFAULT_FILE)} <= set(catalogue().sectors)


def test_a_migrated_database_has_the_units_with_postmottak_as_digest_address(client):
    units = client.get("/api/v1/units", headers=KEYS["bot"]).json()
    assert len(units) == len(load_units(DEFAULT_FILE))
    assert {u["email"] for u in units} == {fact("servicetorget.email")}
    home = next(u for u in units if u["name"] == "Hjemmetjenesten")
    assert "hjemmesykepleien" in home["aliases"] and home["sector"] == "omsorg" and home["active"] is True
    barnehager = client.get("/api/v1/units", params={"sector": "barnehage"}, headers=KEYS["bot"]).json()
    assert {u["sector"] for u in barnehager} == {"barnehage"} and len(barnehager) == 5


def test_seeding_is_only_automatic_on_an_empty_table_and_idempotent(session):
    assert seed_if_empty(session) is None
    again = apply_units(session, load_units())
    assert again.added == [] and len(again.unchanged) == len(load_units())
    changed = [{**load_units()[0], "aliases": ["nytt"]}]
    assert apply_units(session, changed, update=True).updated == [changed[0]["name"]]


def test_seed_command(database_url, capsys):
    assert seed_main(["--database-url", database_url]) == 0
    assert "0 added" in capsys.readouterr().out


def test_sectors(client):
    sectors = client.get("/api/v1/sectors", headers=KEYS["unit"]).json()
    assert {"code": "omsorg", "name": catalogue().sectors["omsorg"]} in sectors
    assert len(sectors) == len(catalogue().sectors)


def test_admin_creates_renames_and_deactivates_a_unit(client, session):
    body = {"name": "Skaun frivilligsentral", "sector": "kultur_fritid",
            "aliases": ["frivilligsentralen", "Frivilligsentralen"]}  # fmt: skip
    created = client.post("/api/v1/units", json=body, headers=ADMIN)
    assert created.status_code == 201
    unit = created.json()
    assert unit["aliases"] == ["frivilligsentralen"]  # duplicates by case removed
    assert unit["email"] == fact("servicetorget.email")
    changed = client.patch(
        f"/api/v1/units/{unit['id']}", json={"email": "frivillig@example.no", "active": False}, headers=ADMIN
    ).json()
    assert (changed["email"], changed["active"]) == ("frivillig@example.no", False)
    inactive = client.get("/api/v1/units", params={"active": False}, headers=ADMIN).json()
    assert [u["name"] for u in inactive] == ["Skaun frivilligsentral"]
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.item_kind == "unit")).all()
    assert actions == ["unit.create", "unit.update"]


def test_registry_errors(client):
    duplicate = client.post("/api/v1/units", json={"name": "Børsa barnehage", "sector": "barnehage"}, headers=ADMIN)
    assert duplicate.status_code == 409 and "exists already" in duplicate.json()["detail"]
    assert client.post("/api/v1/units", json={"name": "X", "sector": "romfart"}, headers=ADMIN).status_code == 422
    assert client.post("/api/v1/units", json={"name": " ", "sector": "helse"}, headers=ADMIN).status_code == 422
    bad_mail = client.post("/api/v1/units", json={"name": "Y", "sector": "helse", "email": "nei"}, headers=ADMIN)
    assert bad_mail.status_code == 422 and "e-mail" in str(bad_mail.json())
    assert client.get("/api/v1/units/99999", headers=ADMIN).status_code == 404
    assert client.patch("/api/v1/units/99999", json={"active": False}, headers=ADMIN).status_code == 404
    assert client.get("/api/v1/units/0", headers=ADMIN).status_code == 422


def test_renaming_onto_another_name_is_a_409(client, session):
    buvik = session.scalar(select(Unit.id).where(Unit.name == "Buvik barnehage"))
    response = client.patch(f"/api/v1/units/{buvik}", json={"name": "Børsa barnehage"}, headers=ADMIN)
    assert response.status_code == 409
    assert session.scalar(select(func.count()).select_from(Unit).where(Unit.name == "Børsa barnehage")) == 1

"""Administrators: units, users (temporary passwords, roles, lockouts), API keys, the audit log."""

from __future__ import annotations

import re

from sqlalchemy import select

from intake_api.models import ApiKey, AuditEntry, StaffSession, StaffUser, Unit
from tests.intake_api.helpers import unit_id

from .helpers import PASSWORD, post_form, sign_in, signed_in, text_of

UNIT_FORM = {
    "name": "Fagerdal barnehage",
    "sector": "barnehage",
    "aliases": "Fagerdal bhg\nfagerdal BHG, barnehagen i Fagerdal",
    "email": "Fagerdal@Skaun.Kommune.no",
    "active": "1",
}


def test_add_and_change_a_unit(client, users, session):
    signed_in(client, users.admin)
    assert "Børsa barnehage" in client.get("/staff/admin/units").text
    created = post_form(client, "/staff/admin/units/new", UNIT_FORM)
    assert created.status_code == 303
    unit = session.scalar(select(Unit).where(Unit.name == "Fagerdal barnehage"))
    assert unit.aliases == ["Fagerdal bhg", "barnehagen i Fagerdal"]  # duplicates folded
    assert unit.email == "Fagerdal@skaun.kommune.no"  # the domain is case-insensitive, the local part is kept
    # The bot reads the registry through the API: the new aliases are there.
    api_units = client.get("/api/v1/units", headers={"X-API-Key": "dev-bot-key"}).json()
    assert any(u["name"] == "Fagerdal barnehage" and "Fagerdal bhg" in u["aliases"] for u in api_units)

    changed = post_form(client, f"/staff/admin/units/{unit.id}", {**UNIT_FORM, "name": "Fagerdal naturbarnehage",
                                                                 "active": ""})  # fmt: skip
    assert changed.status_code == 303
    session.refresh(unit)
    assert (unit.name, unit.active) == ("Fagerdal naturbarnehage", False)
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "unit.update"))
    assert entry.detail == {"name": "Fagerdal naturbarnehage", "active": False}


def test_bad_unit_forms_say_what_to_fix(client, users, session):
    signed_in(client, users.admin)
    response = post_form(client, "/staff/admin/units/new",
                         {"name": "Børsa barnehage", "sector": "tull", "aliases": "", "email": "ikke-epost"},
                         page="/staff/admin/units/new")  # fmt: skip
    assert response.status_code == 422
    text = text_of(response)
    assert "finnes allerede en enhet som heter Børsa barnehage" in text
    assert "Velg tjenesteområdet" in text and "Skriv en gyldig e-postadresse" in text
    assert session.scalar(select(Unit).where(Unit.sector == "tull")) is None


def test_add_a_user_who_signs_in_with_the_temporary_password_once(client, users, session):
    signed_in(client, users.admin)
    hjem = unit_id(session, "Hjemmetjenesten")
    page = post_form(client, "/staff/admin/users/new",
                     {"username": "Kari.Nordmann", "display_name": "Kari Nordmann", "role": "unit", "units": str(hjem)},
                     page="/staff/admin/users/new")  # fmt: skip
    assert page.status_code == 200
    password = re.search(r"Midlertidig passord</dt><dd><code>([^<]+)</code>", page.text.replace("\n", "")).group(1)
    user = session.scalar(select(StaffUser).where(StaffUser.username == "kari.nordmann"))
    assert user.must_change_password and [u.name for u in user.units] == ["Hjemmetjenesten"]
    assert password not in user.password_hash
    other = type(client)(client.app)
    assert sign_in(other, "kari.nordmann", password).headers["location"] == "/staff/password"


def test_user_form_errors(client, users, session):
    signed_in(client, users.admin)
    taken = post_form(client, "/staff/admin/users/new", {"username": users.unit, "display_name": "X", "role": "leader"},
                      page="/staff/admin/users/new")  # fmt: skip
    assert taken.status_code == 422 and f"Brukernavnet {users.unit} er i bruk" in text_of(taken)
    no_units = post_form(client, "/staff/admin/users/new", {"username": "ny", "display_name": "Ny", "role": "unit"},
                         page="/staff/admin/users/new")  # fmt: skip
    assert "Velg minst én enhet" in text_of(no_units)
    bad_name = post_form(client, "/staff/admin/users/new", {"username": "Å ø", "display_name": "Ny", "role": "leader"},
                         page="/staff/admin/users/new")  # fmt: skip
    assert "Brukernavnet må ha 2–40 tegn" in text_of(bad_name)
    assert session.scalar(select(StaffUser).where(StaffUser.username == "ny")) is None


def test_changing_a_users_role_signs_them_out(client, users, session):
    unit_client = type(client)(client.app)
    signed_in(unit_client, users.unit)
    user = session.scalar(select(StaffUser).where(StaffUser.username == users.unit))
    signed_in(client, users.admin)
    saved = post_form(client, f"/staff/admin/users/{user.id}",
                      {"display_name": "Enhet", "role": "leader", "active": "1"})  # fmt: skip
    assert saved.status_code == 303
    assert session.scalar(select(StaffSession).where(StaffSession.user_id == user.id)) is None
    assert unit_client.get("/staff/items", follow_redirects=False).status_code == 303
    assert sign_in(unit_client, users.unit).headers["location"] == "/staff/reports"


def test_an_admin_cannot_lock_themselves_out(client, users, session):
    me = session.scalar(select(StaffUser).where(StaffUser.username == users.admin))
    signed_in(client, users.admin)
    response = post_form(
        client, f"/staff/admin/users/{me.id}", {"display_name": "Admin", "role": "leader", "active": "1"}
    )
    assert response.status_code == 422 and "din egen administratorrolle" in text_of(response)
    session.refresh(me)
    assert me.role == "admin"


def test_reset_password_and_unlock(client, users, session):
    for _ in range(5):
        sign_in(type(client)(client.app), users.unit, "feil passord hver gang")
    user = session.scalar(select(StaffUser).where(StaffUser.username == users.unit))
    session.refresh(user)
    assert user.locked_until is not None
    signed_in(client, users.admin)
    assert "Låst" in text_of(client.get("/staff/admin/users"))
    assert (
        post_form(client, f"/staff/admin/users/{user.id}/unlock", {}, page=f"/staff/admin/users/{user.id}").status_code
        == 303
    )
    session.refresh(user)
    assert user.locked_until is None
    assert sign_in(type(client)(client.app), users.unit).status_code == 303

    page = post_form(client, f"/staff/admin/users/{user.id}/password", {}, page=f"/staff/admin/users/{user.id}")
    assert "vises bare denne ene gangen" in text_of(page)
    assert sign_in(type(client)(client.app), users.unit, PASSWORD).status_code == 401  # the old one is gone


def test_create_a_key_shown_once_and_revoke_it(client, users, session):
    signed_in(client, users.admin)
    hjem = unit_id(session, "Hjemmetjenesten")
    page = post_form(client, "/staff/admin/keys", {"name": "Nettskjema", "role": "unit", "units": str(hjem)})
    key = re.search(r"<code>(ibd\.[a-z0-9-]+\.[A-Za-z0-9_-]+)</code>", page.text).group(1)
    assert client.get("/api/v1/feedback", headers={"X-API-Key": key}).status_code == 200
    key_id = key.split(".")[1]
    assert key not in client.get("/staff/admin/keys").text  # never shown again
    revoked = post_form(client, f"/staff/admin/keys/{key_id}/revoke", {}, page="/staff/admin/keys")
    assert revoked.status_code == 303
    assert client.get("/api/v1/feedback", headers={"X-API-Key": key}).status_code == 401
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.item_kind == "key")).all()
    assert actions == ["key.create", "key.revoke"]
    assert session.scalar(select(ApiKey.revoked_at).where(ApiKey.key_id == key_id)) is not None


def test_key_form_errors(client, users):
    signed_in(client, users.admin)
    response = post_form(client, "/staff/admin/keys", {"name": "", "role": "unit"})
    assert response.status_code == 422
    text = text_of(response)
    assert "Skriv hvem eller hva nøkkelen er til" in text and "minst én enhet" in text


def test_the_audit_log_page(client, users, session):
    signed_in(client, users.admin)
    page = client.get("/staff/admin/audit?action=signin")
    assert page.status_code == 200 and f"user:{users.admin}" in page.text


def test_other_roles_cannot_open_admin_pages(client, users):
    for who in (users.unit, users.servicetorget, users.leader):
        signed_in(client, who)
        for path in ("/staff/admin/units", "/staff/admin/users", "/staff/admin/keys", "/staff/admin/audit"):
            assert client.get(path).status_code == 403, (who, path)


def test_an_odd_id_in_the_address_is_a_404_page(client, users):
    signed_in(client, users.admin)
    for path in ("/staff/admin/units/abc", "/staff/admin/units/0", "/staff/admin/users/99999999999"):
        page = client.get(path)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), path

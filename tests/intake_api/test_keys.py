"""API keys: stored hashed, shown once, revocable, development keys per role, none in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.config import Settings
from intake_api.db import make_engine
from intake_api.keys import DEV_KEYS, KeyRefused, ensure_dev_keys
from intake_api.keys import main as keys_main
from intake_api.models import ApiKey, AuditEntry
from intake_api.security import hash_secret, split_key
from tests.app_fixtures import KEYS, STAFF

ADMIN = KEYS["admin"]
# Fixed values that pass the production rule (32+ characters, 10+ different, more than one kind).
PRODUCTION_SECRETS = {
    "bot_api_key": "prod-bot-Key-7f3c9a1e5b2d8f6a4c0e9b7d",
    "staff_api_key": "prod-staff-Key-2b8e6c4a0f9d7b5e3a1c8f6d",
    "api_key_pepper": "prod-pepper-9d1f3b5c7e2a4f6b8d0c1e3a",
}


def test_a_new_key_is_shown_once_and_only_its_hash_is_stored(client, session):
    created = client.post("/api/v1/keys", json={"name": "Rådmannens stab", "role": "leader"}, headers=ADMIN)
    assert created.status_code == 201
    key = created.json()["key"]
    key_id, secret = split_key(key)
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
    assert secret not in (row.secret_hash, row.salt) and len(row.salt) == 32
    assert row.secret_hash == hash_secret(secret, row.salt, "")
    listed = client.get("/api/v1/keys", headers=ADMIN).json()
    assert all("key" not in k for k in listed) and key_id in {k["key_id"] for k in listed}
    assert client.get("/api/v1/feedback", headers={"X-API-Key": key}).status_code == 200
    assert client.get("/api/v1/feedback", headers={"X-API-Key": key[:-1] + "x"}).status_code == 401


def test_same_secret_different_salt_different_hash():
    assert hash_secret("s" * 20, "a" * 32, "") != hash_secret("s" * 20, "b" * 32, "")
    assert hash_secret("s" * 20, "a" * 32, "") != hash_secret("s" * 20, "a" * 32, "pepper")


def test_unit_keys_name_their_units(client, session):
    from .helpers import unit_id

    borsa = unit_id(session, "Børsa barnehage")
    key = client.post("/api/v1/keys", json={"name": "Styrer", "role": "unit", "unit_ids": [borsa]}, headers=ADMIN)
    assert key.json()["unit_ids"] == [borsa]
    assert client.post("/api/v1/keys", json={"name": "x", "role": "unit"}, headers=ADMIN).status_code == 422
    assert (
        client.post(
            "/api/v1/keys", json={"name": "x", "role": "leader", "unit_ids": [borsa]}, headers=ADMIN
        ).status_code
        == 422
    )
    unknown = client.post("/api/v1/keys", json={"name": "x", "role": "unit", "unit_ids": [99999]}, headers=ADMIN)
    assert unknown.status_code == 422 and "99999" in str(unknown.json())


def test_revoked_keys_stop_working_and_revoking_is_audited(client, session):
    created = client.post("/api/v1/keys", json={"name": "kort", "role": "bot"}, headers=STAFF).json()
    assert client.get("/api/v1/units", headers={"X-API-Key": created["key"]}).status_code == 200
    revoked = client.delete(f"/api/v1/keys/{created['key_id']}", headers=ADMIN)
    assert revoked.json()["revoked_at"] is not None
    again = client.get("/api/v1/units", headers={"X-API-Key": created["key"]})
    assert again.status_code == 401 and again.json()["detail"] == "unknown or revoked API key"
    assert client.delete("/api/v1/keys/no-such-key", headers=ADMIN).status_code == 404
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.item_kind == "key")).all()
    assert actions == ["key.create", "key.revoke"]


def test_development_keys_exist_for_every_role(client):
    for role in ("bot", "unit", "servicetorget", "leader", "admin"):
        assert DEV_KEYS[role].startswith(f"ibd.dev-{role}.")
    assert client.get("/api/v1/units", headers=KEYS["servicetorget"]).status_code == 200


def test_development_keys_are_refused_in_production(database_url):
    engine = make_engine(database_url)
    production = Settings(environment="production", **PRODUCTION_SECRETS)
    with Session(engine) as session, pytest.raises(KeyRefused):
        ensure_dev_keys(session, production)
    engine.dispose()


def test_development_keys_in_the_database_do_not_open_a_production_api(make_client):
    client = make_client(environment="production", **PRODUCTION_SECRETS)
    assert client.get("/api/v1/units", headers=KEYS["leader"]).status_code == 401
    assert client.get("/api/v1/units", headers={"X-API-Key": PRODUCTION_SECRETS["bot_api_key"]}).status_code == 200


def test_settings_dev_keys_are_refused_in_production():
    with pytest.raises(ValidationError, match="production needs"):
        Settings(environment="production")


def test_keys_command(database_url, capsys):
    def run(*args: str) -> str:
        assert keys_main(["--database-url", database_url, *args]) == 0
        return capsys.readouterr().out

    assert "ibd.dev-unit.development-only-unit-key" in run("ensure-dev")
    created = run("create", "--role", "servicetorget", "--name", "Servicetorget vakt")
    key = created.split()[-1]
    assert key.startswith("ibd.")
    key_id = split_key(key)[0]
    assert key_id in run("list")
    assert f"revoked {key_id}" in run("revoke", key_id)
    assert "revoked" in run("list")


def test_dev_start_up_prints_a_key_for_every_role(tmp_path):
    from intake_api.migrate import prepare
    from tests.app_fixtures import DATABASES, settings_for

    url = DATABASES.fresh()
    lines = prepare(url, settings=settings_for(url, environment="development"), dev_keys=True)
    printed = "\n".join(lines)
    assert "Unit registry seeded" in printed
    for key in DEV_KEYS.values():
        assert key in printed
    assert "Hjemmetjenesten" in printed  # the unit key's units are named
    assert "dev-bot-key" in printed and "dev-staff-key" in printed

"""The users command and the development users printed by `python -m intake_api.migrate`."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake_api.db import make_engine
from intake_api.migrate import prepare
from intake_api.models import StaffUser
from intake_api.staff import users as users_command
from intake_api.staff.passwords import verify_password
from intake_api.staff.users import DEV_USERS
from tests.app_fixtures import DATABASES, settings_for

from .helpers import sign_in


def test_migrate_prints_a_development_user_per_role():
    url = DATABASES.fresh()
    lines = prepare(url, settings=settings_for(url, environment="development"), dev_keys=True)
    printed = "\n".join(lines)
    assert "Development staff users for the staff pages (/staff/)" in printed
    for role, (username, _name, password) in DEV_USERS.items():
        assert f"{role:<14} {username} / {password}" in printed
    assert "units: Hjemmetjenesten" in printed
    # Running it again finds them instead of adding more (and prints the same).
    again = prepare(url, settings=settings_for(url, environment="development"), dev_keys=True)
    assert [line for line in again if "dev-passord" in line] == [line for line in lines if "dev-passord" in line]
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(StaffUser)) == len(DEV_USERS)
    engine.dispose()


def test_the_printed_credentials_sign_in(client, session, staff_settings, database_url):
    from intake_api.staff.users import ensure_dev_users

    ensure_dev_users(session, settings_for(database_url, environment="development"), staff_settings)
    for role, (username, _name, password) in DEV_USERS.items():
        assert sign_in(client, username, password).status_code == 303, role


def test_create_list_unlock_and_deactivate_through_the_command(database_url, session, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("et langt og godt passord\n"))
    assert users_command.main(["--database-url", database_url, "create", "--username", "per.hansen", "--name",
                               "Per Hansen", "--role", "servicetorget", "--password-stdin"]) == 0  # fmt: skip
    user = session.scalar(select(StaffUser).where(StaffUser.username == "per.hansen"))
    assert user is not None and user.role == "servicetorget" and user.must_change_password
    assert verify_password(user.password_hash, "et langt og godt passord", users_command.get_staff_settings())
    assert users_command.main(["--database-url", database_url, "list"]) == 0
    assert "per.hansen" in capsys.readouterr().out
    assert users_command.main(["--database-url", database_url, "deactivate", "per.hansen"]) == 0
    session.refresh(user)
    assert user.active is False


@pytest.mark.parametrize(("argv", "message"), [
    (["create", "--username", "x y", "--name", "X", "--role", "leader"], "Brukernavnet må ha"),
    (["create", "--username", "xy", "--name", "X", "--role", "unit"], "minst én enhet"),
    (["unlock", "finnes-ikke"], "Ingen bruker heter"),
])  # fmt: skip
def test_the_command_refuses_with_a_reason(database_url, capsys, argv, message):
    assert users_command.main(["--database-url", database_url, *argv]) == 2
    assert message in capsys.readouterr().err


def test_the_command_documents_itself(capsys):
    with pytest.raises(SystemExit) as done:
        users_command.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "set-password" in out and "ensure-dev" in out and "--unit 3" in out

"""Every form that changes something carries the session's CSRF token; without it nothing changes."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from intake_api.models import AuditEntry, Feedback, Message, StaffUser, Unit
from intake_api.staff.app import install
from intake_api.staff.routes import admin_keys, admin_units, admin_users, auth, items, messages, reports
from intake_api.staff.sessions import checked_form
from tests.intake_api.helpers import VALID_MESSAGE, send_message

from .helpers import feedback_in, hidden, signed_in, text_of

ROUTERS = (auth, items, messages, reports, admin_units, admin_users, admin_keys)


def _depends_on(dependant, call) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def test_every_staff_post_checks_the_csrf_token():
    posts = [r for m in ROUTERS for r in m.router.routes if isinstance(r, APIRoute) and "POST" in r.methods]
    assert len(posts) >= 12
    unchecked = [r.path for r in posts if not _depends_on(r.dependant, checked_form)]
    assert unchecked == ["/staff/login"]  # before any session: a double-submit cookie instead (test_auth)
    assert install  # the module that includes them all


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_forms_without_the_sessions_token_change_nothing(client, users, session, token):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    message = send_message(client, VALID_MESSAGE).json()["reference"]
    unit = session.scalar(select(Unit).where(Unit.name == "Hjemmetjenesten"))
    user = session.scalar(select(StaffUser).where(StaffUser.username == users.unit))
    attempts = {
        users.unit: [
            (f"/staff/items/{reference}/status", {"status": "lukket", "outcome": "utbedret", "closing_note": "Hei"}),
            (f"/staff/items/{reference}/avvik", {"avvik": "1"}),
            ("/staff/password", {"current_password": "x", "new_password": "y" * 20, "repeat": "y" * 20}),
            ("/staff/logout", {}),
        ],
        users.servicetorget: [(f"/staff/messages/{message}/status", {"status": "under_behandling"})],
        users.leader: [(f"/staff/items/{reference}/unit", {"unit_id": ""})],
        users.admin: [
            ("/staff/admin/units/new", {"name": "Ny", "sector": "barnehage", "email": "a@b.no", "active": "1"}),
            (f"/staff/admin/units/{unit.id}", {"name": "Nytt navn", "sector": "omsorg", "email": "a@b.no"}),
            ("/staff/admin/users/new", {"username": "ny", "display_name": "Ny", "role": "leader"}),
            (f"/staff/admin/users/{user.id}", {"display_name": "X", "role": "leader", "active": "1"}),
            (f"/staff/admin/users/{user.id}/password", {}),
            (f"/staff/admin/users/{user.id}/unlock", {}),
            ("/staff/admin/keys", {"name": "Ny", "role": "bot"}),
            ("/staff/admin/keys/dev-bot/revoke", {}),
        ],
    }
    for who, forms in attempts.items():
        signed_in(client, who)
        real = hidden(client.get("/staff/password"))
        for path, form in forms:
            data = form if token is None else {**form, "csrf_token": token}
            assert token != real
            response = client.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, (who, path, response.status_code)
            assert "Skjemaet er utløpt" in text_of(response) and "Ingenting er endret" in text_of(response)
        assert client.get("/staff/password").status_code == 200  # still signed in (logout was refused too)
    item = session.scalar(select(Feedback).where(Feedback.reference == reference))
    assert (item.status, item.avvik, item.unit_id) == ("mottatt", False, unit.id)
    assert session.scalar(select(Message.status).where(Message.reference == message)) == "mottatt"
    assert session.scalar(select(Unit.name).where(Unit.id == unit.id)) == "Hjemmetjenesten"
    assert session.scalar(select(func.count()).select_from(StaffUser)) == 5
    changes = select(func.count()).select_from(AuditEntry).where(AuditEntry.action.not_in(["signin"]))
    assert session.scalar(changes) == 0

"""Sign-in, sessions, cookies, lockout, sign-out and passwords of the staff pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from intake_api.models import AuditEntry, StaffSession, StaffUser, utcnow
from intake_api.staff.sessions import SESSION_COOKIE, current_staff_settings
from intake_api.staff.settings import StaffSettings
from intake_api.staff.users import create_user

from .helpers import PASSWORD, hidden, post_form, sign_in, signed_in, text_of

HOMES = {"unit": "/staff/items", "other_unit": "/staff/items", "servicetorget": "/staff/messages",
         "leader": "/staff/reports", "admin": "/staff/admin/units"}  # fmt: skip


def session_cookie_header(response) -> str:
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE)]
    assert len(cookies) == 1, cookies
    return cookies[0]


@pytest.mark.parametrize("who", list(HOMES))
def test_each_role_signs_in_and_lands_on_its_own_page(client, users, who):
    response = sign_in(client, getattr(users, who))
    assert response.status_code == 303
    assert response.headers["location"] == HOMES[who]
    page = client.get(HOMES[who])
    assert page.status_code == 200
    assert getattr(users, who).title() in page.text  # the display name in the header
    assert "Logg ut" in page.text


def test_the_session_cookie_is_httponly_lax_and_not_secure_over_http(client, users):
    header = session_cookie_header(sign_in(client, users.unit)).lower()
    assert "httponly" in header and "samesite=lax" in header and "path=/staff" in header
    assert "secure" not in header.replace("samesite", "")
    assert "max-age" not in header and "expires" not in header  # ends with the browser; the server limits it too


@pytest.mark.parametrize(("setting", "base_url", "secure"), [
    ("auto", "https://testserver", True),
    ("always", "https://testserver", True),
    ("never", "https://testserver", False),
])  # fmt: skip
def test_secure_cookies_follow_the_setting(client, users, staff_settings, setting, base_url, secure):
    settings = staff_settings.model_copy(update={"cookie_secure": setting})

    async def _staff() -> StaffSettings:
        return settings

    client.app.dependency_overrides[current_staff_settings] = _staff
    client.base_url = base_url  # type: ignore[assignment]
    header = session_cookie_header(sign_in(client, users.unit)).lower()
    assert ("; secure" in header) is secure


def test_the_password_is_stored_as_an_argon2id_hash(session, users):
    stored = session.scalar(select(StaffUser.password_hash).where(StaffUser.username == users.unit))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("username", ["enhet", "nobody"])
def test_a_wrong_password_or_unknown_user_gets_the_same_clear_message(client, users, session, username):
    response = sign_in(client, username, "feil passord her")
    assert response.status_code == 401
    assert "Feil brukernavn eller passord" in text_of(response)
    assert SESSION_COOKIE not in response.cookies
    assert client.get("/staff/items", follow_redirects=False).status_code == 303
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions == ["signin.failed"]


def test_empty_fields_are_named(client, users):
    response = sign_in(client, "", "")
    assert response.status_code == 422
    text = text_of(response)
    assert "Skriv brukernavnet ditt." in text and "Skriv passordet ditt." in text
    assert 'aria-invalid="true"' in response.text and 'aria-describedby="username-feil"' in response.text


def test_sign_in_without_the_form_token_is_refused(client, users):
    response = client.post("/staff/login", data={"username": users.unit, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 400
    assert "utløpt" in text_of(response)
    assert SESSION_COOKIE not in response.cookies


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, users, session):
    for attempt in range(4):
        assert sign_in(client, users.unit, f"feil-{attempt}-passord").status_code == 401
    fifth = sign_in(client, users.unit, "feil-5-passord")
    # The same answer as any wrong password: it does not tell that this username exists.
    assert fifth.status_code == 401
    assert "eller kontoen er midlertidig låst" in text_of(fifth) and "om 15 minutter" in text_of(fifth)
    # The right password does not help while the lock lasts.
    locked = sign_in(client, users.unit)
    assert locked.status_code == 401 and "eller kontoen er midlertidig låst" in text_of(locked)
    assert SESSION_COOKIE not in locked.cookies
    user = session.scalar(select(StaffUser).where(StaffUser.username == users.unit))
    assert user.locked_until > utcnow() + timedelta(minutes=14)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["signin.failed"] * 5 + ["signin.lockout", "signin.locked"]
    # When the lock has run out, the right password works and the counter starts again.
    session.execute(
        update(StaffUser).where(StaffUser.id == user.id).values(locked_until=utcnow() - timedelta(seconds=1))
    )
    session.commit()
    assert sign_in(client, users.unit).status_code == 303
    session.refresh(user)
    assert (user.failed_signins, user.locked_until) == (0, None)


def test_a_wrong_password_after_the_lock_ran_out_locks_again(client, users, session):
    for attempt in range(5):
        sign_in(client, users.unit, f"feil-{attempt}-passord")
    session.execute(update(StaffUser).where(StaffUser.username == users.unit)
                    .values(locked_until=utcnow() - timedelta(seconds=1)))  # fmt: skip
    session.commit()
    assert sign_in(client, users.unit, "feil-6-passord").status_code == 401
    user = session.scalar(select(StaffUser).where(StaffUser.username == users.unit))
    assert user.failed_signins == 6 and user.locked_until > utcnow() + timedelta(minutes=14)
    assert sign_in(client, users.unit).status_code == 401  # locked again: the right password waits


def test_a_success_resets_the_failure_count(client, users, session):
    for _ in range(4):
        sign_in(client, users.unit, "feil passord igjen")
    assert sign_in(client, users.unit).status_code == 303
    for _ in range(4):
        assert sign_in(client, users.unit, "feil passord igjen").status_code == 401


def test_sign_in_takes_you_back_to_the_page_you_asked_for(client, users, session):
    first = client.get("/staff/items/SKA-ABCDEF", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/staff/login?next=/staff/items/SKA-ABCDEF"
    response = sign_in(client, users.unit, next_path="/staff/items/SKA-ABCDEF")
    assert response.headers["location"] == "/staff/items/SKA-ABCDEF"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/staff", "/api/v1/feedback", "/staff\\x"])
def test_no_open_redirect_after_sign_in(client, users, target):
    page = client.get("/staff/login", params={"next": target})
    form = {"csrf_token": hidden(page), "next": target, "username": users.unit, "password": PASSWORD}
    response = client.post("/staff/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/staff/items"


def test_sign_out_ends_the_session_on_the_server(client, users, session):
    signed_in(client, users.unit)
    stolen = client.cookies.get(SESSION_COOKIE)
    response = post_form(client, "/staff/logout", {}, page="/staff/items")
    assert response.status_code == 303 and response.headers["location"] == "/staff/login?ok=signed_out"
    assert session.scalar(select(StaffSession.id)) is None
    # The old cookie, replayed, opens nothing.
    replay = TestClient(client.app, cookies={SESSION_COOKIE: stolen})
    assert replay.get("/staff/items", follow_redirects=False).status_code == 303
    assert "Du er logget ut." in text_of(client.get("/staff/login?ok=signed_out"))


def test_sign_out_without_the_token_is_refused_and_the_session_lives(client, users):
    signed_in(client, users.unit)
    response = client.post("/staff/logout", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/staff/items").status_code == 200


def test_an_idle_session_expires(client, users, session):
    signed_in(client, users.unit)
    session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    session.commit()
    assert client.get("/staff/items", follow_redirects=False).headers["location"].startswith("/staff/login")
    assert session.scalar(select(StaffSession.id)) is None


def test_a_session_is_not_longer_than_the_maximum(client, users, session):
    signed_in(client, users.unit)
    session.execute(update(StaffSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert client.get("/staff/items", follow_redirects=False).status_code == 303


def test_a_new_sign_in_replaces_the_old_session(client, users, session):
    signed_in(client, users.unit)
    old = client.cookies.get(SESSION_COOKIE)
    signed_in(client, users.unit)
    assert client.cookies.get(SESSION_COOKIE) != old
    assert session.scalars(select(StaffSession)).all().__len__() == 1


def test_a_deactivated_user_cannot_sign_in_and_is_signed_out(client, users, session):
    signed_in(client, users.unit)
    session.execute(update(StaffUser).where(StaffUser.username == users.unit).values(active=False))
    session.commit()
    assert client.get("/staff/items", follow_redirects=False).status_code == 303
    assert sign_in(client, users.unit).status_code == 401


def test_a_temporary_password_must_be_changed_first(client, session, staff_settings):
    create_user(session, staff_settings, username="ny.bruker", display_name="Ny Bruker", role="leader",
                password="midlertidig-passord-1", must_change_password=True)  # fmt: skip
    session.commit()
    response = sign_in(client, "ny.bruker", "midlertidig-passord-1")
    assert response.headers["location"] == "/staff/password"
    assert client.get("/staff/reports", follow_redirects=False).headers["location"] == "/staff/password"
    page = client.get("/staff/password")
    assert "midlertidig passord" in text_of(page)

    token, temporary, new = hidden(page), "midlertidig-passord-1", "et helt nytt passord"

    def change(current: str, password: str, repeat: str):
        form = {"csrf_token": token, "current_password": current, "new_password": password, "repeat": repeat}
        return client.post("/staff/password", data=form, follow_redirects=False)

    bad = change(temporary, "kort", "kort")
    assert bad.status_code == 422 and "minst 12 tegn" in text_of(bad)
    differ = change(temporary, new, "et annet")
    assert differ.status_code == 422 and "ikke like" in text_of(differ)
    wrong = change("gjettet-passord", new, new)
    assert wrong.status_code == 422 and "nåværende passordet er feil" in text_of(wrong)
    done = change(temporary, new, new)
    assert done.headers["location"] == "/staff/login?ok=password"
    assert client.get("/staff/reports", follow_redirects=False).status_code == 303  # signed out everywhere
    assert sign_in(client, "ny.bruker", "midlertidig-passord-1").status_code == 401
    assert sign_in(client, "ny.bruker", new).headers["location"] == "/staff/reports"


def test_development_users_never_sign_in_in_production(make_client, session, staff_settings):
    create_user(session, staff_settings, username="dev-leder", display_name="Dev", role="leader",
                password="dev-passord-leder", must_change_password=False, check_password=False)  # fmt: skip
    session.commit()
    production = make_client(environment="production", bot_api_key="prod-bot-Key-7f3c9a1e5b2d8f6a4c0e9b7d",
                             staff_api_key="prod-staff-Key-2b8e6c4a0f9d7b5e3a1c8f6d",
                             api_key_pepper="prod-pepper-9d1f3b5c7e2a4f6b8d0c1e3a")  # fmt: skip
    assert sign_in(production, "dev-leder", "dev-passord-leder").status_code == 401


def test_pages_carry_security_headers_and_are_not_cached(client, users):
    signed_in(client, users.unit)
    page = client.get("/staff/items")
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none': no scripts at all
    assert page.headers["x-frame-options"] == "DENY"
    css = client.get("/staff/static/staff.css")
    assert css.status_code == 200 and css.headers.get("cache-control") != "no-store"
    assert client.get("/api/v1/status/SKA-ABCDEF").headers.get("x-frame-options") is None  # the API is untouched


def test_an_unknown_staff_address_is_a_page_not_json(client, users):
    signed_in(client, users.unit)
    page = client.get("/staff/finnes/ikke")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Fant ikke siden" in text_of(page)


def test_signed_in_users_skip_the_sign_in_page(client, users):
    signed_in(client, users.unit)
    again = client.get("/staff/login?next=/staff/items/SKA-ABCDEF", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/staff/items/SKA-ABCDEF"


def test_a_weaker_hash_is_upgraded_at_sign_in(client, users, session, staff_settings):
    stronger = staff_settings.model_copy(update={"argon2_time_cost": 2})

    async def _staff() -> StaffSettings:
        return stronger

    client.app.dependency_overrides[current_staff_settings] = _staff
    before = session.scalar(select(StaffUser.password_hash).where(StaffUser.username == users.unit))
    assert sign_in(client, users.unit).status_code == 303
    session.expire_all()
    after = session.scalar(select(StaffUser.password_hash).where(StaffUser.username == users.unit))
    assert "t=1" in before and "t=2" in after


def test_many_attempts_from_one_address_are_slowed_down(client, users, staff_settings):
    limited = staff_settings.model_copy(update={"signin_rate_limit": "3/minute"})

    async def _staff() -> StaffSettings:
        return limited

    client.app.dependency_overrides[current_staff_settings] = _staff
    for username in ("a1", "a2", "a3"):  # password spraying: a new username every time
        assert sign_in(client, username, "sommer2026").status_code == 401
    blocked = sign_in(client, users.leader)
    assert blocked.status_code == 429 and "For mange forsøk" in text_of(blocked)

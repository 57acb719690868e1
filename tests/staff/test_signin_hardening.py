"""Sign-in under attack: many wrong passwords at once, and answers that do not tell which usernames exist.

The race runs real parallel requests against uvicorn on a free port (threads, one connection each),
on whichever database the suite runs on (SQLite, or PostgreSQL with INTAKE_TEST_DATABASE_URL).
"""

from __future__ import annotations

import re
import statistics
import threading
import time
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from intake_api.models import AuditEntry, StaffSession, StaffUser, utcnow
from intake_api.staff.sessions import SESSION_COOKIE, SIGNIN_COOKIE, current_staff_settings
from intake_api.staff.settings import StaffSettings
from intake_api.staff.users import create_user
from tests.app_fixtures import build_app, settings_for, tracker_url_for
from tests.intake_api.live import live_server

from .helpers import PASSWORD, hidden, sign_in

PARALLEL = 24
# Any value works for the sign-in form's double-submit check, as long as cookie and form agree.
FORM_TOKEN = "parallel-test-form-token-0123456789abcdef"


def _post_login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    form = {"csrf_token": FORM_TOKEN, "next": "", "username": username, "password": password}
    return client.post("/staff/login", data=form, follow_redirects=False)


@pytest.fixture
def race_staff() -> StaffSettings:
    # A few milliseconds of argon2 per attempt: the requests overlap the way real ones do. The
    # per-address limit is lifted, so that only the account lockout is under test.
    return StaffSettings(argon2_time_cost=1, argon2_memory_kib=4096, argon2_parallelism=1,
                         signin_rate_limit="100000/minute")  # fmt: skip


def test_parallel_wrong_passwords_all_count_and_lock_the_account(engine, database_url, tmp_path, session,
                                                                 race_staff):  # fmt: skip
    create_user(session, race_staff, username="kari", display_name="Kari", role="leader", password=PASSWORD,
                must_change_password=False)  # fmt: skip
    session.commit()
    app = build_app(engine, settings_for(database_url, tracker_url_for(database_url, tmp_path)), fresh=True)

    async def _staff() -> StaffSettings:
        return race_staff

    app.dependency_overrides[current_staff_settings] = _staff
    with live_server(app) as url:
        clients = [httpx.Client(base_url=url, cookies={SIGNIN_COOKIE: FORM_TOKEN}, timeout=60) for _ in range(PARALLEL)]
        for client in clients:  # open every connection first, so the attempts start together
            assert client.get("/staff/login").status_code == 200
        start = threading.Barrier(PARALLEL)
        answers: list[int] = []

        def attack(client: httpx.Client, attempt: int) -> None:
            start.wait()
            answers.append(_post_login(client, "kari", f"feil passord nummer {attempt}").status_code)

        threads = [threading.Thread(target=attack, args=(c, i)) for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(answers) == [401] * PARALLEL

        # The right password, afterwards, does not open the account.
        right = _post_login(clients[0], "kari", PASSWORD)
        assert right.status_code == 401, right.headers.get("location")
        assert SESSION_COOKIE not in right.cookies
        for client in clients:
            client.close()

    session.expire_all()
    user = session.scalar(select(StaffUser).where(StaffUser.username == "kari"))
    assert user.locked_until is not None and user.locked_until > utcnow() + timedelta(minutes=14)
    assert session.scalar(select(StaffSession.id)) is None
    # Every wrong password that was checked (not turned away by the lock) counted: no lost update.
    checked = [
        entry for entry in session.scalars(select(AuditEntry).where(AuditEntry.action == "signin.failed"))
        if entry.actor == "user:kari" and (entry.detail or {}).get("reason") == "wrong password"
    ]  # fmt: skip
    turned_away = session.scalars(select(AuditEntry).where(AuditEntry.action == "signin.locked")).all()
    assert len(checked) >= race_staff.lockout_attempts
    assert len(checked) + len(turned_away) == PARALLEL + 1  # + the right password, turned away
    assert user.failed_signins == len(checked)
    # Each counted attempt saw its own number: 1, 2, 3, … without a repeat.
    assert sorted(entry.detail["failures"] for entry in checked) == list(range(1, len(checked) + 1))


# -- the same answer for every username ------------------------------------------------------------
_TOKEN_FIELD = re.compile(r'(name="csrf_token" value=")[^"]*(")')
_USERNAME_FIELD = re.compile(r'(name="username" type="text" value=")[^"]*(")')


def _normalised(body: str) -> str:
    """The page without the two parts that differ by design: the fresh form token and the username typed."""
    return _USERNAME_FIELD.sub(r"\1USER\2", _TOKEN_FIELD.sub(r"\1TOKEN\2", body))


@pytest.fixture
def costly_staff(client) -> StaffSettings:
    """Realistic argon2 cost (16 MiB, 2 passes), so the hash is what an answer's time is made of."""
    settings = StaffSettings(argon2_time_cost=2, argon2_memory_kib=16384, argon2_parallelism=1,
                             signin_rate_limit="100000/minute")  # fmt: skip

    async def _staff() -> StaffSettings:
        return settings

    client.app.dependency_overrides[current_staff_settings] = _staff
    return settings


@pytest.fixture
def three_accounts(session, costly_staff) -> dict[str, str]:
    """An open account, a locked one and a deactivated one, all with PASSWORD, hashed at the costly settings."""
    for username in ("kari", "per", "ola"):
        create_user(session, costly_staff, username=username, display_name=username.title(), role="leader",
                    password=PASSWORD, must_change_password=False)  # fmt: skip
    session.commit()
    session.execute(update(StaffUser).where(StaffUser.username == "per")
                    .values(locked_until=utcnow() + timedelta(minutes=15)))  # fmt: skip
    session.execute(update(StaffUser).where(StaffUser.username == "ola").values(active=False))
    session.commit()
    return {"open": "kari", "locked": "per", "deactivated": "ola"}


def test_unknown_wrong_locked_and_deactivated_get_the_same_page(client, three_accounts, costly_staff, session):
    cases = {
        "unknown user": ("ingen.slik", "feil passord her"),
        "wrong password": (three_accounts["open"], "feil passord her"),
        "locked, wrong password": (three_accounts["locked"], "feil passord her"),
        "locked, right password": (three_accounts["locked"], PASSWORD),
        "deactivated, right password": (three_accounts["deactivated"], PASSWORD),
    }
    answers = {name: sign_in(client, username, password) for name, (username, password) in cases.items()}
    # The attempt that locks the account answers like every other one.
    for attempt in range(costly_staff.lockout_attempts - 2):
        sign_in(client, three_accounts["open"], f"feil {attempt} igjen")
    answers["the attempt that locks"] = sign_in(client, three_accounts["open"], "feil en gang til")
    session.expire_all()
    assert session.scalar(select(StaffUser.locked_until).where(StaffUser.username == "kari")) is not None

    statuses = {name: response.status_code for name, response in answers.items()}
    assert set(statuses.values()) == {401}, statuses
    pages = {name: _normalised(response.text) for name, response in answers.items()}
    reference = pages["unknown user"]
    assert "TOKEN" in reference and "USER" in reference  # the normalising found both fields
    assert "Feil brukernavn eller passord, eller kontoen er midlertidig låst" in reference
    for name, page in pages.items():
        assert page == reference, name
    assert all(SESSION_COOKIE not in response.cookies for response in answers.values())


def test_locked_and_unknown_accounts_take_as_long_as_a_wrong_password(client, three_accounts, costly_staff):
    patient = costly_staff.model_copy(update={"lockout_attempts": 100})  # "kari" stays open throughout

    async def _staff() -> StaffSettings:
        return patient

    client.app.dependency_overrides[current_staff_settings] = _staff
    cases = {"wrong": three_accounts["open"], "locked": three_accounts["locked"], "unknown": "ingen.slik"}
    times: dict[str, list[float]] = {name: [] for name in cases}

    def attempt(username: str) -> float:
        token = hidden(client.get("/staff/login"))
        form = {"csrf_token": token, "next": "", "username": username, "password": "feil passord her"}
        began = time.perf_counter()
        response = client.post("/staff/login", data=form, follow_redirects=False)
        elapsed = time.perf_counter() - began
        assert SESSION_COOKIE not in response.cookies
        return elapsed

    for username in cases.values():  # warm-up: the first unknown-user attempt makes the dummy hash
        attempt(username)
    for _ in range(7):  # interleaved, so a burst of load on the machine hits every case alike
        for name, username in cases.items():
            times[name].append(attempt(username))
    median = {name: statistics.median(values) for name, values in times.items()}
    assert median["wrong"] > 0.005, median  # the hash really costs something here
    assert median["locked"] >= 0.5 * median["wrong"], median
    assert median["unknown"] >= 0.5 * median["wrong"], median

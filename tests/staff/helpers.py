"""Fixtures and helpers of the staff page tests: a user per role, signing in, reading forms."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from intake_api.staff.sessions import SESSION_COOKIE, current_staff_settings
from intake_api.staff.settings import StaffSettings
from intake_api.staff.users import create_user
from tests.app_fixtures import build_app, settings_for, tracker_url_for
from tests.intake_api.helpers import feedback_for_unit, unit_id

PASSWORD = "et langt passord for test"
_HIDDEN = re.compile(r'name="(csrf_token|next)" value="([^"]*)"')


@dataclass(frozen=True)
class Users:
    """The usernames of the test users (all with PASSWORD) and the units they follow up."""

    unit: str = "enhet"  # Hjemmetjenesten
    other_unit: str = "barnehage"  # Børsa barnehage
    servicetorget: str = "torget"
    leader: str = "leder"
    admin: str = "admin"


@pytest.fixture
def staff_settings() -> StaffSettings:
    # Cheap argon2 parameters: the tests sign in often, and the cost is not what they test.
    return StaffSettings(argon2_time_cost=1, argon2_memory_kib=64, argon2_parallelism=1)


@pytest.fixture
def client(engine: Engine, database_url: str, tmp_path: Path, staff_settings: StaffSettings) -> Iterator[TestClient]:
    app = build_app(engine, settings_for(database_url, tracker_url_for(database_url, tmp_path)))

    async def _staff() -> StaffSettings:
        return staff_settings

    app.dependency_overrides[current_staff_settings] = _staff
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def users(session: Session, staff_settings: StaffSettings) -> Users:
    names = Users()
    plan: list[tuple[str, str, list[int]]] = [
        (names.unit, "unit", [unit_id(session, "Hjemmetjenesten")]),
        (names.other_unit, "unit", [unit_id(session, "Børsa barnehage")]),
        (names.servicetorget, "servicetorget", []),
        (names.leader, "leader", []),
        (names.admin, "admin", []),
    ]
    for username, role, units in plan:
        create_user(session, staff_settings, username=username, display_name=username.title(), role=role,
                    unit_ids=units, password=PASSWORD, must_change_password=False)  # fmt: skip
    session.commit()
    return names


def hidden(page: Response | str, name: str = "csrf_token") -> str:
    """The value of a hidden field (the CSRF token by default) in a page."""
    body = page if isinstance(page, str) else page.text
    for field, value in _HIDDEN.findall(body):
        if field == name:
            return html.unescape(value)
    raise AssertionError(f"no hidden field {name!r} in the page")


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next_path: str = "") -> Response:
    """Open the sign-in page and post the form as a browser would (without following the redirect).

    Someone signed in is sent past the sign-in page; to sign in again (as another user, or to see
    the old session replaced) the page is fetched without the session cookie, which is kept.
    """
    jar = client.cookies.jar
    kept = [cookie for cookie in jar if cookie.name == SESSION_COOKIE]
    for cookie in kept:
        jar.clear(cookie.domain, cookie.path, cookie.name)
    page = client.get("/staff/login" + (f"?next={next_path}" if next_path else ""))
    for cookie in kept:
        jar.set_cookie(cookie)
    assert page.status_code == 200, page.text
    form = {"csrf_token": hidden(page), "next": hidden(page, "next"), "username": username, "password": password}
    return client.post("/staff/login", data=form, follow_redirects=False)


def signed_in(client: TestClient, username: str) -> TestClient:
    response = sign_in(client, username)
    assert response.status_code == 303, response.text
    return client


def post_form(client: TestClient, path: str, data: dict[str, Any], page: str | None = None) -> Response:
    """Post a form with the CSRF token of the page at `page` (default: `path` itself)."""
    token = hidden(client.get(page or path))
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def feedback_in(client: TestClient, session: Session, unit_name: str, **extra: Any) -> str:
    return feedback_for_unit(client, unit_id(session, unit_name), **extra)


def text_of(response: Response) -> str:
    """The page's text without tags, whitespace collapsed: for checking sentences."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())

"""Production refuses trivial secrets, at start-up, naming the variable and never its value."""

from __future__ import annotations

import secrets

import httpx
import pytest
from pydantic import ValidationError

from intake_api.config import Settings
from tests.intake_api.live import start_uvicorn, stop, wait_until_up

STRONG = {
    "bot_api_key": secrets.token_urlsafe(32),
    "staff_api_key": secrets.token_urlsafe(32),
    "api_key_pepper": secrets.token_urlsafe(32),
}


def production(**changes: str) -> Settings:
    return Settings(environment="production", **{**STRONG, **changes})


def test_generated_secrets_are_accepted():
    assert production().staff_api_key == STRONG["staff_api_key"]
    # A passphrase of several words is fine as well: long, with more than ten different characters.
    assert production(api_key_pepper="korrekt hest batteri stift og litt til")


@pytest.mark.parametrize(
    ("field", "variable", "value", "reason"),
    [
        ("staff_api_key", "INTAKE_STAFF_API_KEY", "k", "at least 32 characters"),
        ("staff_api_key", "INTAKE_STAFF_API_KEY", "Kort-men-blandet-9", "at least 32 characters"),
        ("bot_api_key", "INTAKE_BOT_API_KEY", "aB1" * 12, "at least 10 different characters"),
        ("bot_api_key", "INTAKE_BOT_API_KEY", "abcdefghijklmnopqrstuvwxyzabcdefgh", "more than one kind"),
        ("api_key_pepper", "INTAKE_API_KEY_PEPPER", "12345678901234567890123456789012", "more than one kind"),
        ("api_key_pepper", "INTAKE_API_KEY_PEPPER", "", "must be set"),
        ("staff_api_key", "INTAKE_STAFF_API_KEY", "dev-staff-key", "development value"),
    ],
)
def test_trivial_secrets_are_refused_naming_the_variable_not_the_value(field, variable, value, reason):
    with pytest.raises(ValidationError) as refused:
        production(**{field: value})
    message = str(refused.value)
    assert variable in message and reason in message
    for secret in {value, *STRONG.values()}:
        if len(secret) >= 8:  # (a one-letter value is in any sentence)
            assert secret not in message.replace(variable, "")


def test_an_empty_settings_key_switches_that_key_off_and_is_allowed():
    assert production(bot_api_key="").bot_api_key == ""


def test_development_and_test_environments_keep_their_easy_defaults():
    assert Settings(environment="development").staff_api_key == "dev-staff-key"
    assert Settings(environment="test", staff_api_key="k").staff_api_key == "k"


def test_the_api_refuses_to_start_with_a_trivial_secret(database_url, tmp_path):
    weak = "Svak-nokkel-9"  # 13 characters
    env = {
        "INTAKE_ENVIRONMENT": "production",
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_BOT_API_KEY": STRONG["bot_api_key"],
        "INTAKE_STAFF_API_KEY": weak,
        "INTAKE_API_KEY_PEPPER": "",
    }
    process = start_uvicorn(env, tmp_path / "uvicorn.log")
    try:
        assert not wait_until_up(process), "the API started and answered with a trivial secret"
        process.popen.wait(timeout=30)
    finally:
        stop(process)
    output = process.output()
    assert process.popen.returncode != 0
    assert "INTAKE_STAFF_API_KEY" in output and "INTAKE_API_KEY_PEPPER" in output, output
    assert weak not in output and STRONG["bot_api_key"] not in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{process.url}/health", timeout=2)


def test_the_api_starts_in_production_with_real_secrets(database_url, tmp_path):
    env = {
        "INTAKE_ENVIRONMENT": "production",
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_BOT_API_KEY": STRONG["bot_api_key"],
        "INTAKE_STAFF_API_KEY": STRONG["staff_api_key"],
        "INTAKE_API_KEY_PEPPER": STRONG["api_key_pepper"],
    }
    process = start_uvicorn(env, tmp_path / "uvicorn.log")
    try:
        assert wait_until_up(process), process.output()
        answer = httpx.get(f"{process.url}/api/v1/units", headers={"X-API-Key": STRONG["staff_api_key"]})
        assert answer.status_code == 200
    finally:
        stop(process)

"""Settings, read once from the environment (prefix INTAKE_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from innbygger_common.profile import profile

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_BOT_KEY = "dev-bot-key"
DEV_STAFF_KEY = "dev-staff-key"
DEFAULT_TRANSCRIPT_DAYS = 21
DEFAULT_MAX_BODY_BYTES = 64 * 1024

# What a production secret must be: long, and not a repeated pattern or a run of digits.
SECRET_MIN_LENGTH = 32
SECRET_MIN_DISTINCT = 10
DEVELOPMENT_SECRETS = frozenset({DEV_BOT_KEY, DEV_STAFF_KEY, "dev-rasa-token"})
SECRET_SETTINGS = {
    "bot_api_key": "INTAKE_BOT_API_KEY",
    "staff_api_key": "INTAKE_STAFF_API_KEY",
    "api_key_pepper": "INTAKE_API_KEY_PEPPER",
}
HOW_TO_MAKE_A_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def secret_problem(value: str) -> str | None:
    """Why `value` is too weak for a production secret (a phrase that never quotes it), or None.

    At least SECRET_MIN_LENGTH characters, at least SECRET_MIN_DISTINCT different ones, and more
    than one kind (lower case, upper case, digits, other): `secrets.token_urlsafe(32)` passes, and
    so does a passphrase of several words; "x" * 40, a repeated "aB1" and 32 digits do not.
    """
    if not value:
        return "must be set"
    if value in DEVELOPMENT_SECRETS:
        return "is a development value"
    if len(value) < SECRET_MIN_LENGTH:
        return f"must have at least {SECRET_MIN_LENGTH} characters"
    if len(set(value)) < SECRET_MIN_DISTINCT:
        return f"must have at least {SECRET_MIN_DISTINCT} different characters"
    kinds = {"lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else "other" for c in value}
    if len(kinds) < 2:
        return "must mix more than one kind of character (lower case, upper case, digits, others)"
    return None


def data_dir() -> Path:
    """The one folder holding the embedded SQLite files (INNBYGGER_DATA_DIR)."""
    return Path(os.environ.get("INNBYGGER_DATA_DIR", REPO_ROOT / "data"))


def _profile_transcript_days() -> int:
    # The kommune profile is the one place for the chat retention period; the setting overrides it.
    chat = profile().get("chat") or {}
    return int(chat.get("retention_days") or DEFAULT_TRANSCRIPT_DAYS)


class Settings(BaseSettings):
    """Configuration of one intake API process."""

    # hide_input_in_errors: a refused setting must never print the secrets next to it.
    model_config = SettingsConfigDict(env_prefix="INTAKE_", hide_input_in_errors=True)

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = ""
    # Settings keys: the bot's key and a staff key with leader + admin rights. Further keys,
    # one role each, live hashed in the database (`python -m intake_api.keys`).
    bot_api_key: str = DEV_BOT_KEY
    staff_api_key: str = DEV_STAFF_KEY
    # Mixed into every stored key hash; keep it outside the database (a stolen dump alone is not enough).
    api_key_pepper: str = ""
    # Where the resident's browser reaches Rasa's socket.io channel.
    rasa_public_url: str = "http://localhost:5005"

    # Follow-up deadlines, counted from the time an item arrives.
    deadline_feedback_days: int = Field(default=14, ge=1, le=365)
    deadline_message_working_days: int = Field(default=2, ge=1, le=60)

    # Retention.
    contact_retention_days: int = Field(default=30, ge=0, le=3650)
    transcript_retention_days: int = Field(default_factory=_profile_transcript_days, ge=1, le=3650)
    tracker_database_url: str = ""
    # Retention runs by itself inside the API (intake_api/retention_schedule.py): one pass every
    # this many seconds, by one runner among all API processes on the database; 0 switches it off.
    retention_interval_seconds: int = Field(default=3600, ge=0, le=7 * 86400)

    # Rate limits ("N/second|minute|hour|day", several separated by ";"); storage memory:// or redis://host:port.
    rate_limit_enabled: bool = True
    rate_limit_storage: str = "memory://"
    rate_limit_submit: str = "1200/minute"
    rate_limit_public: str = "30/minute"

    # Request bodies larger than this are refused with 413 before they are read (ASGI middleware).
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024, le=64 * 1024 * 1024)

    @model_validator(mode="after")
    def _defaults_and_secrets(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{data_dir() / 'intake.db'}"
        self.database_url = _normalise_url(self.database_url)
        if not self.tracker_database_url:
            self.tracker_database_url = f"sqlite:///{data_dir() / 'rasa_tracker.db'}"
        self.tracker_database_url = _normalise_url(self.tracker_database_url)
        if self.environment == "production":
            self._check_production_secrets()
        return self

    def _check_production_secrets(self) -> None:
        """Refuse weak secrets in production, naming each variable and what is wrong, never the value.

        An empty settings key switches that key off (database keys only); the pepper is always needed.
        """
        problems = []
        for name, variable in SECRET_SETTINGS.items():
            value = getattr(self, name)
            if name != "api_key_pepper" and value == "":
                continue
            if (problem := secret_problem(value)) is not None:
                problems.append(f"{variable} {problem}")
        if problems:
            raise ValueError(
                f"production needs real secrets (INTAKE_ENVIRONMENT=production): {'; '.join(problems)}. A secret "
                f"needs at least {SECRET_MIN_LENGTH} characters, {SECRET_MIN_DISTINCT} of them different and of more "
                f"than one kind; make one with: {HOW_TO_MAKE_A_SECRET}"
            )


def settings_problem(error: ValidationError) -> str:
    """A refused configuration as one line naming the variables (the input is never part of it)."""
    parts = []
    for item in error.errors(include_input=False, include_url=False):
        message = str(item["msg"]).removeprefix("Value error, ")
        location = ".".join(str(part) for part in item["loc"])
        parts.append(f"INTAKE_{location.upper()}: {message}" if location else message)
    return "; ".join(parts)


def _normalise_url(url: str) -> str:
    # Heroku-style URLs name the old driver; the app ships psycopg 3.
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

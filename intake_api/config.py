"""Settings, read once from the environment (prefix INTAKE_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from innbygger_common.profile import profile

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_BOT_KEY = "dev-bot-key"
DEV_STAFF_KEY = "dev-staff-key"
DEFAULT_TRANSCRIPT_DAYS = 21


def data_dir() -> Path:
    """The one folder holding the embedded SQLite files (INNBYGGER_DATA_DIR)."""
    return Path(os.environ.get("INNBYGGER_DATA_DIR", REPO_ROOT / "data"))


def _profile_transcript_days() -> int:
    # The kommune profile is the one place for the chat retention period; the setting overrides it.
    chat = profile().get("chat") or {}
    return int(chat.get("retention_days") or DEFAULT_TRANSCRIPT_DAYS)


class Settings(BaseSettings):
    """Configuration of one intake API process."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_")

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

    # Rate limits ("N/second|minute|hour|day", several separated by ";"); storage memory:// or redis://host:port.
    rate_limit_enabled: bool = True
    rate_limit_storage: str = "memory://"
    rate_limit_submit: str = "1200/minute"
    rate_limit_public: str = "30/minute"

    @model_validator(mode="after")
    def _defaults_and_secrets(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{data_dir() / 'intake.db'}"
        self.database_url = _normalise_url(self.database_url)
        if not self.tracker_database_url:
            self.tracker_database_url = f"sqlite:///{data_dir() / 'rasa_tracker.db'}"
        self.tracker_database_url = _normalise_url(self.tracker_database_url)
        if self.environment == "production" and {self.bot_api_key, self.staff_api_key} & {DEV_BOT_KEY, DEV_STAFF_KEY}:
            raise ValueError("production needs INTAKE_BOT_API_KEY and INTAKE_STAFF_API_KEY set to real secrets")
        return self


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

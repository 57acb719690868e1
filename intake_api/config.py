"""Settings, read once from the environment (prefix INTAKE_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_BOT_KEY = "dev-bot-key"
DEV_STAFF_KEY = "dev-staff-key"


def data_dir() -> Path:
    """The one folder holding the embedded SQLite files (INNBYGGER_DATA_DIR)."""
    return Path(os.environ.get("INNBYGGER_DATA_DIR", REPO_ROOT / "data"))


class Settings(BaseSettings):
    """Configuration of one intake API process."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = ""
    bot_api_key: str = DEV_BOT_KEY
    staff_api_key: str = DEV_STAFF_KEY
    # Where the resident's browser reaches Rasa's socket.io channel.
    rasa_public_url: str = "http://localhost:5005"

    @model_validator(mode="after")
    def _defaults_and_secrets(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{data_dir() / 'intake.db'}"
        if self.database_url.startswith("postgres://"):
            self.database_url = "postgresql+psycopg://" + self.database_url[len("postgres://") :]
        if self.environment == "production" and {self.bot_api_key, self.staff_api_key} & {DEV_BOT_KEY, DEV_STAFF_KEY}:
            raise ValueError("production needs INTAKE_BOT_API_KEY and INTAKE_STAFF_API_KEY set to real secrets")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""Settings of the staff pages, read once from the environment (prefix INTAKE_STAFF_)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StaffSettings(BaseSettings):
    """Sign-in, session and lockout rules of the staff pages."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_STAFF_")

    # "auto": Secure cookies when the page is served over https (behind a proxy, run uvicorn with
    # --proxy-headers so it sees the original scheme); "always" in production behind TLS.
    cookie_secure: Literal["auto", "always", "never"] = "auto"
    # A work day of inactivity ends a session; no session lives longer than the absolute limit.
    session_idle_minutes: int = Field(default=120, ge=5, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 14)
    # This many wrong passwords in a row lock the account for lockout_minutes.
    lockout_attempts: int = Field(default=5, ge=1, le=100)
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Sign-in attempts per client address, across usernames (password spraying), in `limits` syntax.
    signin_rate_limit: str = "30/minute"
    password_min_length: int = Field(default=12, ge=8, le=128)
    # argon2id cost; the defaults are RFC 9106's low-memory profile (64 MiB, 3 passes). Tests lower them.
    argon2_time_cost: int = Field(default=3, ge=1, le=20)
    argon2_memory_kib: int = Field(default=65536, ge=8, le=4 * 1024 * 1024)
    argon2_parallelism: int = Field(default=4, ge=1, le=16)


@lru_cache(maxsize=1)
def get_staff_settings() -> StaffSettings:
    return StaffSettings()

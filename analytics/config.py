"""Settings of the analytics module, read once from the environment (prefix ANALYTICS_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from innbygger_common.profile import profile
from intake_api.config import data_dir


class AnalyticsSettings(BaseSettings):
    """Where digests go and where their links point."""

    model_config = SettingsConfigDict(env_prefix="ANALYTICS_")

    # The staff pages' address; digest links read {staff_base_url}/staff/items/{reference}.
    staff_base_url: str = "http://localhost:8000"
    # No host: digests are written to the outbox folder instead of sent.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 30.0
    # Empty: the kommune's own address from the profile (servicetorget.email), never an invented one.
    mail_from: str = ""
    outbox_dir: Path = Path()
    # Staff corrections exported by `analytics themes export-corrections` (a YAML file): when set, the theme
    # model is fitted on the shipped training data plus this file (read on first use in each process).
    # Empty: the shipped training data only.
    theme_corrections: str = ""

    def corrections_file(self) -> Path | None:
        return Path(self.theme_corrections).expanduser() if self.theme_corrections.strip() else None

    def sender(self) -> str:
        return self.mail_from or str(profile()["servicetorget"]["email"])

    def outbox(self) -> Path:
        return self.outbox_dir if str(self.outbox_dir) not in ("", ".") else data_dir() / "outbox"


@lru_cache(maxsize=1)
def get_settings() -> AnalyticsSettings:
    return AnalyticsSettings()


def item_url(base_url: str, reference: str) -> str:
    """The staff page of one item (built by the staff pages: /staff/items/{reference})."""
    return f"{base_url.rstrip('/')}/staff/items/{reference}"


def demo_urls() -> tuple[str, str]:
    """(intake database, tracker store) of the demo data: files of their own beside the real ones."""
    folder = data_dir()
    return f"sqlite:///{folder / 'demo.db'}", f"sqlite:///{folder / 'demo_tracker.db'}"

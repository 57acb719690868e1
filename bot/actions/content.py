"""Answer texts and titles from the editable content, filled from the kommune profile."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

import yaml

from innbygger_common.answers import load_answers, load_titles
from innbygger_common.content import content_dir
from innbygger_common.opening_text import servicetorget_sentence
from innbygger_common.profile import fill, profile

LANGUAGES = ("nb", "nn", "en")


def language_of(value: str | None) -> str:
    return value if value in LANGUAGES else "nb"


@lru_cache(maxsize=1)
def _answers() -> dict[str, dict[str, str]]:
    return {topic: {lang: fill(text) for lang, text in texts.items()} for topic, texts in load_answers().items()}


def answer_text(topic: str, language: str, now: datetime | None = None) -> str:
    """The answer in the resident's written form; if it sends people to the
    servicetorget, followed by whether it is open right now."""
    text = _answers()[topic][language_of(language)]
    if "servicetorget" in text.lower():
        sentence = servicetorget_sentence(profile(), now or datetime.now(timezone.utc), language_of(language))
        if sentence:
            text = f"{text} {sentence}"
    return text


def topic_title(topic: str, language: str) -> str:
    """A short button label for a topic ("Når blir søpla hentet?")."""
    return load_titles().get(topic, {}).get(language_of(language)) or topic.replace("_", " ")


@lru_cache(maxsize=1)
def _foreign_notes() -> dict[str, str]:
    path = content_dir() / "other_languages.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {code: fill(" ".join(str(text).split())) for code, text in (raw or {}).items()}


def foreign_language_note(code: str | None) -> str:
    """The note for a resident writing in another language (English when not translated)."""
    notes = _foreign_notes()
    return notes.get(code or "", notes.get("en", ""))

"""Answer texts and titles from the editable content, filled from the kommune profile.

The seed is content/ (answers and the profile); editors' changes from the staff pages come on top
(bot/actions/live_content.py), so an answer or fact changed there is used here within a poll.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

import yaml

from innbygger_common.answers import load_answers, load_titles
from innbygger_common.content import content_dir
from innbygger_common.opening_text import as_resident_sees
from innbygger_common.profile import fill, profile
from innbygger_common.profile_facts import with_overrides

from .live_content import Changes, changes

LANGUAGES = ("nb", "nn", "en")


def language_of(value: str | None) -> str:
    return value if value in LANGUAGES else "nb"


@lru_cache(maxsize=1)
def _seed_answers() -> dict[str, dict[str, str]]:
    return load_answers()


# (revision, profile, filled answers): filled once per revision of editors' changes.
_filled: tuple[int, dict[str, Any], dict[str, dict[str, str]]] | None = None


def _in_force(current: Changes) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """The profile and the filled answers for one revision of editors' changes."""
    global _filled
    if _filled is not None and _filled[0] == current.revision:
        return _filled[1], _filled[2]
    facts = with_overrides(profile(), current.facts)
    templates = {**_seed_answers(), **current.answers}
    filled = {}
    for topic, texts in templates.items():
        try:
            filled[topic] = {lang: fill(text, facts) for lang, text in texts.items()}
        except KeyError:
            # The API checks placeholders before saving; a seed older than the API's is the one
            # way to get here, and then the seed answer is better than none.
            filled[topic] = {lang: fill(text, facts) for lang, text in _seed_answers()[topic].items()}
    _filled = (current.revision, facts, filled)
    return facts, filled


def _answers() -> dict[str, dict[str, str]]:
    return _in_force(changes())[1]


def live_profile() -> dict[str, Any]:
    """The kommune profile with the facts editors changed: for every fact a resident is told."""
    return _in_force(changes())[0]


def answer_text(topic: str, language: str, now: datetime | None = None) -> str:
    """The answer in the resident's written form; if it sends people to the
    servicetorget, followed by whether it is open right now."""
    text = _answers()[topic][language_of(language)]
    return as_resident_sees(text, live_profile(), now or datetime.now(timezone.utc), language_of(language))


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

"""Answer texts per topic and written form (nb, nn, en), as editors wrote them."""

from __future__ import annotations

from pathlib import Path

import yaml

from .catalogue import catalogue
from .content import content_dir

LANGUAGES = ("nb", "nn", "en")


def load_answers(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """topic id -> {nb, nn, en} from content/answers/*.yml (templates, facts not yet filled)."""
    folder = folder or content_dir() / "answers"
    answers: dict[str, dict[str, str]] = {}
    known = catalogue().topics
    for path in sorted(folder.glob("*.yml")):
        for topic, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if topic not in known:
                raise ValueError(f"{path.name}: {topic!r} is not a topic in topics.yml")
            if topic in answers:
                raise ValueError(f"{path.name}: {topic!r} is answered twice")
            absent = [lang for lang in LANGUAGES if not str(texts.get(lang) or "").strip()]
            if absent:
                raise ValueError(f"{path.name}: {topic!r} lacks {', '.join(absent)}")
            answers[topic] = {lang: " ".join(str(texts[lang]).split()) for lang in LANGUAGES}
    return answers


def load_titles(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """topic id -> short button titles {nb, nn, en} ("Mente du …?" buttons)."""
    folder = folder or content_dir() / "answers"
    titles: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yml")):
        for topic, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            title = texts.get("title") or {}
            titles[topic] = {lang: str(title[lang]) for lang in LANGUAGES if title.get(lang)}
    return titles

"""Checks and plain-language hints for an answer an editor writes in the staff pages.

One answer is three texts (bokmål, nynorsk, English) with {dotted.path} placeholders for the
kommune's facts. An answer is refused when a written form is empty, when a placeholder names a fact
the profile does not have, or when a web address cannot be a working link; the same rules stop
`make responses` (bot/build_responses.py), so what the staff pages accept the build accepts too.
The hints (LIX, the longest sentence) never refuse anything: they point to what to shorten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .profile import MissingFact, fact, placeholders

LANGUAGES = ("nb", "nn", "en")
LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk"}
MAX_LENGTH = 2000
# Anything that looks like a web address: with a scheme, or starting with www.
_LINK = re.compile(r"(?:https?:/*|www\.)[^\s<>\"]*", re.IGNORECASE)
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$", re.IGNORECASE)
# Letters of a word, for LIX: a long word has more than six.
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9{])")


def link_problem(link: str) -> str | None:
    """Why a web address in an answer would not work, or None when it is well formed."""
    trimmed = link.rstrip(".,;:!?)")
    if not re.match(r"https?://", trimmed, re.IGNORECASE):
        return f"«{trimmed}» mangler https:// foran."
    parts = urlsplit(trimmed)
    if not _HOST.match(parts.hostname or ""):
        return f"«{trimmed}» har ikke et gyldig domenenavn."
    if trimmed.lower().startswith("http://"):
        return f"«{trimmed}» bruker http://. Bruk https:// så lenken er sikker."
    return None


def answer_problems(texts: dict[str, str], facts: dict[str, Any]) -> dict[str, list[str]]:
    """What must be fixed before the answer can be saved, per written form (empty when none)."""
    problems: dict[str, list[str]] = {}
    for language in LANGUAGES:
        text = " ".join(str(texts.get(language) or "").split())
        found: list[str] = []
        if not text:
            found.append(f"Svaret på {LANGUAGE_NAMES[language]} mangler. Alle tre språkformene må fylles ut.")
        elif len(text) > MAX_LENGTH:
            found.append(f"Svaret er {len(text)} tegn. Det kan ha høyst {MAX_LENGTH}.")
        for path in placeholders(text):
            try:
                value = fact(path, facts)
            except MissingFact:
                found.append(f"{{{path}}} er ikke et faktum i kommuneprofilen.")
                continue
            if isinstance(value, (dict, list)):
                found.append(f"{{{path}}} er en gruppe av fakta, ikke ett faktum. Velg ett av dem.")
        if re.search(r"\{[^}]*$|^[^{]*\}", text) or text.count("{") != text.count("}"):
            found.append("En krøllparentes { } står alene. Plassholdere skrives slik: {servicetorget.phone}.")
        for link in _LINK.findall(text):
            if problem := link_problem(link):
                found.append(problem)
        if found:
            problems[language] = found
    return problems


@dataclass(frozen=True)
class PlainLanguage:
    """LIX (Björnsson's readability index) and the longest sentence of a text."""

    lix: int
    words: int
    sentences: int
    longest_sentence: int

    @property
    def level(self) -> str:
        # The usual Norwegian reading of LIX: under 40 easy, 40-50 middling, above 50 hard.
        return "lett" if self.lix < 40 else "middels" if self.lix <= 50 else "tung"

    def hints(self) -> list[str]:
        found = []
        if self.lix > 50:
            found.append(f"LIX er {self.lix} (tung tekst). Bruk kortere setninger og ord.")
        if self.longest_sentence > 25:
            found.append(f"Den lengste setningen har {self.longest_sentence} ord. Prøv å holde deg under 20.")
        return found


def plain_language(text: str) -> PlainLanguage:
    """LIX = words per sentence + 100 × share of words longer than six letters."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(text.split())) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return PlainLanguage(lix=0, words=0, sentences=0, longest_sentence=0)
    long_words = sum(1 for word in words if len(word) > 6)
    count = max(len(sentences), 1)
    lix = round(len(words) / count + 100 * long_words / len(words))
    longest = max(len(_WORD.findall(s)) for s in sentences) if sentences else len(words)
    return PlainLanguage(lix=lix, words=len(words), sentences=count, longest_sentence=longest)

"""Read a rating and a sector out of what a resident types in the feedback form."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import yaml

from .content import content_dir
from .textnorm import fold, words

# KS bedrekommune scale: 1 = svært misfornøyd ... 6 = svært fornøyd.
# Longest phrases first, so "svært misfornøyd" wins over "misfornøyd".
_RATING_PHRASES = [
    ("svaert misfornoyd", 1),
    ("veldig misfornoyd", 1),
    ("helt uenig", 1),
    ("very dissatisfied", 1),
    ("very unhappy", 1),
    ("elendig", 1),
    ("forferdelig", 1),
    ("terrible", 1),
    ("ikke fornoyd", 2),
    ("ikkje fornoyd", 2),
    ("ikke bra", 2),
    ("ikkje bra", 2),
    ("not good", 2),
    ("litt misfornoyd", 3),
    ("misfornoyd", 2),
    ("dissatisfied", 2),
    ("unhappy", 2),
    ("darlig", 2),
    ("bad", 2),
    ("uenig", 2),
    ("middels", 3),
    ("sa som sa", 3),
    ("greit nok", 4),
    ("ok", 4),
    ("okay", 4),
    ("litt fornoyd", 4),
    ("svaert fornoyd", 6),
    ("veldig fornoyd", 6),
    ("kjempefornoyd", 6),
    ("very satisfied", 6),
    ("very happy", 6),
    ("helt enig", 6),
    ("stralende", 6),
    ("excellent", 6),
    ("fornoyd", 5),
    ("satisfied", 5),
    ("happy", 5),
    ("bra", 5),
    ("good", 5),
    ("enig", 5),
]
_RATING_WORDS = {
    "en": 1,
    "ein": 1,
    "ett": 1,
    "eitt": 1,
    "one": 1,
    "to": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "seks": 6,
    "six": 6,
}
_DIGIT = re.compile(r"(?<![0-9])([1-6])(?![0-9])")


def parse_rating(text: str) -> int | None:
    """1–6 from "4", "fem", "veldig fornøyd", "4 av 6"; None when unclear."""
    folded = " ".join(words(text))
    digits = _DIGIT.findall(folded)
    if digits:
        return int(digits[0])
    if re.search(r"[0-9]", folded):
        return None  # a number outside 1–6 ("7", "10"): ask again rather than guess
    padded = f" {folded} "
    for phrase, value in _RATING_PHRASES:
        if f" {phrase} " in padded:
            return value
    tokens = folded.split()
    if len(tokens) <= 3:
        for token in tokens:
            if token in _RATING_WORDS:
                return _RATING_WORDS[token]
    return None


_YES = {
    "ja",
    "jo",
    "jepp",
    "ok",
    "okei",
    "gjerne",
    "greit",
    "yes",
    "yep",
    "sure",
    "selvfolgelig",
    "sjolvsagt",
    "javisst",
}
_NO = {"nei", "nope", "no", "ikke", "ikkje", "aldri", "not"}
_UNKNOWN = {
    "vet ikke",
    "veit ikkje",
    "vet ikkje",
    "veit ikke",
    "usikker",
    "ingen anelse",
    "dont know",
    "don t know",
    "i don t know",
    "not sure",
    "vet ikke helt",
    "ukjent",
    "hopp over",
    "skip",
}


def parse_yes_no(text: str) -> bool | None:
    """True for "ja"/"gjerne"/"yes", False for "nei"/"nei takk"/"no", None when unclear."""
    tokens = words(text)
    if not tokens:
        return None
    if tokens[0] in _NO or "nei" in tokens:
        return False
    if tokens[0] in _YES:
        return True
    return None


def is_unknown(text: str) -> bool:
    """ "vet ikke", "veit ikkje", "don't know" and the like."""
    return " ".join(words(text)) in _UNKNOWN


@lru_cache(maxsize=1)
def _sector_words() -> dict[str, list[str]]:
    raw = yaml.safe_load((content_dir() / "sector_words.yml").read_text(encoding="utf-8"))
    return {sector: [fold(w) for w in stems] for sector, stems in raw.items()}


def match_sector(text: str) -> str | None:
    """The sector code a free-text answer points to ("hjemmesykepleien" -> omsorg)."""
    tokens = words(text)
    scores: dict[str, int] = {}
    for sector, stems in _sector_words().items():
        for token in tokens:
            for stem in stems:
                if token.startswith(stem) or (
                    len(token) >= 6 and difflib.SequenceMatcher(None, token[: len(stem)], stem).ratio() >= 0.86
                ):
                    scores[sector] = scores.get(sector, 0) + len(stem)
    if not scores:
        return None
    best = max(scores.values())
    winners = [s for s, v in scores.items() if v == best]
    return winners[0] if len(winners) == 1 else None


def sector_from_text(text: str, sectors: dict[str, str]) -> str | None:
    """A sector code typed or clicked directly ("omsorg", "Barnehage"), else a keyword match."""
    folded = fold(text.strip())
    for code, name in sectors.items():
        if folded in (fold(code), fold(name)):
            return code
    return match_sector(text)

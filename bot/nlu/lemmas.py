"""Word lemmas for Norwegian, so "barnehagar", "barnehagane" and "barnehager" count as one word.

The topic model (bot/topic_model.py) counts a message's words as these lemmas:

1. a synonym map first (bot/nlu/synonyms.yml): residents' words for one thing ("bos", "boss",
   "søppel", "avfall" -> "avfall"; nynorsk "skule" -> "skole"), so the word vocabulary carries
   what the examples of one topic share across bokmål, nynorsk and dialect;
2. else simplemma's bokmål and nynorsk dictionaries (they ship inside the PyPI package).

Its character n-grams still see the text as written (typos, missing æøå).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import simplemma
import yaml

SYNONYMS = Path(__file__).with_name("synonyms.yml")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """word -> the word it stands for, from bot/nlu/synonyms.yml (groups: canonical: [words])."""
    groups = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}
    return {word.lower(): canonical for canonical, words in groups.items() for word in [canonical, *words]}


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The word residents' variants share: a synonym's head word, else the dictionary lemma."""
    word = word.lower()
    if word in synonyms():
        return synonyms()[word]
    base = simplemma.lemmatize(word, lang=("nb", "nn"))
    return synonyms().get(base, base)

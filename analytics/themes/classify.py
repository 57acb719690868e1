"""Classify a comment into zero or more themes, and tell whether it proposes a change.

Themes come from a linear model trained on labelled comments (model.py, fitted on first use from
data/train.yml); whether a comment suggests something comes from a few rules (rules.py).

Lemmas come from simplemma, not spaCy. spaCy without a trained pipeline gives Norwegian a
tokenizer and, through spacy-lookups-data, a bokmål lookup table only; its trained Norwegian
pipelines are downloads, not registry packages, and there is none for nynorsk. simplemma ships
bokmål and nynorsk dictionaries inside its PyPI package and needs no pipeline. The model uses the
lemmas as one of three feature blocks (with lemma pairs and character n-grams, which carry typos,
compounds and missing æøå); in cross-validation on the training file they add about 0.03 micro-F1
over plain words: the character n-grams already bridge most inflection.

Cost, once the model is fitted (about 2.5 s on first use in a process, see model.py): scikit-learn
spends about 1.5 ms on each call, so classify() costs that per distinct comment (repeated texts are
cached), while classify_many() sends the distinct comments through the model in batches for about
0.05–0.1 ms each. Use classify_many() for many rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .model import default_model, words
from .rules import SUGGESTION_PATTERNS

__all__ = ["classify", "classify_many", "is_suggestion", "words"]

# Comments per model call in classify_many (bounds the sparse feature matrix to some tens of MB).
_BATCH = 10_000
_SUGGESTION_RE = re.compile("|".join(f"(?:{p})" for p in SUGGESTION_PATTERNS))


@lru_cache(maxsize=131072)
def classify(text: str) -> tuple[str, ...]:
    """The theme codes of a comment, in taxonomy order (empty for "Takk!" and the like)."""
    if not text or not text.strip():
        return ()
    return default_model().predict(text)


def classify_many(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """classify() for many comments: the distinct ones go through the model in batches of _BATCH."""
    texts = list(texts)
    distinct = list(dict.fromkeys(text for text in texts if text and text.strip()))
    themes: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(distinct), _BATCH):
        batch = distinct[start : start + _BATCH]
        themes.update(zip(batch, default_model().predict_many(batch), strict=True))
    return [themes.get(text, ()) for text in texts]


@lru_cache(maxsize=131072)
def is_suggestion(text: str) -> bool:
    """Whether the comment proposes a change ("burde", "ønsker at", "kunne dere …")."""
    return bool(text) and bool(_SUGGESTION_RE.search(" ".join(words(text))))

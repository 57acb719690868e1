"""The trained theme classifier: TF-IDF features of a comment, one ridge scorer per theme (scikit-learn).

Features, in three blocks, each a scikit-learn TfidfVectorizer (sublinear term frequency, smooth IDF,
scaled to unit length) joined by a FeatureUnion that weights the blocks: the comment's words as
simplemma lemmas (bokmål dictionary first, then nynorsk); pairs of neighbouring lemmas ("ta på
alvor", "for få"); and character n-grams (3–5, inside words) of the text with æ, ø and å folded to
ae, o and a, so "soppel", "darlig" and "søppeltømmingen" meet "søppel", "dårlig" and "tømming".
Features seen in fewer than two training comments are dropped. Only the analyzers (what a comment's
tokens are) are written here; counting, IDF, scaling and weighting are scikit-learn's.

Scorers: one multi-output Ridge on targets +1/−1 (one-vs-rest regularised least squares), fitted on
the labelled comments in data/train.yml and data/real_style_*.yml (training.py). Unlike the
hand-written closed form this replaces, Ridge leaves the intercept unpenalised; that is its default
and the simplest, and cross-validated micro-F1 moved by 0.001 (scores by at most 0.03). A theme is
given when its score reaches its threshold in Settings.threshold. Reading a comment sentence by
sentence (each theme's score the maximum over the whole comment and its sentences, or a blend of
the two) was measured too, by cross-validation grouped by writer and sector on 2 674 comments:
0.761 (max) and 0.773 (half way) against 0.771 for the whole comment, so the model reads whole
comments; sentences are used where they do help, for each theme's praise or criticism
(polarity.py). Regularised logistic regression was tried as well: it scored no better in
cross-validation and took tens of seconds to fit.

Why scikit-learn: the vectorizer and solver used to be hand-written to spare its import, but a
well-kept library beats our own copy, and analytics reports take seconds anyway. scikit-learn is
imported in ThemeModel.fit, not with this module, so importing analytics.themes (the intake API
does) stays cheap. Measured on this machine (2 cores, busy): the scikit-learn import 1.5–3 s; the
default model's first use in a process 2.9–4.3 s, including the import and simplemma's
dictionaries (it was 1.5–1.7 s hand-written); fitting alone 0.2–0.4 s (up to 1.5 s while other
processes hold the CPUs: OpenBLAS's threads wait on each other). Then 0.05–0.08 ms per comment when
comments come in batches (predict_many, classify_many) and about 1.5 ms for a single one
(scikit-learn's checks and plumbing per call).

The hyperparameters in Settings were chosen by cross-validation on the training file only
(`python -m analytics.themes.crossval` prints the figures). The model is fitted from the shipped
YAML on first use in a process and kept (no fitted artefact is stored); fitting is deterministic.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import simplemma

from .taxonomy import THEMES

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion, Pipeline

TRAINING_DATA = Path(__file__).with_name("data") / "train.yml"
CODES: tuple[str, ...] = tuple(THEMES)

_WORD = re.compile(r"[\w-]+", re.UNICODE)
# A sentence ends at . ! ? (then a space) or a line break; "kl. 8" and "ca. 20" are rare enough in
# comments that a stray split only adds one more short piece to read.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_DIGITS = re.compile(r"\d+")
# Try bokmål first, then nynorsk: a word both know (most) gets the same lemma either way.
_LANGS = ("nb", "nn")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ä": "ae", "ö": "o", "ü": "u"})


@dataclass(frozen=True)
class Settings:
    """Hyperparameters; the defaults are the ones cross-validation chose."""

    char_range: tuple[int, int] = (3, 5)
    min_df: int = 2
    # Weights of the feature blocks: lemmas, lemma pairs, character n-grams.
    block_weights: tuple[float, float, float] = (1.0, 0.5, 1.0)
    # Ridge penalty (larger: smoother scorers, fewer themes given).
    penalty: float = 2.0
    # A theme is given when its score (about −1 for "no", +1 for "yes") reaches its threshold; one per
    # theme, in taxonomy order (informasjon … lokaler). Chosen on out-of-fold scores of cross-validation
    # grouped by writer and sector (`python -m analytics.themes.crossval --per-theme`): micro-F1 0.771
    # against 0.761 with one threshold (−0.35) for all. A float gives every theme the same threshold.
    threshold: float | tuple[float, ...] = (-0.1, -0.25, -0.3, -0.4, -0.35, -0.4, -0.5, -0.35, -0.4, -0.3)


def sentences(text: str) -> list[str]:
    """The comment's sentences (the whole comment when it is one)."""
    parts = [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]
    return parts or [text]


# Praise and criticism often share a sentence, turned by a contrast: "flinke, men vi får aldri vite".
_CONTRAST = re.compile(r"[,;]?\s+(?=(?:men|but)\b)|[,;]\s+(?=(?:likevel|derimot|however)\b)", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The comment's sentences, each also cut before a contrast ("men", "but", "likevel")."""
    return [piece.strip() for sentence in sentences(text) for piece in _CONTRAST.split(sentence) if piece.strip()]


def words(text: str) -> list[str]:
    """Lower-cased words (hyphenated ones kept whole: "drop-in", "e-post")."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def fold(text: str) -> str:
    """æ, ø, å (and a few foreign letters) as residents without a Norwegian keyboard write them."""
    return text.translate(_FOLD)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The word's lemma, folded, with digits as 0."""
    return _DIGITS.sub("0", fold(str(simplemma.lemmatize(word, lang=_LANGS))))


def lemmas(text: str) -> list[str]:
    """Analyzer of the first block: the comment's lemmas."""
    return [lemma(token) for token in words(text)]


def lemma_pairs(text: str) -> list[str]:
    """Analyzer of the second block: neighbouring lemmas."""
    return [f"{a} {b}" for a, b in itertools.pairwise(lemmas(text))]


@lru_cache(maxsize=65536)
def _word_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    padded = f" {_DIGITS.sub('0', fold(word))} "
    return tuple(padded[i : i + n] for n in range(low, high + 1) for i in range(max(1, len(padded) - n + 1)))


def char_grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Analyzer of the third block: character n-grams inside each folded word (padded with a space)."""
    return [gram for token in words(text) for gram in _word_grams(token, low, high)]


def _features(settings: Settings) -> FeatureUnion:
    """The unfitted feature blocks: one TF-IDF vectorizer per analyzer, weighted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    low, high = settings.char_range
    analyzers = {"lemmas": lemmas, "pairs": lemma_pairs, "chars": partial(char_grams, low=low, high=high)}
    tfidf = partial(TfidfVectorizer, sublinear_tf=True, min_df=settings.min_df, smooth_idf=True, norm="l2")
    blocks = [(name, tfidf(analyzer=analyzer)) for name, analyzer in analyzers.items()]
    return FeatureUnion(blocks, transformer_weights=dict(zip(analyzers, settings.block_weights, strict=True)))


@dataclass
class ThemeModel:
    """A fitted classifier: a scikit-learn pipeline (features, then ridge) and the threshold."""

    pipeline: Pipeline
    threshold: float | np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Iterable[Iterable[str]], settings: Settings | None = None) -> ThemeModel:
        """Fit on labelled comments (labels: theme codes per comment; unknown codes are ignored)."""
        from sklearn.linear_model import Ridge
        from sklearn.pipeline import make_pipeline

        settings = settings or Settings()
        targets = np.array([[1.0 if code in chosen else -1.0 for code in CODES] for chosen in map(set, labels)])
        pipeline = make_pipeline(_features(settings), Ridge(alpha=settings.penalty))
        pipeline.fit(list(texts), targets)
        return cls(pipeline, np.asarray(settings.threshold))

    @property
    def vectorizer(self) -> FeatureUnion:
        """The fitted feature blocks."""
        union: FeatureUnion = self.pipeline[0]
        return union

    @property
    def weights(self) -> np.ndarray:
        """The ridge weights, features × themes."""
        return np.asarray(self.pipeline[-1].coef_).T

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """Each comment's theme scores (comments × themes, taxonomy order), in one pass."""
        if not texts:
            return np.empty((0, len(CODES)))
        return np.asarray(self.pipeline.predict(list(texts)))

    def scores(self, text: str) -> np.ndarray:
        """Each theme's score (taxonomy order) for one comment."""
        return self.scores_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """predict() for many comments, through one transform (much cheaper per comment than one by one)."""
        return [
            tuple(code for code, given in zip(CODES, row, strict=True) if given)
            for row in self.scores_many(texts) >= self.threshold
        ]

    def predict(self, text: str) -> tuple[str, ...]:
        """The theme codes whose score reaches their threshold, in taxonomy order."""
        return self.predict_many([text])[0]


_lock = threading.Lock()
_fitted: ThemeModel | None = None


def default_model() -> ThemeModel:
    """The model fitted on data/train.yml (plus staff corrections when set): fitted once per process, on first use."""
    global _fitted
    if _fitted is None:
        with _lock:
            if _fitted is None:
                from .training import training_comments

                comments = training_comments()
                _fitted = ThemeModel.fit([c.text for c in comments], [c.themes for c in comments])
    return _fitted

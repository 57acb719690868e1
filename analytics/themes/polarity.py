"""Praise or criticism, from a comment's text alone: per comment and per theme.

Comments from other channels and those staff enter come without a rating, and a rating says
nothing about which theme was praised and which criticised ("Personalet er fantastisk, men
lokalene er for små"). Two linear models on the theme model's features (model.py: lemmas, lemma
pairs, folded character n-grams), both scikit-learn logistic regressions fitted on the labelled
comments that carry a polarity (GUIDE.md, section 4):

- the comment model reads the whole comment: "ros", "kritikk", "blandet" or "nøytral";
- the valence model tells praise from criticism ("ros" / "kritikk") in one clause (a sentence, cut
  again before "men", "but", "likevel"). A theme's polarity is the valence of the clause that speaks
  most of that theme (the theme model's scores decide which), so a mixed comment gets "ros" on one
  theme and "kritikk" on another.

Which way was chosen, and the figures: README, "Themes".
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .model import CODES, Settings, ThemeModel, _features, clauses

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from .evaluate import LabelledComment

POLARITIES = ("ros", "kritikk", "blandet", "nøytral")
VALENCES = ("ros", "kritikk")
# Logistic regression's inverse penalty; chosen by cross-validation (analytics.themes.crossval).
_C = 10.0


@dataclass(frozen=True)
class Reading:
    """What a comment says of the service: overall, and for each of its themes."""

    polarity: str
    themes: dict[str, str]


def _pipeline(texts: Sequence[str], labels: Sequence[str]) -> Pipeline:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(_features(Settings()), LogisticRegression(C=_C, max_iter=2000, class_weight="balanced"))
    pipeline.fit(list(texts), list(labels))
    return pipeline


@dataclass
class PolarityModel:
    """The comment model and the sentence valence model, fitted together."""

    comment: Pipeline
    valence: Pipeline

    @classmethod
    def fit(cls, comments: Sequence[LabelledComment]) -> PolarityModel:
        rated = [c for c in comments if c.polarity in POLARITIES]
        if len({c.polarity for c in rated}) < 2:
            raise ValueError("polarity needs labelled comments of at least two kinds (GUIDE.md, section 4)")
        # A comment that is only praise or only criticism teaches the valence of its sentences too.
        plain = [c for c in rated if c.polarity in VALENCES]
        return cls(
            _pipeline([c.text for c in rated], [c.polarity for c in rated]),
            _pipeline([c.text for c in plain], [c.polarity for c in plain]),
        )

    def polarity_many(self, texts: Sequence[str]) -> list[str]:
        """Each comment's polarity ("ros", "kritikk", "blandet", "nøytral")."""
        if not texts:
            return []
        return [str(label) for label in self.comment.predict(list(texts))]

    def read_many(self, texts: Sequence[str], themes: Sequence[Sequence[str]], model: ThemeModel) -> list[Reading]:
        """Each comment's polarity and each given theme's valence (the sentence that speaks most of it)."""
        overall = self.polarity_many(texts)
        pieces = [clauses(text) for text in texts]
        flat = [piece for parts in pieces for piece in parts]
        if not flat:
            return [Reading(p, {}) for p in overall]
        theme_scores = model.scores_many(flat)
        valences = [str(v) for v in self.valence.predict(flat)]
        readings = []
        start = 0
        for polarity, parts, codes in zip(overall, pieces, themes, strict=True):
            rows = slice(start, start + len(parts))
            start += len(parts)
            per_theme = {}
            for code in codes:
                if code not in CODES:
                    continue
                best = int(np.argmax(theme_scores[rows, CODES.index(code)]))
                per_theme[code] = valences[rows][best]
            readings.append(Reading(polarity, per_theme))
        return readings


def grouped_polarity_accuracy(comments: Sequence[LabelledComment], folds: int = 5) -> tuple[float, dict[str, float]]:
    """Comment polarity accuracy with folds grouped by writer and sector, and the share right per class."""
    from sklearn.model_selection import GroupKFold

    rated = [c for c in comments if c.polarity in POLARITIES]
    truth = np.array([c.polarity for c in rated])
    predicted = np.empty(len(rated), dtype=object)
    groups = [c.group or str(i) for i, c in enumerate(rated)]
    for kept, held in GroupKFold(folds).split(np.zeros(len(rated)), groups=groups):
        model = PolarityModel.fit([rated[i] for i in kept])
        predicted[held] = model.polarity_many([rated[i].text for i in held])
    per_class = {
        label: float((predicted[truth == label] == label).mean()) for label in POLARITIES if (truth == label).any()
    }
    return float((predicted == truth).mean()), per_class


_lock = threading.Lock()
_fitted: PolarityModel | None = None


def read_comments(texts: Sequence[str], themes: Sequence[Sequence[str]]) -> list[Reading]:
    """Each comment's polarity and its themes' praise or criticism, with the shipped models."""
    from .model import default_model

    return default_polarity_model().read_many(texts, themes, default_model())


def default_polarity_model() -> PolarityModel:
    """The polarity model fitted on the shipped labelled comments that carry a polarity (once per process)."""
    global _fitted
    if _fitted is None:
        with _lock:
            if _fitted is None:
                from .training import training_comments

                _fitted = PolarityModel.fit(training_comments())
    return _fitted

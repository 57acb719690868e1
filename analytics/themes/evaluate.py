"""Precision and recall of the theme classifier on a labelled set of comments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .classify import classify, is_suggestion
from .taxonomy import THEMES


@dataclass(frozen=True)
class LabelledComment:
    """One comment with the themes a person gave it."""

    text: str
    lang: str
    themes: frozenset[str]
    suggestion: bool
    # Praise or criticism (GUIDE.md, section 4): "ros", "kritikk", "blandet", "nøytral"; "" where the
    # set predates polarity labels. theme_polarity: (theme, "ros" | "kritikk") pairs.
    polarity: str = ""
    theme_polarity: tuple[tuple[str, str], ...] = ()
    # Where the comment came from (file and sector), for cross-validation grouped by writer.
    group: str = field(default="", compare=False)


@dataclass(frozen=True)
class Score:
    """Counts and rates for one label (a theme, "micro" over all themes, or "suggestion")."""

    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    """Per-theme scores, the micro average over themes, and the suggestion detector's score."""

    size: int
    per_theme: dict[str, Score]
    micro: Score
    suggestion: Score
    errors: list[tuple[str, tuple[str, ...], tuple[str, ...]]]

    def table(self) -> str:
        """A plain-text table for logs and the README."""
        lines = [f"{'theme':<24} {'support':>7} {'precision':>9} {'recall':>6} {'F1':>5}"]
        for score in [*self.per_theme.values(), self.micro, self.suggestion]:
            lines.append(
                f"{score.label:<24} {score.support:>7} {score.precision:>9.2f} {score.recall:>6.2f} {score.f1:>5.2f}"
            )
        return "\n".join(lines)


def load_labelled(path: Path) -> list[LabelledComment]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    comments = []
    for number, entry in enumerate(raw["comments"]):
        unknown = set(entry["themes"]) - set(THEMES)
        if unknown:
            raise ValueError(f"{path.name}: unknown theme(s) {sorted(unknown)} in {entry['text']!r}")
        comments.append(
            LabelledComment(
                text=str(entry["text"]),
                lang=str(entry["lang"]),
                themes=frozenset(entry["themes"]),
                suggestion=bool(entry["suggestion"]),
                polarity=str(entry.get("polarity") or ""),
                theme_polarity=tuple(sorted((entry.get("theme_polarity") or {}).items())),
                # Files without a sector field are written section by section: runs of 40 stand in.
                group=f"{path.stem}:{entry.get('sector') or number // 40}",
            )
        )
    return comments


def evaluate(
    comments: Sequence[LabelledComment],
    classifier: Callable[[str], tuple[str, ...]] = classify,
    suggests: Callable[[str], bool] = is_suggestion,
) -> Evaluation:
    counts = {code: [0, 0, 0] for code in THEMES}
    suggestion = [0, 0, 0]
    errors = []
    for comment in comments:
        predicted = set(classifier(comment.text))
        for code in THEMES:
            if code in predicted and code in comment.themes:
                counts[code][0] += 1
            elif code in predicted:
                counts[code][1] += 1
            elif code in comment.themes:
                counts[code][2] += 1
        if predicted != comment.themes:
            errors.append((comment.text, tuple(sorted(comment.themes)), tuple(sorted(predicted))))
        said = suggests(comment.text)
        slot = 0 if said and comment.suggestion else 1 if said else 2 if comment.suggestion else None
        if slot is not None:
            suggestion[slot] += 1
    per_theme = {code: Score(code, *values) for code, values in counts.items()}
    micro = Score("micro", *(sum(values[i] for values in counts.values()) for i in range(3)))
    return Evaluation(len(comments), per_theme, micro, Score("suggestion", *suggestion), errors)

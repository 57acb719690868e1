"""Staff corrections as training data: export them (scrubbed) and measure a model retrained with them.

`analytics themes export-corrections` writes every comment whose themes a person set on the staff pages
(feedback.themes_corrected_at is set) as one labelled YAML line, the format of data/train.yml, with
`source: staff-correction`. The text goes through analytics.anonymize (innbygger_common.scrub's
fødselsnummer, phone, e-mail and account numbers, then anything that looks like a person's name).

`analytics themes retrain` fits the model on the shipped training data alone and on it plus a
corrections file (through training.load_training_data, the loader the service's model uses too), and
prints both models' figures: cross-validated on their own training comments (crossval.py) and on the
held-out set (evaluate.py). It writes nothing: the service uses the corrections when
ANALYTICS_THEME_CORRECTIONS names the file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake_api.models import Feedback, Unit

from ..anonymize import add_known_names, anonymize
from .classify import is_suggestion
from .crossval import out_of_fold_scores, pooled_scores, scores_dealt
from .evaluate import Evaluation, LabelledComment, Score, evaluate, load_labelled
from .model import CODES, Settings, ThemeModel
from .training import TrainingData, load_training_data, normalised

SOURCE = "staff-correction"
LANGUAGES = ("nb", "nn", "en")
# The held-out set (tests/, not shipped with the package): used when the repository is at hand.
HELDOUT = Path(__file__).resolve().parents[2] / "tests" / "analytics" / "themes" / "heldout3.yml"

HEADER = """\
# Staff corrections of feedback themes: labelled comments for the theme classifier.
#
# Exported by `analytics themes export-corrections` on {day} from the intake database: every comment
# whose themes a person set on the staff pages ({count} comments). Not checked against the labelling
# guide: review the lines before copying any into analytics/themes/data/train.yml.
# Texts are scrubbed: fødselsnummer, phone numbers, e-mail and account numbers, and anything that
# looks like a person's name ([navn]). `suggestion` is the suggestion rule's reading (staff do not set
# it); `polarity` is what staff chose (null where they chose none); staff do not set `theme_polarity`.
#
# Measure:  analytics themes retrain --corrections THIS_FILE
# Use:      ANALYTICS_THEME_CORRECTIONS=THIS_FILE for the intake API and analytics (read when the model is fitted)
comments:
"""


def _scalar(text: str) -> str:
    """The text on one line as a YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)  # YAML refuses some control characters
    return json.dumps(" ".join(printable.split()), ensure_ascii=False)


def correction_line(text: str, lang: str, themes: Sequence[str], polarity: str | None) -> str:
    """One labelled comment in the training data's format (the text already scrubbed)."""
    return (
        f"  - {{lang: {lang}, suggestion: {'true' if is_suggestion(text) else 'false'}, "
        f"themes: [{', '.join(themes)}], polarity: {polarity or 'null'}, theme_polarity: {{}}, "
        f"text: {_scalar(text)}, source: {SOURCE}}}"
    )


def export_corrections(engine: Engine, now: datetime | None = None) -> tuple[str, int]:
    """(the YAML file's content, how many comments): the staff-corrected comments with text, oldest first."""
    query = (
        select(Feedback.text, Feedback.language, Feedback.themes, Feedback.polarity)
        .where(Feedback.themes_corrected_at.is_not(None))
        .order_by(Feedback.themes_corrected_at, Feedback.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        allowed = add_known_names(connection.scalars(select(Unit.name)).all())
    lines = []
    for text, language, themes, polarity in rows:
        if not (text or "").strip():
            continue
        codes = [code for code in CODES if code in set(themes or [])]
        lang = language if language in LANGUAGES else "nb"
        lines.append(correction_line(anonymize(text, allowed), lang, codes, polarity))
    day = f"{(now or datetime.now()):%Y-%m-%d}"
    body = "\n".join(lines) + "\n" if lines else "  []\n"
    return HEADER.format(day=day, count=len(lines)) + body, len(lines)


@dataclass(frozen=True)
class Figures:
    """One model's figures: cross-validated on its training comments, and on the held-out set."""

    comments: int
    crossval: list[Score]
    heldout: Evaluation | None


@dataclass(frozen=True)
class RetrainReport:
    """The model on the shipped data (before) and on the shipped data plus the corrections (after)."""

    training: TrainingData
    folds: int
    repeats: int
    heldout_file: Path | None
    # Corrections that are comments of the held-out set: left out of the measured model.
    heldout_overlap: int
    before: Figures
    after: Figures


def stable_out_of_fold_scores(
    comments: Sequence[LabelledComment], shipped: int, settings: Settings, folds: int, seed: int
) -> np.ndarray:
    """crossval.out_of_fold_scores, with the first `shipped` comments in the folds they have without the rest.

    crossval shuffles all comments by the seed, so one comment more would deal every comment into another
    fold, and the change in the figures would be mostly that reshuffle. Here the shipped comments keep the
    folds crossval gives them on their own, and the corrections after them are dealt round the folds; with
    no corrections this is exactly crossval.out_of_fold_scores.
    """
    if len(comments) == shipped:
        return out_of_fold_scores(comments, settings, folds, seed)
    order = np.concatenate([np.random.default_rng(seed).permutation(shipped), np.arange(shipped, len(comments))])
    return scores_dealt(comments, settings, order, folds)


def _measure(
    comments: Sequence[LabelledComment], shipped: int, heldout: list[LabelledComment] | None, folds: int, repeats: int
) -> Figures:
    settings = Settings()
    runs = [stable_out_of_fold_scores(comments, shipped, settings, folds, seed) for seed in range(repeats)]
    crossval = pooled_scores(comments, runs, settings.threshold)
    result = None
    if heldout:
        model = ThemeModel.fit([c.text for c in comments], [c.themes for c in comments], settings)
        texts = [c.text for c in heldout]
        predicted = dict(zip(texts, model.predict_many(texts), strict=True))
        result = evaluate(heldout, classifier=predicted.__getitem__)
    return Figures(len(comments), crossval, result)


def retrain(
    corrections: Path | None = None, heldout_file: Path | None = HELDOUT, folds: int = 5, repeats: int = 2
) -> RetrainReport:
    """Fit and measure the model without and with the corrections (`corrections`, else the setting)."""
    if folds < 2 or repeats < 1:
        raise ValueError("--folds must be at least 2 and --repeats at least 1")
    training = load_training_data(corrections)
    if training.corrections_file is None:
        raise ValueError("no corrections file: give --corrections FILE or set ANALYTICS_THEME_CORRECTIONS")
    heldout = load_labelled(heldout_file) if heldout_file is not None and heldout_file.is_file() else None
    shipped, added = training.comments[: training.shipped], training.comments[training.shipped :]
    if heldout:
        held = {normalised(c.text) for c in heldout}
        added = [c for c in added if normalised(c.text) not in held]
    overlap = training.corrections - len(added)
    return RetrainReport(
        training=training,
        folds=folds,
        repeats=repeats,
        heldout_file=heldout_file if heldout else None,
        heldout_overlap=overlap,
        before=_measure(shipped, len(shipped), heldout, folds, repeats),
        after=_measure([*shipped, *added], len(shipped), heldout, folds, repeats),
    )


def _score(score: Score) -> dict[str, Any]:
    return {
        "support": score.support,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "true_positives": score.true_positives,
        "false_positives": score.false_positives,
        "false_negatives": score.false_negatives,
    }


def _figures(figures: Figures) -> dict[str, Any]:
    heldout = figures.heldout
    return {
        "training_comments": figures.comments,
        "crossval": {s.label: _score(s) for s in figures.crossval},
        "heldout": None
        if heldout is None
        else {
            "comments": heldout.size,
            **{code: _score(s) for code, s in heldout.per_theme.items()},
            "micro": _score(heldout.micro),
        },
    }


def report_dict(report: RetrainReport) -> dict[str, Any]:
    """The report as plain values (for --json)."""
    training = report.training
    return {
        "corrections_file": str(training.corrections_file),
        "shipped_comments": training.shipped,
        "corrections_added": training.corrections,
        "corrections_already_shipped": training.duplicates,
        "corrections_in_heldout_left_out": report.heldout_overlap,
        "folds": report.folds,
        "repeats": report.repeats,
        "heldout_file": str(report.heldout_file) if report.heldout_file else None,
        "before": _figures(report.before),
        "after": _figures(report.after),
    }


def _prf(score: Score | None) -> str:
    return "   –     –     –  " if score is None else f"{score.precision:5.2f} {score.recall:5.2f} {score.f1:5.2f} "


def _change(before: Score | None, after: Score | None) -> str:
    if before is None or after is None:
        return ""
    return f"{after.f1 - before.f1:+.3f}"


def report_text(report: RetrainReport) -> str:
    """The report for people: where the comments came from, then the figures per theme before and after."""
    training = report.training
    lines = [
        f"Treningskommentarer: {training.shipped} fra pakken + {_rettinger(training.corrections)} fra "
        f"{training.corrections_file} = {training.shipped + training.corrections}",
    ]
    if training.duplicates:
        lines.append(
            f"  Rettinger av kommentarer som alt står i treningsdataene: {training.duplicates} (ikke lagt til)"
        )
    if report.heldout_overlap:
        lines.append(
            f"  Rettinger av kommentarer som står i testsettet: {report.heldout_overlap} (holdt utenfor målingen; "
            "bare modellen i tjenesten lærer av dem)"
        )
    held = report.after.heldout
    lines.append(
        f"Kryssvalidering: {report.folds} deler × {report.repeats} på hver modells egne treningskommentarer "
        f"({report.before.comments} før, {report.after.comments} etter)"
    )
    if held is not None and report.heldout_file is not None:
        lines.append(f"Testsett (holdt utenfor): {report.heldout_file.name}, {held.size} kommentarer")
    else:
        lines.append("Testsett: ikke funnet (gi --heldout FILE), bare kryssvalidering")
    lines.append("")
    lines.append(f"{'':<24} {'kryssvalidering P/R/F1':^44}  {'testsett P/R/F1':^44}".rstrip())
    lines.append(f"{'tema':<24} {'før':^18} {'etter':^18} {'ΔF1':>6}  {'før':^18} {'etter':^18} {'ΔF1':>6}")
    before_cv = {s.label: s for s in report.before.crossval}
    after_cv = {s.label: s for s in report.after.crossval}
    before_held = _heldout_scores(report.before.heldout)
    after_held = _heldout_scores(report.after.heldout)
    for label in [*CODES, "micro"]:
        b, a = before_cv.get(label), after_cv.get(label)
        hb, ha = before_held.get(label), after_held.get(label)
        lines.append(
            f"{label:<24} {_prf(b)} {_prf(a)} {_change(b, a):>6}  {_prf(hb)} {_prf(ha)} {_change(hb, ha):>6}".rstrip()
        )
    micro_before, micro_after = before_cv["micro"], after_cv["micro"]
    summary = f"Mikro-F1, kryssvalidering: {micro_before.f1:.3f} → {micro_after.f1:.3f}"
    if "micro" in before_held and "micro" in after_held:
        summary += f"; testsett: {before_held['micro'].f1:.3f} → {after_held['micro'].f1:.3f}"
    lines += [
        "",
        summary,
        "Ingenting er skrevet. Tjenesten bruker rettingene når ANALYTICS_THEME_CORRECTIONS peker på filen.",
    ]
    return "\n".join(lines) + "\n"


def _heldout_scores(evaluation: Evaluation | None) -> dict[str, Score]:
    if evaluation is None:
        return {}
    return {**evaluation.per_theme, "micro": evaluation.micro}


def _rettinger(count: int) -> str:
    return f"{count} retting" if count == 1 else f"{count} rettinger"

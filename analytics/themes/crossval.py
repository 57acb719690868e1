"""Cross-validation of the theme classifier on its own training file: the figures used for tuning.

    .venv/app/bin/python -m analytics.themes.crossval [--folds 5] [--repeats 2] [--sweep]

Each fold's model is fitted from scratch on the other folds (vocabulary and IDF included), so no
comment is scored by a model that saw it. Counts are pooled over the folds and repeats. `--sweep`
also prints micro-F1 for a range of thresholds (the way Settings.threshold was chosen).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from .evaluate import LabelledComment, Score, load_labelled
from .model import CODES, TRAINING_DATA, Settings, ThemeModel


def out_of_fold_scores(
    comments: Sequence[LabelledComment], settings: Settings, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """Every comment's theme scores from a model fitted without its fold (comments × themes)."""
    order = np.random.default_rng(seed).permutation(len(comments))
    scores = np.zeros((len(comments), len(CODES)))
    for fold in range(folds):
        held = order[fold::folds]
        kept = np.setdiff1d(order, held)
        model = ThemeModel.fit([comments[i].text for i in kept], [comments[i].themes for i in kept], settings)
        scores[held] = model.scores_many([comments[i].text for i in held])
    return scores


def pooled_scores(comments: Sequence[LabelledComment], scores: Sequence[np.ndarray], threshold: float) -> list[Score]:
    """Per-theme scores, then "micro", with counts summed over the repeats."""
    truth = np.array([[code in c.themes for code in CODES] for c in comments])
    counts = np.zeros((len(CODES), 3), dtype=int)
    for run in scores:
        given = run >= threshold
        counts[:, 0] += (given & truth).sum(axis=0)
        counts[:, 1] += (given & ~truth).sum(axis=0)
        counts[:, 2] += (~given & truth).sum(axis=0)
    result = [Score(code, *map(int, counts[k])) for k, code in enumerate(CODES)]
    return [*result, Score("micro", *map(int, counts.sum(axis=0)))]


def table(rows: Sequence[Score]) -> str:
    lines = [f"{'theme':<24} {'support':>7} {'precision':>9} {'recall':>6} {'F1':>5}"]
    lines += [f"{s.label:<24} {s.support:>7} {s.precision:>9.3f} {s.recall:>6.3f} {s.f1:>5.3f}" for s in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=TRAINING_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--penalty", type=float, help="override Settings.penalty")
    parser.add_argument("--sweep", action="store_true", help="micro-F1 for thresholds −0.6 … 0")
    args = parser.parse_args(argv)
    settings = Settings() if args.penalty is None else replace(Settings(), penalty=args.penalty)
    comments = load_labelled(args.file)
    runs = [out_of_fold_scores(comments, settings, args.folds, seed) for seed in range(args.repeats)]
    print(f"{len(comments)} comments, {args.folds}-fold cross-validation × {args.repeats}", end=", ")
    print(f"penalty {settings.penalty}, threshold {settings.threshold}")
    print(table(pooled_scores(comments, runs, settings.threshold)))
    if args.sweep:
        for threshold in np.arange(-0.6, 0.01, 0.05):
            micro = pooled_scores(comments, runs, float(threshold))[-1]
            print(f"threshold {threshold:+.2f}: P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

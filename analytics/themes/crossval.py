"""Cross-validation of the theme classifier on its own training data: the figures used for tuning.

    .venv/app/bin/python -m analytics.themes.crossval [--folds 5] [--repeats 2] [--sweep] [--per-theme]

Each fold's model is fitted from scratch on the other folds (vocabulary and IDF included), so no
comment is scored by a model that saw it. Counts are pooled over the folds and repeats. `--sweep`
also prints micro-F1 for one threshold for all themes over a range; `--per-theme` scores folds
grouped by writer and sector (a writer's style in one sector never on both sides) and prints the
best threshold of each theme on those out-of-fold scores (the way Settings.threshold was chosen).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from .evaluate import LabelledComment, Score, load_labelled
from .model import CODES, Settings, ThemeModel


def out_of_fold_scores(
    comments: Sequence[LabelledComment], settings: Settings, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """Every comment's theme scores from a model fitted without its fold (comments × themes)."""
    return scores_dealt(comments, settings, np.random.default_rng(seed).permutation(len(comments)), folds)


def scores_dealt(comments: Sequence[LabelledComment], settings: Settings, order: np.ndarray, folds: int) -> np.ndarray:
    """Out-of-fold scores with the comments dealt round `folds` folds in `order` (every folds-th is one fold)."""
    return fold_scores(
        comments, settings, ((np.setdiff1d(order, order[f::folds]), order[f::folds]) for f in range(folds))
    )


def fold_scores(
    comments: Sequence[LabelledComment], settings: Settings, splits: Iterable[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    """Each held comment's scores from a model fitted on its split's kept comments (comments × themes)."""
    scores = np.zeros((len(comments), len(CODES)))
    for kept, held in splits:
        model = ThemeModel.fit([comments[i].text for i in kept], [comments[i].themes for i in kept], settings)
        scores[held] = model.scores_many([comments[i].text for i in held])
    return scores


def pooled_scores(
    comments: Sequence[LabelledComment], scores: Sequence[np.ndarray], threshold: float | Sequence[float]
) -> list[Score]:
    """Per-theme scores, then "micro", with counts summed over the repeats."""
    truth = np.array([[code in c.themes for code in CODES] for c in comments])
    counts = np.zeros((len(CODES), 3), dtype=int)
    for run in scores:
        given = run >= np.asarray(threshold)
        counts[:, 0] += (given & truth).sum(axis=0)
        counts[:, 1] += (given & ~truth).sum(axis=0)
        counts[:, 2] += (~given & truth).sum(axis=0)
    result = [Score(code, *map(int, counts[k])) for k, code in enumerate(CODES)]
    return [*result, Score("micro", *map(int, counts.sum(axis=0)))]


def grouped_out_of_fold_scores(comments: Sequence[LabelledComment], settings: Settings, folds: int = 5) -> np.ndarray:
    """out_of_fold_scores with folds grouped by LabelledComment.group (file and sector)."""
    from sklearn.model_selection import GroupKFold

    groups = [c.group or str(i) for i, c in enumerate(comments)]
    return fold_scores(comments, settings, GroupKFold(folds).split(np.zeros(len(comments)), groups=groups))


def best_thresholds(
    comments: Sequence[LabelledComment], scores: np.ndarray, grid: Sequence[float] = tuple(np.arange(-0.8, 0.21, 0.05))
) -> tuple[float, ...]:
    """Each theme's threshold with the highest F1 on these scores (ties to the lower threshold)."""
    truth = np.array([[code in c.themes for code in CODES] for c in comments])
    chosen = []
    for k in range(len(CODES)):

        def f1(threshold: float, k: int = k) -> float:
            given = scores[:, k] >= threshold
            tp = int((given & truth[:, k]).sum())
            return 2 * tp / max(2 * tp + int((given & ~truth[:, k]).sum()) + int((~given & truth[:, k]).sum()), 1)

        chosen.append(round(float(max(grid, key=f1)), 2))
    return tuple(chosen)


def table(rows: Sequence[Score]) -> str:
    lines = [f"{'theme':<24} {'support':>7} {'precision':>9} {'recall':>6} {'F1':>5}"]
    lines += [f"{s.label:<24} {s.support:>7} {s.precision:>9.3f} {s.recall:>6.3f} {s.f1:>5.3f}" for s in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="one labelled file (default: all the shipped training data)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--penalty", type=float, help="override Settings.penalty")
    parser.add_argument("--sweep", action="store_true", help="micro-F1 for thresholds −0.6 … 0")
    parser.add_argument("--per-theme", action="store_true", help="grouped folds; the best threshold per theme")
    parser.add_argument("--polarity", action="store_true", help="grouped folds: accuracy of the comment polarity")
    args = parser.parse_args(argv)
    settings = Settings() if args.penalty is None else replace(Settings(), penalty=args.penalty)
    from .training import training_comments

    comments = load_labelled(args.file) if args.file else list(training_comments(shipped_only=True))
    runs = [out_of_fold_scores(comments, settings, args.folds, seed) for seed in range(args.repeats)]
    print(f"{len(comments)} comments, {args.folds}-fold cross-validation × {args.repeats}", end=", ")
    print(f"penalty {settings.penalty}, threshold {settings.threshold}")
    print(table(pooled_scores(comments, runs, settings.threshold)))
    if args.per_theme:
        grouped = grouped_out_of_fold_scores(comments, settings, args.folds)
        chosen = best_thresholds(comments, grouped)
        print(f"grouped folds, thresholds now {settings.threshold}:")
        print(table(pooled_scores(comments, [grouped], settings.threshold)))
        print(f"best per theme: {chosen}")
        print(table(pooled_scores(comments, [grouped], chosen)))
    if args.polarity:
        from .polarity import grouped_polarity_accuracy

        accuracy, per_class = grouped_polarity_accuracy(comments, args.folds)
        print(
            f"polarity, grouped folds: accuracy {accuracy:.3f}; per class "
            + ", ".join(f"{label} {share:.2f}" for label, share in per_class.items())
        )
    if args.sweep:
        for threshold in np.arange(-0.6, 0.01, 0.05):
            micro = pooled_scores(comments, runs, float(threshold))[-1]
            print(f"threshold {threshold:+.2f}: P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

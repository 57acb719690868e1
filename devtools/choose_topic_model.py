"""Choose the topic model's settings by cross-validation on the training data alone.

    .venv/bot/bin/python -m devtools.choose_topic_model [--folds 3]

For each regularisation strength C, every NLU training example is predicted by a model fitted on
the other folds; then each pair of thresholds (the FallbackClassifier's, and the topic confidence
under which the bot asks "Mente du …?") is scored the way bot/evaluate.py scores a test set:
service questions answered right, answered wrong, asked back, and out-of-scope messages given no
service answer. No test set is read: tests/nlu/ stays held out for bot/evaluate.py.
The rule that chose the constants in bot/topic_model.py and bot/understanding.py, fixed before
running: the highest `right - 2 * wrong` (a wrong answer misleads a resident; a question back
costs one click), ties to fewer questions back. Measured 2026-12-04 (3 folds): C 100, answer 0.3
(right 0.828, wrong 0.067, asked back 0.095, out of scope caught 0.919); the FallbackClassifier
threshold changed nothing between 0.3 and 0.5, so config.yml keeps 0.45.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from sklearn.model_selection import StratifiedKFold

from bot.nlu.topic_classifier import parse_fields, training_label
from bot.topic_model import FAQ_PREFIX, TopicModel
from bot.understanding import ASKED_BACK, OUT_OF_SCOPE_LABELS, REJECTED, faq_confidence, faq_topic, label_of

NLU_DATA = Path(__file__).resolve().parents[1] / "bot" / "data" / "nlu"
C_VALUES = (10.0, 30.0, 100.0)
FALLBACK_THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.6)
ANSWER_THRESHOLDS = (0.15, 0.2, 0.3, 0.4)
AMBIGUITY = 0.05


def with_fallback(parse: dict[str, Any], threshold: float) -> dict[str, Any]:
    """What Rasa's FallbackClassifier makes of the parse (low or ambiguous top intent)."""
    ranking = parse["intent_ranking"]
    top = ranking[0]["confidence"]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    if top < threshold or top - second < AMBIGUITY:
        return {**parse, "intent": {"name": REJECTED, "confidence": threshold}}
    return parse


def answer_label(parse: dict[str, Any], answer_threshold: float) -> str:
    """bot.understanding.label_of with another "ask back" threshold."""
    if parse["intent"]["name"] == "faq":
        return faq_topic(parse) if faq_confidence(parse) >= answer_threshold else ASKED_BACK
    return label_of(parse)


def expected(label: str) -> str:
    return label[len(FAQ_PREFIX) :] if label.startswith(FAQ_PREFIX) else label


def score(labels: list[str], truth: list[str]) -> dict[str, float]:
    topics = {t for t in truth if t not in OUT_OF_SCOPE_LABELS}
    pairs = [(got, want) for got, want in zip(labels, truth, strict=True) if want in topics]
    outside = [got for got, want in zip(labels, truth, strict=True) if want in OUT_OF_SCOPE_LABELS]
    return {
        "right": sum(got == want for got, want in pairs) / len(pairs),
        "wrong": sum(got in topics and got != want for got, want in pairs) / len(pairs),
        "asked_back": sum(got == ASKED_BACK for got, _ in pairs) / len(pairs),
        "out_of_scope_caught": sum(got not in topics for got in outside) / len(outside),
    }


def main() -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    examples = [m for m in load_data(str(NLU_DATA)).intent_examples if m.get("text")]
    texts = np.array([m.get("text") for m in examples], dtype=object)
    labels = np.array([training_label(m) for m in examples])
    # Only service questions and out-of-scope messages are scored (as in bot/evaluate.py).
    scored = [i for i, label in enumerate(labels) if label.startswith(FAQ_PREFIX) or label in OUT_OF_SCOPE_LABELS]
    truth = [expected(labels[i]) for i in scored]
    folds = list(StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0).split(texts, labels))
    print("C\tfallback\tanswer\tright\twrong\tasked back\tout of scope caught")
    for c in C_VALUES:
        parses: dict[int, dict[str, Any]] = {}
        for train, test in folds:
            model = TopicModel.fit(list(texts[train]), list(labels[train]), regularisation_c=c)
            for i, row in zip(test, model.probabilities(list(texts[test])), strict=True):
                order = np.argsort(-row)
                parses[i] = parse_fields([(model.labels[j], float(row[j])) for j in order])
        for fallback in FALLBACK_THRESHOLDS:
            for answer in ANSWER_THRESHOLDS:
                got = [answer_label(with_fallback(parses[i], fallback), answer) for i in scored]
                figures = score(got, truth)
                print(f"{c:g}\t{fallback}\t{answer}\t" + "\t".join(f"{v:.3f}" for v in figures.values()), flush=True)


if __name__ == "__main__":
    main()

"""Measure the bot's understanding on the held-out test set (never used for training).

    .venv/bot/bin/python bot/evaluate.py [--model models/innbygger.tar.gz] [--json out.json]

Prints topic accuracy, out-of-scope recall, the share of in-scope questions
wrongly rejected, language accuracy, and the most confused topic pairs.
Targets (issue: answers to all service topics): topic accuracy >= 92 %,
out-of-scope recall >= 85 %, wrongly rejected <= 3 %, language >= 95 %.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.understanding import ASKED_BACK, OUT_OF_SCOPE_LABELS, REJECTED, label_of  # noqa: E402

HELDOUT = REPO / "tests" / "nlu" / "heldout.yml"
REGRESSION_FLOORS = {
    "topic_accuracy": 0.90,
    "out_of_scope_recall": 0.80,
    "language_accuracy_nb_nn_en": 0.93,
}
LANGUAGE_CASES = REPO / "tests" / "nlu" / "language_cases.yml"


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def topic_figures(examples: list[dict[str, str]], parses: list[dict[str, Any]]) -> dict[str, Any]:
    in_scope = [(e, p) for e, p in zip(examples, parses, strict=True) if e["topic"] not in OUT_OF_SCOPE_LABELS]
    out_scope = [(e, p) for e, p in zip(examples, parses, strict=True) if e["topic"] in OUT_OF_SCOPE_LABELS]
    topics = {e["topic"] for e, _ in in_scope}
    correct = sum(label_of(p) == e["topic"] for e, p in in_scope)
    asked_back = sum(label_of(p) == ASKED_BACK for e, p in in_scope)
    wrong_answer = sum(label_of(p) in topics and label_of(p) != e["topic"] for e, p in in_scope)
    rejected = sum(label_of(p) in OUT_OF_SCOPE_LABELS | {REJECTED} for e, p in in_scope)
    # Caught: the bot gave no service answer (said it cannot help, or asked back).
    oos_caught = sum(label_of(p) not in topics for e, p in out_scope)
    oos_said = sum(label_of(p) in OUT_OF_SCOPE_LABELS | {REJECTED} for e, p in out_scope)
    agency_right = sum(label_of(p) == e["topic"] for e, p in out_scope if e["topic"] != "out_of_scope")
    agencies = sum(1 for e, _ in out_scope if e["topic"] != "out_of_scope")
    confusions = Counter(
        (e["topic"], label_of(p)) for e, p in in_scope + out_scope if label_of(p) != e["topic"]
    ).most_common(10)
    by_language: dict[str, list[bool]] = {}
    for e, p in in_scope:
        by_language.setdefault(e["lang"], []).append(label_of(p) == e["topic"])
    return {
        "in_scope": len(in_scope),
        "topic_accuracy": correct / len(in_scope),
        "asked_back": asked_back / len(in_scope),
        "wrong_answer": wrong_answer / len(in_scope),
        "wrongly_rejected": rejected / len(in_scope),
        "out_of_scope_said_so": oos_said / len(out_scope) if out_scope else 1.0,
        "out_of_scope": len(out_scope),
        "out_of_scope_recall": oos_caught / len(out_scope) if out_scope else 1.0,
        "national_agency_accuracy": agency_right / agencies if agencies else 1.0,
        "topic_accuracy_by_language": {k: sum(v) / len(v) for k, v in sorted(by_language.items())},
        "worst_confusions": [{"expected": a, "predicted": b, "count": n} for (a, b), n in confusions],
    }


def language_figures() -> dict[str, Any]:
    from bot.language import detect_language

    cases = yaml.safe_load(LANGUAGE_CASES.read_text(encoding="utf-8"))
    cases = cases["examples"] if isinstance(cases, dict) else cases
    right = Counter()
    total = Counter()
    misses = []
    for case in cases:
        detection = detect_language(case["text"])
        # An unsure detection keeps the conversation's language, which starts as bokmål.
        got = detection.language if detection.confident else "nb"
        total[case["lang"]] += 1
        if got == case["lang"]:
            right[case["lang"]] += 1
        else:
            misses.append({"text": case["text"], "expected": case["lang"], "got": got})
    nb_nn_en = [c for c in cases if c["lang"] in ("nb", "nn", "en")]
    baseline = langdetect_baseline(cases)
    return {
        "language_accuracy": sum(right.values()) / sum(total.values()),
        "language_accuracy_nb_nn_en": sum(right[k] for k in ("nb", "nn", "en")) / len(nb_nn_en),
        "by_language": {k: right[k] / total[k] for k in sorted(total)},
        "misses": misses[:15],
        "langdetect_alone": baseline,
    }


def langdetect_baseline(cases: list[dict[str, str]]) -> float:
    """langdetect on its own (the design card's choice), for comparison: 'no' counts as bokmål."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    right = 0
    for case in cases:
        try:
            code = detect(case["text"])
        except LangDetectException:
            code = ""
        guess = {"no": "nb", "en": "en"}.get(code, "other")
        right += guess == case["lang"]
    return right / len(cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(REPO / "models" / "innbygger.tar.gz"))
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a figure falls below the regression floor (make test); the floors sit a little "
        "under the targets so training noise does not fail the build, while a real regression does",
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    examples = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["examples"]
    parses = asyncio.run(parse_all(Path(args.model), [e["text"] for e in examples]))
    figures = {**topic_figures(examples, parses)}
    figures.update(language_figures())
    print(f"held-out set: {figures['in_scope']} in scope, {figures['out_of_scope']} out of scope")
    print(f"topic accuracy:            {figures['topic_accuracy']:.1%}  (target >= 92%)")
    for language, value in figures["topic_accuracy_by_language"].items():
        print(f"  {language}: {value:.1%}")
    print(f"  asked back (Mente du?):  {figures['asked_back']:.1%}")
    print(f"  wrong answer:            {figures['wrong_answer']:.1%}")
    print(f"out-of-scope recall:       {figures['out_of_scope_recall']:.1%}  (target >= 85%; no service answer given)")
    print(f"  said it cannot help:     {figures['out_of_scope_said_so']:.1%}")
    print(f"in scope wrongly rejected: {figures['wrongly_rejected']:.1%}  (target <= 3%)")
    print(f"national agency routing:   {figures['national_agency_accuracy']:.1%}")
    print(f"language (nb/nn/en):       {figures['language_accuracy_nb_nn_en']:.1%}  (target >= 95%)")
    print(f"language (incl. other):    {figures['language_accuracy']:.1%}  {figures['by_language']}")
    print(f"  langdetect alone:        {figures['langdetect_alone']:.1%}  (on the same cases)")
    print("most confused (expected -> predicted):")
    for c in figures["worst_confusions"]:
        print(f"  {c['count']:>2}  {c['expected']} -> {c['predicted']}")
    for miss in figures["misses"]:
        print(f"  language miss: {miss}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.check:
        failed = [
            f"{name} {figures[name]:.1%} < {floor:.0%}"
            for name, floor in REGRESSION_FLOORS.items()
            if figures[name] < floor
        ] + [f"wrongly_rejected {figures['wrongly_rejected']:.1%} > 5%"] * (figures["wrongly_rejected"] > 0.05)
        if failed:
            print("understanding regressed: " + "; ".join(failed), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

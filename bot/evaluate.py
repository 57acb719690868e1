"""Measure the bot's understanding on test sets never used for training.

    .venv/bot/bin/python bot/evaluate.py [--model models/innbygger.tar.gz] [--json out.json] [--check]

Two topic sets, each printed per written form (nb, nn, en):
- tests/nlu/heldout.yml: our first held-out set (plain rephrasings of each topic's question);
- tests/nlu/real_phrasing.yml and real_phrasing2.yml: residents' sub-questions as they really
  write, each by a writer who never saw the training data (targets: right topic >= 92 %, within
  one click on "Mente du …?" >= 96 %, wrong topic <= 3 %, out of scope caught >= 90 %).
Then the language of first messages (nynorsk answered in nynorsk >= 97 %, bokmål answered in
nynorsk <= 1 %), the short-message language cases, and the emergency sets (every real emergency
gets the numbers first, no trap does).
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

from bot.understanding import ASKED_BACK, OUT_OF_SCOPE_LABELS, REJECTED, label_of, suggested_topics  # noqa: E402

NLU_TESTS = REPO / "tests" / "nlu"
TOPIC_SETS = {
    "heldout": NLU_TESTS / "heldout.yml",
    "real_phrasing": NLU_TESTS / "real_phrasing.yml",
    "real_phrasing2": NLU_TESTS / "real_phrasing2.yml",
}
# Emergency sets: tests/nlu/emergency_cases6.yml is held out; the earlier rounds, each held out in
# its turn, are the classifier's training examples now (bot/emergency_examples/, see their headers).
EMERGENCY_SETS = {"held_out": NLU_TESTS / "emergency_cases6.yml"} | {
    path.stem: path for path in sorted((REPO / "bot" / "emergency_examples").glob("*.yml"))
}
# Independent first messages for the written form of the answer, each written by a helper who saw
# neither the detector nor the other sets. Set 2 guided a round of fixes after its first run; set 3
# was measured once after that (91.3 % of nynorsk, 0 % of bokmål as nynorsk) and then guided three
# more ("kor", "haust", -ast): its floor is no longer an independent figure.
FIRST_MESSAGE_SETS = {
    "first_messages": NLU_TESTS / "first_messages.yml",
    "first_messages2": NLU_TESTS / "first_messages2.yml",
    "first_messages3": NLU_TESTS / "first_messages3.yml",
}
# Regression floors for `make test`, a little under the figures measured at landing so training
# noise does not fail the build while a real regression does. (set, figure): floor; "max" floors
# are ceilings.
REGRESSION_FLOORS = {
    ("heldout", "topic_accuracy"): 0.94,
    ("heldout", "out_of_scope_recall"): 0.95,
    ("real_phrasing", "topic_accuracy"): 0.925,
    ("real_phrasing", "within_one_click"): 0.95,
    ("real_phrasing", "out_of_scope_recall"): 0.88,
    ("real_phrasing2", "topic_accuracy"): 0.955,
    ("real_phrasing2", "within_one_click"): 0.97,
    ("real_phrasing2", "out_of_scope_recall"): 0.93,
    ("language", "language_accuracy_nb_nn_en"): 0.95,
    ("first_messages", "nynorsk_answered_in_nynorsk"): 0.96,
    ("first_messages2", "nynorsk_answered_in_nynorsk"): 0.95,
    ("first_messages3", "nynorsk_answered_in_nynorsk"): 0.91,
}
REGRESSION_CEILINGS = {
    ("heldout", "wrongly_rejected"): 0.02,
    ("real_phrasing", "wrong_answer"): 0.04,
    ("real_phrasing2", "wrong_answer"): 0.02,
    ("first_messages", "bokmal_answered_in_nynorsk"): 0.01,
    ("first_messages2", "bokmal_answered_in_nynorsk"): 0.01,
    ("first_messages3", "bokmal_answered_in_nynorsk"): 0.01,
}
LANGUAGE_CASES = NLU_TESTS / "language_cases.yml"


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def topic_figures(examples: list[dict[str, str]], parses: list[dict[str, Any]]) -> dict[str, Any]:
    in_scope = [(e, p) for e, p in zip(examples, parses, strict=True) if e["topic"] not in OUT_OF_SCOPE_LABELS]
    out_scope = [(e, p) for e, p in zip(examples, parses, strict=True) if e["topic"] in OUT_OF_SCOPE_LABELS]
    topics = {e["topic"] for e, _ in in_scope}
    correct = sum(label_of(p) == e["topic"] for e, p in in_scope)
    one_click = sum(
        label_of(p) == e["topic"] or (label_of(p) == ASKED_BACK and e["topic"] in suggested_topics(p))
        for e, p in in_scope
    )
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
    wrong_by_language: dict[str, list[bool]] = {}
    for e, p in in_scope:
        by_language.setdefault(e["lang"], []).append(label_of(p) == e["topic"])
        wrong_by_language.setdefault(e["lang"], []).append(label_of(p) in topics and label_of(p) != e["topic"])
    return {
        "in_scope": len(in_scope),
        "topic_accuracy": correct / len(in_scope),
        "within_one_click": one_click / len(in_scope),
        "asked_back": asked_back / len(in_scope),
        "wrong_answer": wrong_answer / len(in_scope),
        "wrongly_rejected": rejected / len(in_scope),
        "out_of_scope_said_so": oos_said / len(out_scope) if out_scope else 1.0,
        "out_of_scope": len(out_scope),
        "out_of_scope_recall": oos_caught / len(out_scope) if out_scope else 1.0,
        "national_agency_accuracy": agency_right / agencies if agencies else 1.0,
        "topic_accuracy_by_language": {k: sum(v) / len(v) for k, v in sorted(by_language.items())},
        "wrong_answer_by_language": {k: sum(v) / len(v) for k, v in sorted(wrong_by_language.items())},
        "count_by_language": {k: len(v) for k, v in sorted(by_language.items())},
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


def first_message_figures(examples: list[dict[str, str]]) -> dict[str, Any]:
    """Which written form the bot answers a conversation's first message in (it starts in bokmål)."""
    from bot.language import detect_language

    def answered_in(text: str) -> str:
        detection = detect_language(text)
        return detection.language if detection.confident else "nb"

    nynorsk = [e for e in examples if e["lang"] == "nn"]
    bokmal = [e for e in examples if e["lang"] == "nb"]
    missed = [e["text"] for e in nynorsk if answered_in(e["text"]) != "nn"]
    return {
        "nynorsk_messages": len(nynorsk),
        "nynorsk_answered_in_nynorsk": 1 - len(missed) / len(nynorsk) if nynorsk else 1.0,
        "bokmal_answered_in_nynorsk": (
            sum(answered_in(e["text"]) == "nn" for e in bokmal) / len(bokmal) if bokmal else 0.0
        ),
        "nynorsk_misses": missed[:15],
    }


def emergency_figures() -> dict[str, Any]:
    """Real emergencies that got the numbers first, and traps that wrongly did, per set."""
    from bot.emergency import is_emergency

    figures: dict[str, Any] = {}
    for name, path in EMERGENCY_SETS.items():
        if not path.exists():
            continue
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        missed = [c["text"] for c in cases["real"] if not is_emergency(c["text"])]
        alarms = [c["text"] for c in cases["traps"] if is_emergency(c["text"])]
        figures[name] = {
            "real": len(cases["real"]),
            "real_caught": 1 - len(missed) / len(cases["real"]),
            "traps": len(cases["traps"]),
            "false_alarms": len(alarms),
            "missed": missed,
            "alarms": alarms,
        }
    return figures


def _print_topic_set(name: str, f: dict[str, Any]) -> None:
    print(f"\n== {name}: {f['in_scope']} in scope ({f['count_by_language']}), {f['out_of_scope']} out of scope")
    print(f"topic answered correctly:  {f['topic_accuracy']:.1%}")
    for language, value in f["topic_accuracy_by_language"].items():
        print(f"  {language}: {value:.1%}  (wrong topic {f['wrong_answer_by_language'][language]:.1%})")
    print(f"  within one click:        {f['within_one_click']:.1%}")
    print(f"  asked back (Mente du?):  {f['asked_back']:.1%}")
    print(f"  wrong topic:             {f['wrong_answer']:.1%}")
    print(f"  wrongly rejected:        {f['wrongly_rejected']:.1%}")
    print(
        f"out of scope caught:       {f['out_of_scope_recall']:.1%}  (said so outright {f['out_of_scope_said_so']:.1%})"
    )
    print(f"national agency routing:   {f['national_agency_accuracy']:.1%}")
    print("most confused (expected -> predicted):")
    for c in f["worst_confusions"]:
        print(f"  {c['count']:>2}  {c['expected']} -> {c['predicted']}")


def _regressions(figures: dict[str, Any]) -> list[str]:
    failed = [
        f"{group}.{name} {figures[group][name]:.1%} < {floor:.1%}"
        for (group, name), floor in REGRESSION_FLOORS.items()
        if group in figures and figures[group][name] < floor
    ]
    failed += [
        f"{group}.{name} {figures[group][name]:.1%} > {ceiling:.1%}"
        for (group, name), ceiling in REGRESSION_CEILINGS.items()
        if group in figures and figures[group][name] > ceiling
    ]
    for name, f in figures["emergencies"].items():
        # Held out: the floors of tests/actions/test_emergency_sets.py; training rounds: exact.
        recall_floor, alarm_ceiling = (0.95, 0.05) if name == "held_out" else (1.0, 0.0)
        if f["real_caught"] < recall_floor or f["false_alarms"] / f["traps"] > alarm_ceiling:
            failed.append(f"emergencies.{name}: {len(f['missed'])} missed, {f['false_alarms']} false alarms")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(REPO / "models" / "innbygger.tar.gz"))
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a figure falls below its regression floor (make test)",
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sets = {
        name: yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]
        for name, path in TOPIC_SETS.items()
        if path.exists()
    }
    texts = [e["text"] for examples in sets.values() for e in examples]
    parses = iter(asyncio.run(parse_all(Path(args.model), texts)))
    figures: dict[str, Any] = {}
    for name, examples in sets.items():
        figures[name] = topic_figures(examples, [next(parses) for _ in examples])
        _print_topic_set(name, figures[name])
    for name, path in FIRST_MESSAGE_SETS.items():
        figures[name] = first_message_figures(yaml.safe_load(path.read_text("utf-8"))["examples"])
    for name in [name for name in sets if name.startswith("real_phrasing")]:
        figures[f"first_messages_{name}"] = first_message_figures(sets[name])
    figures["language"] = language_figures()
    figures["emergencies"] = emergency_figures()
    for name in FIRST_MESSAGE_SETS:
        first = figures[name]
        print(f"\n== language of first messages, {name} ({first['nynorsk_messages']} nynorsk)")
        print(f"nynorsk answered in nynorsk: {first['nynorsk_answered_in_nynorsk']:.1%}  (target >= 97%)")
        print(f"bokmål answered in nynorsk:  {first['bokmal_answered_in_nynorsk']:.1%}  (target <= 1%)")
        for text in first["nynorsk_misses"]:
            print(f"  not taken as nynorsk: {text}")
    for name in [name for name in sets if name.startswith("real_phrasing")]:
        also = figures[f"first_messages_{name}"]
        print(
            f"  on {name + ':':<15}       nynorsk {also['nynorsk_answered_in_nynorsk']:.1%},"
            f" bokmål as nynorsk {also['bokmal_answered_in_nynorsk']:.1%}"
        )
    lang = figures["language"]
    print(
        f"short messages nb/nn/en:     {lang['language_accuracy_nb_nn_en']:.1%}"
        f"  (incl. other {lang['language_accuracy']:.1%}; langdetect alone {lang['langdetect_alone']:.1%})"
    )
    for miss in lang["misses"]:
        print(f"  language miss: {miss}")
    print("\n== emergencies (numbers first for every real one, none for a trap)")
    for name, f in figures["emergencies"].items():
        print(
            f"{name:>12}: real {f['real_caught']:.1%} of {f['real']}, false alarms {f['false_alarms']} of {f['traps']}"
        )
        for text in f["missed"]:
            print(f"    missed: {text}")
        for text in f["alarms"]:
            print(f"    false alarm: {text}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.check and (failed := _regressions(figures)):
        print("understanding regressed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

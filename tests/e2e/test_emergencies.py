"""Emergencies through the real Rasa server: the numbers come first for the real emergencies of the
held-out set and not for its traps, within the same bounds as the detector alone
(tests/actions/test_emergency_sets.py).

This shows the detector's decision survives the pipeline (the topic model, the
LanguageDetector, the rules and action_emergency) for each new conversation of the held-out set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import Resident

SETS = Path(__file__).resolve().parents[1] / "nlu"
NUMBERS = ("113", "112", "110")
# The first words of utter_emergency in each written form (domain.yml).
OPENING = {"nb": "Er det fare for liv eller helse", "nn": "Er det fare for liv eller helse", "en": "If someone"}


def _held_out() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load((SETS / "emergency_cases6.yml").read_text(encoding="utf-8"))


def test_every_real_emergency_gets_the_numbers_first(stack):
    missed = []
    for case in _held_out()["real"]:
        replies = Resident(stack).say(case["text"])
        first = replies[0].get("text", "") if replies else ""
        if not (all(n in first for n in NUMBERS) and first.startswith(OPENING[case["lang"]])):
            missed.append((case["text"], first[:60]))
    # The same floor as the detector's own test (tests/actions/test_emergency_sets.py).
    assert len(missed) / len(_held_out()["real"]) <= 0.05, f"{len(missed)} without the numbers first: {missed}"


@pytest.mark.parametrize("kind", ["traps"])
def test_no_trap_gets_the_emergency_numbers(stack, kind):
    alarms = []
    for case in _held_out()[kind]:
        text = "\n".join(m.get("text", "") for m in Resident(stack).say(case["text"]))
        if "113 (" in text and "112 (" in text:
            alarms.append(case["text"])
    assert len(alarms) / len(_held_out()[kind]) <= 0.05, f"{len(alarms)} got the emergency numbers: {alarms}"

"""Every real emergency gets the numbers first; no trap does (bot/emergency.py).

Five sets, all in tests/nlu/. emergency_cases.yml, _cases2, _cases3 and _cases4 were each written by
a helper who never saw the detector or the other sets; the detector was improved in rounds, each
new set measured once untouched and then its misses guiding the next round, so only _cases4 is
still held out. emergency_dev.yml was written with the detector.
A missed real emergency is the worst error this bot can make, so the bar is every case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.emergency import is_emergency

SETS = Path(__file__).resolve().parents[1] / "nlu"
NAMES = [
    "emergency_cases4.yml",
    "emergency_cases3.yml",
    "emergency_cases2.yml",
    "emergency_cases.yml",
    "emergency_dev.yml",
]


def _cases(name: str) -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load((SETS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_every_real_emergency_gets_the_numbers(name):
    cases = _cases(name)["real"]
    assert len(cases) >= 60
    missed = [c["text"] for c in cases if not is_emergency(c["text"])]
    assert not missed, f"{len(missed)} of {len(cases)} real emergencies missed: {missed}"


@pytest.mark.parametrize("name", NAMES)
def test_no_trap_gets_the_numbers(name):
    cases = _cases(name)["traps"]
    assert len(cases) >= 60
    alarms = [c["text"] for c in cases if is_emergency(c["text"])]
    assert not alarms, f"{len(alarms)} of {len(cases)} ordinary messages got the emergency numbers: {alarms}"


def test_each_set_has_all_three_written_forms():
    for name in NAMES:
        for kind, cases in _cases(name).items():
            assert {c["lang"] for c in cases} == {"nb", "nn", "en"}, (name, kind)

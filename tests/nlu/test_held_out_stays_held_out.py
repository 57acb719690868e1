"""The held-out questions are never training examples.

The understanding figures (tests/nlu/heldout.yml, tests/nlu/real_phrasing.yml), the held-out
emergency set (tests/nlu/emergency_cases6.yml) and the every-topic conversation test
(tests/e2e/topic_questions.yml) are only honest while none of their questions is also in
bot/data. Compared after lower-casing and dropping punctuation, so "Bygge søknad?" and
"bygge søknad" count as the same question.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.lower()).split())


def training_examples() -> set[str]:
    examples: set[str] = set()
    for path in (REPO / "bot" / "data").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    examples.add(normalised(line.strip()[2:]))
    return examples


def test_training_data_is_read():
    # A guard for the test below: a broken reader would find no overlap by finding nothing.
    assert len(training_examples()) > 2000


def test_no_held_out_question_is_a_training_example():
    training = training_examples()
    held_out = [e["text"] for e in yaml.safe_load((REPO / "tests/nlu/heldout.yml").read_text("utf-8"))["examples"]]
    questions = yaml.safe_load((REPO / "tests/e2e/topic_questions.yml").read_text("utf-8"))["topics"]
    held_out += [text for texts in questions.values() for text in texts.values()]
    for name in REAL_PHRASING_SETS:
        held_out += [e["text"] for e in yaml.safe_load((REPO / "tests/nlu" / name).read_text("utf-8"))["examples"]]
    for path in sorted((REPO / "tests/nlu").glob("emergency_cases*.yml")):
        cases = yaml.safe_load(path.read_text("utf-8"))
        held_out += [c["text"] for kind in ("real", "traps") for c in cases[kind]]
    assert len(held_out) > 1400
    leaked = sorted({text for text in held_out if normalised(text) in training})
    assert not leaked, f"held-out questions also in bot/data: {leaked}"


@pytest.mark.parametrize(
    ("name", "in_scope_at_least", "out_of_scope_at_least"),
    [("real_phrasing.yml", 500, 80), ("real_phrasing2.yml", 380, 100)],
)
def test_real_phrasing_set_covers_every_topic_in_three_written_forms(name, in_scope_at_least, out_of_scope_at_least):
    catalogue = yaml.safe_load((REPO / "content/topics.yml").read_text("utf-8"))["topics"]
    real = yaml.safe_load((REPO / "tests/nlu" / name).read_text("utf-8"))["examples"]
    in_scope = [e for e in real if e["topic"] in catalogue]
    out_of_scope = [e for e in real if e["topic"] not in catalogue]
    assert len(in_scope) >= in_scope_at_least and len(out_of_scope) >= out_of_scope_at_least
    assert {e["topic"] for e in in_scope} == set(catalogue)
    assert {e["topic"] for e in out_of_scope} <= {"out_of_scope"} | {f"national_{a}" for a in AGENCIES}
    assert sum(e["lang"] == "nn" for e in real) >= len(real) / 3 - 5
    assert {e["lang"] for e in real} == {"nb", "nn", "en"}


AGENCIES = ("skatteetaten", "politi", "nav", "vegvesen")
# Independent sets of residents' own phrasing, each by a writer who never saw the training data.
REAL_PHRASING_SETS = ("real_phrasing.yml", "real_phrasing2.yml")

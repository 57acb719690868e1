"""The theme classifier against the labelled comments (tests/analytics/themes/).

The rules were written against dev.yml (and, for v2, heldout.yml after it had been measured
once); heldout2.yml was never used while writing them. Its figures are written to
test-artifacts/themes.json and are the ones the README reports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analytics.themes import THEMES, classify, is_suggestion
from analytics.themes.evaluate import evaluate, load_labelled

FOLDER = Path(__file__).parent / "themes"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def sets():
    return {name: load_labelled(FOLDER / f"{name}.yml") for name in ("dev", "heldout", "heldout2")}


def test_the_labelled_set_is_large_and_in_both_written_forms(sets):
    everything = [c for comments in sets.values() for c in comments]
    assert len(everything) >= 150
    assert {c.lang for c in everything} >= {"nb", "nn"}
    assert sum(c.lang == "nn" for c in everything) >= 30
    # No comment appears in two sets: the held-out figures are on comments the rules never saw.
    texts = [c.text for c in everything]
    assert len(texts) == len(set(texts))
    for code in THEMES:
        assert sum(code in c.themes for c in sets["heldout2"]) >= 5, code


def test_theme_codes_fit_the_api_schema():
    assert all(re.fullmatch(r"[a-z0-9_]{2,40}", code) for code in THEMES)


def test_scores_are_reported(sets):
    report = {}
    for name, comments in sets.items():
        result = evaluate(comments)
        report[name] = {
            "comments": result.size,
            "micro": {"precision": round(result.micro.precision, 3), "recall": round(result.micro.recall, 3),
                      "f1": round(result.micro.f1, 3)},
            "per_theme": {s.label: {"support": s.support, "precision": round(s.precision, 3),
                                    "recall": round(s.recall, 3)} for s in result.per_theme.values()},
            "suggestion": {"precision": round(result.suggestion.precision, 3),
                           "recall": round(result.suggestion.recall, 3)},
        }  # fmt: skip
        print(f"\n{name}: {result.size} comments\n{result.table()}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "themes.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    # Regression floors, not goals: dev is what the rules were written for; the held-out floor sits
    # just under the measured 0.56 so a rule change that loses ground on unseen comments fails here.
    assert report["dev"]["micro"]["f1"] >= 0.9
    assert report["heldout2"]["micro"]["f1"] >= 0.5
    assert report["heldout2"]["micro"]["precision"] >= 0.75


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("Ventet i tre uker på svar fra byggesak.", {"ventetid"}),
        ("Dei tilsette var venlege, men det er for få folk på jobb.", {"respektfull_behandling", "ansatte"}),
        ("Takk!", set()),
        ("", set()),
    ],
)
def test_examples(text, themes):
    assert set(classify(text)) == themes


def test_suggestions():
    assert is_suggestion("Dere burde ha åpent lenger.")
    assert is_suggestion("Ønskjer at de svarer raskare.")
    assert not is_suggestion("Veldig fornøyd med hjelpen.")

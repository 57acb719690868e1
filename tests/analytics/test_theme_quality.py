"""The theme classifier against the labelled comments (tests/analytics/themes/README.md says which set is what).

The model is fitted on analytics/themes/data/train.yml, which includes dev.yml, heldout.yml and
heldout2.yml: their figures show the fit, not generalisation. heldout3.yml was written by someone
else while the model was built and was never read or used for tuning; it was measured once, with the
model frozen. Its figures (and a cross-validation on the training file) go to
test-artifacts/themes.json and are the ones the README reports.
"""

from __future__ import annotations

import json
import re
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from analytics.themes import THEMES, classify, is_suggestion
from analytics.themes.crossval import out_of_fold_scores, pooled_scores
from analytics.themes.evaluate import LabelledComment, evaluate, load_labelled
from analytics.themes.model import TRAINING_DATA, Settings, ThemeModel, default_model

FOLDER = Path(__file__).parent / "themes"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EARLIER = ("dev", "heldout", "heldout2")
# heldout3 was measured once, with the model frozen: micro-F1 0.822 (P 0.827, R 0.816); the same model
# moved onto scikit-learn (same features and settings, no tuning) scores 0.828. The floor sits a little
# under it, so a change that loses ground on unseen comments fails here.
HELDOUT3_F1_FLOOR = 0.8


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@pytest.fixture(scope="module")
def sets() -> dict[str, list[LabelledComment]]:
    return {name: load_labelled(FOLDER / f"{name}.yml") for name in (*EARLIER, "heldout3")}


@pytest.fixture(scope="module")
def train() -> list[LabelledComment]:
    return load_labelled(TRAINING_DATA)


def test_the_training_file_ships_with_the_package():
    assert resources.files("analytics.themes").joinpath("data", "train.yml").is_file()


def test_the_training_file_is_large_varied_and_holds_the_earlier_sets(train, sets):
    earlier = {c.text: c for name in EARLIER for c in sets[name]}
    own = [c for c in train if c.text not in earlier]
    assert len(own) >= 800
    assert sum(c.lang == "nn" for c in own) >= 0.3 * len(own)
    assert sum(not c.themes for c in own) >= 40
    assert sum(len(c.themes) > 1 for c in own) >= 100
    for code in THEMES:
        assert sum(code in c.themes for c in own) >= 70, code
    # The earlier sets are training data now, copied with the same labels.
    by_text = {c.text: c for c in train}
    for text, comment in earlier.items():
        assert by_text.get(text) == comment, text


def test_no_comment_appears_in_two_sets(train, sets):
    # Compared without case and punctuation, so a copy with a changed comma counts too.
    texts = [_normalised(c.text) for c in train]
    assert len(texts) == len(set(texts)), "a comment appears twice in the training file"
    for name in (*EARLIER, "heldout3"):
        own = [_normalised(c.text) for c in sets[name]]
        assert len(own) == len(set(own)), name
    for i, first in enumerate(EARLIER):
        for second in EARLIER[i + 1 :]:
            assert not {_normalised(c.text) for c in sets[first]} & {_normalised(c.text) for c in sets[second]}
    # The held-out set shares nothing with what the model learns from.
    assert not {_normalised(c.text) for c in sets["heldout3"]} & set(texts)


def test_the_held_out_set_covers_every_theme_and_both_written_forms(sets):
    held_out = sets["heldout3"]
    assert len(held_out) >= 75
    assert {c.lang for c in held_out} >= {"nb", "nn"}
    for code in THEMES:
        assert sum(code in c.themes for c in held_out) >= 5, code


def test_theme_codes_fit_the_api_schema():
    assert all(re.fullmatch(r"[a-z0-9_]{2,40}", code) for code in THEMES)


def _figures(result) -> dict:
    return {
        "comments": result.size,
        "micro": {"precision": round(result.micro.precision, 3), "recall": round(result.micro.recall, 3),
                  "f1": round(result.micro.f1, 3)},
        "per_theme": {s.label: {"support": s.support, "precision": round(s.precision, 3),
                                "recall": round(s.recall, 3), "f1": round(s.f1, 3)} for s in result.per_theme.values()},
        "suggestion": {"precision": round(result.suggestion.precision, 3),
                       "recall": round(result.suggestion.recall, 3)},
    }  # fmt: skip


def test_scores_are_reported(sets, train):
    started = time.perf_counter()
    model = ThemeModel.fit([c.text for c in train], [c.themes for c in train])
    fit_seconds = time.perf_counter() - started
    texts = [c.text for c in sets["heldout3"]] + [c.text for c in train]
    started = time.perf_counter()
    model.predict_many(texts)  # as classify_many() does for a report's rows
    ms_per_comment = (time.perf_counter() - started) / len(texts) * 1000

    report: dict[str, object] = {
        "method": "ridge one-vs-rest over TF-IDF of lemmas, lemma pairs and character 3-5-grams (analytics/themes)",
        "training_comments": len(train),
        "fit_seconds": round(fit_seconds, 2),
        "ms_per_comment": round(ms_per_comment, 3),
    }
    roles = {"heldout3": "held out (never seen while building or tuning)"}
    roles |= {name: "in the training file (fit, not generalisation)" for name in EARLIER}
    for name in ("heldout3", *EARLIER):
        result = evaluate(sets[name])
        report[name] = {"role": roles[name], **_figures(result)}
        print(f"\n{name} ({roles[name]}): {result.size} comments\n{result.table()}")

    runs = [out_of_fold_scores(train, Settings(), folds=5, seed=0)]
    scores = pooled_scores(train, runs, Settings().threshold)
    micro = scores[-1]
    report["cross_validation"] = {
        "role": "5-fold cross-validation on the training file (how the settings were chosen)",
        "comments": len(train),
        "micro": {"precision": round(micro.precision, 3), "recall": round(micro.recall, 3), "f1": round(micro.f1, 3)},
        "per_theme": {s.label: {"support": s.support, "precision": round(s.precision, 3), "recall": round(s.recall, 3),
                                "f1": round(s.f1, 3)} for s in scores[:-1]},
    }  # fmt: skip
    print(f"\ncross-validation: micro P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "themes.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")

    # Regression floors, not goals (HELDOUT3_F1_FLOOR: see the top of this file).
    assert report["heldout3"]["micro"]["f1"] >= HELDOUT3_F1_FLOOR  # type: ignore[index]
    assert micro.f1 >= 0.7
    for name in EARLIER:
        assert report[name]["micro"]["f1"] >= 0.95, name  # type: ignore[index]
    # Cost: fitting once per process, then a fraction of a millisecond per distinct comment.
    assert fit_seconds < 15
    assert ms_per_comment < 1


def test_fitting_is_deterministic(train):
    subset = train[::3]
    first = ThemeModel.fit([c.text for c in subset], [c.themes for c in subset])
    second = ThemeModel.fit([c.text for c in subset], [c.themes for c in subset])
    assert list(first.vectorizer.get_feature_names_out()) == list(second.vectorizer.get_feature_names_out())
    assert np.allclose(first.weights, second.weights, rtol=0, atol=1e-9)
    assert [first.predict(c.text) for c in train] == [second.predict(c.text) for c in train]


def test_the_default_model_is_fitted_once():
    assert default_model() is default_model()


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("Ventet i tre uker på svar fra byggesak.", {"ventetid"}),
        ("Dei tilsette var venlege, men det er for få folk på jobb.", {"respektfull_behandling", "ansatte"}),
        ("soppeldunken ble ikke tomt denne uka heller", {"kvalitet"}),
        ("Takk!", set()),
        ("", set()),
        ("   ", set()),
    ],
)
def test_examples(text, themes):
    assert set(classify(text)) == themes


def test_suggestions():
    assert is_suggestion("Dere burde ha åpent lenger.")
    assert is_suggestion("Ønskjer at de svarer raskare.")
    assert not is_suggestion("Veldig fornøyd med hjelpen.")

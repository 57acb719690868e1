"""A small text classifier for "someone is in danger now", trained on bot/emergency_examples/.

The patterns in bot/emergency.py know situations seen before; on a set of new phrasings written
independently they found 75 % of real emergencies (round 4). Residents describe the same danger
in endless ways ("han har vore rar sidan lunsj og no får eg ikkje kontakt"), so a classifier over
character n-grams (typos, missing æøå, dialect, compounds) and words carries the phrasing, and
the patterns add the cases the classifier is unsure of (bot/emergency.py decides).

The examples are ~1 600 real emergencies and traps in bokmål, nynorsk and English, written in
rounds by independent writers (see each file's header), and the bot's ~6 000 NLU training examples
as ordinary messages. Training takes about a second, so the
model is fitted on first use from the YAML files: adding an example is editing a file, with no
model artefact to rebuild. scikit-learn comes with Rasa (a Rasa dependency, same pin).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

EXAMPLES = Path(__file__).with_name("emergency_examples")
NLU_DATA = Path(__file__).with_name("data") / "nlu"
# Residents' feedback comments (praise and complaints about services, some telling of a bad day in
# the past): read as data, not imported, so the bot still never imports analytics.
FEEDBACK_COMMENTS = Path(__file__).resolve().parents[1] / "analytics" / "themes" / "data" / "train.yml"
# Topics whose training examples may describe an emergency ("det brenner", "hjertestans"): the bot
# answers them with the numbers anyway, so they are neither positive nor negative examples.
_EMERGENCY_TOPICS = ("faq/akutt_nodnummer", "faq/legevakt")


def examples() -> tuple[list[str], list[int]]:
    """The emergency examples and their labels (1 = real emergency, 0 = trap)."""
    texts: list[str] = []
    labels: list[int] = []
    for path in sorted(EXAMPLES.glob("*.yml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label, kind in ((1, "real"), (0, "traps")):
            for case in cases[kind]:
                texts.append(case["text"])
                labels.append(label)
    return texts, labels


def ordinary_messages() -> list[str]:
    """The NLU training examples (service questions, small talk, out of scope) and residents'
    feedback comments: never emergencies.

    The traps hold alarming words used in ordinary ways; these hold the ordinary wording of every
    errand ("det kommer ikke vann fra kranen", "vi har kjøpt hus og flytter snart"), so the
    classifier does not take everyday trouble for danger.
    """
    messages: list[str] = []
    for path in sorted(NLU_DATA.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if block.get("intent") in _EMERGENCY_TOPICS:
                continue
            messages += [
                line.strip()[2:] for line in str(block.get("examples") or "").splitlines() if line.strip()[:2] == "- "
            ]
    if FEEDBACK_COMMENTS.exists():
        comments = yaml.safe_load(FEEDBACK_COMMENTS.read_text(encoding="utf-8")).get("comments") or []
        messages += [comment["text"] for comment in comments]
    return messages


def build() -> Pipeline:
    """The untrained classifier: char n-grams within words and word unigrams/bigrams, TF-IDF,
    balanced logistic regression (C chosen by 5-fold cross-validation on the examples)."""
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    return make_pipeline(features, LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000))


@lru_cache(maxsize=1)
def model() -> Pipeline:
    """The classifier fitted on every example (once per process)."""
    from bot.emergency import normalised

    texts, labels = examples()
    ordinary = ordinary_messages()
    return build().fit([normalised(t) for t in texts + ordinary], labels + [0] * len(ordinary))


def danger_probability(normalised_text: str) -> float:
    """How likely the (already normalised) message describes someone in danger now."""
    return float(model().predict_proba([normalised_text])[0][1])

"""The topic model and the parse data its Rasa component writes (bot/topic_model.py, bot/nlu/topic_classifier.py).

The trained model itself is measured by bot/evaluate.py on the held-out sets; these tests pin
the parts the rest of the bot relies on: the shapes of the parse data, and what fitting keeps.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from bot.nlu.topic_classifier import parse_fields
from bot.topic_model import REGULARISATION_C, TopicModel, _features, lemmas
from bot.understanding import ASKED_BACK, faq_confidence, faq_ranking, faq_topic, label_of, suggested_topics

TEXTS = [
    "når kommer søppelbilen",
    "kva dag blir bosspannet tømt",
    "tømmedag for restavfall",
    "hentedag avfall neste uke",
    "hva koster barnehageplass",
    "kor mykje kostar barnehagen",
    "pris på plass i barnehage",
    "redusert pris barnehage lav inntekt",
    "hei",
    "heisann",
    "god morgen",
    "hallo der",
    "hvem vant fotballkampen i går",
    "kan du skrive et dikt",
    "hva er hovedstaden i Peru",
    "fortell en vits",
]
LABELS = ["faq/tommekalender"] * 4 + ["faq/barnehage_pris"] * 4 + ["greet"] * 4 + ["out_of_scope"] * 4


@pytest.fixture(scope="module")
def small_model() -> TopicModel:
    return TopicModel.fit(TEXTS, LABELS)


def test_lemmas_join_bokmal_nynorsk_and_synonyms():
    # "bos" and "søppel" are one word for the model (bot/nlu/synonyms.yml), as are inflected forms.
    assert lemmas("Bos")[0] == lemmas("søppel")[0]
    assert lemmas("barnehagar") == lemmas("barnehager")


def test_a_fitted_model_tells_topics_and_intents_apart(small_model):
    assert small_model.ranked("når blir søppelet henta")[0][0] == "faq/tommekalender"
    assert small_model.ranked("kva kostar barnehageplass")[0][0] == "faq/barnehage_pris"
    assert small_model.ranked("hei hallo")[0][0] == "greet"
    ranked = small_model.ranked("hva koster barnehage")
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-4)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)


def test_the_packed_model_keeps_only_what_prediction_needs(small_model):
    for _, vectorizer in small_model.features.transformer_list:
        assert vectorizer.stop_words_ is None
    assert small_model.weights.dtype == np.float32
    assert small_model.weights.shape == (sum(len(v.vocabulary_) for _, v in small_model.features.transformer_list), 4)
    restored = pickle.loads(pickle.dumps(small_model))
    assert restored.ranked("tømmedag restavfall")[0][0] == "faq/tommekalender"


def test_the_fast_path_gives_scikit_learns_own_probabilities():
    features = _features()
    classifier = LogisticRegression(C=REGULARISATION_C, max_iter=3000).fit(features.fit_transform(TEXTS), LABELS)
    texts = ["hva koster barnehage", "hei", "tømmedag", "noe helt annet"]
    expected = classifier.predict_proba(features.transform(texts))
    model = TopicModel.from_classifier(features, classifier)
    assert model.labels == tuple(classifier.classes_)
    assert np.allclose(model.probabilities(texts), expected, atol=1e-5)


def test_parse_fields_sum_the_topics_into_the_faq_intent():
    ranked = [("faq/tommekalender", 0.5), ("greet", 0.2), ("faq/glemt_tomming", 0.2), ("out_of_scope", 0.1)]
    parse = parse_fields(ranked)
    assert parse["intent"] == {"name": "faq", "confidence": pytest.approx(0.7)}
    assert [r["name"] for r in parse["intent_ranking"]] == ["faq", "greet", "out_of_scope"]
    # Each topic keeps its own probability: 0.5, not 0.5 / 0.7 among the topics.
    assert faq_topic(parse) == "tommekalender"
    assert faq_confidence(parse) == pytest.approx(0.5)
    assert faq_ranking(parse) == [("tommekalender", 0.5), ("glemt_tomming", 0.2)]
    assert parse["response_selector"]["all_retrieval_intents"] == ["faq"]
    assert label_of(parse) == "tommekalender"


def test_a_service_question_spread_over_topics_is_asked_back_with_the_likely_ones():
    ranked = [("faq/tommekalender", 0.18), ("faq/glemt_tomming", 0.17), ("faq/avfallsgebyr_dunk", 0.15)]
    ranked += [(f"faq/topic_{i}", 0.5 / 10) for i in range(10)]
    parse = parse_fields(ranked)
    assert label_of(parse) == ASKED_BACK
    assert suggested_topics(parse) == ["tommekalender", "glemt_tomming", "avfallsgebyr_dunk"]


def test_a_message_that_is_no_service_question_has_no_topic_pick():
    parse = parse_fields([("greet", 0.9), ("out_of_scope", 0.1)])
    assert "response_selector" not in parse
    assert label_of(parse) == "greet"

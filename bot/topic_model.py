"""What kind of message a resident wrote, and which of the 76 service topics it asks about.

One multinomial logistic regression over every label the NLU data has: "faq/<topic_id>" for the
service topics, and the other intents ("out_of_scope", "national_nav", "greet", "give_feedback" …).
It reads two kinds of evidence, both TF-IDF weighted:

- words as lemmas and residents' synonyms (`bot/nlu/lemmas.py`: "barnehagar" = "barnehage",
  "bos" = "avfall", "skule" = "skole"), so bokmål, nynorsk and dialect share their words;
- character n-grams (2–5, inside word boundaries) of the text as written, which carry typos,
  missing æøå ("soppel"), compounds ("søppeltømming" / "tømming av søppel") and word endings.

Why not DIET and the ResponseSelector: measured side by side on the same training data, this
model answered more real-phrasing questions right, trains in about a minute instead of 20–40 on
two cores, and is a few megabytes instead of 256 (README, "How well it understands"). The choice
of C was made by cross-validation on the training data alone (devtools/choose_topic_model.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from bot.nlu.lemmas import lemma

# Retrieval sub-intents are labelled "faq/<topic_id>", as Rasa's intent_response_key names them.
FAQ_PREFIX = "faq/"
# Inverse regularisation strength, chosen by 3-fold cross-validation on the training data
# (devtools/choose_topic_model.py); the held-out sets played no part in it.
REGULARISATION_C = 100.0
_WORD = re.compile(r"\w+")


def lemmas(text: str) -> list[str]:
    """The text's words as lemmas and synonym head words (a module function, so it pickles)."""
    return [lemma(word) for word in _WORD.findall(text.lower())]


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=lemmas, sublinear_tf=True, dtype=np.float32)),
            (
                # An n-gram seen in only one example cannot generalise: min_df 2 drops those.
                "characters",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, dtype=np.float32),
            ),
        ]
    )


@dataclass
class TopicModel:
    """The fitted features, and the logistic regression as labels, weights (features × labels) and bias.

    A message costs one sparse product and a softmax: scikit-learn's predict_proba spent about 5 ms
    per call on checks and a float32 -> float64 copy of the weights (bench/profile_message.py).
    """

    features: FeatureUnion
    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], regularisation_c: float = REGULARISATION_C) -> TopicModel:
        features = _features()
        matrix = features.fit_transform(texts)
        classifier = LogisticRegression(C=regularisation_c, max_iter=3000)
        classifier.fit(matrix, labels)
        return cls.from_classifier(features, classifier)

    @classmethod
    def from_classifier(cls, features: FeatureUnion, classifier: LogisticRegression) -> TopicModel:
        """Keep only what prediction needs, so the packed model stays a few megabytes."""
        for _, vectorizer in features.transformer_list:
            # The pruned n-grams, kept by scikit-learn for introspection only.
            vectorizer.stop_words_ = None
        return cls(
            features,
            tuple(str(label) for label in classifier.classes_),
            np.ascontiguousarray(classifier.coef_.T, dtype=np.float32),
            np.asarray(classifier.intercept_, dtype=np.float64),
        )

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row per text: the probability of each label in `labels`, summing to 1.

        The multinomial model's softmax of the decision function, as predict_proba computes it.
        """
        scores = np.asarray(self.features.transform(texts) @ self.weights, dtype=np.float64) + self.bias
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(scores / scores.sum(axis=1, keepdims=True))

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """[(label, probability), ...] for one text, most probable first."""
        row = self.probabilities([text])[0]
        order = np.argsort(-row)
        return [(self.labels[i], float(row[i])) for i in order]

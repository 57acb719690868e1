"""The bot's intent classifier and response selector in one Rasa component (bot/topic_model.py).

It fills the parse data the rest of the bot reads, in Rasa's own shapes:
- `intent` and `intent_ranking`: the kind of message. "faq" carries the summed probability of the
  76 service topics, so the FallbackClassifier after it rejects a message that is no clear kind;
- `response_selector.faq`: the service topics best first, each with its own probability (not
  renormalised among the topics: a message that is barely a service question must not look like
  a confident pick of one topic).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.topic_model import FAQ_PREFIX, TopicModel

_FILE = "topic_model.joblib"
# Rasa's ResponseSelector reports ten candidates; the bot reads at most the first few.
_RANKING_LENGTH = 10


def training_label(message: Message) -> str:
    """ "faq/<topic_id>" for a service question, else the intent ("greet", "out_of_scope" …)."""
    return str(message.get(INTENT_RESPONSE_KEY) or message.get(INTENT))


def parse_fields(ranked: list[tuple[str, float]]) -> dict[str, Any]:
    """The intent, intent ranking and response-selector output for one message's ranked labels."""
    topics = [(label, p) for label, p in ranked if label.startswith(FAQ_PREFIX)]
    intents = {label: p for label, p in ranked if not label.startswith(FAQ_PREFIX)}
    if topics:
        intents["faq"] = sum(p for _, p in topics)
    intent_ranking = [
        {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: p}
        for name, p in sorted(intents.items(), key=lambda item: -item[1])[:_RANKING_LENGTH]
    ]
    fields: dict[str, Any] = {INTENT: intent_ranking[0], INTENT_RANKING_KEY: intent_ranking}
    if topics:
        best, confidence = topics[0]
        fields[RESPONSE_SELECTOR_PROPERTY_NAME] = {
            RESPONSE_SELECTOR_RETRIEVAL_INTENTS: ["faq"],
            "faq": {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    PREDICTED_CONFIDENCE_KEY: confidence,
                    INTENT_RESPONSE_KEY: best,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{best}",
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {PREDICTED_CONFIDENCE_KEY: p, INTENT_RESPONSE_KEY: label} for label, p in topics[:_RANKING_LENGTH]
                ],
            },
        }
    return fields


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True, model_from=None)
class TopicClassifier(GraphComponent):
    """Intent and service topic of each message from one linear model (bot/topic_model.py)."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, model: TopicModel | None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "simplemma"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicClassifier:
        return cls(model_storage, resource, None)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TopicClassifier:
        with model_storage.read_from(resource) as directory:
            model = joblib.load(Path(directory) / _FILE)
        return cls(model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self._model = TopicModel.fit([m.get(TEXT) for m in examples], [training_label(m) for m in examples])
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._model, Path(directory) / _FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            for key, value in parse_fields(self._model.ranked(text)).items():
                message.set(key, value, add_to_output=True)
        return messages

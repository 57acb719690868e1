"""Two deterministic NLU steps that must not be left to a statistical model.

EmergencyDetector: a message that may describe an emergency gets the intent
`emergency` (confidence 1.0), whatever the topic model thought; the original intent and
response-selector output stay in the parse data so the answer can follow the
emergency numbers.

LanguageDetector: adds a `language` entity (nb, nn, en) when a message
clearly shows its written form, which fills the `language` slot; responses
have variations on that slot. A message clearly in another language gets the
intent `other_language` and a `foreign_language` entity with its code.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.emergency import is_emergency
from bot.emergency_model import model as emergency_model
from bot.language import OTHER, detect_language


def _override_intent(message: Message, name: str) -> None:
    original = message.get(INTENT) or {}
    message.set("original_intent", original, add_to_output=True)
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}, *ranking], add_to_output=True)


def _add_entity(message: Message, entity: str, value: str, extractor: str) -> None:
    text = message.get(TEXT) or ""
    found = {"entity": entity, "value": value, "start": 0, "end": len(text), "extractor": extractor}
    message.set(ENTITIES, [*(message.get(ENTITIES) or []), found], add_to_output=True)


class StatelessComponent(GraphComponent):
    """A component with no trained state and no settings: created as is."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        return cls()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyDetector(StatelessComponent):
    """Routes possible emergencies to the `emergency` intent."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        # Fit the emergency classifier when the model loads, not at a resident's first message.
        emergency_model()
        return super().create(config, model_storage, resource, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text: str | None = message.get(TEXT)
            if text and not text.startswith("/") and is_emergency(text):
                _override_intent(message, "emergency")
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(StatelessComponent):
    """Marks the written language of each message for the `language` slot."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text: str | None = message.get(TEXT)
            if not text or text.startswith("/"):
                continue  # button payloads carry no language
            detection = detect_language(text)
            if not detection.confident:
                continue
            if detection.language == OTHER:
                _add_entity(message, "foreign_language", detection.code or "other", "LanguageDetector")
                if (message.get(INTENT) or {}).get("name") != "emergency":
                    _override_intent(message, "other_language")
            else:
                _add_entity(message, "language", detection.language, "LanguageDetector")
        return messages

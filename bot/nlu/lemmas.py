"""Word lemmas for Norwegian, so "barnehagar", "barnehagane" and "barnehager" count as one word.

Rasa's CountVectorsFeaturizer counts `token.lemma` when a token has one (use_lemma, on by
default); the WhitespaceTokenizer sets none. This step sets it after the tokenizer:

1. a synonym map first (bot/nlu/synonyms.yml): residents' words for one thing ("bos", "boss",
   "søppel", "avfall" -> "avfall"; nynorsk "skule" -> "skole"), so the word vocabulary carries
   what the examples of one topic share across bokmål, nynorsk and dialect;
2. else simplemma's bokmål and nynorsk dictionaries (they ship inside the PyPI package).

The character n-gram featurizer still sees the text as written (typos, missing æøå).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import simplemma
import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.safety_and_language import StatelessComponent

SYNONYMS = Path(__file__).with_name("synonyms.yml")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """word -> the word it stands for, from bot/nlu/synonyms.yml (groups: canonical: [words])."""
    groups = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}
    return {word.lower(): canonical for canonical, words in groups.items() for word in [canonical, *words]}


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The word residents' variants share: a synonym's head word, else the dictionary lemma."""
    word = word.lower()
    if word in synonyms():
        return synonyms()[word]
    base = simplemma.lemmatize(word, lang=("nb", "nn"))
    return synonyms().get(base, base)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class NorwegianLemmatizer(StatelessComponent):
    """Sets each token's lemma (synonym map, then simplemma nb/nn) for the word featurizer."""

    @staticmethod
    def required_packages() -> list[str]:
        return ["simplemma"]

    def _set_lemmas(self, message: Message) -> None:
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            token.lemma = lemma(token.text)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._set_lemmas(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._set_lemmas(message)
        return messages

"""Every topic, in bokmål, nynorsk and English, through the real Rasa server.

For each of the 76 topics and each written form a new resident asks one plain
question (tests/e2e/topic_questions.yml) over the REST channel; the bot's reply
must be exactly that topic's answer in that written form, as the actions build
it from content/ and the kommune profile, followed by "did this answer your
question?" in the same form. The resident then clicks the first button ("Ja" /
"Yes") and the thanks must come in the same form too: the language holds for the
second message of the conversation.

A failure shows what the NLU made of the question (POST /model/parse).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import httpx
import pytest
import yaml

from devtools.stack import REPO_ROOT
from innbygger_common.answers import LANGUAGES, load_answers
from innbygger_common.catalogue import catalogue
from innbygger_common.opening_text import servicetorget_sentence
from innbygger_common.profile import fill, profile
from tests.e2e.conftest import Resident

pytestmark = pytest.mark.e2e

QUESTIONS_FILE = Path(__file__).with_name("topic_questions.yml")


def load_questions() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return {topic: {lang: str(text) for lang, text in texts.items()} for topic, texts in raw["topics"].items()}


QUESTIONS = load_questions()
CASES = [(topic, lang) for topic in QUESTIONS for lang in LANGUAGES]


@lru_cache(maxsize=1)
def _answers() -> dict[str, dict[str, str]]:
    return load_answers()


def expected_answer(topic: str, language: str, now: datetime) -> str:
    """The answer as bot/actions/content.py `answer_text` builds it: the filled answer and,
    when it sends people to the servicetorget, whether it is open at `now`."""
    text = fill(_answers()[topic][language])
    if "servicetorget" in text.lower():
        sentence = servicetorget_sentence(profile(), now, language)
        if sentence:
            text = f"{text} {sentence}"
    return text


@lru_cache(maxsize=1)
def _domain_responses() -> dict[str, list[dict]]:
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return dict(domain["responses"])


def domain_response(name: str, language: str) -> dict:
    """The variation of a domain response for a `language` slot value (nb: the one without condition)."""
    for variation in _domain_responses()[name]:
        values = {c.get("value") for c in variation.get("condition") or [] if c.get("name") == "language"}
        if (language in values) if values else language == "nb":
            return variation
    raise KeyError(f"{name} has no {language} variation")


def nlu_parse(stack, text: str) -> str:
    """What the model made of a message, for the failure message."""
    response = httpx.post(
        f"{stack.config.rasa_url}/model/parse",
        params={"token": stack.config.rasa_token},
        json={"text": text},
        timeout=30,
    )
    if response.status_code != 200:
        return f"/model/parse answered {response.status_code}"
    parse = response.json()
    intent = parse.get("intent") or {}
    selector = ((parse.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    top = ", ".join(f"{r.get('intent_response_key')} {float(r.get('confidence') or 0):.2f}" for r in selector[:3])
    entities = [(e.get("entity"), e.get("value")) for e in parse.get("entities") or []]
    return f"intent {intent.get('name')} {float(intent.get('confidence') or 0):.2f}; faq: {top}; entities {entities}"


def test_every_topic_has_a_question_in_each_written_form():
    assert set(QUESTIONS) == set(catalogue().topics)
    for topic, texts in QUESTIONS.items():
        assert sorted(texts) == sorted(LANGUAGES), topic
        assert all(text.strip() for text in texts.values()), topic


@pytest.mark.parametrize(("topic", "language"), CASES, ids=[f"{t}-{lang}" for t, lang in CASES])
def test_topic_is_answered_in_the_residents_written_form(stack, topic: str, language: str):
    resident = Resident(stack)
    question = QUESTIONS[topic][language]

    before = datetime.now(timezone.utc)
    replies = resident.say(question)
    after = datetime.now(timezone.utc)

    texts = [m.get("text", "") for m in replies]
    # The open-now sentence depends on the clock: the action ran between `before` and `after`.
    expected = {expected_answer(topic, language, before), expected_answer(topic, language, after)}
    ask = domain_response("utter_ask_helpful", language)
    if not (len(texts) == 2 and texts[0] in expected and texts[1] == ask["text"]):
        pytest.fail(
            f"{topic} ({language}) {question!r}\n"
            f"  bot answered: {texts!r}\n"
            f"  expected:     {sorted(expected)[0]!r} + {ask['text']!r}\n"
            f"  NLU parse:    {nlu_parse(stack, question)}"
        )
    buttons = replies[1].get("buttons") or []
    assert [b["title"] for b in buttons] == [b["title"] for b in ask["buttons"]]

    # Second message: the resident clicks "Ja" / "Yes"; the thanks come in the same written form.
    thanks = resident.says(buttons[0]["payload"])
    assert thanks == domain_response("utter_glad_it_helped", language)["text"]

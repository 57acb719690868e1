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

import json
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
from tests.e2e.conftest import ARTIFACTS, Resident

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


# What the bot did with each plain question: "answered", "one click" (asked back with the right
# topic among the "Mente du …?" buttons), "wrong topic" or "not understood". Filled by the test
# below, summed up by the last test in this module.
OUTCOMES: dict[tuple[str, str], str] = {}


def _answer_of(text: str, topic: str, language: str, before: datetime, after: datetime) -> bool:
    """Whether `text` is the topic's answer; the open-now sentence depends on the clock, and the
    action ran between `before` and `after`."""
    return text in {expected_answer(topic, language, before), expected_answer(topic, language, after)}


def _answered(texts: list[str], topic: str, language: str, before: datetime, after: datetime) -> bool:
    ask = domain_response("utter_ask_helpful", language)["text"]
    return len(texts) == 2 and _answer_of(texts[0], topic, language, before, after) and texts[1] == ask


@pytest.mark.parametrize(("topic", "language"), CASES, ids=[f"{t}-{lang}" for t, lang in CASES])
def test_topic_is_answered_in_the_residents_written_form(stack, topic: str, language: str):
    """The plain question, then (if the bot did not answer it outright) the topic's button: either
    way the resident must get exactly this topic's answer in the written form of the question."""
    resident = Resident(stack)
    question = QUESTIONS[topic][language]
    payload = f'/choose_topic{{"topic":"{topic}"}}'

    before = datetime.now(timezone.utc)
    replies = resident.say(question)
    after = datetime.now(timezone.utc)
    texts = [m.get("text", "") for m in replies]
    offered = [b.get("payload") for m in replies for b in m.get("buttons") or []]
    if _answered(texts, topic, language, before, after):
        OUTCOMES[topic, language] = "answered"
    else:
        OUTCOMES[topic, language] = "one click" if payload in offered else "not understood"
        if texts and any(_answer_of(texts[0], other, language, before, after) for other in QUESTIONS):
            OUTCOMES[topic, language] = "wrong topic"
        print(f"{topic} ({language}) {question!r}: {OUTCOMES[topic, language]}; bot said {texts!r}; "
              f"NLU: {nlu_parse(stack, question)}")  # fmt: skip
        # The resident picks the topic ("Mente du …?" button): the answer must now be exact.
        before = datetime.now(timezone.utc)
        replies = resident.say(payload)
        after = datetime.now(timezone.utc)
        texts = [m.get("text", "") for m in replies]
        assert _answered(texts, topic, language, before, after), f"{topic} ({language}) after its button: {texts!r}"

    ask = domain_response("utter_ask_helpful", language)
    buttons = replies[1].get("buttons") or []
    assert [b["title"] for b in buttons] == [b["title"] for b in ask["buttons"]]
    # Next message: the resident clicks "Ja" / "Yes"; the thanks come in the same written form.
    thanks = resident.says(buttons[0]["payload"])
    assert thanks == domain_response("utter_glad_it_helped", language)["text"]


def test_plain_questions_are_understood():
    """How the 228 plain questions went through the real server (written to
    test-artifacts/every_topic.json). They are new sentences, not training examples, so this is a
    second measure of understanding beside tests/nlu/heldout.yml, with floors like its floors."""
    if len(OUTCOMES) < len(CASES):
        pytest.fail("run the whole module: the figures need every topic in every written form")
    counts = {kind: sum(v == kind for v in OUTCOMES.values()) for kind in
              ("answered", "one click", "not understood", "wrong topic")}  # fmt: skip
    misses = {f"{t}-{lang}": v for (t, lang), v in sorted(OUTCOMES.items()) if v != "answered"}
    report = {"questions": len(OUTCOMES), **counts, "misses": misses}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "every_topic.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report)
    assert counts["answered"] >= 0.97 * len(CASES), report
    assert counts["answered"] + counts["one click"] >= 0.98 * len(CASES), report
    assert counts["wrong topic"] <= 0.01 * len(CASES), report

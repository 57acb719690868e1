"""Answering: written form, "Mente du …?", two failures, emergencies, other languages."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import ActionAnswerFaq, ActionEmergency, ActionNotUnderstood, ActionOtherLanguage
from bot.actions.content import answer_text
from innbygger_common.answers import load_answers
from innbygger_common.profile import fill
from tests.actions.conftest import conversation, parsed_message


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
async def test_answer_in_the_residents_written_form(domain, language):
    tracker = conversation(parsed_message("søppel", "faq", ranking=[("tommekalender", 0.93)]), language=language)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == fill(load_answers()["tommekalender"][language])
    assert dispatcher.messages[1]["response"] == "utter_ask_helpful"
    assert SlotSet("last_topic", "tommekalender") in events
    assert SlotSet("failed_turns", 0.0) in events


async def test_a_chosen_button_topic_wins(domain):
    message = parsed_message("/choose_topic", "choose_topic", entities=[{"entity": "topic", "value": "bibliotek"}])
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, conversation(message), domain)
    assert dispatcher.messages[0]["text"] == answer_text("bibliotek", "nb")


async def test_low_confidence_asks_back_with_likely_topics(domain):
    message = parsed_message(
        "dunk", "faq", ranking=[("glemt_tomming", 0.16), ("avfallsgebyr_dunk", 0.12), ("vigsel", 0.01)]
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, conversation(message), domain)
    asked = dispatcher.messages[0]
    assert asked["response"] == "utter_did_you_mean"
    assert [b["payload"] for b in asked["buttons"]] == [
        '/choose_topic{"topic":"glemt_tomming"}',
        '/choose_topic{"topic":"avfallsgebyr_dunk"}',
    ]
    assert all(len(b["title"]) <= 60 for b in asked["buttons"])
    assert SlotSet("failed_turns", 1.0) in events


def _rejected(text: str, best_intent: str, topic: str, confidence: float) -> dict:
    """A message the FallbackClassifier rejected: the topic model's best guess under its threshold."""
    message = parsed_message(text, "nlu_fallback", ranking=[(topic, confidence), ("vigsel", 0.01)])
    message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": best_intent, "confidence": 0.4}]
    message["response_selector"]["faq"]["response"] = {"intent_response_key": f"faq/{topic}", "confidence": confidence}
    return message


async def test_rejected_but_a_strong_favourite_topic_is_answered(domain):
    message = _rejected("I want to change my GP", "faq", "fastlege", 0.95)
    dispatcher = CollectingDispatcher()
    events = await ActionNotUnderstood().run(dispatcher, conversation(message, language="en"), domain)
    assert dispatcher.messages[0]["text"] == answer_text("fastlege", "en")
    assert dispatcher.messages[1]["response"] == "utter_ask_helpful"
    assert SlotSet("last_topic", "fastlege") in events


@pytest.mark.parametrize(
    ("best_intent", "confidence"), [("faq", 0.6), ("out_of_scope", 0.95)], ids=["weak-topic", "not-a-question"]
)
async def test_rejected_without_a_strong_service_question_asks_back(domain, best_intent, confidence):
    dispatcher = CollectingDispatcher()
    message = _rejected("fastlege kanskje", best_intent, "fastlege", confidence)
    events = await ActionNotUnderstood().run(dispatcher, conversation(message), domain)
    assert dispatcher.messages[0]["response"] == "utter_did_you_mean"
    assert SlotSet("failed_turns", 1.0) in events


async def test_second_failure_in_a_row_offers_a_message(domain):
    message = parsed_message("hva er meningen med livet", "out_of_scope")
    dispatcher = CollectingDispatcher()
    events = await ActionNotUnderstood().run(dispatcher, conversation(message, failed_turns=1.0), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope", "utter_offer_message"]
    assert "@" in dispatcher.messages[1]["servicetorget_email"]
    assert SlotSet("failed_turns", 0.0) in events


async def test_emergency_numbers_first_then_the_answer(domain):
    message = parsed_message(
        "det brenner i nabohuset, og når blir søpla hentet?", "emergency",
        ranking=[("tommekalender", 0.9)], original_intent="faq",
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionEmergency().run(dispatcher, conversation(message), domain)
    assert dispatcher.messages[0]["response"] == "utter_emergency"
    assert dispatcher.messages[1]["text"] == answer_text("tommekalender", "nb")


async def test_emergency_alone(domain):
    dispatcher = CollectingDispatcher()
    await ActionEmergency().run(dispatcher, conversation(parsed_message("hjelp!", "emergency")), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_emergency"]


@pytest.mark.parametrize(("code", "word"), [("pl", "angielsku"), ("sv", "engelska"), ("xx", "English")])
async def test_other_language_note(domain, code, word):
    message = parsed_message("...", "other_language", entities=[{"entity": "foreign_language", "value": code}])
    dispatcher = CollectingDispatcher()
    await ActionOtherLanguage().run(dispatcher, conversation(message), domain)
    assert word in dispatcher.messages[0]["text"]
    assert "{" not in dispatcher.messages[0]["text"]

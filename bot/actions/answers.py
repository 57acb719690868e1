"""Answering service questions: the answer, emergencies, other languages, "did you mean", ratings."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.understanding import ANSWER_CONFIDENCE, EMERGENCY_TOPICS, MAX_SUGGESTIONS, SUGGESTION_CONFIDENCE, rescued_topic
from innbygger_common.catalogue import catalogue

from .content import answer_text, foreign_language_note, language_of, live_profile, topic_title
from .intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

logger = logging.getLogger(__name__)


def _faq_ranking(parse: dict[str, Any]) -> list[dict[str, Any]]:
    """[(topic, confidence), ...] from the response selector, best first."""
    selector = (parse.get("response_selector") or {}).get("faq") or {}
    ranking = []
    for candidate in selector.get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        if "/" in key and key.split("/", 1)[1] in catalogue().topics:
            ranking.append({"topic": key.split("/", 1)[1], "confidence": float(candidate.get("confidence") or 0.0)})
    return ranking


def _chosen_topic(tracker: Tracker) -> str | None:
    """The topic of the latest message: a "Mente du?" button, else the response selector's pick."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "topic" and entity.get("value") in catalogue().topics:
            return str(entity["value"])
    ranking = _faq_ranking(tracker.latest_message)
    if ranking and ranking[0]["confidence"] >= ANSWER_CONFIDENCE:
        return str(ranking[0]["topic"])
    return None


def _suggestions(parse: dict[str, Any], language: str) -> list[dict[str, str]]:
    ranking = [r for r in _faq_ranking(parse) if r["confidence"] >= SUGGESTION_CONFIDENCE][:MAX_SUGGESTIONS]
    return [
        {"title": topic_title(r["topic"], language), "payload": f'/choose_topic{{"topic":"{r["topic"]}"}}'}
        for r in ranking
    ]


def _failures(tracker: Tracker) -> int:
    return int(tracker.get_slot("failed_turns") or 0)


def _answer(dispatcher: CollectingDispatcher, topic: str, language: str) -> list[dict[str, Any]]:
    """The topic's answer, then "did this help?"; a success resets the failure count."""
    dispatcher.utter_message(text=answer_text(topic, language))
    dispatcher.utter_message(response="utter_ask_helpful")
    return [SlotSet("last_topic", topic), SlotSet("failed_turns", 0.0)]


class ActionAnswerFaq(Action):
    """Answers a service question in the resident's written form, then asks whether it helped."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        language = language_of(tracker.get_slot("language"))
        topic = _chosen_topic(tracker)
        if topic is None:
            return await ActionNotUnderstood().run(dispatcher, tracker, domain)
        return _answer(dispatcher, topic, language)


class ActionNotUnderstood(Action):
    """Low confidence or out of scope: ask back with likely topics, and after two
    failures in a row offer to leave a message for the servicetorget."""

    def name(self) -> str:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        language = language_of(tracker.get_slot("language"))
        if topic := rescued_topic(tracker.latest_message):
            return _answer(dispatcher, topic, language)
        failures = _failures(tracker) + 1
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        suggestions = [] if intent == "out_of_scope" else _suggestions(tracker.latest_message, language)
        if suggestions:
            dispatcher.utter_message(response="utter_did_you_mean", buttons=suggestions)
        elif intent == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        if failures >= 2:
            dispatcher.utter_message(
                response="utter_offer_message", servicetorget_email=live_profile()["servicetorget"]["email"]
            )
            failures = 0
        return [SlotSet("failed_turns", float(failures))]


class ActionEmergency(Action):
    """Emergency numbers first; then the answer to the rest of the message, if there was a question."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_emergency")
        original = (tracker.latest_message.get("original_intent") or {}).get("name")
        ranking = _faq_ranking(tracker.latest_message)
        if original == "faq" and ranking and ranking[0]["confidence"] >= ANSWER_CONFIDENCE:
            topic = ranking[0]["topic"]
            if topic not in EMERGENCY_TOPICS:
                dispatcher.utter_message(text=answer_text(topic, language_of(tracker.get_slot("language"))))
                return [SlotSet("last_topic", topic)]
        return []


class ActionOtherLanguage(Action):
    """A short note in the resident's language (English when not translated)."""

    def name(self) -> str:
        return "action_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        code = next(
            (
                e.get("value")
                for e in tracker.latest_message.get("entities") or []
                if e.get("entity") == "foreign_language"
            ),
            None,
        )
        dispatcher.utter_message(text=foreign_language_note(code))
        return []


class ActionRecordAnswerRating(Action):
    """Stores "did the answer help?" for the last topic, so editors see which answers fail."""

    def name(self) -> str:
        return "action_record_answer_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        helpful = (tracker.latest_message.get("intent") or {}).get("name") == "answer_helpful"
        topic = tracker.get_slot("last_topic")
        if topic:
            body = {"topic": topic, "helpful": helpful, "language": language_of(tracker.get_slot("language"))}
            try:
                await IntakeClient().rate_answer(body)
            except (IntakeUnavailable, IntakeRejected) as error:
                # A lost rating is not worth troubling the resident with; it is logged without content.
                logger.warning("answer rating not stored: %s", error)
        dispatcher.utter_message(response="utter_glad_it_helped" if helpful else "utter_sorry_not_helpful")
        return [SlotSet("last_topic", None)]

"""How a Rasa parse result maps to what the bot will do (shared by evaluation and actions)."""

from __future__ import annotations

from typing import Any

from innbygger_common.reference import WRITTEN_PATTERN

OUT_OF_SCOPE_LABELS = frozenset(
    {"out_of_scope", "national_skatteetaten", "national_politi", "national_nav", "national_vegvesen"}
)
REJECTED = "nlu_fallback"
ASKED_BACK = "asked_back"
# Below this topic confidence the bot asks back ("Mente du …?") instead of answering. The topic
# model gives each of the 76 topics its own probability; 0.3 scored best on cross-validation of
# the training data when a wrong answer counts twice a question back (devtools/choose_topic_model.py:
# right 0.83, wrong 0.07, asked back 0.10 on held-out folds, none of tests/nlu read).
ANSWER_CONFIDENCE = 0.3
# A response-selector confidence this high is a strong favourite among 76 topics: answered even
# when the FallbackClassifier rejected the message (see rescued_topic).
CONFIDENT_TOPIC = 0.8
# Topics offered as "Mente du …?" buttons must reach this confidence; at most this many.
SUGGESTION_CONFIDENCE = 0.08
MAX_SUGGESTIONS = 3
# Emergencies get the emergency numbers first: for these topics that is the answer itself.
EMERGENCY_TOPICS = frozenset({"akutt_nodnummer", "legevakt"})
# A reference code as the bot writes it ("SKA-7KQ-4MX-P9C", older "SKA-7KQ4MX"); see innbygger_common.reference.
REFERENCE_PATTERN = WRITTEN_PATTERN


def faq_topic(parse: dict[str, Any]) -> str:
    """The topic id the response selector picked ("tommekalender")."""
    key = parse.get("response_selector", {}).get("faq", {}).get("response", {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else ""


def faq_confidence(parse: dict[str, Any]) -> float:
    return float(parse.get("response_selector", {}).get("faq", {}).get("response", {}).get("confidence") or 0.0)


def faq_ranking(parse: dict[str, Any]) -> list[tuple[str, float]]:
    """[(topic, confidence), ...] from the response selector, best first."""
    ranking = []
    for candidate in (parse.get("response_selector") or {}).get("faq", {}).get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        if "/" in key:
            ranking.append((key.split("/", 1)[1], float(candidate.get("confidence") or 0.0)))
    return ranking


def suggested_topics(parse: dict[str, Any]) -> list[str]:
    """The topics a "Mente du …?" question offers as buttons, best first."""
    return [topic for topic, confidence in faq_ranking(parse) if confidence >= SUGGESTION_CONFIDENCE][:MAX_SUGGESTIONS]


def rescued_topic(parse: dict[str, Any]) -> str:
    """The topic to answer although the FallbackClassifier rejected the message, else "".

    The FallbackClassifier rejects a message when its best intent is under the threshold or close
    to the second, even when that best intent was a service question with a clear favourite topic.
    Asking back would only make the resident click the topic the bot already knew. (With the topic
    model's own probabilities a topic at 0.8 makes "faq" at least 0.8, so this is a safeguard for
    other thresholds rather than an everyday path.)
    """
    if ((parse.get("intent") or {}).get("name") or REJECTED) != REJECTED:
        return ""
    ranking = [r.get("name") for r in parse.get("intent_ranking") or [] if r.get("name") != REJECTED]
    if ranking[:1] == ["faq"] and faq_confidence(parse) >= CONFIDENT_TOPIC:
        return faq_topic(parse)
    return ""


def label_of(parse: dict[str, Any]) -> str:
    """What the bot does with a message: the topic it answers, `asked_back` when it offers
    "Mente du …?" buttons instead, else the intent (out_of_scope, nlu_fallback, greet ...)."""
    intent = (parse.get("intent") or {}).get("name") or REJECTED
    if intent == "emergency":
        # The numbers come first, then the answer to a question the message also held.
        original = (parse.get("original_intent") or {}).get("name")
        if original == "faq" and faq_confidence(parse) >= ANSWER_CONFIDENCE:
            return faq_topic(parse)
        return "akutt_nodnummer"
    if intent == REJECTED and (topic := rescued_topic(parse)):
        return topic
    if intent == "faq":
        if faq_confidence(parse) < ANSWER_CONFIDENCE:
            return ASKED_BACK
        return faq_topic(parse) or REJECTED
    return intent

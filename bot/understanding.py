"""How a Rasa parse result maps to what the bot will do (shared by evaluation and actions)."""

from __future__ import annotations

from typing import Any

OUT_OF_SCOPE_LABELS = frozenset(
    {"out_of_scope", "national_skatteetaten", "national_politi", "national_nav", "national_vegvesen"}
)
REJECTED = "nlu_fallback"


def faq_topic(parse: dict[str, Any]) -> str:
    """The topic id the response selector picked ("tommekalender")."""
    key = parse.get("response_selector", {}).get("faq", {}).get("response", {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else ""


def label_of(parse: dict[str, Any]) -> str:
    """A topic id for FAQ questions, else the intent name (out_of_scope, nlu_fallback, greet ...)."""
    intent = (parse.get("intent") or {}).get("name") or REJECTED
    if intent == "faq":
        return faq_topic(parse) or REJECTED
    return intent

"""What every form needs: the resident's language, service questions mid-form, three tries."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from .answers import ANSWER_CONFIDENCE, _faq_ranking
from .content import answer_text, language_of

MAX_TRIES = 3
SKIP_WORDS = {"hopp over", "skip", "hopp", "hoppe over"}
# A message without a question mark needs this many words to be taken as a service question mid-form.
QUESTION_WORDS = 3


def language(tracker: Tracker) -> str:
    return language_of(tracker.get_slot("language"))


def answer_interruption(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """If the resident asked a service question instead of answering, answer it.

    Called only when the value did not fit the question, so "hjemmesykepleien"
    as a sector is never mistaken for a question about home nursing. The form
    then asks its question again. Only a message that reads like a question (a
    question mark, or a few words) counts: a single unknown name such as
    "Marsstasjonen" is a wrong answer to the form's question, not a question about
    the helsestasjon, however sure the model is.
    """
    parse = tracker.latest_message
    if (parse.get("intent") or {}).get("name") != "faq":
        return False
    text = str(parse.get("text") or "")
    if "?" not in text and len(text.split()) < QUESTION_WORDS:
        return False
    ranking = _faq_ranking(parse)
    if not ranking or ranking[0]["confidence"] < ANSWER_CONFIDENCE:
        return False
    dispatcher.utter_message(text=answer_text(ranking[0]["topic"], language(tracker)))
    return True


def failed_try(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: str,
    response: str,
    skippable: bool = True,
    **kwargs: Any,
) -> dict[str, Any]:
    """A value the bot cannot use: say what works; after three tries offer to skip or stop.

    A question the feedback cannot do without (sector, rating) cannot be skipped:
    then the offer is to choose from the buttons that follow, or to stop.
    """
    failures = int(tracker.get_slot("form_failures") or 0) + 1
    if failures >= MAX_TRIES:
        dispatcher.utter_message(response="utter_offer_skip" if skippable else "utter_offer_choose_or_stop")
        failures = 0
    else:
        dispatcher.utter_message(response=response, **kwargs)
    return {slot: None, "form_failures": float(failures)}


def is_skip(value: Any) -> bool:
    return str(value or "").strip().lower() in SKIP_WORDS

"""Sending the confirmed feedback, and stopping any form cleanly."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .content import live_profile
from .form_support import language
from .intake_client import IntakeRejected
from .submission import submit_or_queue

logger = logging.getLogger(__name__)

FEEDBACK_SLOTS = (
    "feedback_sector", "feedback_unit", "feedback_unit_id", "feedback_rating", "feedback_comment",
    "feedback_contact_wanted", "feedback_name", "feedback_contact", "feedback_confirmed", "feedback_key",
)  # fmt: skip
MESSAGE_SLOTS = ("message_subject", "message_text", "message_consent", "message_name", "message_contact", "message_key")
STATUS_SLOTS = ("status_reference",)


def clear(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots] + [SlotSet("form_failures", 0.0)]


def contact_fields(name: str | None, detail: str | None) -> dict[str, Any] | None:
    """The contact object of the API: phone or e-mail, whichever the resident gave."""
    if not (name and detail):
        return None
    return {"name": name, "email": detail} if "@" in detail else {"name": name, "phone": detail}


def feedback_body(tracker: Tracker) -> dict[str, Any]:
    unit_id = tracker.get_slot("feedback_unit_id")
    body: dict[str, Any] = {
        "sector": tracker.get_slot("feedback_sector"),
        "unit_id": int(unit_id) if unit_id is not None else None,
        "rating": int(tracker.get_slot("feedback_rating")),
        "text": tracker.get_slot("feedback_comment") or "",
        "channel": "chat",
        "language": language(tracker),
        "conversation_id": tracker.sender_id,
    }
    contact = None
    if tracker.get_slot("feedback_contact_wanted") == "ja":
        contact = contact_fields(tracker.get_slot("feedback_name"), tracker.get_slot("feedback_contact"))
    if contact:
        body.update(contact=contact, contact_consent=True)
    return body


class ActionSubmitFeedback(Action):
    """Sends the confirmed feedback and gives the reference code; queues it when the API is away."""

    def name(self) -> str:
        return "action_submit_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        key = tracker.get_slot("feedback_key") or f"{tracker.sender_id}:{tracker.latest_message.get('message_id')}"
        try:
            result = await submit_or_queue("/api/v1/feedback", feedback_body(tracker), key)
        except IntakeRejected as error:
            logger.error("feedback refused by the intake API: %s", error)
            dispatcher.utter_message(
                response="utter_feedback_failed", servicetorget_email=live_profile()["servicetorget"]["email"]
            )
            return clear(FEEDBACK_SLOTS)
        response = "utter_feedback_queued" if result.queued else "utter_feedback_saved"
        dispatcher.utter_message(response=response, reference=result.reference)
        return [*clear(FEEDBACK_SLOTS), SlotSet("feedback_reference", result.reference)]


class ActionCancelForm(Action):
    """Stops whichever form is active and forgets what it collected ("avbryt")."""

    def name(self) -> str:
        return "action_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_feedback_cancelled")
        return clear(FEEDBACK_SLOTS + MESSAGE_SLOTS + STATUS_SLOTS)

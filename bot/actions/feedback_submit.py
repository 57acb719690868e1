"""Submitting (or cancelling) the feedback the form collected."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

logger = logging.getLogger(__name__)

FORM_SLOTS = ("feedback_sector", "feedback_rating", "feedback_comment")
_KEY_NAMESPACE = uuid.UUID("6f1c2a52-8c1e-4d1b-9a36-0c3b9f0e7d21")


def idempotency_key(tracker: Tracker) -> str:
    """Stable for one submission: the conversation plus the message that completed the form.

    A retried action call for the same message yields the same key, so the API
    stores the feedback once.
    """
    message_id = tracker.latest_message.get("message_id") or str(len(tracker.events))
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{tracker.sender_id}:{message_id}"))


def _clear_form() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionSubmitFeedback(Action):
    """Sends the completed form to the intake API and tells the resident the reference code."""

    def name(self) -> str:
        return "action_submit_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        payload = {
            "sector": tracker.get_slot("feedback_sector"),
            "rating": int(tracker.get_slot("feedback_rating")),
            "text": tracker.get_slot("feedback_comment") or "",
            "channel": "chat",
            "language": tracker.get_slot("language") or "nb",
        }
        try:
            receipt = await IntakeClient().submit_feedback(payload, idempotency_key(tracker))
        except (IntakeUnavailable, IntakeRejected) as error:
            # The error text holds no personal data: method, path and status only.
            logger.warning("feedback submission failed: %s", error)
            dispatcher.utter_message(response="utter_feedback_failed")
            return _clear_form()
        dispatcher.utter_message(response="utter_feedback_saved", feedback_reference=receipt.reference)
        return [*_clear_form(), SlotSet("feedback_reference", receipt.reference)]


class ActionCancelFeedback(Action):
    """Forgets what the form collected when the resident says "avbryt"."""

    def name(self) -> str:
        return "action_cancel_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_feedback_cancelled")
        return _clear_form()

"""Messages for the servicetorget: "ring meg tilbake", "legg igjen en beskjed"."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from innbygger_common.contact import normalise_name, parse_contact
from innbygger_common.feedback_parsing import parse_yes_no
from innbygger_common.opening_text import reply_expectation

from .content import live_profile
from .feedback_submit import MESSAGE_SLOTS, clear, contact_fields
from .form_support import answer_interruption, failed_try, language
from .intake_client import IntakeRejected
from .submission import submit_or_queue

logger = logging.getLogger(__name__)
MAX_TEXT = 4000


class ActionStartMessage(Action):
    """A fresh submission key for a new message."""

    def name(self) -> str:
        return "action_start_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet("message_key", str(uuid.uuid4())), SlotSet("form_failures", 0.0)]


class ValidateMessageForm(FormValidationAction):
    """Subject, message, consent, name and a phone number or e-mail."""

    def name(self) -> str:
        return "validate_message_form"

    async def validate_message_subject(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        subject = " ".join(str(value or "").split())[:200]
        if not subject:
            return failed_try(dispatcher, tracker, "message_subject", "utter_ask_message_subject")
        return {"message_subject": subject, "form_failures": 0.0}

    async def validate_message_text(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        if not text or len(text) > MAX_TEXT:
            return failed_try(dispatcher, tracker, "message_text", "utter_invalid_comment")
        return {"message_text": text, "form_failures": 0.0}

    async def validate_message_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = parse_yes_no(str(value or ""))
        if answer is None:
            if answer_interruption(dispatcher, tracker):
                return {"message_consent": None}
            return failed_try(dispatcher, tracker, "message_consent", "utter_invalid_yes_no")
        if not answer:
            # No consent, no callback: stop here and keep nothing.
            dispatcher.utter_message(
                response="utter_message_needs_consent", servicetorget_email=live_profile()["servicetorget"]["email"]
            )
            return {"message_consent": "nei"}
        return {"message_consent": "ja", "form_failures": 0.0}

    async def validate_message_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = normalise_name(str(value or ""))
        if name is None:
            return failed_try(dispatcher, tracker, "message_name", "utter_invalid_name")
        return {"message_name": name, "form_failures": 0.0}

    async def validate_message_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        phone, email = parse_contact(str(value or ""))
        if not (phone or email):
            return failed_try(dispatcher, tracker, "message_contact", "utter_invalid_contact")
        return {"message_contact": phone or email, "form_failures": 0.0}

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if tracker.get_slot("message_consent") == "nei":
            # Without consent the form ends after this answer (which must still be validated,
            # so it stays in the list); action_submit_message then stores nothing.
            return [s for s in domain_slots if s not in ("message_name", "message_contact")]
        return domain_slots


class ActionSubmitMessage(Action):
    """Sends the message to the servicetorget's queue and says when to expect an answer."""

    def name(self) -> str:
        return "action_submit_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("message_consent") != "ja":
            return clear(MESSAGE_SLOTS)
        lang = language(tracker)
        body = {
            "subject": tracker.get_slot("message_subject"),
            "text": tracker.get_slot("message_text"),
            "contact": contact_fields(tracker.get_slot("message_name"), tracker.get_slot("message_contact")),
            "contact_consent": True,
            "channel": "chat",
            "language": lang,
            "conversation_id": tracker.sender_id,
        }
        key = tracker.get_slot("message_key") or str(uuid.uuid4())
        try:
            result = await submit_or_queue("/api/v1/messages", body, key)
        except IntakeRejected as error:
            logger.error("message refused by the intake API: %s", error)
            dispatcher.utter_message(
                response="utter_feedback_failed", servicetorget_email=live_profile()["servicetorget"]["email"]
            )
            return clear(MESSAGE_SLOTS)
        when = reply_expectation(live_profile(), datetime.now(timezone.utc), lang)
        response = "utter_message_queued" if result.queued else "utter_message_saved"
        dispatcher.utter_message(response=response, reference=result.reference, when_answer=when)
        return [*clear(MESSAGE_SLOTS), SlotSet("feedback_reference", result.reference)]

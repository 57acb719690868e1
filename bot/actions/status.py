""" "Hva skjer med SKA-…?": the status of a feedback or message, nothing personal.

Codes are found in what the resident types by `innbygger_common.reference.find_reference`
("ska 7kq 4mx p9c", "SKA7KQ4MXP9C", older "SKA-7KQ4MX"); one with a wrong check character is
asked for again rather than looked up.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from innbygger_common.profile import profile
from innbygger_common.reference import find_reference

from .content import live_profile
from .form_support import answer_interruption, failed_try, language
from .intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

STATUS_TEXT = {
    "nb": {
        "mottatt": "er mottatt og venter på behandling",
        "under_behandling": "er under behandling",
        "lukket": "er avsluttet",
    },
    "nn": {
        "mottatt": "er motteken og ventar på handsaming",
        "under_behandling": "er under handsaming",
        "lukket": "er avslutta",
    },
    "en": {
        "mottatt": "has been received and is waiting to be handled",
        "under_behandling": "is being handled",
        "lukket": "has been closed",
    },
}
OUTCOME_TEXT = {
    "nb": {
        "utbedret": "Det er rettet opp.",
        "ikke_utbedret": "Det er ikke rettet opp.",
        "ikke_aktuelt": "Saken var ikke aktuell å følge opp.",
    },
    "nn": {
        "utbedret": "Det er retta opp.",
        "ikke_utbedret": "Det er ikkje retta opp.",
        "ikke_aktuelt": "Saka var ikkje aktuell å følgje opp.",
    },
    "en": {
        "utbedret": "It has been put right.",
        "ikke_utbedret": "It has not been put right.",
        "ikke_aktuelt": "The case was not followed up.",
    },
}
NOTE = {"nb": "Svar fra enheten", "nn": "Svar frå eininga", "en": "Reply from the unit"}
CASE = {"nb": "Saken", "nn": "Saka", "en": "Case"}
# The API answers 409 for a code two residents were given (a collision while it was away): it shows
# neither case, and the servicetorget sorts it out.
SHARED = {
    "nb": "Koden {reference} er dessverre gitt til to saker, så jeg kan ikke vise status for den her. "
    "Kontakt servicetorget på {email}, så finner de saken din.",
    "nn": "Koden {reference} er diverre gitt til to saker, så eg kan ikkje vise status for han her. "
    "Kontakt servicetorget på {email}, så finn dei saka di.",
    "en": "Sorry, the code {reference} was given to two cases, so I cannot show its status here. "
    "Please contact the service desk at {email}, and they will find your case.",
}


def prefix() -> str:
    return str(profile()["reference_prefix"])


def status_text(status: dict[str, Any], lang: str) -> str:
    """'Saken SKA-… er under behandling.' plus outcome and the unit's closing note, if any."""
    state = STATUS_TEXT[lang].get(str(status.get("status")), str(status.get("status")))
    parts = [f"{CASE[lang]} {status['reference']} {state}."]
    if status.get("outcome"):
        parts.append(OUTCOME_TEXT[lang].get(str(status["outcome"]), ""))
    if status.get("closing_note"):
        parts.append(f"{NOTE[lang]}: {status['closing_note']}")
    return " ".join(p for p in parts if p)


class ActionStartStatus(Action):
    """Takes the reference code from the question itself when it is there."""

    def name(self) -> str:
        return "action_start_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        found = find_reference(tracker.latest_message.get("text") or "", prefix())
        return [SlotSet("status_reference", found)]


class ValidateStatusForm(FormValidationAction):
    def name(self) -> str:
        return "validate_status_form"

    async def validate_status_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = find_reference(str(value or ""), prefix())
        if found is None:
            if answer_interruption(dispatcher, tracker):
                return {"status_reference": None}
            return failed_try(dispatcher, tracker, "status_reference", "utter_invalid_reference", prefix=prefix())
        return {"status_reference": found, "form_failures": 0.0}


class ActionAskStatusReference(Action):
    def name(self) -> str:
        return "action_ask_status_reference"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_status_reference", prefix=prefix())
        return []


class ActionCheckStatus(Action):
    """Looks the code up through the intake API's public status endpoint."""

    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reference = tracker.get_slot("status_reference")
        if not reference:
            return []
        try:
            status = await IntakeClient().status(reference)
        except IntakeRejected as error:
            if error.status == 409:
                email = live_profile()["servicetorget"]["email"]
                dispatcher.utter_message(text=SHARED[language(tracker)].format(reference=reference, email=email))
            else:
                dispatcher.utter_message(response="utter_status_unavailable")
            return [SlotSet("status_reference", None)]
        except IntakeUnavailable:
            dispatcher.utter_message(response="utter_status_unavailable")
            return [SlotSet("status_reference", None)]
        if status is None:
            dispatcher.utter_message(response="utter_status_unknown", reference=reference)
        else:
            dispatcher.utter_message(text=status_text(status, language(tracker)))
        return [SlotSet("status_reference", None)]

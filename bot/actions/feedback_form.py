"""The feedback form: sector, unit, rating, what happened, contact wish, summary to confirm.

Free text is read generously (sector words, unit names with typos, ratings
in words); a value the bot cannot use is asked again with an example, a
service question in the middle is answered and the form resumes, and after
three failed tries the resident may skip the question or stop.
"""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from innbygger_common.catalogue import catalogue
from innbygger_common.contact import normalise_name, parse_contact
from innbygger_common.feedback_parsing import is_unknown, parse_rating, parse_yes_no, sector_from_text
from innbygger_common.units import match_unit

from .form_support import answer_interruption, failed_try, is_skip, language
from .summary import feedback_summary, sector_label
from .units_registry import registry_units

MAX_COMMENT = 4000
UNKNOWN_UNIT = "ukjent"
CONTACT_SLOTS = ["feedback_name", "feedback_contact"]
# What the resident can type on the summary to change one answer.
CHANGE_WORDS = {
    "feedback_sector": ("tjeneste", "teneste", "service", "område", "sektor"),
    "feedback_unit": ("enhet", "eining", "unit"),
    "feedback_rating": ("vurdering", "karakter", "rating", "fornøyd"),
    "feedback_comment": ("beskrivelse", "skildring", "kommentar", "tekst", "description", "comment"),
    "feedback_contact_wanted": ("kontakt", "contact"),
}


class ActionStartFeedback(Action):
    """Prepares a new feedback: a fresh submission key, and what the first message already said
    ("ros til Børsa barnehage" gives sector and unit)."""

    def name(self) -> str:
        return "action_start_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events: list[EventType] = [SlotSet("feedback_key", str(uuid.uuid4())), SlotSet("form_failures", 0.0)]
        text = tracker.latest_message.get("text") or ""
        if text.startswith("/"):
            return events
        unit = match_unit(text, await registry_units())
        if unit is not None:
            events += [SlotSet("feedback_sector", unit.sector), SlotSet("feedback_unit", unit.name)]
            events.append(SlotSet("feedback_unit_id", float(unit.id)))
        else:
            sector = sector_from_text(text, {})
            if sector:
                events.append(SlotSet("feedback_sector", sector))
        return events


class ValidateFeedbackForm(FormValidationAction):
    """Turns what the resident typed into the fields of a feedback."""

    def name(self) -> str:
        return "validate_feedback_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if tracker.get_slot("feedback_contact_wanted") == "nei":
            return [s for s in domain_slots if s not in CONTACT_SLOTS]
        return domain_slots

    async def validate_feedback_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        sector = sector_from_text(str(value or ""), catalogue().sectors)
        if sector is None:
            if answer_interruption(dispatcher, tracker):
                return {"feedback_sector": None}
            return failed_try(dispatcher, tracker, "feedback_sector", "utter_invalid_sector", skippable=False)
        changes: dict[str, Any] = {"feedback_sector": sector, "form_failures": 0.0}
        if sector != tracker.get_slot("feedback_sector"):
            # A changed sector makes an earlier unit answer meaningless.
            changes.update(feedback_unit=None, feedback_unit_id=None)
        return changes

    async def validate_feedback_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if is_unknown(text) or is_skip(text):
            return {"feedback_unit": UNKNOWN_UNIT, "feedback_unit_id": None, "form_failures": 0.0}
        units = await registry_units()
        if not units:
            # Registry unreachable: do not hold the resident up; the unit stays unknown.
            return {"feedback_unit": UNKNOWN_UNIT, "feedback_unit_id": None, "form_failures": 0.0}
        unit = match_unit(text, units, tracker.get_slot("feedback_sector")) or match_unit(text, units)
        if unit is None:
            if answer_interruption(dispatcher, tracker):
                return {"feedback_unit": None}
            return failed_try(dispatcher, tracker, "feedback_unit", "utter_invalid_unit")
        return {
            "feedback_unit": unit.name,
            "feedback_unit_id": float(unit.id),
            "feedback_sector": unit.sector,
            "form_failures": 0.0,
        }

    async def validate_feedback_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        rating = parse_rating(str(value or ""))
        if rating is None:
            if answer_interruption(dispatcher, tracker):
                return {"feedback_rating": None}
            return failed_try(dispatcher, tracker, "feedback_rating", "utter_invalid_rating", skippable=False)
        return {"feedback_rating": str(rating), "form_failures": 0.0}

    async def validate_feedback_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        comment = " ".join(str(value or "").split())
        if is_skip(comment):
            return {"feedback_comment": "", "form_failures": 0.0}
        if not comment or len(comment) > MAX_COMMENT:
            return failed_try(dispatcher, tracker, "feedback_comment", "utter_invalid_comment")
        return {"feedback_comment": comment, "form_failures": 0.0}

    async def validate_feedback_contact_wanted(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = parse_yes_no(str(value or ""))
        if answer is None and is_skip(value):
            answer = False
        if answer is None:
            if answer_interruption(dispatcher, tracker):
                return {"feedback_contact_wanted": None}
            return failed_try(dispatcher, tracker, "feedback_contact_wanted", "utter_invalid_yes_no")
        changes: dict[str, Any] = {"feedback_contact_wanted": "ja" if answer else "nei", "form_failures": 0.0}
        if not answer:
            # Without consent nothing personal is kept, not even what was typed earlier.
            changes.update(feedback_name=None, feedback_contact=None)
        return changes

    async def validate_feedback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if is_skip(value):
            return {"feedback_contact_wanted": "nei", "feedback_name": None, "feedback_contact": None}
        name = normalise_name(str(value or ""))
        if name is None:
            return failed_try(dispatcher, tracker, "feedback_name", "utter_invalid_name")
        return {"feedback_name": name, "form_failures": 0.0}

    async def validate_feedback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if is_skip(value):
            return {"feedback_contact_wanted": "nei", "feedback_name": None, "feedback_contact": None}
        phone, email = parse_contact(str(value or ""))
        if not (phone or email):
            return failed_try(dispatcher, tracker, "feedback_contact", "utter_invalid_contact")
        return {"feedback_contact": phone or email, "form_failures": 0.0}

    async def validate_feedback_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip().lower()
        for slot, words in CHANGE_WORDS.items():
            if any(word in text for word in words) and ("endr" in text or "change" in text or text in words):
                changes: dict[str, Any] = {slot: None, "feedback_confirmed": None}
                if slot == "feedback_contact_wanted":
                    changes.update(feedback_name=None, feedback_contact=None)
                return changes
        if parse_yes_no(text) or text in ("send", "bekreft", "confirm", "submit", "ok, send"):
            return {"feedback_confirmed": "ja", "form_failures": 0.0}
        if answer_interruption(dispatcher, tracker):
            return {"feedback_confirmed": None}
        return failed_try(dispatcher, tracker, "feedback_confirmed", "utter_invalid_yes_no")


class ActionAskFeedbackUnit(Action):
    """Asks which unit, with the sector's units as buttons and "vet ikke"."""

    def name(self) -> str:
        return "action_ask_feedback_unit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = language(tracker)
        sector = tracker.get_slot("feedback_sector")
        units = [u for u in await registry_units() if u.sector == sector][:10]
        unknown = {"nb": "Vet ikke", "nn": "Veit ikkje", "en": "Don't know"}[lang]
        buttons = [{"title": u.name, "payload": u.name} for u in units]
        buttons.append({"title": unknown, "payload": "vet ikke"})
        text = {
            "nb": f"Hvilken enhet innen {sector_label(sector, lang)} gjelder det? Velg eller skriv navnet.",
            "nn": f"Kva eining innan {sector_label(sector, lang)} gjeld det? Vel eller skriv namnet.",
            "en": f"Which unit within {sector_label(sector, lang)} is it about? Choose or write the name.",
        }[lang]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskFeedbackConfirmed(Action):
    """Shows a summary of the feedback to confirm or correct."""

    def name(self) -> str:
        return "action_ask_feedback_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text, buttons = feedback_summary(tracker, language(tracker))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []

"""Validation of the feedback form: sector from free text, rating 1–6 in digits or words."""

from __future__ import annotations

from typing import Any

from innbygger_common.catalogue import catalogue
from innbygger_common.feedback_parsing import parse_rating, sector_from_text
from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

MAX_COMMENT = 4000


class ValidateFeedbackForm(FormValidationAction):
    """Turns what the resident typed into a sector code, a rating and a comment."""

    def name(self) -> str:
        return "validate_feedback_form"

    def validate_feedback_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        sector = sector_from_text(str(value or ""), catalogue().sectors)
        if sector is None:
            dispatcher.utter_message(
                text="Jeg kjente ikke igjen tjenesten. "
                "Skriv for eksempel «barnehage», «hjemmesykepleien» eller «renovasjon»."
            )
        return {"feedback_sector": sector}

    def validate_feedback_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        rating = parse_rating(str(value or ""))
        if rating is None:
            dispatcher.utter_message(
                text="Svar med et tall fra 1 til 6, for eksempel «5», eller med ord som «fornøyd»."
            )
            return {"feedback_rating": None}
        return {"feedback_rating": str(rating)}

    def validate_feedback_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        comment = str(value or "").strip()
        if not comment:
            dispatcher.utter_message(text="Skriv gjerne noen ord om hva som skjedde.")
            return {"feedback_comment": None}
        return {"feedback_comment": comment[:MAX_COMMENT]}

"""The opening status of the servicetorget as one short sentence in nb, nn or en."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .opening_hours import OSLO, OpeningStatus, next_working_day, opening_status, parse_hours

_DAYS = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "nn": ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _clock(moment: datetime, language: str) -> str:
    return moment.strftime("%H:%M") if language == "en" else moment.strftime("%H.%M")


def _when(moment: datetime, now: datetime, language: str) -> str:
    days_ahead = (moment.date() - now.date()).days
    if days_ahead == 0:
        return {"nb": "i dag", "nn": "i dag", "en": "today"}[language]
    if days_ahead == 1:
        return {"nb": "i morgen", "nn": "i morgon", "en": "tomorrow"}[language]
    return _DAYS[language][moment.weekday()]


def status_sentence(status: OpeningStatus, now: datetime, language: str = "nb") -> str:
    """'Servicetorget er åpent nå, til 15.30.' / 'Servicetorget er stengt nå og åpner mandag kl. 08.00.'"""
    if status.is_open and status.closes_at:
        closes = _clock(status.closes_at, language)
        return {
            "nb": f"Servicetorget er åpent nå, til kl. {closes}.",
            "nn": f"Servicetorget er ope no, til kl. {closes}.",
            "en": f"The service desk (servicetorget) is open now, until {closes}.",
        }[language]
    if status.opens_at:
        when, at = _when(status.opens_at, now, language), _clock(status.opens_at, language)
        return {
            "nb": f"Servicetorget er stengt nå og åpner {when} kl. {at}.",
            "nn": f"Servicetorget er stengt no og opnar {when} kl. {at}.",
            "en": f"The service desk (servicetorget) is closed now and opens {when} at {at}.",
        }[language]
    return {
        "nb": "Servicetorget er stengt nå.",
        "nn": "Servicetorget er stengt no.",
        "en": "The service desk (servicetorget) is closed now.",
    }[language]


def servicetorget_sentence(profile: dict[str, Any], now: datetime, language: str = "nb") -> str | None:
    """The sentence for this kommune, or None when the profile has no opening hours."""
    office = profile.get("servicetorget") or {}
    raw_hours = office.get("opening_hours")
    if not raw_hours:
        return None
    closed = [date.fromisoformat(str(d)) for d in office.get("closed_dates") or []]
    status = opening_status(now, parse_hours(raw_hours), closed)
    return status_sentence(status, now.astimezone(OSLO), language)


_MONTHS = {
    "nb": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "nn": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def reply_expectation(profile: dict[str, Any], now: datetime, language: str = "nb") -> str:
    """When a resident who leaves a message can expect an answer.

    Inside opening hours: the office is open now (and its phone number, if the
    profile has one, for what is urgent). Otherwise: by the end of the next
    working day, named with its date.
    """
    office = profile.get("servicetorget") or {}
    closed = [date.fromisoformat(str(d)) for d in office.get("closed_dates") or []]
    raw_hours = office.get("opening_hours")
    phone = office.get("phone")
    if raw_hours and opening_status(now, parse_hours(raw_hours), closed).is_open:
        sentence = {
            "nb": "Servicetorget er åpent nå og svarer deg i løpet av dagen.",
            "nn": "Servicetorget er ope no og svarar deg i løpet av dagen.",
            "en": "The service desk is open now and will answer you today.",
        }[language]
        if phone:
            sentence += {
                "nb": f" Haster det, ring {phone}.",
                "nn": f" Hastar det, ring {phone}.",
                "en": f" If it is urgent, call {phone}.",
            }[language]
        return sentence
    day = next_working_day(now, closed)
    name = f"{_DAYS[language][day.weekday()]} {day.day}. {_MONTHS[language][day.month - 1]}"
    if language == "en":
        name = f"{_DAYS['en'][day.weekday()]} {day.day} {_MONTHS['en'][day.month - 1]}"
    return {
        "nb": f"Du kan vente svar innen utgangen av {name}.",
        "nn": f"Du kan vente svar innan utgangen av {name}.",
        "en": f"You can expect an answer by the end of {name}.",
    }[language]


def as_resident_sees(text: str, profile: dict[str, Any], now: datetime, language: str = "nb") -> str:
    """A filled answer as the bot sends it: when it sends people to the servicetorget, followed by
    whether the servicetorget is open right now (the bot and the editors' preview both use this)."""
    if "servicetorget" in text.lower():
        sentence = servicetorget_sentence(profile, now, language)
        if sentence:
            return f"{text} {sentence}"
    return text

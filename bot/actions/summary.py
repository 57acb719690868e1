"""The summary a resident confirms before the feedback is sent, in nb, nn or en."""

from __future__ import annotations

from rasa_sdk import Tracker

from innbygger_common.catalogue import catalogue

_SECTOR_NAMES_EN = {
    "barnehage": "kindergarten",
    "skole_sfo": "school and SFO",
    "helse": "health",
    "omsorg": "care services",
    "nav_sosial": "NAV and social services",
    "plan_bygg": "planning, building and maps",
    "vann_avlop_renovasjon": "water, sewage and waste",
    "vei_trafikk": "roads and traffic",
    "kultur_fritid": "culture and leisure",
    "okonomi_skatt": "property tax and fees",
    "politikk_innsyn": "politics and public records",
    "service_kontakt": "the service desk and contact",
}
LABELS = {
    "nb": ("Tjeneste", "Enhet", "Vurdering", "Hva som skjedde", "Kontakt", "ikke oppgitt", "nei", "av 6"),
    "nn": ("Teneste", "Eining", "Vurdering", "Kva som skjedde", "Kontakt", "ikkje oppgitt", "nei", "av 6"),
    "en": ("Service", "Unit", "Rating", "What happened", "Contact", "not given", "no", "of 6"),
}
BUTTONS = {
    "nb": [("Send", "send"), ("Endre tjeneste", "endre tjeneste"), ("Endre enhet", "endre enhet"),
           ("Endre vurdering", "endre vurdering"), ("Endre beskrivelse", "endre beskrivelse"),
           ("Endre kontakt", "endre kontakt"), ("Avbryt", "/stop")],
    "nn": [("Send", "send"), ("Endre teneste", "endre teneste"), ("Endre eining", "endre eining"),
           ("Endre vurdering", "endre vurdering"), ("Endre skildring", "endre skildring"),
           ("Endre kontakt", "endre kontakt"), ("Avbryt", "/stop")],
    "en": [("Send", "send"), ("Change service", "change service"), ("Change unit", "change unit"),
           ("Change rating", "change rating"), ("Change description", "change description"),
           ("Change contact", "change contact"), ("Stop", "/stop")],
}  # fmt: skip
INTRO = {
    "nb": "Stemmer dette? Trykk «Send», eller endre det som ikke stemmer.",
    "nn": "Stemmer dette? Trykk «Send», eller endre det som ikkje stemmer.",
    "en": "Is this right? Press «Send», or change what is wrong.",
}


def sector_label(code: str | None, language: str) -> str:
    if not code:
        return ""
    if language == "en":
        return _SECTOR_NAMES_EN.get(code, code)
    return catalogue().sectors.get(code, code).split(" (")[0].lower()


def feedback_summary(tracker: Tracker, language: str) -> tuple[str, list[dict[str, str]]]:
    service, unit, rating, happened, contact, not_given, no, of_six = LABELS[language]
    unit_value = tracker.get_slot("feedback_unit")
    lines = [
        INTRO[language],
        f"{service}: {sector_label(tracker.get_slot('feedback_sector'), language)}",
        f"{unit}: {unit_value if unit_value and unit_value != 'ukjent' else not_given}",
        f"{rating}: {tracker.get_slot('feedback_rating')} {of_six}",
        f"{happened}: {tracker.get_slot('feedback_comment') or not_given}",
    ]
    if tracker.get_slot("feedback_contact_wanted") == "ja":
        lines.append(f"{contact}: {tracker.get_slot('feedback_name')}, {tracker.get_slot('feedback_contact')}")
    else:
        lines.append(f"{contact}: {no}")
    buttons = [{"title": title, "payload": payload} for title, payload in BUTTONS[language]]
    return "\n".join(lines), buttons

"""Feedback, messages and status through the real Rasa server, action server and intake API.

Each test is one conversation path of a resident; the intake API is then asked
what was stored. Paths: happy path with contact, pre-filled from the first
message, ratings in words, bad sector three times, bad rating then good, bad
phone then e-mail, a service question mid-form, "avbryt", changing an answer
on the summary, nynorsk, English, emergency mid-form, status before and after
the unit closes the case, a message for the servicetorget, a message without
consent, two misunderstandings leading to a message, and the intake API down.
"""

from __future__ import annotations

import re
import time

import httpx

from bot.understanding import REFERENCE_PATTERN
from intake_api.config import DEV_STAFF_KEY

STAFF = {"X-API-Key": DEV_STAFF_KEY}
REFERENCE = re.compile(REFERENCE_PATTERN)


def api(stack, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(method, f"{stack.config.api_url}{path}", headers=STAFF, timeout=10, **kwargs)


def stored_feedback(stack, reference: str) -> dict:
    response = api(stack, "GET", f"/api/v1/feedback/{reference}")
    assert response.status_code == 200, response.text
    return response.json()


def reference_in(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, f"no reference code in: {text}"
    return match.group(0)


def give_feedback(resident, opening: str, answers: list[str]) -> str:
    """Start with `opening`, answer each question in turn, return the last reply."""
    reply = resident.says(opening)
    for answer in answers:
        reply = resident.says(answer)
    return reply


def test_happy_path_with_unit_and_contact(stack, resident):
    reply = give_feedback(
        resident,
        "jeg vil gi en tilbakemelding",
        [
            "barnehage",
            "Børsa barnehage",
            "5",
            "Flinke og varme ansatte. Mitt fnr er 01010150155.",
            "ja",
            "Kari Nordmann",
            "912 34 567",
        ],
    )
    assert "Kontakt: Kari Nordmann, +47 912 34 567" in reply and "Enhet: Børsa barnehage" in reply
    reference = reference_in(resident.says("send"))
    row = stored_feedback(stack, reference)
    assert (row["sector"], row["rating"]) == ("barnehage", 5)
    assert row["unit_id"] is not None
    assert "01010150155" not in row["text"] and "[fødselsnummer]" in row["text"]
    assert "Kari" not in str(row)  # contact details are kept apart from the feedback
    contact = api(stack, "GET", f"/api/v1/feedback/{reference}/contact").json()
    assert (contact["name"], contact["phone"]) == ("Kari Nordmann", "+47 912 34 567")


def test_first_message_fills_sector_and_unit(stack, resident):
    reply = resident.says("ros til Børsa barnehage")
    assert "fornøyd" in reply  # sector and unit are known: straight to the rating
    reply = give_feedback(resident, "veldig fornøyd", ["De er så flinke med barna", "nei"])
    assert "Vurdering: 6 av 6" in reply and "Enhet: Børsa barnehage" in reply
    assert stored_feedback(stack, reference_in(resident.says("send")))["rating"] == 6


def test_bad_sector_three_times_offers_buttons_or_stop(resident):
    resident.says("jeg vil klage")
    assert "for eksempel" in resident.says("tja")
    assert "for eksempel" in resident.says("hmm")
    offer, question = resident.say("blablabla")[-2:]
    assert "eller avbryt" in offer["text"] and offer["buttons"] == [{"title": "Avbryt", "payload": "/stop"}]
    assert len(question["buttons"]) == 12  # the sector question again, with every area as a button
    assert "avbrutt" in resident.says("/stop")


def test_unit_three_times_unknown_can_be_skipped(stack, resident):
    give_feedback(resident, "jeg vil gi en tilbakemelding", ["barnehage", "Månebasen", "Marsstasjonen"])
    offer = resident.say("Jupiterhuset")[-2]
    assert [b["title"] for b in offer["buttons"]] == ["Hopp over", "Avbryt"]
    assert "fornøyd" in resident.says("hopp over")


def test_bad_rating_then_good(stack, resident):
    give_feedback(resident, "jeg vil gi en tilbakemelding", ["hjemmesykepleien", "vet ikke"])
    assert "1 til 6" in resident.says("elleve")
    assert "hva som skjedde" in resident.says("fire")
    reply = give_feedback(resident, "Kom for sent tre ganger", ["nei"])
    assert "Vurdering: 4 av 6" in reply and "Enhet: ikke oppgitt" in reply


def test_bad_phone_then_email(stack, resident):
    give_feedback(
        resident,
        "jeg vil klage på brøytingen",
        ["vet ikke", "2", "Veien ble ikke brøytet før kl 10", "ja", "Ola Nordmann"],
    )
    assert "912 34 567" in resident.says("123")
    reply = resident.says("ola@example.no")
    assert "Kontakt: Ola Nordmann, ola@example.no" in reply
    reference = reference_in(resident.says("send"))
    assert stored_feedback(stack, reference)["sector"] == "vei_trafikk"
    assert api(stack, "GET", f"/api/v1/feedback/{reference}/contact").json()["email"] == "ola@example.no"


def test_service_question_mid_form_is_answered_and_the_form_resumes(stack, resident):
    give_feedback(resident, "jeg vil gi en tilbakemelding", ["biblioteket", "vet ikke"])
    replies = resident.say("når er biblioteket åpent?")
    texts = [m.get("text", "") for m in replies]
    assert any("ibliotek" in t for t in texts[:-1]), texts  # the answer ...
    assert "fornøyd" in texts[-1]  # ... then the rating question again
    reply = give_feedback(resident, "6", ["Hyggelig og god hjelp", "nei"])
    assert "Vurdering: 6 av 6" in reply


def test_stop_mid_form_stores_nothing(stack, resident):
    before = len(api(stack, "GET", "/api/v1/feedback", params={"limit": 1000}).json())
    give_feedback(resident, "jeg vil klage på skolen", ["vet ikke", "1"])
    assert "avbrutt" in resident.says("avbryt")
    assert len(api(stack, "GET", "/api/v1/feedback", params={"limit": 1000}).json()) == before


def test_change_an_answer_on_the_summary(stack, resident):
    give_feedback(
        resident, "jeg vil gi en tilbakemelding", ["renovasjon", "vet ikke", "3", "Dunken ble stående", "nei"]
    )
    assert "fornøyd" in resident.says("endre vurdering")
    assert "Vurdering: 2 av 6" in resident.says("2")
    assert stored_feedback(stack, reference_in(resident.says("send")))["rating"] == 2


def test_nynorsk(stack, resident):
    assert "Kva teneste" in resident.says("eg vil gje ei tilbakemelding")
    assert "eining" in resident.says("heimesjukepleia")
    assert "Kor nøgd" in resident.says("veit ikkje")
    assert "Fortel kort" in resident.says("5")
    assert "Vil du at nokon" in resident.says("Dei var veldig hjelpsame")
    assert "Stemmer dette" in resident.says("nei")
    reply = resident.says("send")
    assert "Tilbakemeldinga er registrert" in reply
    assert stored_feedback(stack, reference_in(reply))["language"] == "nn"


def test_english(stack, resident):
    assert "Which service" in resident.says("I want to give feedback")
    assert "Which unit" in resident.says("kindergarten")
    assert "How satisfied" in resident.says("don't know")
    assert "Tell us briefly" in resident.says("very satisfied")
    assert "Would you like" in resident.says("The staff are very kind")
    assert "Rating: 6 of 6" in resident.says("no")
    reply = resident.says("send")
    assert "Your feedback has been registered" in reply
    assert stored_feedback(stack, reference_in(reply))["language"] == "en"


def test_emergency_mid_form_gets_the_numbers_then_the_form_resumes(resident):
    give_feedback(resident, "jeg vil gi en tilbakemelding", ["omsorg", "vet ikke", "1"])
    replies = resident.say("han slår meg")
    assert "113" in replies[0]["text"] and "112" in replies[0]["text"]
    assert "hva som skjedde" in replies[-1]["text"]


def test_status_before_and_after_the_unit_closes_the_case(stack, resident):
    reply = give_feedback(
        resident, "jeg vil gi en tilbakemelding", ["vann", "vet ikke", "2", "Brunt vann i springen", "nei", "send"]
    )
    reference = reference_in(reply)
    assert "venter på behandling" in resident.says(f"hva skjer med {reference.lower()}?")
    closed = api(
        stack, "PATCH", f"/api/v1/feedback/{reference}",
        json={"status": "lukket", "outcome": "utbedret", "closing_note": "Ledningen er spylt, vannet er klart igjen."},
    )  # fmt: skip
    assert closed.status_code == 200, closed.text
    answer = resident.says(f"status {reference}")
    assert "er avsluttet" in answer and "Ledningen er spylt" in answer and "rettet opp" in answer
    assert "Jeg finner ingen sak" in resident.says("hva skjer med SKA-YYYYYY?")


def test_message_for_the_servicetorget(stack, resident):
    assert "Hva gjelder" in resident.says("ring meg tilbake")
    resident.says("faktura")
    assert "lagrer vi navnet" in resident.says("Jeg har fått to fakturaer for samme måned")
    resident.says("ja")
    resident.says("Per Hansen")
    reply = resident.says("+47 912 34 568")
    reference = reference_in(reply)
    assert "servicetorget" in reply and ("Du kan vente svar" in reply or "åpent nå" in reply)
    stored = api(stack, "GET", f"/api/v1/messages/{reference}").json()
    assert stored["subject"] == "faktura" and "Per" not in str(stored)


def test_message_without_consent_stores_nothing(stack, resident):
    before = len(api(stack, "GET", "/api/v1/messages", params={"limit": 1000}).json())
    resident.says("legg igjen en beskjed")
    resident.says("byggesak")
    resident.says("Når får jeg svar på søknaden?")
    assert "ikke lagret noe" in resident.says("nei")
    assert len(api(stack, "GET", "/api/v1/messages", params={"limit": 1000}).json()) == before


def test_two_misunderstandings_offer_a_message(resident):
    resident.says("hvem vinner champions league")
    replies = resident.say("hva er meningen med livet")
    offer = replies[-1]
    assert "beskjed" in offer["text"]
    assert offer["buttons"][0]["payload"] == "/leave_message"
    assert "Hva gjelder" in resident.says("/leave_message")


def test_intake_api_down_feedback_is_queued_and_stored_exactly_once(stack, resident):
    give_feedback(resident, "jeg vil gi en tilbakemelding", ["kultur", "vet ikke", "5", "Flott konsert i kulturhuset"])
    stack.stop("api")
    try:
        reply = give_feedback(resident, "nei", ["send"])
        assert "blir registrert hos kommunen så snart" in reply
        reference = reference_in(reply)
    finally:
        stack.restart("api")
    deadline = time.monotonic() + 60
    rows: list = []
    while time.monotonic() < deadline:
        rows = api(stack, "GET", "/api/v1/feedback", params={"limit": 1000}).json()
        if any(r["reference"] == reference for r in rows):
            break
        time.sleep(1)
    assert [r["reference"] for r in rows].count(reference) == 1
    assert stored_feedback(stack, reference)["text"] == "Flott konsert i kulturhuset"

"""A resident greets, asks a service question, gives feedback; the row is in the intake API."""

from __future__ import annotations

import re

import httpx
from innbygger_common.answers import load_answers
from innbygger_common.profile import fill

from intake_api.config import DEV_STAFF_KEY

REFERENCE = re.compile(r"\bSKA-[0-9A-Z]{6}\b")


def test_hello_question_feedback_and_the_row_is_stored(stack, resident):
    assert "Hei" in resident.says("hei")

    answer = resident.says("når blir søpla hentet hos meg?")
    assert answer == fill(load_answers()["tommekalender"]["nb"])

    assert "Hvilken tjeneste" in resident.says("jeg vil gi en tilbakemelding")
    assert "fornøyd" in resident.says("hjemmesykepleien")
    assert "hva som skjedde" in resident.says("5")
    receipt = resident.says("De kom presis hver morgen og var hyggelige. Ring meg på 912 34 567.")
    match = REFERENCE.search(receipt)
    assert match, receipt

    rows = httpx.get(
        f"{stack.config.api_url}/api/v1/feedback",
        params={"reference": match.group(0)},
        headers={"X-API-Key": DEV_STAFF_KEY},
    ).json()
    assert len(rows) == 1
    row = rows[0]
    assert (row["sector"], row["rating"], row["channel"], row["status"]) == ("omsorg", 5, "chat", "mottatt")
    assert row["text"] == "De kom presis hver morgen og var hyggelige. Ring meg på [telefon]."


def test_cancel_the_form_stores_nothing(stack, resident):
    before = httpx.get(f"{stack.config.api_url}/api/v1/feedback", headers={"X-API-Key": DEV_STAFF_KEY}).json()
    resident.says("jeg vil klage")
    resident.says("barnehagen")
    assert "avbrutt" in resident.says("avbryt")
    after = httpx.get(f"{stack.config.api_url}/api/v1/feedback", headers={"X-API-Key": DEV_STAFF_KEY}).json()
    assert len(after) == len(before)


def test_bot_challenge_and_help(resident):
    assert "chatbot" in resident.says("er du en robot?")
    assert "barnehage" in resident.says("hva kan du hjelpe med?")

"""A resident greets, asks a service question, gives feedback; the row is in the intake API."""

from __future__ import annotations

import re

import httpx

from bot.understanding import REFERENCE_PATTERN
from innbygger_common.answers import load_answers
from innbygger_common.profile import fill
from intake_api.config import DEV_STAFF_KEY

REFERENCE = re.compile(REFERENCE_PATTERN)
STAFF = {"X-API-Key": DEV_STAFF_KEY}


def find_feedback(stack, reference: str) -> list[dict]:
    response = httpx.get(f"{stack.config.api_url}/api/v1/feedback", params={"reference": reference}, headers=STAFF)
    response.raise_for_status()
    body = response.json()
    return list(body if isinstance(body, list) else body["items"])


def test_hello_question_feedback_and_the_row_is_stored(stack, resident):
    assert "Hei" in resident.says("hei")

    answer = resident.says("når blir søpla hentet hos meg?")
    assert answer.startswith(fill(load_answers()["tommekalender"]["nb"]))

    assert "Hvilken tjeneste" in resident.says("jeg vil gi en tilbakemelding")
    assert "enhet" in resident.says("hjemmesykepleien")
    assert "fornøyd" in resident.says("vet ikke")
    assert "hva som skjedde" in resident.says("5")
    assert "kontakter deg" in resident.says("De kom presis hver morgen og var hyggelige. Ring meg på 912 34 567.")
    summary = resident.says("nei")
    assert "Vurdering: 5 av 6" in summary
    receipt = resident.says("send")
    match = REFERENCE.search(receipt)
    assert match, receipt

    rows = find_feedback(stack, match.group(0))
    assert len(rows) == 1
    row = rows[0]
    assert (row["sector"], row["rating"], row["channel"], row["status"]) == ("omsorg", 5, "chat", "mottatt")
    assert row["text"] == "De kom presis hver morgen og var hyggelige. Ring meg på [telefon]."


def test_cancel_the_form_stores_nothing(stack, resident):
    before = httpx.get(f"{stack.config.api_url}/api/v1/feedback", headers=STAFF).json()
    resident.says("jeg vil klage")
    resident.says("barnehagen")
    assert "avbrutt" in resident.says("avbryt")
    after = httpx.get(f"{stack.config.api_url}/api/v1/feedback", headers=STAFF).json()
    assert len(after) == len(before)


def test_bot_challenge_and_help(resident):
    assert "chatbot" in resident.says("er du en robot?")
    assert "barnehage" in resident.says("hva kan du hjelpe med?")

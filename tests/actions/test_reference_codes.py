"""How the bot gives, delivers and reads reference codes (against a small stand-in for the intake API).

The API's side (collisions, one table of codes, the told code kept as an alias) is tested in
tests/intake_api/test_reference_codes.py; here: the bot tells the resident the code the API
stored, the outbox sends the told code along, and the status lookup reads typed codes.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.feedback_submit import ActionSubmitFeedback
from bot.actions.message_form import ActionSubmitMessage
from bot.actions.outbox import Outbox, deliver_pending
from bot.actions.status import ActionCheckStatus, ActionStartStatus, ValidateStatusForm
from innbygger_common.reference import legacy_reference_for, reference_for
from tests.actions.conftest import conversation, load_tracker, parsed_message

FILLED = {
    "feedback_sector": "omsorg", "feedback_unit": "Hjemmetjenesten", "feedback_unit_id": 4.0, "feedback_rating": "5",
    "feedback_comment": "Presise og hyggelige", "feedback_contact_wanted": "nei", "feedback_key": "collide-1349876",
}  # fmt: skip
MESSAGE = {
    "message_subject": "Byggesak", "message_text": "Når får jeg svar?", "message_consent": "ja",
    "message_name": "Kari Nordmann", "message_contact": "+47 912 34 567", "message_key": "collide-0216598",
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StandIn:
    """Records what the bot sent; answers with a programmable receipt or status."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.posts: list[dict[str, Any]] = []
        self.receipt: dict[str, Any] = {}
        self.status_answer: tuple[int, dict[str, Any]] = (404, {"detail": "no submission"})

    async def submit(self, request: web.Request) -> web.Response:
        self.posts.append({"path": request.path, "headers": dict(request.headers), "body": await request.json()})
        return web.json_response(self.receipt, status=201)

    async def status(self, request: web.Request) -> web.Response:
        self.posts.append({"path": request.path, "headers": dict(request.headers)})
        code, body = self.status_answer
        return web.json_response(body, status=code)


@pytest.fixture
async def api(monkeypatch, tmp_path) -> AsyncIterator[StandIn]:
    monkeypatch.setenv("BOT_OUTBOX_PATH", str(tmp_path / "outbox.db"))
    port = free_port()
    stand_in = StandIn(f"http://127.0.0.1:{port}")
    app = web.Application()
    app.router.add_post("/api/v1/feedback", stand_in.submit)
    app.router.add_post("/api/v1/messages", stand_in.submit)
    app.router.add_get("/api/v1/status/{reference}", stand_in.status)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    monkeypatch.setenv("INTAKE_API_URL", stand_in.url)
    yield stand_in
    await runner.cleanup()


async def test_the_resident_is_told_the_code_the_api_stored(api, domain):
    """After a collision the API stores the key's next code; the bot repeats the API's answer, not its own guess."""
    stored = reference_for(FILLED["feedback_key"], "SKA", 1)
    api.receipt = {"reference": stored, "status": "mottatt"}
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitFeedback().run(
        dispatcher, load_tracker("feedback_form_active", requested_slot=None, **FILLED), domain
    )
    assert dispatcher.messages[0]["response"] == "utter_feedback_saved"
    assert dispatcher.messages[0]["reference"] == stored != reference_for(FILLED["feedback_key"], "SKA")
    assert SlotSet("feedback_reference", stored) in events
    assert "Told-Reference" not in api.posts[0]["headers"]  # nothing was told before this answer

    api.receipt = {"reference": reference_for(MESSAGE["message_key"], "SKA", 2), "status": "mottatt"}
    dispatcher = CollectingDispatcher()
    await ActionSubmitMessage().run(
        dispatcher, load_tracker("feedback_form_active", requested_slot=None, **MESSAGE), domain
    )
    assert dispatcher.messages[0]["reference"] == api.receipt["reference"]


async def test_the_outbox_delivers_the_code_it_told(api, monkeypatch, domain):
    """Queued while the API was away: the resident got the first derivation, and delivery says so."""
    monkeypatch.setenv("INTAKE_API_URL", f"http://127.0.0.1:{free_port()}")  # away
    dispatcher = CollectingDispatcher()
    await ActionSubmitFeedback().run(
        dispatcher, load_tracker("feedback_form_active", requested_slot=None, **FILLED), domain
    )
    told = dispatcher.messages[0]["reference"]
    assert dispatcher.messages[0]["response"] == "utter_feedback_queued"
    assert told == reference_for(FILLED["feedback_key"], "SKA")

    monkeypatch.setenv("INTAKE_API_URL", api.url)  # back
    api.receipt = {"reference": reference_for(FILLED["feedback_key"], "SKA", 1), "status": "mottatt"}
    assert await deliver_pending(Outbox()) == 1
    sent = api.posts[-1]
    assert sent["headers"]["Idempotency-Key"] == FILLED["feedback_key"]
    assert sent["headers"]["Told-Reference"] == told
    assert Outbox().count() == 0


async def test_entries_queued_before_the_upgrade_deliver_the_six_character_code(api, tmp_path):
    """An outbox file from the previous version (no told column): its residents were told the older code."""
    path = tmp_path / "outbox.db"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE outbox (key TEXT PRIMARY KEY, path TEXT NOT NULL, body TEXT NOT NULL,"
            " created REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)"
        )
        body = {"sector": "omsorg", "rating": 4, "text": "", "channel": "chat", "language": "nb"}
        db.execute("INSERT INTO outbox VALUES ('queued-before-upgrade', '/api/v1/feedback', ?, ?, 0)",
                   (json.dumps(body), time.time()))  # fmt: skip
    api.receipt = {"reference": reference_for("queued-before-upgrade", "SKA"), "status": "mottatt"}
    assert await deliver_pending(Outbox(path)) == 1
    assert api.posts[-1]["headers"]["Told-Reference"] == legacy_reference_for("queued-before-upgrade", "SKA")
    assert api.posts[-1]["body"] == body


CODE = reference_for("status-key-1", "SKA")  # e.g. SKA-XXX-XXX-XXX


@pytest.mark.parametrize(
    "typed",
    [
        f"hva skjer med {CODE}?",
        f"kva er status på {CODE.lower()}",
        f"status {CODE.replace('-', ' ')}",
        f"what is happening with {CODE.replace('-', '')}",
        f"referansekode {CODE[:7]}{CODE[8:]}, hva er status",
    ],
)
async def test_codes_are_read_however_they_are_typed(domain, typed):
    tracker = conversation(parsed_message(typed, "ask_status"))
    events = await ActionStartStatus().run(CollectingDispatcher(), tracker, domain)
    assert events == [SlotSet("status_reference", CODE)]


async def test_a_code_with_a_typo_is_asked_for_again_not_looked_up(domain):
    typo = CODE[:-1] + ("3" if CODE[-1] != "3" else "4")  # one wrong character
    swapped = CODE[:4] + CODE[5] + CODE[4] + CODE[6:]  # two neighbours swapped
    assert CODE not in (typo, swapped)
    for typed in (typo, swapped):
        tracker = conversation(parsed_message(typed, "ask_status"), requested_slot="status_reference")
        dispatcher = CollectingDispatcher()
        result = await ValidateStatusForm().validate_status_reference(typed, dispatcher, tracker, domain)
        assert result["status_reference"] is None, typed
        assert dispatcher.messages[0]["response"] == "utter_invalid_reference"
    # The older six-character codes are still codes.
    tracker = conversation(parsed_message("SKA-7KQ4MX", "ask_status"), requested_slot="status_reference")
    result = await ValidateStatusForm().validate_status_reference("ska-7kq4mx", CollectingDispatcher(), tracker, domain)
    assert result["status_reference"] == "SKA-7KQ4MX"


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "gitt til to saker"), ("nn", "gitt til to saker, så eg kan ikkje"), ("en", "given to two cases")],
)
async def test_a_code_given_to_two_residents_sends_them_to_the_servicetorget(api, domain, language, words):
    api.status_answer = (409, {"detail": "reference was given to two submissions"})
    tracker = conversation(parsed_message(CODE, "ask_status"), status_reference=CODE, language=language)
    dispatcher = CollectingDispatcher()
    await ActionCheckStatus().run(dispatcher, tracker, domain)
    assert api.posts[-1]["path"] == f"/api/v1/status/{CODE}"
    text = dispatcher.messages[0]["text"]
    assert words in text and CODE in text and "@" in text


async def test_a_status_shows_the_cases_own_note(api, domain):
    api.status_answer = (200, {"reference": CODE, "kind": "message", "status": "lukket", "outcome": "utbedret",
                               "closing_note": "Vi ringte deg."})  # fmt: skip
    tracker = conversation(parsed_message(CODE, "ask_status"), status_reference=CODE)
    dispatcher = CollectingDispatcher()
    await ActionCheckStatus().run(dispatcher, tracker, domain)
    assert (
        dispatcher.messages[0]["text"]
        == f"Saken {CODE} er avsluttet. Det er rettet opp. Svar fra enheten: Vi ringte deg."
    )

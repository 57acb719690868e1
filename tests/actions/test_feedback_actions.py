"""The feedback form's validation, summary and submission, with the real domain."""

from __future__ import annotations

import socket

import pytest
from aiohttp import web
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.feedback_form import ActionAskFeedbackConfirmed, ValidateFeedbackForm
from bot.actions.feedback_submit import ActionCancelForm, ActionSubmitFeedback, feedback_body
from bot.actions.intake_client import IntakeClient
from bot.actions.outbox import Outbox
from innbygger_common.reference import reference_for
from tests.actions.conftest import load_tracker


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _no_intake_api(monkeypatch, tmp_path):
    """No intake API in the bot's unit tests (the end-to-end tests have a real one)."""
    monkeypatch.setenv("INTAKE_API_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("BOT_OUTBOX_PATH", str(tmp_path / "outbox.db"))


async def validate(domain, requested, **typed):
    tracker = load_tracker("feedback_form_active", requested_slot=requested, **typed)
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    return events, dispatcher.messages


@pytest.mark.parametrize(
    ("slot", "typed", "expected"),
    [
        ("feedback_sector", "hjemmesykepleien", "omsorg"),
        ("feedback_sector", "barnehage", "barnehage"),
        ("feedback_sector", "vann_avlop_renovasjon", "vann_avlop_renovasjon"),
        ("feedback_unit", "vet ikke", "ukjent"),
        ("feedback_rating", "veldig fornøyd", "6"),
        ("feedback_rating", "fem", "5"),
        ("feedback_comment", "  Flinke   folk  ", "Flinke folk"),
        ("feedback_contact_wanted", "ja takk", "ja"),
        ("feedback_contact_wanted", "nei", "nei"),
        ("feedback_name", "Kari Nordmann", "Kari Nordmann"),
        ("feedback_contact", "912 34 567", "+47 912 34 567"),
        ("feedback_contact", "kari@example.no", "kari@example.no"),
        ("feedback_confirmed", "send", "ja"),
    ],
)
async def test_validation_accepts_what_residents_type(domain, slot, typed, expected):
    events, messages = await validate(domain, slot, **{slot: typed})
    assert SlotSet(slot, expected) in events
    assert messages == []


@pytest.mark.parametrize(
    ("slot", "typed", "response"),
    [
        ("feedback_sector", "tja", "utter_invalid_sector"),
        ("feedback_rating", "elleve", "utter_invalid_rating"),
        ("feedback_contact", "ring meg", "utter_invalid_contact"),
        ("feedback_name", "12345", "utter_invalid_name"),
        ("feedback_contact_wanted", "kanskje", "utter_invalid_yes_no"),
    ],
)
async def test_validation_asks_again_with_an_example(domain, slot, typed, response):
    events, messages = await validate(domain, slot, **{slot: typed})
    assert SlotSet(slot, None) in events
    assert messages[0]["response"] == response
    assert SlotSet("form_failures", 1.0) in events


@pytest.mark.parametrize(
    ("slot", "typed", "offer"),
    [
        ("feedback_rating", "tja", "utter_offer_choose_or_stop"),  # a rating cannot be skipped
        ("feedback_name", "1234", "utter_offer_skip"),  # contact details can
    ],
)
async def test_third_failure_offers_skip_or_stop(domain, slot, typed, offer):
    tracker = load_tracker("feedback_form_active", requested_slot=slot, **{slot: typed})
    tracker.slots["form_failures"] = 2.0
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == offer
    assert SlotSet("form_failures", 0.0) in events


async def test_a_service_question_mid_form_is_answered_not_counted(domain):
    tracker = load_tracker(
        "feedback_form_active", requested_slot="feedback_rating", feedback_rating="når er biblioteket åpent?"
    )
    tracker.latest_message = {
        **tracker.latest_message,
        "text": "når er biblioteket åpent?",
        "intent": {"name": "faq", "confidence": 0.97},
        "response_selector": {"faq": {"ranking": [{"intent_response_key": "faq/bibliotek", "confidence": 0.95}]}},
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    assert "ibliotek" in dispatcher.messages[0]["text"]
    assert SlotSet("feedback_rating", None) in events
    assert not any(e.get("name") == "form_failures" for e in events)


async def test_a_single_unknown_name_is_a_wrong_answer_not_a_question(domain):
    tracker = load_tracker("feedback_form_active", requested_slot="feedback_unit", feedback_unit="Marsstasjonen")
    tracker.latest_message = {
        **tracker.latest_message,
        "text": "Marsstasjonen",
        "intent": {"name": "faq", "confidence": 1.0},
        "response_selector": {"faq": {"ranking": [{"intent_response_key": "faq/helsestasjon", "confidence": 0.9}]}},
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    assert not any("elsestasjon" in (m.get("text") or "") for m in dispatcher.messages)
    assert any(e.get("name") == "form_failures" for e in events)


async def test_no_contact_wish_skips_and_forgets_contact_details(domain):
    events, _ = await validate(domain, "feedback_contact_wanted", feedback_contact_wanted="nei")
    assert SlotSet("feedback_name", None) in events and SlotSet("feedback_contact", None) in events
    tracker = load_tracker("feedback_form_active", feedback_contact_wanted="nei")
    slots = await ValidateFeedbackForm().required_slots(
        ["feedback_sector", "feedback_contact_wanted", "feedback_name", "feedback_contact", "feedback_confirmed"],
        CollectingDispatcher(), tracker, domain,
    )  # fmt: skip
    assert slots == ["feedback_sector", "feedback_contact_wanted", "feedback_confirmed"]


async def test_summary_lets_the_resident_change_one_answer(domain):
    events, _ = await validate(domain, "feedback_confirmed", feedback_confirmed="endre vurdering")
    assert SlotSet("feedback_rating", None) in events
    assert SlotSet("feedback_confirmed", None) in events


FILLED = {
    "feedback_sector": "omsorg", "feedback_unit": "Hjemmetjenesten", "feedback_unit_id": 4.0, "feedback_rating": "5",
    "feedback_comment": "Presise og hyggelige", "feedback_contact_wanted": "ja", "feedback_name": "Kari Nordmann",
    "feedback_contact": "+47 912 34 567", "feedback_key": "5b0f9f0e-1111-4c7e-9a36-0c3b9f0e7d21",
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "word"), [("nb", "Vurdering: 5 av 6"), ("nn", "Eining: Hjemmetjenesten"), ("en", "Rating: 5 of 6")]
)
async def test_summary_in_three_languages(domain, language, word):
    tracker = load_tracker("feedback_form_active", **FILLED)
    tracker.slots["language"] = language
    dispatcher = CollectingDispatcher()
    await ActionAskFeedbackConfirmed().run(dispatcher, tracker, domain)
    assert word in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "send"


def test_body_keeps_contact_apart_and_only_with_consent():
    body = feedback_body(load_tracker("feedback_form_active", **FILLED))
    assert body["contact"] == {"name": "Kari Nordmann", "phone": "+47 912 34 567"}
    assert body["contact_consent"] is True and body["unit_id"] == 4
    without = feedback_body(load_tracker("feedback_form_active", **{**FILLED, "feedback_contact_wanted": "nei"}))
    assert "contact" not in without


async def test_api_down_queues_durably_and_tells_the_truth(domain):
    tracker = load_tracker("feedback_form_active", requested_slot=None, **FILLED)
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitFeedback().run(dispatcher, tracker, domain)
    expected = reference_for(FILLED["feedback_key"], "SKA")
    assert dispatcher.messages[0]["response"] == "utter_feedback_queued"
    assert dispatcher.messages[0]["reference"] == expected
    assert SlotSet("feedback_reference", expected) in events
    queued = Outbox().pending()
    assert [(key, path) for key, path, _ in queued] == [(FILLED["feedback_key"], "/api/v1/feedback")]
    # Submitting the same form again (a retried action call) queues nothing new.
    await ActionSubmitFeedback().run(CollectingDispatcher(), tracker, domain)
    assert len(Outbox().pending()) == 1


async def test_rate_limited_submission_waits_in_the_outbox(domain, monkeypatch):
    """A 429 means "not now": the feedback is kept for the outbox's retries, never refused."""
    calls: list[str] = []

    async def too_many(request: web.Request) -> web.Response:
        calls.append(request.headers["Idempotency-Key"])
        return web.json_response({"detail": "too many requests"}, status=429, headers={"Retry-After": "30"})

    app = web.Application()
    app.router.add_post("/api/v1/feedback", too_many)
    runner = web.AppRunner(app)
    await runner.setup()
    port = closed_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    monkeypatch.setenv("INTAKE_API_URL", f"http://127.0.0.1:{port}")
    try:
        dispatcher = CollectingDispatcher()
        tracker = load_tracker("feedback_form_active", requested_slot=None, **FILLED)
        await ActionSubmitFeedback().run(dispatcher, tracker, domain)
    finally:
        await runner.cleanup()
    assert calls == [FILLED["feedback_key"]]
    assert dispatcher.messages[0]["response"] == "utter_feedback_queued"
    assert [key for key, _, _ in Outbox().pending()] == [FILLED["feedback_key"]]


async def test_cancel_clears_every_form(domain):
    dispatcher = CollectingDispatcher()
    events = await ActionCancelForm().run(dispatcher, load_tracker("feedback_form_active", **FILLED), domain)
    assert dispatcher.messages[0]["response"] == "utter_feedback_cancelled"
    assert SlotSet("feedback_name", None) in events and SlotSet("message_contact", None) in events


def test_client_reads_its_address_from_the_environment(monkeypatch):
    monkeypatch.setenv("INTAKE_API_URL", "http://intake.example:9000/")
    assert IntakeClient().base_url == "http://intake.example:9000"

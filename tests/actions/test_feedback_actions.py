"""The feedback form's validation and submission actions, with the real domain."""

from __future__ import annotations

import socket

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.feedback_form import ValidateFeedbackForm
from bot.actions.feedback_submit import ActionCancelFeedback, ActionSubmitFeedback, idempotency_key
from bot.actions.intake_client import IntakeClient
from tests.actions.conftest import load_tracker


@pytest.mark.parametrize(
    ("requested", "typed", "slot", "expected"),
    [
        ("feedback_sector", "hjemmesykepleien", "feedback_sector", "omsorg"),
        ("feedback_sector", "Barnehage", "feedback_sector", "barnehage"),
        ("feedback_rating", "veldig fornøyd", "feedback_rating", "6"),
        ("feedback_rating", "fem", "feedback_rating", "5"),
        ("feedback_comment", "  Flinke folk  ", "feedback_comment", "Flinke folk"),
    ],
)
async def test_validation_accepts_what_residents_type(domain, requested, typed, slot, expected):
    tracker = load_tracker("feedback_form_active", requested_slot=requested, **{slot: typed})
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    assert SlotSet(slot, expected) in events
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("requested", "typed", "hint"),
    [("feedback_sector", "tja", "hjemmesykepleien"), ("feedback_rating", "elleve", "1 til 6")],
)
async def test_validation_asks_again_with_an_example(domain, requested, typed, hint):
    tracker = load_tracker("feedback_form_active", requested_slot=requested, **{requested: typed})
    dispatcher = CollectingDispatcher()
    events = await ValidateFeedbackForm().run(dispatcher, tracker, domain)
    assert SlotSet(requested, None) in events
    assert hint in dispatcher.messages[0]["text"]


def test_idempotency_key_is_stable_per_message():
    tracker = load_tracker("feedback_form_active")
    assert idempotency_key(tracker) == idempotency_key(load_tracker("feedback_form_active"))
    other = load_tracker("feedback_form_active")
    other.latest_message = {**other.latest_message, "message_id": "msg-0002"}
    assert idempotency_key(other) != idempotency_key(tracker)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_submit_tells_the_truth_when_the_api_is_unreachable(domain, monkeypatch):
    monkeypatch.setenv("INTAKE_API_URL", f"http://127.0.0.1:{_closed_port()}")
    tracker = load_tracker(
        "feedback_form_active",
        feedback_sector="omsorg",
        feedback_rating="5",
        feedback_comment="Bra",
        requested_slot=None,
    )
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitFeedback().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_feedback_failed"
    assert SlotSet("feedback_sector", None) in events


async def test_cancel_clears_the_form(domain):
    tracker = load_tracker("feedback_form_active", feedback_sector="omsorg")
    dispatcher = CollectingDispatcher()
    events = await ActionCancelFeedback().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_feedback_cancelled"
    assert {e["name"] for e in events} == {"feedback_sector", "feedback_rating", "feedback_comment"}


def test_client_reads_its_address_from_the_environment(monkeypatch):
    monkeypatch.setenv("INTAKE_API_URL", "http://intake.example:9000/")
    assert IntakeClient().base_url == "http://intake.example:9000"

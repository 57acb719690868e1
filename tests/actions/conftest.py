"""Fixtures for the custom-action tests (run in the bot's Python 3.10 environment)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

# The actions run without an intake API here: no background poll for editors' changes (the seed
# answers are what these tests check; tests/actions/test_live_content.py tests the poll itself).
os.environ.setdefault("CONTENT_POLL_SECONDS", "0")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain.yml, as the action server receives it."""
    return yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))


def load_tracker(name: str, requested_slot: Any = "feedback_sector", **extracted: Any) -> Tracker:
    """A tracker from a JSON fixture, with slot values Rasa just extracted from the last message.

    Rasa adds SlotSet events after the user event before it calls a validation
    action; the action validates exactly those, so the fixture does the same.
    """
    state = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    state["slots"].update(extracted, requested_slot=requested_slot)
    state["events"].extend({"event": "slot", "name": slot, "value": value} for slot, value in extracted.items())
    return Tracker.from_dict(state)


def parsed_message(
    text: str,
    intent: str,
    ranking: Any = (),
    entities: Any = (),
    original_intent: Any = None,
) -> dict[str, Any]:
    """A user message as Rasa's NLU parses it (the shape actions receive)."""
    message: dict[str, Any] = {
        "text": text,
        "message_id": "msg-1",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": list(entities),
        "response_selector": {
            "faq": {
                "ranking": [{"intent_response_key": f"faq/{topic}", "confidence": c} for topic, c in ranking],
            }
        },
    }
    if original_intent:
        message["original_intent"] = {"name": original_intent, "confidence": 0.9}
    return message


def conversation(message: dict[str, Any], **slots: Any) -> Tracker:
    """A tracker whose latest message is `message`, with the given slots."""
    state = {
        "sender_id": "test-resident-2",
        "slots": {"language": "nb", "failed_turns": 0.0, "last_topic": None, **slots},
        "latest_message": message,
        "events": [{"event": "user", "text": message["text"], "parse_data": message}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return Tracker.from_dict(state)

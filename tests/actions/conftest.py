"""Fixtures for the custom-action tests (run in the bot's Python 3.10 environment)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml
from rasa_sdk import Tracker

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
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

"""What the bot did not understand: the editors' worklist, read from Rasa's tracker store.

A question belongs on the worklist when the bot asked back ("Mente du …?", utter_did_you_mean) or
said it could not help (utter_out_of_scope, utter_default), or answered and the resident said "Nei"
to "Fikk du svar?".
Questions inside a form (feedback, a message for the servicetorget) are the resident's own
content, not questions to the bot, and are never read. Every text is scrubbed of personal data
(innbygger_common.scrub) before it leaves this module; nothing unscrubbed is shown or stored.

Near-identical questions are one group: the same words once folded (case, æøå, punctuation,
greetings), and then questions whose folded text is at least 90 % alike (difflib).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select
from sqlalchemy.orm import Session

from innbygger_common.scrub import scrub
from innbygger_common.textnorm import fold

from .models import WorklistDecision
from .retention import tracker_ready

OUTCOMES = {"asked_back": "Spurte tilbake", "rejected": "Avviste", "not_helpful": "Svarte, fikk «Nei»"}
_GREETING = re.compile(r"^(hei|hallo|heisann|hi|hello|god (morgen|dag|kveld))\b[\s,!.]*")
_NOT_WORD = re.compile(r"[^\w\s]")
# The bot's responses (domain.yml) that say it did not understand.
_OUTCOME_OF = {"utter_did_you_mean": "asked_back", "utter_out_of_scope": "rejected", "utter_default": "rejected"}
MAX_TEXT = 300
SIMILAR = 0.9
# Rasa's SQL tracker store table (rasa/core/tracker_store.py, SQLEvent), the columns read here.
_EVENTS = Table(
    "events", MetaData(), Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
    Column("type_name", String(255)), Column("timestamp", Float), Column("data", Text),
)  # fmt: skip


def group_key(text: str) -> str:
    """The folded question: lower case, æøå folded, no punctuation, no greeting, single spaces."""
    folded = _NOT_WORD.sub(" ", fold(text))
    folded = " ".join(folded.split())
    return _GREETING.sub("", folded).strip()[:MAX_TEXT] or folded[:MAX_TEXT]


@dataclass
class Question:
    """One question the bot did not understand (scrubbed)."""

    text: str
    language: str
    outcome: str
    at: datetime
    guesses: list[tuple[str, float]]
    answered_topic: str | None = None  # for "Nei": the topic the bot answered with
    chosen_topic: str | None = None  # a "Mente du?" button the resident clicked next


@dataclass
class Group:
    key: str
    questions: list[Question] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def newest(self) -> datetime:
        return max(q.at for q in self.questions)

    @property
    def text(self) -> str:
        """The most common wording (the newest among equals)."""
        counts = Counter(q.text for q in self.questions)
        return max(self.questions, key=lambda q: (counts[q.text], q.at)).text

    @property
    def outcomes(self) -> list[tuple[str, int]]:
        return Counter(OUTCOMES[q.outcome] for q in self.questions).most_common()

    @property
    def languages(self) -> list[str]:
        return [lang for lang, _ in Counter(q.language for q in self.questions).most_common()]

    @property
    def suggestions(self) -> list[tuple[str, str]]:
        """Topics worth assigning, best first: clicked "Mente du?" buttons, then the bot's guesses."""
        scores: dict[str, float] = {}
        reasons: dict[str, str] = {}
        for q in self.questions:
            if q.chosen_topic:
                scores[q.chosen_topic] = scores.get(q.chosen_topic, 0.0) + 2.0
                reasons[q.chosen_topic] = "innbyggeren valgte dette under «Mente du?»"
            for topic, confidence in q.guesses:
                if topic != q.answered_topic:
                    scores[topic] = scores.get(topic, 0.0) + confidence
                    reasons.setdefault(topic, f"botens gjetning ({confidence:.0%})")
        best = sorted(scores, key=lambda topic: -scores[topic])[:3]
        return [(topic, reasons[topic]) for topic in best]


def _guesses(parse: dict[str, Any]) -> list[tuple[str, float]]:
    ranking = ((parse.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    found = []
    for candidate in ranking[:3]:
        key = str(candidate.get("intent_response_key") or "")
        if "/" in key:
            found.append((key.split("/", 1)[1], float(candidate.get("confidence") or 0.0)))
    return found


def _language(parse: dict[str, Any]) -> str:
    for entity in parse.get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in ("nb", "nn", "en"):
            return str(entity["value"])
    return "nb"


def questions_from_events(rows: list[tuple[str, str, str | None]]) -> list[Question]:
    """Questions from tracker rows (sender_id, type_name, data), ordered by conversation and id."""
    found: list[Question] = []
    sender = None
    in_form = False
    last_user: dict[str, Any] | None = None
    pending: Question | None = None  # asked back or rejected; cancelled when rescued by an answer
    answered: tuple[dict[str, Any], str] | None = None  # (question, topic) of the last answer

    def settle() -> None:
        nonlocal pending
        if pending is not None:
            found.append(pending)
            pending = None

    for sender_id, kind, raw in rows:
        if sender_id != sender:
            settle()
            sender, in_form, last_user, answered = sender_id, False, None, None
        data = json.loads(raw) if raw else {}
        if kind == "active_loop":
            in_form = bool(data.get("name"))
        elif kind == "user":
            parse = data.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            if pending is not None and intent == "choose_topic":
                chosen = next((e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "topic"), None)
                pending.chosen_topic = str(chosen) if chosen else None
            settle()
            if intent == "answer_not_helpful" and answered is not None:
                question, topic = answered
                found.append(_question(question, "not_helpful", answered_topic=topic))
                answered = None
            last_user = None if in_form or intent in ("choose_topic", "emergency") else data
        elif kind == "bot" and last_user is not None and pending is None:
            # What the bot said tells the outcome: the responses of asking back and of giving up.
            said = (data.get("metadata") or {}).get("utter_action")
            if said in _OUTCOME_OF:
                pending = _question(last_user, _OUTCOME_OF[said])
        elif kind == "slot" and data.get("name") == "last_topic" and data.get("value") and last_user is not None:
            answered = (last_user, str(data["value"]))
    settle()
    return [q for q in found if q.text]


def _question(user: dict[str, Any], outcome: str, answered_topic: str | None = None) -> Question:
    parse = user.get("parse_data") or {}
    text = " ".join(scrub(str(user.get("text") or "")).split())[:MAX_TEXT]
    at = datetime.fromtimestamp(float(user.get("timestamp") or 0), tz=timezone.utc)
    return Question(text=text, language=_language(parse), outcome=outcome, at=at, guesses=_guesses(parse),
                    answered_topic=answered_topic)  # fmt: skip


def read_questions(tracker_url: str, since: datetime) -> list[Question]:
    engine = tracker_ready(tracker_url)
    if engine is None:
        return []
    events = _EVENTS
    # Whole conversations that had activity in the period, so a "Nei" can find its question.
    senders = select(events.c.sender_id).where(events.c.timestamp >= since.timestamp()).distinct()
    query = (
        select(events.c.sender_id, events.c.type_name, events.c.data)
        .where(events.c.sender_id.in_(senders))
        .where(events.c.type_name.in_(("user", "bot", "slot", "active_loop")))
        .order_by(events.c.sender_id, events.c.id)
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return [q for q in questions_from_events(rows) if q.at >= since]


def group(questions: list[Question]) -> list[Group]:
    """Near-identical questions together; most asked first, then newest."""
    exact: dict[str, Group] = {}
    for q in questions:
        key = group_key(q.text)
        exact.setdefault(key, Group(key=key)).questions.append(q)
    merged: list[Group] = []
    for candidate in sorted(exact.values(), key=lambda g: (-g.count, -g.newest.timestamp())):
        for kept in merged:
            matcher = difflib.SequenceMatcher(None, kept.key, candidate.key)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR:
                kept.questions.extend(candidate.questions)
                break
        else:
            merged.append(candidate)
    return sorted(merged, key=lambda g: (-g.count, -g.newest.timestamp()))


def open_groups(session: Session, tracker_url: str, days: int, now: datetime | None = None) -> list[Group]:
    """The worklist for the last `days` days: groups no editor has decided yet."""
    since = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    decided = set(session.scalars(select(WorklistDecision.group_key)))
    return [g for g in group(read_questions(tracker_url, since)) if g.key not in decided]


def topic_usage(tracker_url: str, since: datetime) -> Counter[str]:
    """How often the bot answered each topic in the period (its last_topic slot being set)."""
    engine = tracker_ready(tracker_url)
    if engine is None:
        return Counter()
    query = select(_EVENTS.c.data).where(
        _EVENTS.c.type_name == "slot", _EVENTS.c.timestamp >= since.timestamp(), _EVENTS.c.data.like("%last_topic%")
    )
    counts: Counter[str] = Counter()
    with engine.connect() as connection:
        for (raw,) in connection.execute(query):
            data = json.loads(raw)
            if data.get("name") == "last_topic" and data.get("value"):
                counts[str(data["value"])] += 1
    return counts

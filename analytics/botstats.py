"""The bot's own service figures, read from Rasa's SQL tracker store and the answer ratings.

Nothing personal leaves this module: conversations are counted, never listed; a question the
bot did not understand is shown only when at least five conversations asked it (after
scrubbing, and only if no variant of it looked like it named a person); the rest are counted
by the sector their words point to.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from innbygger_common.catalogue import catalogue
from innbygger_common.content import content_dir
from innbygger_common.opening_hours import OSLO, parse_hours, public_holidays
from innbygger_common.profile import profile
from innbygger_common.scrub import scrub
from innbygger_common.textnorm import fold, words

from .anonymize import quotable
from .data import Bind, load_answer_ratings
from .periods import Period
from .suppression import MIN_RESPONSES

# Rasa starts a new session after 60 minutes of silence (session_config in domain.yml); so do we.
SESSION_GAP_SECONDS = 3600
NOT_UNDERSTOOD_INTENTS = ("nlu_fallback", "out_of_scope")
# Used when the kommune profile has no servicetorget.opening_hours (Skaun's are not sourced yet);
# every place that shows the share then says so (`office_hours_note`).
DEFAULT_OFFICE_HOURS = (time(8, 0), time(15, 30))
ASSUMED_HOURS_NOTE = (
    f"beregnet mot antatt åpningstid {DEFAULT_OFFICE_HOURS[0]:%H.%M}–{DEFAULT_OFFICE_HOURS[1]:%H.%M} "
    "fordi kommunen ikke har registrert åpningstider"
)
_EVENTS = sa.table(
    "events",
    sa.column("sender_id"),
    sa.column("type_name"),
    sa.column("timestamp"),
    sa.column("intent_name"),
    sa.column("data"),
)


@dataclass(frozen=True)
class TopicRating:
    """A bot answer residents rated: how many ratings, and the share that said it did not help."""

    topic: str
    question: str
    sector_name: str
    ratings: int
    unhelpful_share: float


@dataclass(frozen=True)
class CountedText:
    """A question (or a sector) and the number of conversations in which the bot did not understand it."""

    text: str
    conversations: int


@dataclass(frozen=True)
class BotFigures:
    """Conversations, share outside office hours, answered rate and what to improve, for one period."""

    available: bool
    conversations: int | None = None
    outside_office_hours_share: float | None = None
    # Set when the share is computed against assumed hours (the profile has none): shown beside it.
    office_hours_note: str | None = None
    user_messages: int | None = None
    answered_share: float | None = None
    unhelpful_topics: tuple[TopicRating, ...] = field(default_factory=tuple)
    not_understood_questions: tuple[CountedText, ...] = field(default_factory=tuple)
    not_understood_sectors: tuple[CountedText, ...] = field(default_factory=tuple)


def office_hours_known() -> bool:
    """Whether the kommune profile has the servicetorget's opening hours (else they are assumed)."""
    return bool((profile().get("servicetorget") or {}).get("opening_hours"))


def _office_hours() -> dict[int, tuple[time, time]]:
    raw = (profile().get("servicetorget") or {}).get("opening_hours")
    if raw:
        names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        return {names.index(day): span for day, span in parse_hours(raw).items()}
    return dict.fromkeys(range(5), DEFAULT_OFFICE_HOURS)


def outside_office_hours(stamps: pd.Series) -> pd.Series:
    """For epoch-second timestamps: True where the servicetorget was closed (Oslo time, holidays closed)."""
    local = pd.to_datetime(stamps, unit="s", utc=True).dt.tz_convert(OSLO)
    hours = _office_hours()
    holidays = {day for year in local.dt.year.unique() for day in public_holidays(int(year))}
    clock = local.dt.hour * 60 + local.dt.minute
    open_now = pd.Series(False, index=stamps.index)
    for weekday, (opens, closes) in hours.items():
        during = (clock >= opens.hour * 60 + opens.minute) & (clock < closes.hour * 60 + closes.minute)
        open_now |= (local.dt.day_of_week == weekday) & during
    open_now &= ~local.dt.date.isin(holidays)
    return ~open_now


def _read_events(engine: Engine, period: Period) -> pd.DataFrame:
    start, end = period.bounds()
    query = (
        sa.select(_EVENTS.c.sender_id, _EVENTS.c.timestamp, _EVENTS.c.intent_name, _EVENTS.c.data)
        .where(_EVENTS.c.type_name == "user")
        .where(_EVENTS.c.timestamp >= start.timestamp(), _EVENTS.c.timestamp < end.timestamp())
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame.from_records(rows, columns=["sender_id", "timestamp", "intent_name", "data"])


def _conversation_starts(events: pd.DataFrame) -> pd.Series:
    ordered = events.sort_values(["sender_id", "timestamp"])
    gap = ordered.groupby("sender_id")["timestamp"].diff()
    new = gap.isna() | (gap > SESSION_GAP_SECONDS)
    return ordered.loc[new, "timestamp"]


@lru_cache(maxsize=1)
def _sector_stems() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(Path(content_dir() / "sector_words.yml").read_text(encoding="utf-8"))
    return {sector: tuple(fold(str(stem)) for stem in stems) for sector, stems in raw.items()}


def sector_of(text: str) -> str | None:
    """The sector a question's words point to (the feedback form's stems), or None."""
    tokens = words(text)
    for sector, stems in _sector_stems().items():
        if any(token.startswith(stem) for token in tokens for stem in stems):
            return sector
    return None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", scrub(text).lower())).strip()


def _not_understood(events: pd.DataFrame) -> tuple[tuple[CountedText, ...], tuple[CountedText, ...]]:
    missed = events[events["intent_name"].isin(NOT_UNDERSTOOD_INTENTS)]
    askers: dict[str, set[str]] = defaultdict(set)
    safe: dict[str, bool] = defaultdict(lambda: True)
    sectors: dict[str, set[str]] = defaultdict(set)
    for sender, data in zip(missed["sender_id"], missed["data"], strict=True):
        text = str(json.loads(data or "{}").get("text") or "")
        key = _normalise(text)
        if not key:
            continue
        askers[key].add(str(sender))
        # Judged on the text as typed (capitals show names) and must hold for every variant.
        safe[key] = safe[key] and quotable(text[:1].upper() + text[1:], min_length=5, max_length=120)
        sector = sector_of(text)
        sectors[catalogue().sectors[sector] if sector else "Uten tydelig tjenesteområde"].add(str(sender))
    questions = sorted(
        (CountedText(text, len(who)) for text, who in askers.items() if len(who) >= MIN_RESPONSES and safe[text]),
        key=lambda q: (-q.conversations, q.text),
    )
    by_sector = sorted(
        (CountedText(name, len(who)) for name, who in sectors.items() if len(who) >= MIN_RESPONSES),
        key=lambda s: -s.conversations,
    )
    return tuple(questions[:10]), tuple(by_sector[:8])


def _unhelpful(bind: Bind, period: Period) -> tuple[TopicRating, ...]:
    start, end = period.bounds()
    ratings = load_answer_ratings(bind, start, end)
    if ratings.empty:
        return ()
    grouped = ratings.groupby("topic")["helpful"].agg(["size", "mean"])
    grouped = grouped[grouped["size"] >= MIN_RESPONSES]
    topics, sectors = catalogue().topics, catalogue().sectors
    rows = []
    for topic, row in grouped.iterrows():
        spec = topics.get(str(topic))
        rows.append(
            TopicRating(
                str(topic),
                spec.question if spec else str(topic),
                sectors.get(spec.sector, "") if spec else "",
                int(row["size"]),
                round(1 - float(row["mean"]), 3),
            )
        )
    rows.sort(key=lambda r: (-r.unhelpful_share, -r.ratings))
    return tuple(r for r in rows if r.unhelpful_share > 0)[:8]


def bot_figures(bind: Bind, tracker: Engine | None, period: Period) -> BotFigures:
    """The bot's figures for `period`; `available=False` when there is no tracker store to read."""
    unhelpful = _unhelpful(bind, period)
    if tracker is None or not sa.inspect(tracker).has_table("events"):
        return BotFigures(available=False, unhelpful_topics=unhelpful)
    events = _read_events(tracker, period)
    if events.empty:
        return BotFigures(available=True, conversations=0, user_messages=0, unhelpful_topics=unhelpful)
    starts = _conversation_starts(events)
    conversations = len(starts)
    answered = ~events["intent_name"].isin(NOT_UNDERSTOOD_INTENTS)
    questions, sectors = _not_understood(events)
    return BotFigures(
        available=True,
        conversations=conversations,
        outside_office_hours_share=round(float(outside_office_hours(starts).mean()), 3) if conversations else None,
        office_hours_note=None if office_hours_known() or not conversations else ASSUMED_HOURS_NOTE,
        user_messages=len(events),
        answered_share=round(float(answered.mean()), 3),
        unhelpful_topics=unhelpful,
        not_understood_questions=questions,
        not_understood_sectors=sectors,
    )

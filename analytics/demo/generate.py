"""Generate demo data into a database of its own (never into one with real feedback).

    analytics demo-data                     # data/demo.db and data/demo_tracker.db, 24 months up to today

Every row is marked as demo three ways: the database is a separate file, the references read
DEMO-XXX-XXX-XXX, and an audit-log entry (action "demo.generate") makes every report print a demo
banner. The generator refuses a database that holds feedback without that mark.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO
from innbygger_common.reference import reference_for
from intake_api.db import make_engine
from intake_api.migrate import prepare
from intake_api.models import AnswerRating, AuditEntry, Feedback, ReferenceCode, Unit

from ..data import DEMO_ACTION, is_demo_database
from . import comments as c
from .tracker import write_tracker

DEMO_PREFIX = "DEMO"
# Sectors whose feedback has no unit of their own in the seeded registry.
_ROAD_UNIT_HINT = "Teknisk drift"


class DemoRefused(RuntimeError):
    """The target database holds real feedback: demo data is never mixed with it."""


@dataclass(frozen=True)
class DemoResult:
    """What was generated."""

    database_url: str
    tracker_url: str
    feedback: int
    answer_ratings: int
    conversations: int
    first_day: date
    last_day: date


def _months(end: date, count: int) -> list[date]:
    first = date(end.year, end.month, 1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return sorted(months)


def _season(month: int) -> float:
    # Fewer responses in the summer holiday and at Christmas, more when services are busy.
    return {7: 0.45, 8: 0.85, 12: 0.8, 1: 1.1, 3: 1.15, 9: 1.15}.get(month, 1.0)


def _rating(rng: random.Random, mean: float) -> int:
    weights = [math.exp(-((r - mean) ** 2) / 2.4) for r in range(1, 7)]
    return rng.choices(range(1, 7), weights=weights)[0]


def _seasonal(options: list[tuple[c.Pair, tuple[int, ...]]], month: int) -> list[c.Pair]:
    return [pair for pair, months in options if not months or month in months]


def _comment(rng: random.Random, sector: str, rating: int, month: int, nynorsk: bool) -> str:
    spec = c.SECTOR[sector]
    roll = rng.random()
    if roll < 0.01:
        pool = c.NAMED
    elif roll < 0.16:
        pool = _seasonal(spec["idea"], month) + c.SUGGESTIONS
    elif rating >= 5:
        pool = _seasonal(spec["good"], month) * 2 + c.GOOD
    elif rating <= 3:
        pool = _seasonal(spec["bad"], month) * 3 + c.BAD
    else:
        pool = _seasonal(spec["good"], month) + _seasonal(spec["bad"], month) + c.GOOD[:3] + c.BAD[:3]
    pair = rng.choice(pool or c.GOOD)
    return pair[1] if nynorsk else pair[0]


def feedback_rows(
    units: list[tuple[int, str, str]], months: list[date], rng: random.Random, per_unit_month: float, last_day: date
) -> list[dict[str, object]]:
    """Feedback rows as dicts for a bulk insert: unit quality levels, trends, seasons, both written forms."""
    sectors = list(catalogue().sectors)
    quality = {uid: rng.uniform(3.4, 5.1) for uid, _, _ in units}
    # A few units improve clearly over the last months: something for "units that improved most".
    improving = set(rng.sample([uid for uid, _, _ in units], k=min(4, len(units))))
    road_unit = next((uid for uid, name, _ in units if name.startswith(_ROAD_UNIT_HINT)), None)
    targets: list[tuple[int | None, str]] = [(uid, sector) for uid, _, sector in units]
    covered = {sector for _, _, sector in units}
    targets += [(road_unit if s == "vei_trafikk" else None, s) for s in sectors if s not in covered]
    now = datetime.combine(last_day, time(23, 0), OSLO)
    rows: list[dict[str, object]] = []
    for index, month in enumerate(months):
        progress = index / max(1, len(months) - 1)
        for uid, sector in targets:
            mean = quality.get(uid, 3.6) if uid is not None else 3.3
            if uid in improving:
                mean = min(5.6, mean - 0.8 + 1.6 * progress)
            volume = rng.gauss(per_unit_month * _season(month.month), per_unit_month * 0.25)
            for _ in range(max(0, round(volume))):
                day = month + timedelta(days=rng.randrange(28))
                if day > last_day:
                    continue
                created = datetime.combine(day, time(rng.randrange(7, 23), rng.randrange(60)), OSLO)
                rows.append(_row(rng, len(rows), uid, sector, _rating(rng, mean), created, now))
    return rows


def _row(
    rng: random.Random, number: int, uid: int | None, sector: str, rating: int, created: datetime, now: datetime
) -> dict[str, object]:
    nynorsk = rng.random() < 0.25
    text = _comment(rng, sector, rating, created.month, nynorsk) if rng.random() < 0.62 else ""
    age = now - created
    status, outcome, closed_at = "mottatt", None, None
    if (age > timedelta(days=45) and rng.random() < 0.97) or (age <= timedelta(days=45) and rng.random() < 0.3):
        status, closed_at = "lukket", created + timedelta(days=rng.randrange(1, 20))
        outcome = rng.choices(["utbedret", "ikke_utbedret", "ikke_aktuelt"], weights=[6, 2.5, 1.5])[0]
    elif rng.random() < 0.45:
        status = "under_behandling"
    key = f"demo-{number:08d}-{rng.getrandbits(32):08x}"
    return {
        "reference": reference_for(key, DEMO_PREFIX),
        "idempotency_key": key,
        "payload_hash": "0" * 64,
        "sector": sector,
        "unit_id": uid,
        "rating": rating,
        "text": text,
        "themes": None,
        "channel": rng.choices(["chat", "web", "qr", "phone"], weights=[55, 25, 15, 5])[0],
        "language": "nn" if nynorsk else "nb",
        "status": status,
        "outcome": outcome,
        "closing_note": "Takk for tilbakemeldingen." if status == "lukket" else None,
        "avvik": rating == 1 and rng.random() < 0.12,
        "due_at": created + timedelta(days=14),
        "closed_at": closed_at,
        "created_at": created,
        "updated_at": closed_at or created,
    }


def _claims(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The reference_code rows for the feedback rows; a code two keys derive goes to the first (as in the API)."""
    taken: set[object] = set()
    claims = []
    for row in rows:
        key = str(row["idempotency_key"])
        attempt = 0
        while row["reference"] in taken:
            attempt += 1
            row["reference"] = reference_for(key, DEMO_PREFIX, attempt)
        taken.add(row["reference"])
        claims.append(
            {"code": row["reference"], "kind": "feedback", "idempotency_key": key, "created_at": row["created_at"]}
        )
    return claims


def _ratings(rng: random.Random, months: list[date], last_day: date) -> list[dict[str, object]]:
    topics = list(catalogue().topics)
    weak = set(rng.sample(topics, k=4))  # answers editors should improve
    rows = []
    for month in months:
        for _ in range(rng.randrange(40, 70)):
            day = month + timedelta(days=rng.randrange(28))
            if day > last_day:
                continue
            topic = rng.choice(topics[:30]) if rng.random() < 0.6 else rng.choice(topics)
            helpful = rng.random() > (0.6 if topic in weak else 0.15)
            created = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), OSLO)
            rows.append({"topic": topic, "helpful": helpful, "language": "nb", "created_at": created})
    return rows


def generate_demo(
    database_url: str,
    tracker_url: str,
    months: int = 24,
    last_day: date | None = None,
    per_unit_month: float = 11.0,
    seed: int = 2026,
) -> DemoResult:
    """Fill a new (or earlier demo) database with demo feedback, answer ratings and a demo tracker store."""
    last_day = last_day or datetime.now(OSLO).date()
    prepare(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            real = connection.scalar(select(func.count()).select_from(Feedback))
            if real and not is_demo_database(connection):
                raise DemoRefused(
                    f"{database_url} holds {real} feedback rows that are not demo data; use an empty database"
                )
            for table in (Feedback, AnswerRating):
                connection.execute(delete(table))
            connection.execute(delete(ReferenceCode).where(ReferenceCode.kind == "feedback"))
            connection.execute(delete(AuditEntry).where(AuditEntry.action == DEMO_ACTION))
        rng = random.Random(seed)
        month_list = _months(last_day, months)
        with Session(engine) as session:
            units = [(u.id, u.name, u.sector) for u in session.scalars(select(Unit).order_by(Unit.id))]
        rows = feedback_rows(units, month_list, rng, per_unit_month, last_day)
        claims = _claims(rows)
        ratings = _ratings(rng, month_list, last_day)
        with engine.begin() as connection:
            for start in range(0, len(rows), 5000):
                # Each code is claimed in reference_code first, as the intake API does.
                connection.execute(sa.insert(ReferenceCode), claims[start : start + 5000])
                connection.execute(sa.insert(Feedback), rows[start : start + 5000])
            if ratings:
                connection.execute(sa.insert(AnswerRating), ratings)
            connection.execute(
                sa.insert(AuditEntry),
                [
                    {
                        "at": datetime.now(timezone.utc),
                        "actor": "system:demo",
                        "role": "system",
                        "action": DEMO_ACTION,
                        "detail": json.loads(
                            json.dumps({"months": months, "last_day": last_day.isoformat(), "seed": seed})
                        ),
                    }
                ],
            )
        conversations = write_tracker(tracker_url, month_list, last_day, rng)
    finally:
        engine.dispose()
    return DemoResult(database_url, tracker_url, len(rows), len(ratings), conversations, month_list[0], last_day)

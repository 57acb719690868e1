"""Is the servicetorget open right now? Europe/Oslo time, weekends and Norwegian public holidays.

Opening hours come from the kommune profile (servicetorget.opening_hours,
weekday -> ["08:00", "15:30"]); extra closed days (julaften, say) from
servicetorget.closed_dates. Public holidays, including the moving ones that
follow Easter, are computed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> dict[date, str]:
    """Norwegian public holidays (helligdager and 1. and 17. mai) of a year."""
    easter = easter_sunday(year)
    moving = {
        -3: "skjærtorsdag", -2: "langfredag", 0: "første påskedag", 1: "andre påskedag",
        39: "Kristi himmelfartsdag", 49: "første pinsedag", 50: "andre pinsedag",
    }  # fmt: skip
    holidays = {easter + timedelta(days=offset): name for offset, name in moving.items()}
    holidays.update(
        {
            date(year, 1, 1): "første nyttårsdag",
            date(year, 5, 1): "offentlig høytidsdag",
            date(year, 5, 17): "grunnlovsdag",
            date(year, 12, 25): "første juledag",
            date(year, 12, 26): "andre juledag",
        }
    )
    return holidays


@dataclass(frozen=True)
class OpeningStatus:
    """Open now (and until when), or closed (and when it opens next)."""

    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None


Hours = dict[str, tuple[time, time]]


def parse_hours(raw: dict[str, list[str]]) -> Hours:
    """{"monday": ["08:00", "15:30"], ...} -> weekday -> (opens, closes)."""
    hours: Hours = {}
    for day, span in raw.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown weekday {day!r} in opening hours")
        opens, closes = (time.fromisoformat(v) for v in span)
        if closes <= opens:
            raise ValueError(f"{day}: closes {closes} before it opens {opens}")
        hours[day] = (opens, closes)
    return hours


def _closed_on(day: date, extra_closed: Iterable[date]) -> bool:
    return day in public_holidays(day.year) or day in set(extra_closed)


def opening_status(now: datetime, hours: Hours, extra_closed: Iterable[date] = ()) -> OpeningStatus:
    """Whether the office is open at `now` (any time zone; judged in Europe/Oslo)."""
    local = now.astimezone(OSLO)
    closed_days = list(extra_closed)
    today = hours.get(WEEKDAYS[local.weekday()])
    if today and not _closed_on(local.date(), closed_days):
        opens = datetime.combine(local.date(), today[0], OSLO)
        closes = datetime.combine(local.date(), today[1], OSLO)
        if opens <= local < closes:
            return OpeningStatus(True, closes_at=closes)
        if local < opens:
            return OpeningStatus(False, opens_at=opens)
    for ahead in range(1, 15):
        day = local.date() + timedelta(days=ahead)
        span = hours.get(WEEKDAYS[day.weekday()])
        if span and not _closed_on(day, closed_days):
            return OpeningStatus(False, opens_at=datetime.combine(day, span[0], OSLO))
    return OpeningStatus(False)


def next_working_day(now: datetime, extra_closed: Iterable[date] = ()) -> date:
    """The next weekday after `now` (Oslo date) that is not a public holiday or closed day."""
    day = now.astimezone(OSLO).date()
    closed = list(extra_closed)
    while True:
        day += timedelta(days=1)
        if day.weekday() < 5 and not _closed_on(day, closed):
            return day

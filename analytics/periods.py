"""Reporting periods: a month, a tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec), a year, or from–to.

Days are Norwegian calendar days (Europe/Oslo): feedback given at 23:30 on 30 April belongs to
T1 even though it is stored as 21:30 UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from innbygger_common.opening_hours import OSLO

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TERTIAL = re.compile(r"^(\d{4})-?T([123])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.|/|:)(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """A span of whole days, `first` to `last` included."""

    kind: str  # "month", "tertial", "year" or "range"
    first: date
    last: date

    @property
    def code(self) -> str:
        """The text parse_period reads back: 2026-03, 2026-T1, 2026 or 2026-01-01..2026-02-15."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "tertial":
            return f"{self.first.year}-T{(self.first.month - 1) // 4 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @property
    def label(self) -> str:
        """Norwegian, for readers: "mars 2026", "1. tertial 2026", "2026", "1.1.2026–15.2.2026"."""
        if self.kind == "month":
            return f"{MONTHS[self.first.month - 1]} {self.first.year}"
        if self.kind == "tertial":
            return f"{(self.first.month - 1) // 4 + 1}. tertial {self.first.year}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{_short(self.first)}–{_short(self.last)}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at Oslo midnight, for database queries."""
        return datetime.combine(self.first, time(0), OSLO), datetime.combine(
            self.last + timedelta(days=1), time(0), OSLO
        )

    def previous(self) -> Period:
        """The period just before, of the same kind (the same number of days for a from–to range)."""
        if self.kind == "range":
            return Period("range", self.first - timedelta(days=self.days), self.first - timedelta(days=1))
        return period_containing(self.kind, self.first - timedelta(days=1))

    def same_last_year(self) -> Period:
        """The same months a year earlier (29 February falls back to the 28th)."""
        return Period(self.kind, _year_earlier(self.first), _year_earlier(self.last))

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _short(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def period_containing(kind: str, day: date) -> Period:
    """The month, tertial or year that `day` falls in."""
    if kind == "month":
        return Period("month", day.replace(day=1), _month_end(day.year, day.month))
    if kind == "tertial":
        first_month = (day.month - 1) // 4 * 4 + 1
        return Period("tertial", date(day.year, first_month, 1), _month_end(day.year, first_month + 3))
    if kind == "year":
        return Period("year", date(day.year, 1, 1), date(day.year, 12, 31))
    raise ValueError(f"unknown period kind {kind!r}")


FIRST_YEAR, LAST_YEAR = 1990, 2999


def parse_period(text: str) -> Period:
    """Read "2026-03", "2026-T1", "2026" or "2026-01-01..2026-02-15" (also with "/" between the dates)."""
    period = _parse(text)
    # Far-off years are typing errors, and the day after 31.12.9999 does not exist to end a query with.
    if period.first.year < FIRST_YEAR or period.last.year > LAST_YEAR:
        raise ValueError(f"{text!r}: use a year between {FIRST_YEAR} and {LAST_YEAR}")
    return period


def _parse(text: str) -> Period:
    value = text.strip()
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {text!r}")
        return period_containing("month", date(year, month, 1))
    if match := _TERTIAL.match(value):
        return period_containing("tertial", date(int(match.group(1)), (int(match.group(2)) - 1) * 4 + 1, 1))
    if match := _YEAR.match(value):
        return period_containing("year", date(int(match.group(1)), 1, 1))
    if match := _RANGE.match(value):
        first, last = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        if last < first:
            raise ValueError(f"{text!r}: the last day is before the first")
        return Period("range", first, last)
    raise ValueError(
        f"{text!r} is not a period: use 2026-03 (month), 2026-T1 (tertial), 2026 (year) or 2026-01-01..2026-02-15"
    )


def current_period(kind: str, today: date | None = None) -> Period:
    """The month, tertial or year that has just ended (what a report is usually about)."""
    today = today or datetime.now(OSLO).date()
    return period_containing(kind, period_containing(kind, today).first - timedelta(days=1))


def report_window(period: Period, months_back: int = 12) -> tuple[datetime, datetime]:
    """[start, end) covering the period, the one before, the same one last year and `months_back` months of trend."""
    year, month = period.last.year, period.last.month - (months_back - 1)
    while month <= 0:
        year, month = year - 1, month + 12
    first = min(period.previous().first, period.same_last_year().first, date(year, month, 1))
    return datetime.combine(first, time(0), OSLO), period.bounds()[1]

"""Periods: month, tertial, year and from–to, with the previous period and the same one last year."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.periods import Period, current_period, parse_period, report_window


@pytest.mark.parametrize(
    ("text", "first", "last", "label", "previous", "last_year"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31), "mars 2026", "februar 2026", "mars 2025"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "januar 2026", "desember 2025", "januar 2025"),
        ("2026-T1", date(2026, 1, 1), date(2026, 4, 30), "1. tertial 2026", "3. tertial 2025", "1. tertial 2025"),
        ("2026-t2", date(2026, 5, 1), date(2026, 8, 31), "2. tertial 2026", "1. tertial 2026", "2. tertial 2025"),
        ("2026T3", date(2026, 9, 1), date(2026, 12, 31), "3. tertial 2026", "2. tertial 2026", "3. tertial 2025"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026", "2025", "2025"),
        ("2026-01-10..2026-01-19", date(2026, 1, 10), date(2026, 1, 19), "10.1.2026–19.1.2026",
         "31.12.2025–9.1.2026", "10.1.2025–19.1.2025"),
    ],
)  # fmt: skip
def test_parse(text, first, last, label, previous, last_year):
    period = parse_period(text)
    assert (period.first, period.last, period.label) == (first, last, label)
    assert period.previous().label == previous
    assert period.same_last_year().label == last_year
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-T4", "26", "2026-02-10..2026-01-01", "forrige måned", ""])
def test_bad_periods_say_what_to_write(text):
    with pytest.raises(ValueError, match=r"2026-T1|month|before"):
        parse_period(text)


def test_leap_day_a_year_earlier():
    assert Period("range", date(2028, 2, 29), date(2028, 2, 29)).same_last_year().first == date(2027, 2, 28)


def test_bounds_are_oslo_midnight():
    start, end = parse_period("2026-T1").bounds()
    assert start.isoformat() == "2026-01-01T00:00:00+01:00"
    assert end.isoformat() == "2026-05-01T00:00:00+02:00"  # summer time by then


def test_current_period_is_the_one_just_ended():
    assert current_period("tertial", date(2026, 6, 15)).code == "2026-T1"
    assert current_period("month", date(2026, 1, 3)).code == "2025-12"


def test_window_reaches_last_year_and_a_year_of_trend():
    start, end = report_window(parse_period("2026-03"))
    assert (start.date(), end.date()) == (date(2025, 3, 1), date(2026, 4, 1))


@pytest.mark.parametrize("text", ["9999-T3", "0000-01", "1850", "2026-01-01..9999-12-31"])
def test_far_off_years_are_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)

"""Open right now? Weekdays, weekends, public holidays (moving ones too), Oslo time."""

from datetime import date, datetime, timezone

import pytest

from innbygger_common.opening_hours import OSLO, easter_sunday, opening_status, parse_hours, public_holidays
from innbygger_common.opening_text import servicetorget_sentence

HOURS = parse_hours({d: ["08:00", "15:30"] for d in ("monday", "tuesday", "wednesday", "thursday", "friday")})
PROFILE = {
    "servicetorget": {
        "opening_hours": {d: ["08:00", "15:30"] for d in ("monday", "tuesday", "wednesday", "thursday", "friday")},
        "closed_dates": ["2026-12-24"],
    }
}


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_moving_holidays_2026():
    names = public_holidays(2026)
    assert names[date(2026, 4, 2)] == "skjærtorsdag"
    assert names[date(2026, 5, 14)] == "Kristi himmelfartsdag"
    assert names[date(2026, 5, 25)] == "andre pinsedag"
    assert names[date(2026, 5, 17)] == "grunnlovsdag"


def oslo(*args):
    return datetime(*args, tzinfo=OSLO)


def test_open_on_a_weekday_afternoon():
    status = opening_status(oslo(2026, 11, 30, 14, 0), HOURS)
    assert status.is_open and status.closes_at == oslo(2026, 11, 30, 15, 30)


def test_closed_friday_evening_opens_monday():
    status = opening_status(oslo(2026, 11, 27, 18, 0), HOURS)
    assert not status.is_open and status.opens_at == oslo(2026, 11, 30, 8, 0)


def test_closed_on_skjaertorsdag_through_andre_paaskedag():
    status = opening_status(oslo(2026, 4, 1, 16, 0), HOURS)  # onsdag før påske, after closing
    assert status.opens_at == oslo(2026, 4, 7, 8, 0)  # tirsdag etter andre påskedag


def test_judged_in_oslo_time_not_utc():
    # 07:30 UTC in winter is 08:30 in Oslo: open.
    assert opening_status(datetime(2026, 11, 30, 7, 30, tzinfo=timezone.utc), HOURS).is_open


def test_sentences_in_three_languages():
    friday_evening = oslo(2026, 11, 27, 18, 0)
    assert (
        servicetorget_sentence(PROFILE, friday_evening, "nb") == "Servicetorget er stengt nå og åpner mandag kl. 08.00."
    )
    assert (
        servicetorget_sentence(PROFILE, friday_evening, "nn") == "Servicetorget er stengt no og opnar måndag kl. 08.00."
    )
    assert "opens Monday at 08:00" in servicetorget_sentence(PROFILE, friday_evening, "en")
    assert (
        servicetorget_sentence(PROFILE, oslo(2026, 11, 30, 9, 0), "nb") == "Servicetorget er åpent nå, til kl. 15.30."
    )
    # julaften is an extra closed day from the profile
    assert "åpner søndag" not in servicetorget_sentence(PROFILE, oslo(2026, 12, 23, 16, 0), "nb")
    assert servicetorget_sentence(PROFILE, oslo(2026, 12, 23, 16, 0), "nb").endswith("åpner mandag kl. 08.00.")


def test_no_hours_in_profile_means_no_sentence():
    assert servicetorget_sentence({"servicetorget": {}}, oslo(2026, 11, 30, 9, 0)) is None


def test_reply_expectation_outside_hours_names_the_next_working_day():
    from innbygger_common.opening_text import reply_expectation

    # Friday evening before a normal weekend: Monday.
    assert (
        reply_expectation(PROFILE, oslo(2026, 11, 27, 18, 0), "nb")
        == "Du kan vente svar innen utgangen av mandag 30. november."
    )
    # Onsdag før påske 2026: skjærtorsdag to andre påskedag closed -> tirsdag 7. april.
    assert (
        reply_expectation({}, oslo(2026, 4, 1, 18, 0), "nn") == "Du kan vente svar innan utgangen av tysdag 7. april."
    )
    assert reply_expectation(PROFILE, oslo(2026, 11, 30, 9, 0), "nb").startswith("Servicetorget er åpent nå")

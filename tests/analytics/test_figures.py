"""Figures per group: volume, distribution, mean, share satisfied, change, follow-up, themes, suppression."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from analytics.figures import figures_from_frame, resolve_themes, resolve_valences, sector_figures
from analytics.learning import improved_units, recurring_themes
from analytics.periods import parse_period

NOW = datetime(2026, 9, 15, 12, tzinfo=timezone.utc)
MARCH = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as load_feedback returns them; defaults fill what a test does not care about."""
    full = []
    for i, row in enumerate(rows):
        created = row.get("created_at", MARCH)
        full.append({
            "id": i, "reference": f"SKA-{i:06d}", "sector": "omsorg", "unit_id": 1, "rating": 4,
            "status": "lukket", "outcome": None, "avvik": False, "due_at": created + timedelta(days=14),
            "closed_at": None, "created_at": created, "language": "nb", "channel": "chat", "text": "", "themes": None,
            **row,
        })  # fmt: skip
    result = pd.DataFrame(full)
    for column in ("due_at", "closed_at", "created_at"):
        result[column] = pd.to_datetime(result[column], utc=True)
    result["unit_id"] = result["unit_id"].astype("Int64")
    return result


def test_four_responses_are_suppressed_five_are_shown():
    rows = [{"sector": "omsorg"}] * 4 + [{"sector": "helse", "rating": r} for r in (1, 2, 5, 6, 6)]
    figures = {f.key: f for f in figures_from_frame(frame(rows), parse_period("2026-03"), "sector", now=NOW)}
    assert figures["omsorg"].suppressed and figures["omsorg"].responses is None and figures["omsorg"].mean is None
    helse = figures["helse"]
    assert not helse.suppressed and helse.responses == 5
    assert helse.distribution == (0.2, 0.2, 0.0, 0.0, 0.2, 0.4)
    assert helse.mean == 4.0 and helse.satisfied_share == 0.6
    assert helse.name.startswith("Helse")


def test_change_against_previous_period_and_last_year():
    rows = (
        [{"rating": 5}] * 6
        + [{"rating": 3, "created_at": datetime(2026, 2, 10, tzinfo=timezone.utc)}] * 6
        + [{"rating": 4, "created_at": datetime(2025, 3, 10, tzinfo=timezone.utc)}] * 4  # too few to compare
    )
    (figures,) = figures_from_frame(frame(rows), parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    assert figures.previous.mean == 2.0 and figures.previous.satisfied_share == 1.0
    assert figures.previous.label == "februar 2026"
    assert figures.last_year.mean is None and figures.last_year.label == "mars 2025"


def test_open_overdue_and_avvik():
    rows = [{"status": "mottatt"}, {"status": "under_behandling", "due_at": NOW + timedelta(days=1)},
            {"avvik": True}, {}, {}]  # fmt: skip
    (figures,) = figures_from_frame(frame(rows), parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    assert (figures.open, figures.overdue, figures.avvik) == (2, 1, 1)


def test_themes_need_five_comments_and_stored_themes_win():
    rows = [{"text": "Ventet altfor lenge på svar."}] * 5 + [{"text": "Maten var kald."}] * 4
    rows += [{"text": "Uklart", "themes": ["pris"]}] * 5
    (figures,) = figures_from_frame(frame(rows), parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    assert figures.comments == 14
    assert {t.code: t.count for t in figures.themes} == {"ventetid": 5, "pris": 5}


def test_praise_and_criticism_are_counted_per_theme():
    praise = "De ansatte i hjemmetjenesten er blide og flinke, og de har god tid til mor."
    mixed = "Pleierne er kjempeflinke, men vi får aldri vite hvem som kommer eller når."
    rows = [{"text": praise, "themes": ["ansatte"]}] * 5 + [{"text": mixed, "themes": ["ansatte", "informasjon"]}] * 5
    table = resolve_valences(resolve_themes(frame(rows)))
    (figures,) = figures_from_frame(table, parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    staff = {t.code: t for t in figures.themes}["ansatte"]
    assert (staff.count, staff.praised, staff.criticised) == (10, 10, 0)
    told = {t.code: t for t in figures.themes}["informasjon"]
    assert (told.count, told.praised, told.criticised) == (5, 0, 5)
    # What staff set on the item page wins over the reading of the text.
    corrected = [{**row, "polarity": "kritikk"} for row in rows[:5]] + rows[5:]
    table = resolve_valences(resolve_themes(frame(corrected)))
    (figures,) = figures_from_frame(table, parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    staff = {t.code: t for t in figures.themes}["ansatte"]
    assert (staff.count, staff.praised, staff.criticised) == (10, 5, 5)
    # Without reading the texts' polarity (the rådmann's summary), the columns stay empty.
    (plain,) = figures_from_frame(frame(rows), parse_period("2026-03"), "unit", now=NOW, keys=["1"])
    assert all(t.praised is None for t in plain.themes)


def test_sector_figures_hide_small_sectors():
    rows = sector_figures(frame([{"sector": "omsorg"}] * 5 + [{"sector": "helse"}] * 2))
    assert [(r.sector, r.count) for r in rows] == [("omsorg", 5), ("helse", None)]


@pytest.mark.parametrize("level", ["kommune", "sector", "unit"])
def test_every_level_on_demo_data(demo, level):
    from analytics import figures_for_period

    rows = figures_for_period(demo.engine, parse_period("2026-T2"), level)
    shown = [r for r in rows if not r.suppressed]
    assert shown and all(r.responses >= 5 and abs(sum(r.distribution) - 1) < 0.01 for r in shown)
    assert all(r.responses is None and r.mean is None for r in rows if r.suppressed)


def test_learning_on_demo_data(demo):
    from analytics import learning_for_period

    learning = learning_for_period(demo.engine, parse_period("2026-T2"))
    assert learning.recurring and all(len(t.units) >= 3 for t in learning.recurring)
    assert all(i.change > 0 for i in learning.improved)


def test_recurring_themes_and_improved_units_from_frames():
    units_rows = []
    for unit in (1, 2, 3):
        units_rows += [{"unit_id": unit, "rating": 2, "text": "Ingen tok telefonen."}] * 3 + [{"unit_id": unit}] * 3
    recurring = recurring_themes(frame(units_rows), {})
    assert [(t.code, len(t.units), t.mentions) for t in recurring] == [("ventetid", 3, 9)]
    assert improved_units([]) == []

"""Ratings and sectors are read from what residents actually type."""

import pytest

from innbygger_common.catalogue import catalogue
from innbygger_common.feedback_parsing import parse_rating, sector_from_text


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("4", 4), ("5/6", 5), ("jeg gir 3 av 6", 3), ("fem", 5), ("Seks!", 6), ("to", 2),
        ("veldig fornøyd", 6), ("svært misfornøyd", 1), ("misfornøyd", 2), ("litt misfornøyd", 3),
        ("middels", 3), ("fornøyd", 5), ("ikke fornøyd", 2), ("ikke bra", 2), ("very satisfied", 6),
        ("7", None), ("10", None), ("vet ikke", None), ("", None),
    ],
)  # fmt: skip
def test_parse_rating(text, rating):
    assert parse_rating(text) == rating


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("hjemmesykepleien", "omsorg"),
        ("heimetenesta", "omsorg"),
        ("Barnehage", "barnehage"),
        ("barnehagen til datteren min", "barnehage"),
        ("skulen", "skole_sfo"),
        ("søppeltømmingen", "vann_avlop_renovasjon"),
        ("soppel", "vann_avlop_renovasjon"),
        ("brøytingen i gata", "vei_trafikk"),
        ("omsorg", "omsorg"),
        ("Skole og SFO", "skole_sfo"),
        ("biblioteket", "kultur_fritid"),
        ("legevakta", "helse"),
        ("hmm", None),
    ],
)
def test_sector_from_text(text, sector):
    assert sector_from_text(text, catalogue().sectors) == sector

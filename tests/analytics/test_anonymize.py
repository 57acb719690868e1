"""Quotes: scrubbed of personal data, and left out when they may name a person."""

from __future__ import annotations

import pytest

from analytics.anonymize import anonymize, quotable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Takk til Per som hjalp oss med søknaden.", "Takk til [navn] som hjalp oss med søknaden."),
        ("Kari på kjøkkenet er fantastisk.", "[navn] på kjøkkenet er fantastisk."),
        ("Sykepleieren heter Aslaug og er flink.", "Sykepleieren heter [navn] og er flink."),
        ("Ring meg på 912 34 567.", "Ring meg på [telefon]."),
        ("Hjemmetjenesten i Børsa er flinke.", "Hjemmetjenesten i Børsa er flinke."),
        ("Søknaden på NAV tok lang tid. Mor ble sint.", "Søknaden på NAV tok lang tid. Mor ble sint."),
    ],
)
def test_anonymize(text, expected):
    assert anonymize(text) == expected


def test_only_clean_comments_of_a_readable_length_are_quotable():
    assert quotable("Maten på sykehjemmet er god og varm.")
    assert not quotable("Takk til Per som hjalp oss med søknaden.")
    assert not quotable("Send svar til ola@example.no takk.")
    assert not quotable("Bra.")
    assert not quotable("x" * 400)


def test_unit_names_are_allowed_when_given():
    text = "Personalet på Rossvollheimen helse- og omsorgssenter er gode."
    assert quotable(text, frozenset({"Rossvollheimen"}))

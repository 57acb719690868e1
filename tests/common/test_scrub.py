"""Personal data is removed from free text; ordinary numbers are left alone."""

import pytest

from innbygger_common.scrub import is_fodselsnummer, scrub

# Synthetic numbers with valid check digits (computed, not real people).
VALID_FNR = "01010150155"
VALID_DNR = "41010150068"


def test_check_digits_are_validated():
    assert is_fodselsnummer(VALID_FNR)
    assert is_fodselsnummer(VALID_DNR)
    assert not is_fodselsnummer("01010150156")  # last digit wrong
    assert not is_fodselsnummer("12345678901")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"mitt fnr er {VALID_FNR} takk", "mitt fnr er [fødselsnummer] takk"),
        ("fnr 010101 50155", "fnr [fødselsnummer]"),
        (f"d-nummer {VALID_DNR}", "d-nummer [fødselsnummer]"),
        ("ordrenummer 12345678901 gjelder", "ordrenummer 12345678901 gjelder"),
        ("ring meg på 912 34 567", "ring meg på [telefon]"),
        ("ring +47 91234567 i dag", "ring [telefon] i dag"),
        ("tlf 72 85 54 00", "tlf [telefon]"),
        ("skriv til ola.nordmann@example.no", "skriv til [e-post]"),
        ("konto 1234.56.78903 for refusjon", "konto [kontonummer] for refusjon"),
        ("det skjedde i 2024 kl 14", "det skjedde i 2024 kl 14"),
    ],
)
def test_scrub(text, expected):
    assert scrub(text) == expected

"""Contact details, yes/no, "vet ikke" and unit names as residents type them."""

import pytest

from innbygger_common.contact import normalise_email, normalise_name, normalise_phone, parse_contact
from innbygger_common.feedback_parsing import is_unknown, parse_yes_no
from innbygger_common.units import Unit, match_unit


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("912 34 567", "+47 912 34 567"), ("91234567", "+47 912 34 567"), ("+47 912 34 567", "+47 912 34 567"),
        ("0047-91234567", "+47 912 34 567"), ("72 85 00 00", "+47 728 50 000"), ("1234567", None),
        ("01234567", None), ("912345678", None), ("ring meg", None),
    ],
)  # fmt: skip
def test_phone(text, phone):
    assert normalise_phone(text) == phone


@pytest.mark.parametrize(
    ("text", "email"),
    [("ola@Example.NO", "ola@example.no"), ("kari+chat@skaun.kommune.no", "kari+chat@skaun.kommune.no"),
     ("ola@", None), ("ola@example", None), ("@example.no", None), ("ola example.no", None)],
)  # fmt: skip
def test_email(text, email):
    assert normalise_email(text) == email


def test_contact_in_a_sentence():
    assert parse_contact("ring meg på 912 34 567") == ("+47 912 34 567", None)
    assert parse_contact("send til ola@example.no takk") == (None, "ola@example.no")


@pytest.mark.parametrize(("text", "ok"), [("Kari Nordmann", True), ("K", False), ("1234", False), ("ola@x.no", False)])
def test_name(text, ok):
    assert (normalise_name(text) is not None) == ok


@pytest.mark.parametrize(
    ("text", "answer"),
    [("ja", True), ("Ja takk", True), ("gjerne", True), ("yes", True), ("nei", False), ("nei takk", False),
     ("no", False), ("kanskje", None)],
)  # fmt: skip
def test_yes_no(text, answer):
    assert parse_yes_no(text) is answer


@pytest.mark.parametrize("text", ["vet ikke", "Veit ikkje", "don't know", "usikker"])
def test_unknown(text):
    assert is_unknown(text)


UNITS = [
    Unit(1, "Børsa barnehage", "barnehage", ("Børsa bhg",)),
    Unit(2, "Buvik barnehage", "barnehage"),
    Unit(3, "Rossvollheimen helse- og omsorgssenter", "omsorg", ("Rossvollheimen", "sykehjemmet")),
    Unit(4, "Hjemmetjenesten", "omsorg", ("hjemmesykepleien", "heimetenesta")),
]


@pytest.mark.parametrize(
    ("text", "unit_id"),
    [("Børsa barnehage", 1), ("borsa bhg", 1), ("børsa", 1), ("buvik barnehagen", 2), ("rosvollheimen", 3),
     ("sykehjemmet", 3), ("hjemmesykepleien", 4), ("Byåsen skole", None), ("barnehage", None)],
)  # fmt: skip
def test_match_unit(text, unit_id):
    found = match_unit(text, UNITS)
    assert (found.id if found else None) == unit_id

"""Personal data is removed from free text; ordinary numbers are left alone."""

import pytest

from innbygger_common.scrub import is_account_number, is_fodselsnummer, is_norwegian_iban, scrub

# Synthetic numbers with valid check digits (computed, not real people).
VALID_FNR = "01010150155"
VALID_DNR = "41010150068"
FNR = "15038512363"  # 15.03.85, individnummer 123, check digits 63
DNR = "55038512357"  # the same date as a D-nummer (day + 40)
ACCOUNT = "15030000002"  # 1503.00.00002: MOD11 check digit 2; not a fødselsnummer
IBAN = "NO9386011117947"  # the standard Norwegian example IBAN (account 8601.11.17947)

NBSP, THIN, NNBSP, ZWSP, ZWJ = "\u00a0", "\u2009", "\u202f", "\u200b", "\u200d"


def test_check_digits_are_validated():
    assert is_fodselsnummer(VALID_FNR)
    assert is_fodselsnummer(VALID_DNR)
    assert is_fodselsnummer(FNR) and is_fodselsnummer(DNR)
    assert not is_fodselsnummer("01010150156")  # last digit wrong
    assert not is_fodselsnummer("15038512364")
    assert not is_fodselsnummer("12345678901")
    assert not is_fodselsnummer(ACCOUNT)  # the first check digit does not fit


def test_account_numbers_and_ibans_are_validated():
    assert is_account_number(ACCOUNT) and is_account_number("1503.00.00002") and is_account_number("1503-00-00002")
    assert not is_account_number("15030000003")
    assert not is_account_number("1503000000")  # ten digits
    assert is_norwegian_iban(IBAN) and is_norwegian_iban("NO93 8601 1117 947") and is_norwegian_iban("no9386011117947")
    assert not is_norwegian_iban("NO9486011117947")  # check digits wrong
    assert not is_norwegian_iban("NO938601111794")  # one digit short
    assert not is_norwegian_iban("SE9386011117947")


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


# The probe of issue 16 (item 4): 40 ways residents write personal data. Each is put in the sentence
# "Her er det: {}, takk." and must come out as the label alone. The comments record what the scrubber
# before issue 16 did with them: "kept" = stored as written (20), "partly" = only partly replaced (2).
PROBE_VARIANTS = [
    # fødselsnummer and D-nummer
    (FNR, "[fødselsnummer]"),
    ("150385 12363", "[fødselsnummer]"),
    ("15.03.85 12363", "[fødselsnummer]"),  # kept
    ("15 03 85 12363", "[fødselsnummer]"),  # kept
    ("150 385 123 63", "[fødselsnummer]"),  # kept
    ("150385-12363", "[fødselsnummer]"),
    (f"150385{NBSP}12363", "[fødselsnummer]"),  # kept
    (f"150385{ZWSP}12363", "[fødselsnummer]"),  # kept
    (f"15{THIN}03{THIN}85{THIN}12363", "[fødselsnummer]"),  # kept
    ("15.03.85-12363", "[fødselsnummer]"),  # kept
    ("15/03/85 12363", "[fødselsnummer]"),  # kept
    ("550385 12357", "[fødselsnummer]"),
    # account numbers and IBAN
    ("1503.00.00002", "[kontonummer]"),
    ("1503 00 00002", "[kontonummer]"),
    ("1503-00-00002", "[kontonummer]"),  # kept
    (ACCOUNT, "[kontonummer]"),
    (IBAN, "[kontonummer]"),  # kept
    ("NO93 8601 1117 947", "[kontonummer]"),  # partly: "NO93 [telefon] 947"
    # phone numbers
    ("41234567", "[telefon]"),
    ("412 34 567", "[telefon]"),
    ("41 23 45 67", "[telefon]"),
    ("4123 4567", "[telefon]"),
    ("412/34/567", "[telefon]"),  # kept
    ("412.34.567", "[telefon]"),
    ("412-34-567", "[telefon]"),
    ("+47 412 34 567", "[telefon]"),
    ("+4741234567", "[telefon]"),
    ("0047 41234567", "[telefon]"),
    (f"41{NBSP}23{NBSP}45{NBSP}67", "[telefon]"),  # kept
    ("(+47) 412 34 567", "[telefon]"),  # partly: "(+47) [telefon]"
    # e-mail
    ("ola.nordmann@example.no", "[e-post]"),
    ("ola.nordmann(at)example.no", "[e-post]"),  # kept
    ("ola.nordmann[at]example.no", "[e-post]"),  # kept
    ("ola.nordmann @ example.no", "[e-post]"),  # kept
    ("ola.nordmann＠example.no", "[e-post]"),  # kept
    ("ola.nordmann at example dot no", "[e-post]"),  # kept
    ("ola (at) example (dot) no", "[e-post]"),  # kept
    ("ola.nordmann{at}example.no", "[e-post]"),  # kept
    ("ola.nordmann krøllalfa example.no", "[e-post]"),  # kept
    ("OLA.NORDMANN@EXAMPLE.NO", "[e-post]"),
]


@pytest.mark.parametrize(("variant", "label"), PROBE_VARIANTS)
def test_probe_variants_are_replaced(variant, label):
    assert scrub(f"Her er det: {variant}, takk.") == f"Her er det: {label}, takk."


def test_the_probe_has_forty_variants():
    assert len(PROBE_VARIANTS) == 40 and len({v for v, _ in PROBE_VARIANTS}) == 40


@pytest.mark.parametrize(
    "text",
    [
        "Møtet er 15.03.2025 kl. 18.00",  # "15.03.2025" became "[telefon]" before issue 16
        "Fristen var 15.03.85, og nå er det 2025-03-15.",  # so did "2025-03-15"
        "Åpent kl. 08.00–15.30, torsdag kl. 20.00-21.30.",  # and "20.00-21.30"
        "Kontoret er stengt 20.03–25.04.",
        "Eiendomsskatten er 1 500 000 kr, altså 12 345,50 kr i måneden.",
        f"Beløpet var 23{NBSP}500{NBSP}000 kroner.",
        "Det kostet kr 23456789 i fjor.",  # and "23456789"
        "Saken har nummer 2024/1234, og brevet er 24/01234-3.",
        "Sak 2024/12345-12 ble lukket.",
        "Adressen er Rådhusvegen 7, 7353 Børsa.",
        "Gjelder gnr. 12 bnr. 34 og gnr/bnr 12/34/5.",
        "Skoleåret 2024/2025 og perioden 2020–2024.",
        "Kommunenummeret til Skaun er 5029.",
        "Renta steg med 25 % til 4,75 prosent i 2024.",
        "Bestillingen 20250315 kom fram.",  # and "20250315"
        "Organisasjonsnummeret er 964 981 123.",
        "Jeg ser at skaun.kommune.no er nede.",
        "Det er viktig for meg at skaun.no virker.",
        "Se at alt stemmer. Det var at han kom.",
        "Postnumrene 7350–7359 og kommunenummer 5029 – 7353 Børsa.",
        "Innflytting 15.03.2025 7353 Børsa.",
        "Overskuddet ble +15 000 000 kr.",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert scrub(text) == text


def test_the_text_around_a_replacement_is_returned_exactly_as_written():
    text = f"Hei!{NBSP}Ring\u00a0meg på 912{ZWJ} 34 567 – ﬁnt om det går før 15.03.2025…"
    assert scrub(text) == f"Hei!{NBSP}Ring\u00a0meg på [telefon] – ﬁnt om det går før 15.03.2025…"


def test_full_width_and_other_scripts_digits_count_as_digits():
    assert scrub("ring ９１２３４５６７ nå") == "ring [telefon] nå"
    assert scrub("fnr ١٥٠٣٨٥١٢٣٦٣.") == "fnr [fødselsnummer]."


def test_several_kinds_in_one_text():
    text = (
        f"Jeg heter Kari, fnr {FNR}, tlf 72 85 54 00 eller 912 34 567/22 33 44 55, "
        "e-post kari(at)example.no, konto NO93 8601 1117 947. Møtet er 15.03.2025 kl. 18.00 i 7353 Børsa."
    )
    assert scrub(text) == (
        "Jeg heter Kari, fnr [fødselsnummer], tlf [telefon] eller [telefon]/[telefon], "
        "e-post [e-post], konto [kontonummer]. Møtet er 15.03.2025 kl. 18.00 i 7353 Børsa."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country code makes a date-shaped number a phone number.
        ("Ring +47 20250315.", "Ring [telefon]."),
        ("Ring 47 41 23 45 67.", "Ring [telefon]."),  # "Ring [telefon] 67." before issue 16
        ("Ring +46 70 123 45 67.", "Ring [telefon]."),
        ("Ring (+4741234567) i dag.", "Ring ([telefon]) i dag."),
        # A bare "at" is the conjunction after ordinary words, a spelled-out "@" after a name.
        ("Husk at nrk.no har mer.", "Husk at nrk.no har mer."),
        ("Skriv til kari at example.no.", "Skriv til [e-post]."),
        ("Skriv til kari.nordmann at gmail.com i dag.", "Skriv til [e-post] i dag."),
    ],
)
def test_edge_cases(text, expected):
    assert scrub(text) == expected

"""Language per message and emergency phrases (pure functions used by the NLU components)."""

from __future__ import annotations

import pytest

from bot.emergency import is_emergency
from bot.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("korleis søkjer eg barnehageplass?", "nn"),
        ("kva kostar det å leige gymsalen", "nn"),
        ("hvordan søker jeg barnehageplass?", "nb"),
        ("hva koster det å leie gymsalen", "nb"),
        ("when is the garbage collected", "en"),
        ("I need help with my building permit", "en"),
        ("Jak mogę zapisać dziecko do przedszkola?", "other"),
        ("När töms soporna hos mig?", "other"),
        ("مرحبا، أحتاج إلى مساعدة", "other"),
        ("kan du svare på nynorsk?", "nn"),
        ("in English please", "en"),
    ],
)
def test_detects_the_written_form(text, language):
    detection = detect_language(text)
    assert detection.confident
    assert detection.language == language


@pytest.mark.parametrize("text", ["ok", "5", "soppel", "ja"])
def test_no_signal_keeps_the_conversations_language(text):
    assert not detect_language(text, default="nn").confident


def test_other_language_has_a_code():
    assert detect_language("Jak mogę zapisać dziecko do przedszkola?").code == "pl"


@pytest.mark.parametrize(
    "text",
    [
        "hjelp!", "det brenner!", "brann i kjelleren", "mannen min puster ikke", "han slår meg",
        "jeg har selvmordstanker", "eg vil ikkje leve lenger", "akutt sykdom, hva gjør jeg", "Help!",
        "my house is on fire", "vold i hjemmet",
    ],
)  # fmt: skip
def test_emergency_phrases(text):
    assert is_emergency(text)


@pytest.mark.parametrize(
    "text",
    ["hjelp", "hva kan du hjelpe med", "når kommer feieren", "bålbrenning i hagen", "jeg gir fire", "brannvern"],
)
def test_ordinary_messages_are_not_emergencies(text):
    assert not is_emergency(text)


@pytest.mark.parametrize("text", ["ola@example.no", "https://www.skaun.kommune.no", "SKA-7KQ4MX", "+47 912 34 567"])
def test_addresses_and_codes_carry_no_language(text):
    assert not detect_language(text, default="nb").confident


@pytest.mark.parametrize(
    "text",
    [
        "Kva kostar SFO?", "kor tid er bosdagen", "kva koster sfo", "korleis søker eg om plass",
        "når kjem bossbilen", "kan eg få ny dunk", "må eg søkje om levegg", "Leigeprisane for gymsalen",
        "får me plass i barnehagen", "Når er det ope?",
    ],
)  # fmt: skip
def test_short_and_mixed_nynorsk_is_nynorsk(text):
    # Function words, the simplemma-derived nynorsk-only forms and nynorsk endings decide;
    # "kva koster" (a bokmål verb form) is still nynorsk: nynorsk writers slip into bokmål forms.
    detection = detect_language(text)
    assert (detection.language, detection.confident) == ("nn", True)


@pytest.mark.parametrize(
    "text",
    ["hva koster sfo", "når kommer søppelbilen", "leieprisene for gymsalen", "jeg har ikke fått svar", "det er vanlig"],
)
def test_bokmal_is_not_taken_for_nynorsk(text):
    assert detect_language(text).language == "nb"


@pytest.mark.parametrize("text", ["Kari Nordmann", "Ola Nordmann", "Børsa barnehage", "Buvika"])
def test_a_name_keeps_the_conversations_language(text):
    # Names are answers to "what is your name / which unit": some are rare nynorsk words too ("kari").
    assert not detect_language(text, default="nb").confident or detect_language(text).language == "nb"

"""Reference codes: stable per submission key, readable aloud, with a check character that catches typos."""

import itertools

import pytest

from innbygger_common.reference import (
    ALPHABET,
    WRITTEN_PATTERN,
    check_character,
    find_reference,
    is_valid,
    legacy_reference_for,
    reference_for,
    told_references,
)


def characters(code: str) -> str:
    return code.split("-", 1)[1].replace("-", "")


def test_same_key_same_code_and_prefix():
    code = reference_for("key-1", "ska")
    assert code == reference_for("key-1", "SKA")
    prefix, *groups = code.split("-")
    assert prefix == "SKA" and [len(group) for group in groups] == [3, 3, 3]
    assert set(characters(code)) <= set(ALPHABET)
    assert is_valid(characters(code)) and check_character(characters(code)[:8]) == code[-1]


def test_different_keys_differ():
    codes = {reference_for(f"key-{i}", "SKA") for i in range(20000)}
    assert len(codes) == 20000


def test_next_derivations_differ_and_are_valid():
    codes = [reference_for("key-1", "SKA", attempt) for attempt in range(50)]
    assert len(set(codes)) == 50 and all(is_valid(characters(code)) for code in codes)
    # The attempt separator is not a key character, so no key's first code is another key's re-derived one.
    assert reference_for("key-1", "SKA", 1) != reference_for("key-1:1", "SKA")
    with pytest.raises(ValueError):
        reference_for("key-1", "SKA", -1)


def test_the_older_codes_are_the_first_six_characters():
    """Codes given before the check character came are the same derivation cut to six characters."""
    assert legacy_reference_for("key-1", "SKA") == "SKA-" + characters(reference_for("key-1", "SKA"))[:6]
    assert told_references("key-1", "SKA") == (reference_for("key-1", "SKA"), legacy_reference_for("key-1", "SKA"))


def test_every_single_typo_and_every_swap_of_neighbours_is_caught():
    missed = 0
    for number in range(200):
        body = characters(reference_for(f"typo-{number}", "SKA"))
        for position, char in itertools.product(range(9), ALPHABET):
            if char != body[position]:
                missed += is_valid(body[:position] + char + body[position + 1 :])
        for position in range(8):
            if body[position] != body[position + 1]:
                swapped = body[:position] + body[position + 1] + body[position] + body[position + 2 :]
                missed += is_valid(swapped)
    assert missed == 0


def test_find_reference_in_free_text():
    code = reference_for("abc", "SKA")
    assert find_reference(f"hva skjer med {code.lower()}?", "SKA") == code
    assert find_reference(f"status {code.replace('-', ' ')}", "SKA") == code
    assert find_reference(f"status {code.replace('-', '')}!", "SKA") == code
    assert find_reference(f"kva med {code[:7]}{code[8:]}", "ska") == code
    assert find_reference("hva skjer med saken min", "SKA") is None
    assert find_reference("Skaun kommune, hei", "SKA") is None


def test_a_wrong_check_character_is_no_code_but_an_older_code_still_is():
    code = reference_for("abc", "SKA")
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    assert find_reference(f"hva med {wrong}", "SKA") is None
    assert find_reference("hva skjer med ska-7kq4mx?", "SKA") == "SKA-7KQ4MX"
    assert find_reference("status SKA 7KQ4MX", "SKA") == "SKA-7KQ4MX"
    # An older code followed by a word is still read as the older code, not as a nine-character one.
    assert find_reference("SKA-7KQ4MX hva nå", "SKA") == "SKA-7KQ4MX"
    assert find_reference("SKA-7KQ4MXP9", "SKA") is None  # neither six nor nine characters


def test_the_written_pattern_matches_what_the_bot_writes():
    import re

    pattern = re.compile(WRITTEN_PATTERN)
    assert pattern.fullmatch(reference_for("abc", "SKA"))
    assert pattern.fullmatch(reference_for("abc", "DEMO"))
    assert pattern.fullmatch(legacy_reference_for("abc", "SKA"))
    assert pattern.search(f"Referansekoden din er {reference_for('abc', 'SKA')}.")

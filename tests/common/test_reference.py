"""Reference codes are stable per submission key and readable aloud."""

from innbygger_common.reference import ALPHABET, find_reference, reference_for


def test_same_key_same_code_and_prefix():
    code = reference_for("key-1", "ska")
    assert code == reference_for("key-1", "SKA")
    assert code.startswith("SKA-") and len(code) == 10
    assert set(code[4:]) <= set(ALPHABET)


def test_different_keys_differ():
    codes = {reference_for(f"key-{i}", "SKA") for i in range(2000)}
    assert len(codes) == 2000


def test_find_reference_in_free_text():
    code = reference_for("abc", "SKA")
    assert find_reference(f"hva skjer med {code.lower()}?", "SKA") == code
    assert find_reference(f"status {code.replace('-', ' ')}", "SKA") == code
    assert find_reference("hva skjer med saken min", "SKA") is None

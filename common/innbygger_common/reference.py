"""Reference codes residents can read aloud and type back ("SKA-7KQ-4MX-P9C").

A code is the kommune's prefix, eight characters derived from the submission's idempotency key
and one check character, written in groups of three. Deriving it from the key lets the bot tell
the resident a valid code even while the intake API is unreachable: the API derives the same code
when the queued submission arrives.

Two keys can derive the same eight characters (27⁸ ≈ 2.8·10¹¹ codes: a collision somewhere is
0.02 % likely by 10 000 submissions and 1.8 % by 100 000). The API keeps every code it hands out
in one table for feedback and messages alike and, when the first code of a key is taken, stores
the next derivation (`attempt` 1, 2, …) and answers with the code it stored; the bot always tells
the resident the code in the API's answer. Only a submission queued while the API was away can
have been told another code than the one stored (about one in 2.8 million queued submissions with
100 000 items stored); the bot sends the told code along when it delivers, and the API keeps it
findable (see intake_api.submissions).

The check character catches every single mistyped character and every swap of two neighbours,
so a typo is not looked up as somebody else's case. Codes from before the check character (six
characters, "SKA-7KQ4MX") stay valid and are still found in what residents type.

Dependency-free and Python 3.10-compatible: the bot and the API both import it.
"""

from __future__ import annotations

import hashlib
import re

# No 0/O, 1/I/L, 5/S or 2/Z: codes are read over the phone.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
DATA_LENGTH = 8
CODE_LENGTH = DATA_LENGTH + 1  # with the check character
LEGACY_LENGTH = 6
# Weights for the check sum modulo 27: none is divisible by 3 (so every single changed character
# changes the sum), and neighbours differ by 1 or 2 (so every swap of two neighbours does too).
# The check character has weight 1.
_WEIGHTS = (13, 11, 10, 8, 7, 5, 4, 2, 1)
# Separates the key from the attempt number; never part of a key (the API allows A–Z a–z 0–9 . _ : -),
# so no key's first code is another key's re-derived one.
_ATTEMPT_SEPARATOR = "#"

_CHAR = "[" + ALPHABET + ALPHABET.lower() + "]"
_NEW = re.compile(rf"[- ]?({_CHAR}{{3}})[- ]?({_CHAR}{{3}})[- ]?({_CHAR}{{3}})\b")
_LEGACY = re.compile(rf"[- ]?({_CHAR}{{{LEGACY_LENGTH}}})\b")

# A code as the bot and the API write it, legacy six-character codes included.
WRITTEN_PATTERN = r"\b[A-Z]{2,5}-(?:[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}|[0-9A-Z]{6})\b"


def _digits(material: str, count: int) -> list[int]:
    number = int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest()[:8], "big")
    digits = []
    for _ in range(count):
        number, index = divmod(number, len(ALPHABET))
        digits.append(index)
    return digits


def _check_sum(values: list[int]) -> int:
    return sum(weight * value for weight, value in zip(_WEIGHTS, values, strict=False)) % len(ALPHABET)


def check_character(data: str) -> str:
    """The check character for eight code characters."""
    values = [ALPHABET.index(char) for char in data.upper()]
    if len(values) != DATA_LENGTH:
        raise ValueError(f"a code has {DATA_LENGTH} characters before its check character")
    return ALPHABET[-_check_sum(values) % len(ALPHABET)]


def is_valid(characters: str) -> bool:
    """Whether nine code characters (no prefix, no dashes) end in the right check character."""
    upper = characters.upper()
    if len(upper) != CODE_LENGTH or any(char not in ALPHABET for char in upper):
        return False
    return _check_sum([ALPHABET.index(char) for char in upper]) == 0


def _written(prefix: str, characters: str) -> str:
    return f"{prefix.upper()}-{characters[0:3]}-{characters[3:6]}-{characters[6:9]}"


def reference_for(idempotency_key: str, prefix: str, attempt: int = 0) -> str:
    """The reference code for a submission key, e.g. 'SKA-7KQ-4MX-P9C'.

    `attempt` 0 is the code the bot gives while the API is away; the API moves on to 1, 2, …
    only while the code is already taken by another submission.
    """
    if attempt < 0:
        raise ValueError("attempt counts from 0")
    material = idempotency_key if attempt == 0 else f"{idempotency_key}{_ATTEMPT_SEPARATOR}{attempt}"
    data = "".join(ALPHABET[index] for index in _digits(material, DATA_LENGTH))
    return _written(prefix, data + check_character(data))


def legacy_reference_for(idempotency_key: str, prefix: str) -> str:
    """The six-character code the bot gave before codes had a check character ('SKA-7KQ4MX').

    A submission queued in the bot's outbox before the upgrade was told this code.
    """
    return f"{prefix.upper()}-{''.join(ALPHABET[i] for i in _digits(idempotency_key, LEGACY_LENGTH))}"


def told_references(idempotency_key: str, prefix: str) -> tuple[str, str]:
    """The codes a bot can have told a resident for this key without asking the API."""
    return reference_for(idempotency_key, prefix), legacy_reference_for(idempotency_key, prefix)


def find_reference(text: str, prefix: str) -> str | None:
    """Find a reference code in free text and write it the standard way.

    Accepts "hva skjer med ska-7kq-4mx-p9c?", "SKA 7KQ 4MX P9C", "ska7kq4mxp9c" and the older
    six-character codes ("SKA-7KQ4MX"); a nine-character code with a wrong check character is
    not a code (a typo must not find somebody else's case).
    """
    for match in re.finditer(rf"\b{re.escape(prefix)}", text, flags=re.IGNORECASE):
        new = _NEW.match(text, match.end())
        if new is not None:
            characters = "".join(new.groups()).upper()
            if is_valid(characters):
                return _written(prefix, characters)
        legacy = _LEGACY.match(text, match.end())
        if legacy is not None:
            return f"{prefix.upper()}-{legacy.group(1).upper()}"
    return None

"""Short reference codes residents can read aloud and type back ("SKA-7KQ4MX").

The code is derived from the submission's idempotency key, so the bot can
tell the resident a valid code even while the intake API is unreachable: the
API derives the same code when the queued submission arrives.
"""

from __future__ import annotations

import hashlib
import re

# No 0/O, 1/I/L, 5/S or 2/Z: codes are read over the phone.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6
_CODE = re.compile(r"\b([A-Za-z]{2,5})[- ]?([" + ALPHABET + ALPHABET.lower() + r"]{6})\b")


def reference_for(idempotency_key: str, prefix: str) -> str:
    """The reference code for a submission key, e.g. 'SKA-7KQ4MX'."""
    number = int.from_bytes(hashlib.sha256(idempotency_key.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return f"{prefix.upper()}-{''.join(chars)}"


def find_reference(text: str, prefix: str) -> str | None:
    """Find a reference code in free text ("hva skjer med ska-7kq4mx?")."""
    for match in _CODE.finditer(text):
        if match.group(1).upper() == prefix.upper():
            return f"{prefix.upper()}-{match.group(2).upper()}"
    return None

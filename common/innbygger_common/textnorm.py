"""Text normalisation for matching what residents type."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ä": "ae", "ö": "o", "ü": "u"})
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case and fold æøå so "soppel" and "søppel" compare equal."""
    text = unicodedata.normalize("NFC", text).lower()
    return text.translate(_FOLD)


def words(text: str) -> list:
    """The folded words of a text."""
    return _WORD.findall(fold(text))

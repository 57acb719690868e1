"""Small-number protection: no figure about fewer than five responses leaves the module.

Five is the threshold the product brief sets (and the usual one in Norwegian municipal user
surveys): with fewer, a reader who knows the unit may guess who answered what.
"""

from __future__ import annotations

MIN_RESPONSES = 5
SUPPRESSED_TEXT = "færre enn 5 svar"


def shown(count: int) -> bool:
    """Whether a group of `count` responses may be shown."""
    return count >= MIN_RESPONSES

"""Phrases that mean someone may be in danger now.

Whatever else a message says, these get the emergency numbers first. The list
errs on the side of caution: a false alarm costs one extra line; a miss could
cost a life. Matching is on folded text (æøå -> ae/o/a) and whole words.
"""

from __future__ import annotations

import re

from innbygger_common.textnorm import fold

_PATTERNS = [
    # akutt sykdom / skade
    r"\bakutt(e)?\b",
    r"\bhjertestans\b",
    r"\bhjerteinfarkt\b",
    r"\bhjerneslag\b",
    r"\bslag\b.*\b(na|no)\b",
    r"\bpuster ikke\b",
    r"\bpustar ikkje\b",
    r"\bbevisstlos\b",
    r"\bmedvitslaus\b",
    r"\bblor (mye|mykje|kraftig)\b",
    r"\boverdose\b",
    r"\bforgift",
    r"\bkvalt\b",
    r"\bkveles\b",
    r"\bambulanse\b",
    r"\bnodsituasjon\b",
    r"\bheart attack\b",
    r"\bnot breathing\b",
    r"\bunconscious\b",
    r"\bemergency\b",
    r"\bambulance\b",
    # brann
    r"\bbrann\b",
    r"\bbrenner\b",
    r"\bbrenn\b",
    r"\bdet brenn",
    r"\bon fire\b",
    r"\bis burning\b",
    r"\bsmoke\b.*\bhouse\b",
    # vold
    r"\bvold\b",
    r"\bvoldtekt",
    r"\bvaldtekt",
    r"\bovergrep\b",
    r"\bmishandl",
    r"\bslar meg\b",
    r"\bslo meg\b",
    r"\btruer meg\b",
    r"\btruar meg\b",
    r"\bviolence\b",
    r"\babuse\b",
    r"\bhitting me\b",
    r"\bthreatening me\b",
    # selvmordstanker
    r"\bselvmord",
    r"\bsjolvmord",
    r"\bsjelvmord",
    r"\bta livet (mitt|av meg)\b",
    r"\bvil ikke leve\b",
    r"\bvil ikkje leve\b",
    r"\borker ikke mer\b",
    r"\borkar ikkje meir\b",
    r"\bsuicid",
    r"\bkill myself\b",
    r"\bend my life\b",
    # a bare cry for help
    r"^\s*(hjelp|help|hjelp meg|help me)\s*!+\s*$",
]
_EMERGENCY = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def is_emergency(text: str) -> bool:
    """True when the message may describe an emergency."""
    return bool(_EMERGENCY.search(fold(text)))

"""The rule that tells whether a comment proposes a change: regular expressions over its words.

The themes themselves are no longer rules: analytics/themes/model.py learns them from labelled
comments (data/train.yml). The hand-written theme rules that came before reached micro-F1 0.56 on
tests/analytics/themes/heldout2.yml (precision 0.80, recall 0.43): residents name a theme in more
ways than a keyword list can hold. Whether a comment suggests something is mostly said with a
handful of verbs and phrases ("burde", "ønsker at", "kunne dere …"), which a rule catches well.
"""

from __future__ import annotations

# A resident proposing a change ("what residents suggest" in the dialogue-conference pack).
SUGGESTION_PATTERNS: tuple[str, ...] = (
    r"\bønsk(er|jer)\b",
    r"\bburde\b",
    r"\bbør\b",
    r"\bforslag\w*",
    r"\bhadde (vært|vore) (fint|bra)\b",
    r"\b(kunne|kan) dere\b",
    r"\bsend gjerne\b",
    r"\btrengs\b",
    r"\blegg ut\b",
    r"\bfå på plass\b",
    r"\blag (en|ei|et)\b",
    r"\bi stedet for\b",
    r"\btrenger nytt?\b",
    r"\bforeslår\b",
    r"\bskulle ønske\b",
    r"\b(suggest\w*|should)\b",
    r"^(send|legg|lag|få|gi|innfør|husk|fiks)\b",
)

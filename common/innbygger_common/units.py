"""Matching what a resident calls a unit ("børsa bhg", "rosvollheimen") to the unit registry."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .textnorm import words

# Words that say what kind of unit it is, not which one: "Børsa barnehage" vs "Buvik barnehage".
_GENERIC = {"barnehage", "bhg", "skole", "skule", "ungdomsskole", "kommune", "skaun", "helse", "og", "senter"}


@dataclass(frozen=True)
class Unit:
    """One enhet from the registry."""

    id: int
    name: str
    sector: str
    aliases: Sequence[str] = ()

    @classmethod
    def from_api(cls, row: dict[str, Any]) -> Unit:
        return cls(
            id=int(row["id"]), name=str(row["name"]), sector=str(row["sector"]), aliases=tuple(row.get("aliases") or ())
        )


def _key(text: str) -> str:
    return " ".join(words(text))


def _distinctive(text: str) -> str:
    return " ".join(w for w in words(text) if w not in _GENERIC)


def match_unit(text: str, units: Iterable[Unit], sector: str | None = None) -> Unit | None:
    """The unit meant, or None. Exact names and aliases first, then close spellings."""
    candidates: list[Unit] = [u for u in units if sector is None or u.sector == sector]
    wanted, wanted_core = _key(text), _distinctive(text)
    if not wanted:
        return None
    best: Unit | None = None
    best_score = 0.0
    for unit in candidates:
        for label in (unit.name, *unit.aliases):
            key, core = _key(label), _distinctive(label)
            if wanted == key or (wanted_core and wanted_core == core):
                return unit
            score = max(
                difflib.SequenceMatcher(None, wanted, key).ratio(),
                difflib.SequenceMatcher(None, wanted_core, core).ratio() if wanted_core and core else 0.0,
                1.0 if core and core in wanted.split() else 0.0,
            )
            if score > best_score:
                best, best_score = unit, score
    return best if best_score >= 0.8 else None

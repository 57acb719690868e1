"""The kommune profile as a list of editable facts: each a dotted path, a value and its source.

The profile file (content/kommune/<name>.yml) gives every fact's source in a comment on its line
("phone: "72 86 72 00"   # source: https://…"), and "# source: same page" refers to the line
above. Editors change facts in the staff pages; a change is kept as an override (the path, the new
value and the editor's source) laid over the file, so the file stays the reviewed seed.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content import content_dir

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z0-9_]+):(?P<rest>.*)$")
_SOURCE = re.compile(r"#\s*source:\s*(?P<source>.+)$", re.IGNORECASE)
# Keys whose values are not facts an editor changes here (identifiers the code relies on).
FIXED = frozenset({"reference_prefix", "kommunenummer"})


@dataclass(frozen=True)
class Fact:
    path: str
    value: str
    source: str


def profile_path() -> Path:
    return content_dir() / "kommune" / f"{os.environ.get('INNBYGGER_KOMMUNE', 'skaun')}.yml"


def sources(text: str) -> dict[str, str]:
    """dotted path -> the source comment on its line (or the nearest one above for "same page")."""
    found: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    last = ""
    for line in text.splitlines():
        match = _KEY_LINE.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        path = ".".join(key for _, key in stack)
        if source := _SOURCE.search(match["rest"]):
            text_of_source = source["source"].strip()
            if text_of_source.lower().startswith("same page") and last:
                text_of_source = f"{last} ({text_of_source})"
            else:
                last = text_of_source.split(" ")[0]
            found[path] = text_of_source
        elif "#" in match["rest"] and (note := match["rest"].split("#", 1)[1].strip()):
            found[path] = note  # "page not found: home page" and the like: the editor should see it
    return found


def _inherited(path: str, known: dict[str, str]) -> str:
    """A value under a key with a source ("phone_hours: # source: …" and its nb/nn/en) shares it."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        if source := known.get(".".join(parts[:end])):
            return source
    return ""


def facts(profile: dict[str, Any], text: str) -> list[Fact]:
    """Every scalar fact of the profile (strings and numbers), in file order, with its source."""
    known = sources(text)
    found: list[Fact] = []

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(node, (str, int, float)) and not isinstance(node, bool) and prefix not in FIXED:
            found.append(Fact(path=prefix, value=str(node), source=_inherited(prefix, known)))

    walk(profile, "")
    return found


def with_overrides(profile: dict[str, Any], overrides: dict[str, str]) -> dict[str, Any]:
    """A copy of the profile with each overridden fact's value replaced (unknown paths are ignored)."""
    result = copy.deepcopy(profile)
    for path, value in overrides.items():
        node: Any = result
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict) and parts[-1] in node and not isinstance(node[parts[-1]], (dict, list)):
            node[parts[-1]] = value
    return result

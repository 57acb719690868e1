"""The kommune profile: every local fact (phone, addresses, hours, links) in one file."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .content import content_dir

# Placeholders in answer texts are dotted paths into the profile, e.g.
# {servicetorget.phone}. Undotted {names} are left alone: Rasa fills those
# from slots when the response is sent.
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")


class MissingFact(KeyError):
    """An answer refers to a fact the profile does not have."""


def load_profile(path: Path | None = None) -> dict[str, Any]:
    """Read the profile named by INNBYGGER_KOMMUNE (default: skaun)."""
    if path is None:
        name = os.environ.get("INNBYGGER_KOMMUNE", "skaun")
        path = content_dir() / "kommune" / f"{name}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping")
    return data


@lru_cache(maxsize=1)
def profile() -> dict[str, Any]:
    """The profile of this deployment, read once per process."""
    return load_profile()


def fact(path: str, source: dict[str, Any] | None = None) -> Any:
    """Look up a dotted path such as 'servicetorget.phone'."""
    node: Any = profile() if source is None else source
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise MissingFact(path)
        node = node[part]
    return node


def fill(template: str, source: dict[str, Any] | None = None) -> str:
    """Replace every {dotted.path} in a text with the profile's fact."""
    return _PLACEHOLDER.sub(lambda m: str(fact(m.group(1), source)), template)


def placeholders(template: str) -> list:
    """The dotted paths a text refers to (for checks and editors' tools)."""
    return _PLACEHOLDER.findall(template)

"""API keys: format, hashing and the principal a request acts as.

A key reads "ibd.<key_id>.<secret>". The key id is public and finds the row;
only HMAC-SHA256(pepper, salt + secret) is stored, with a random salt per key
and a pepper from the settings, so a copy of the database alone reveals no
usable key. Keys are long random strings, so a fast hash is enough here; a
slow password hash would only cost every request time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

KEY_PREFIX = "ibd"
_KEY = re.compile(r"^ibd\.([a-z0-9-]{3,40})\.([A-Za-z0-9_-]{16,128})$")
ROLES = ("bot", "unit", "servicetorget", "leader", "admin")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key (or a settings key) with its roles and, for unit keys, its units."""

    actor: str
    roles: frozenset[str]
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    key_pk: int | None = None

    @property
    def role_label(self) -> str:
        return "+".join(sorted(self.roles))

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def sees_all_units(self) -> bool:
        """Leaders read feedback of every unit; a unit key only that of its own units."""
        return "leader" in self.roles

    def may_see_unit(self, unit_id: int | None) -> bool:
        return self.sees_all_units() or (unit_id is not None and unit_id in self.unit_ids)


def split_key(presented: str) -> tuple[str, str] | None:
    """(key_id, secret) of a well-formed key, else None."""
    match = _KEY.fullmatch(presented)
    return (match.group(1), match.group(2)) if match else None


def hash_secret(secret: str, salt: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), (salt + secret).encode(), hashlib.sha256).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def new_key_id() -> str:
    return secrets.token_hex(5)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def format_key(key_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}.{key_id}.{secret}"


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected value (a disabled settings key) never matches."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())

"""Passwords: argon2id hashes, verification and the few rules a new password must meet."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .settings import StaffSettings

# A valid hash of a random password: verified against when the username is unknown, so a
# wrong username takes as long as a wrong password and the timing tells nothing.
_UNKNOWN_USER_PASSWORD = secrets.token_urlsafe(16)
_COMMON = frozenset({"passord123456", "123456789012", "sommer2026!!", "skaunkommune", "qwertyuiopå"})


def hasher(settings: StaffSettings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )


def hash_password(password: str, settings: StaffSettings) -> str:
    return hasher(settings).hash(password)


def verify_password(stored_hash: str | None, password: str, settings: StaffSettings) -> bool:
    """True when `password` matches; a missing hash still costs one verification."""
    ph = hasher(settings)
    try:
        if stored_hash is None:
            ph.verify(_dummy_hash(settings), password)
            return False
        return ph.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, settings: StaffSettings) -> bool:
    """The hash was made with other (older) parameters than the settings ask for now."""
    try:
        return hasher(settings).check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


_DUMMY: dict[tuple[int, int, int], str] = {}


def _dummy_hash(settings: StaffSettings) -> str:
    key = (settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = hash_password(_UNKNOWN_USER_PASSWORD, settings)
    return _DUMMY[key]


def password_problem(password: str, settings: StaffSettings, username: str = "") -> str | None:
    """Why a new password is not accepted (a sentence in bokmål), or None.

    Length is what matters (NIST SP 800-63B): no rules about digits or symbols, but not the
    username and not one of the most common choices.
    """
    if len(password) < settings.password_min_length:
        length = settings.password_min_length
        return f"Passordet må ha minst {length} tegn. Lange passord er enklest: bruk gjerne flere ord."
    if len(password) > 256:
        return "Passordet kan ha høyst 256 tegn."
    if username and username.casefold() in password.casefold():
        return "Passordet kan ikke inneholde brukernavnet."
    if password.casefold() in _COMMON or len(set(password)) < 4:
        return "Passordet er for lett å gjette. Velg et annet."
    return None


def generate_password() -> str:
    """A temporary password an administrator hands over; the user replaces it at the first sign-in."""
    return secrets.token_urlsafe(12)

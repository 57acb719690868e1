"""Contact details a resident gives with consent: Norwegian phone numbers and e-mail addresses."""

from __future__ import annotations

import re

_PHONE_CHARS = re.compile(r"[\s.\-()]")
_PHONE_RUN = re.compile(r"(?:\+|00)?\d[\d .\-]{6,16}\d")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,}$"
)


def normalise_phone(text: str) -> str | None:
    """'912 34 567', '+47 91234567', '0047-912-34-567' -> '+47 912 34 567'; None if not Norwegian."""
    digits = _PHONE_CHARS.sub("", text.strip())
    if digits.startswith("+47"):
        digits = digits[3:]
    elif digits.startswith("0047"):
        digits = digits[4:]
    # Norwegian subscriber numbers have 8 digits; 0 and 1 never start one.
    if not re.fullmatch(r"[2-9]\d{7}", digits):
        return None
    return f"+47 {digits[:3]} {digits[3:5]} {digits[5:]}"


def normalise_email(text: str) -> str | None:
    """A syntactically valid e-mail address (lower-cased domain), else None."""
    candidate = text.strip().strip("<>.,;")
    if len(candidate) > 254 or not _EMAIL.match(candidate):
        return None
    local, domain = candidate.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def parse_contact(text: str) -> tuple[str | None, str | None]:
    """(phone, e-mail) found in what the resident typed; either may be None."""
    email = next((e for e in (normalise_email(w) for w in text.split()) if e), None)
    rest = " ".join(w for w in text.split() if "@" not in w)
    phone = next((p for p in (normalise_phone(m) for m in _PHONE_RUN.findall(rest)) if p), None)
    return phone, email


def normalise_name(text: str) -> str | None:
    """A plausible name: 2–100 characters with letters and no digits."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= 100 or re.search(r"\d|@", name) or not re.search(r"[^\W\d_]", name):
        return None
    return name

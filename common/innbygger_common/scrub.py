"""Remove personal data from free text before it is stored for analytics.

One pure function used by every path that stores text. Fødselsnummer and
D-nummer are recognised by their two check digits (mod 11), so an ordinary
11-digit number (an order number, say) is left alone.
"""

from __future__ import annotations

import re

_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Bank account: 4-2-5 digits, with or without separators.
_ACCOUNT = re.compile(r"(?<!\d)\d{4}[ .]?\d{2}[ .]?\d{5}(?!\d)")
# Norwegian phone: optional +47/0047, then 8 digits in common groupings.
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)47[ .-]?)?(?:\d{8}|\d{3}[ .-]?\d{2}[ .-]?\d{3}|\d{2}(?:[ .-]?\d{2}){3})(?!\d)"
)

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list, weights: tuple) -> int:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if remainder == 0 else 11 - remainder


def is_fodselsnummer(number: str) -> bool:
    """True for a valid fødselsnummer or D-nummer (11 digits, both check digits right)."""
    if not re.fullmatch(r"\d{11}", number):
        return False
    digits = [int(c) for c in number]
    k1 = _check_digit(digits[:9], _W1)
    k2 = _check_digit(digits[:10], _W2)
    if k1 == 10 or k2 == 10 or k1 != digits[9] or k2 != digits[10]:
        return False
    day = int(number[0:2])
    day = day - 40 if day > 40 else day  # D-nummer adds 40 to the day
    month = int(number[2:4]) % 40  # synthetic/test numbers add 40 or 80 to the month
    month = month - 40 if month > 12 else month
    return 1 <= day <= 31 and 1 <= month <= 12


def is_account_number(text: str) -> bool:
    """True for a Norwegian bank account number (11 digits, mod 11 check digit)."""
    digits = [int(c) for c in re.sub(r"[ .]", "", text)]
    if len(digits) != 11:
        return False
    return _check_digit(digits[:10], _W2) == digits[10]


def scrub(text: str) -> str:
    """The text with fødselsnummer, e-mail, account and phone numbers replaced by labels."""

    def _fnr(match: re.Match) -> str:
        number = match.group(1) + match.group(2)
        return "[fødselsnummer]" if is_fodselsnummer(number) else match.group(0)

    text = _ELEVEN_DIGITS.sub(_fnr, text)
    text = _EMAIL.sub("[e-post]", text)
    text = _ACCOUNT.sub(lambda m: "[kontonummer]" if is_account_number(m.group(0)) else m.group(0), text)
    text = _PHONE.sub("[telefon]", text)
    return text

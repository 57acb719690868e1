"""Remove personal data from free text before it is stored for analytics.

One pure function used by every path that stores text: `scrub`. It replaces

- fødselsnummer and D-nummer by "[fødselsnummer]", recognised by their two check digits (mod 11)
  and a possible date, so an ordinary 11-digit number (an order number, say) is left alone;
- bank account numbers (MOD11 check digit) and Norwegian IBANs (ISO 7064 mod 97) by "[kontonummer]";
- Norwegian phone numbers (8 digits, with or without +47/0047) by "[telefon]";
- e-mail addresses, also written "ola(at)example.no", "ola [at] example [dot] no" or "ola @ example.no",
  by "[e-post]".

Matching runs on a normalised copy of the text (NFKC, so full-width digits and "＠" are ordinary;
zero-width characters and soft hyphens dropped; every kind of space a plain space; every kind of dash
"-"), and only what was recognised is replaced in the original: the text around it is returned exactly
as written.

Numbers are read as runs of digit groups joined by one separator each (spaces, ".", "-", "/"). A
fødselsnummer is found however its 11 digits are grouped (15038512363, 150385 12363, 15.03.85 12363,
150 385 123 63, ...), as its check digits and date carry it; an account number only as 4-2-5 with one
kind of separator or as 11 digits; a phone number only as 8, 3-2-3, 2-2-2-2 or 4-4 digits with one
kind of separator. So dates (15.03.2025, 15.03.85, 2025-03-15), times (kl. 18.00), amounts
(1 500 000 kr, 12 345,50), case numbers (2024/1234, 24/01234-3), postcodes ("7353 Børsa"), gnr/bnr,
years, percentages and kommunenummer stay as written. Phone-shaped numbers that are more likely
something else are left too: a number starting or ending at a dot inside a run ("15.03.2025 7353"),
time and date ranges ("20.00-21.30", "20.03-25.04"), year pairs and ranges ("2024/2025", "2020-2024"),
eight digits that are a date (20250315), and numbers after "kl.", "kr", "sak" or before "kr", "%" or a
decimal part. With a country code (+47, 0047, (+47)) they are phone numbers all the same.

Dependency-free (standard library only); runs on Python 3.10 and 3.11.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator

FNR_LABEL = "[fødselsnummer]"
ACCOUNT_LABEL = "[kontonummer]"
PHONE_LABEL = "[telefon]"
EMAIL_LABEL = "[e-post]"

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if remainder == 0 else 11 - remainder


def is_fodselsnummer(number: str) -> bool:
    """True for a valid fødselsnummer or D-nummer (11 digits, both check digits right)."""
    if not re.fullmatch(r"[0-9]{11}", number):
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
    """True for a Norwegian bank account number (11 digits, mod 11 check digit; spaces, dots, dashes allowed)."""
    if not re.fullmatch(r"[0-9 .-]+", text):
        return False
    digits = [int(c) for c in re.sub(r"[ .-]", "", text)]
    if len(digits) != 11:
        return False
    return _check_digit(digits[:10], _W2) == digits[10]


def is_norwegian_iban(text: str) -> bool:
    """True for a Norwegian IBAN: "NO", two check digits and 11 digits (spaces allowed), ISO 7064 mod 97."""
    compact = re.sub(r"[ .-]", "", text).upper()
    if not re.fullmatch(r"NO[0-9]{13}", compact):
        return False
    rearranged = compact[4:] + "2324" + compact[2:4]  # N = 23, O = 24
    return int(rearranged) % 97 == 1


# --- normalisation ----------------------------------------------------------------------------------

_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")  # zero-width characters, soft hyphen
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_MASK = "\ue000"  # stands in for what has been recognised, so later patterns do not see it


def _map_normalised(char: str) -> str:
    if char in _DROP:
        return ""
    if char in _DASHES:
        return "-"
    if char.isspace() and char not in "\n\r":
        return " "
    if char.isdecimal() and not char.isascii():
        return str(unicodedata.decimal(char))
    return char


# Printable ASCII, line breaks and the Latin-1 letters (æ, ø, å, é, ...): NFKC leaves them as they are.
_PLAIN = re.compile(r"[\n\r\x20-\x7e\u00c0-\u00ff]*")
_CHARS: dict[str, str] = {}  # a character alone -> what it is matched as (filled as characters are met)


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The text to match on, and for each of its characters where it came from in the original.

    A base character and the combining marks after it are normalised together (NFKC); every
    character of the result maps back to that whole cluster.
    """
    if _PLAIN.fullmatch(text):
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    has_marks = any(map(unicodedata.combining, text))
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if has_marks:
            while j < n and unicodedata.combining(text[j]):
                j += 1
        if j == i + 1:
            mapped = _CHARS.get(text[i])
            if mapped is None:
                mapped = "".join(_map_normalised(c) for c in unicodedata.normalize("NFKC", text[i]))
                if len(_CHARS) < 10_000:
                    _CHARS[text[i]] = mapped
        else:
            mapped = "".join(_map_normalised(c) for c in unicodedata.normalize("NFKC", text[i:j]))
        for char in mapped:
            out.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


# --- e-mail -----------------------------------------------------------------------------------------

_AT_WORDS = r"(?:at|krøllalfa|alfakrøll|snabel-?a)"
_AT = (
    r"(?:[ ]*@[ ]*"
    rf"|[ ]*[(\[{{<][ ]*(?:{_AT_WORDS}|@)[ ]*[)\]}}>][ ]*"
    rf"|[ ]+(?P<bare>{_AT_WORDS})[ ]+)"
)
_DOT = r"(?:\.|[ ]*[(\[{<][ ]*(?:dot|punktum|prikk|\.)[ ]*[)\]}>][ ]*|[ ]+(?:dot|punktum|prikk)[ ]+)"
_EMAIL = re.compile(
    rf"(?<![\w.+%-])(?P<local>\w[\w.+%-]*){_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}(?![\w-])",
    re.IGNORECASE,
)
# Words after which a bare " at " is the conjunction ("jeg ser at skaun.kommune.no er nede", "viktig
# for meg at ...") or English "at" before a web address ("available at ..."), not a spelled-out "@".
_NOT_BEFORE_BARE_AT = frozenset(
    {
        "ser", "så", "sa", "sier", "sagt", "mener", "meinte", "meiner", "tror", "trur", "trodde", "vet", "veit",
        "visste", "håper", "håpar", "synes", "syns", "syntes", "viser", "vist", "skriver", "skrev", "skrive",
        "skriv", "står", "stod", "sto", "leste", "les", "lest", "lese", "merket", "merka", "merker", "oppdaget",
        "oppdaga", "oppdager", "husk", "huske", "husker", "beklager", "fordi", "slik", "sånn", "unntatt",
        "bortsett", "uten", "utan", "enn", "før", "etter", "gjør", "gjer", "gjorde", "hørt", "hørte", "høyrde",
        "fant", "fann", "finner", "opplever", "opplevde", "sjekk", "sjekket", "sjekka", "sjekke", "betyr",
        "ønsker", "ønskjer", "vil", "kan", "ville", "kunne", "tenkte", "tenker", "tenkjer", "føler", "følte",
        "kjenner", "forstår", "forsto", "skjønner", "skjønar", "innser", "påstår", "hevder", "bekrefter",
        "melder", "klager", "antar", "regner", "forventer", "krever", "og", "men", "om", "eller", "da", "når",
        "mens", "nok", "også", "altså", "klar", "glad", "viktig", "mulig", "sikker", "rart", "synd", "fint",
        "bra", "greit", "look", "looked", "looking", "available", "find", "found", "it", "them", "here",
        "there", "online", "posted", "listed", "published", "visit", "visited", "apply", "book", "booked", "me",
        "us", "info", "more", "details", "meg", "deg", "seg", "oss", "dere", "dem", "ham", "henne", "han",
        "hun", "den", "det", "de", "vi", "jeg", "du", "eg", "ho", "dykk", "for", "med", "til", "ved", "på",
        "av", "i", "enig", "beskjed", "informert", "opplyst", "varslet", "varsla", "lovet", "lova", "lovte",
        "svarte", "svarer", "forklarte", "fortalte", "nevnte", "påpekte", "sendt", "sørg", "sørge", "passe",
        "pass", "sant", "klart", "tydelig", "faktum", "obs", "nb"
    }
)  # fmt: skip


def _email_ok(match: re.Match[str]) -> bool:
    return not (match.group("bare") and match.group("local").lower() in _NOT_BEFORE_BARE_AT)


# --- IBAN and phone numbers with a country code ------------------------------------------------------

_IBAN = re.compile(r"(?<![A-Za-z0-9])NO[ ]?[0-9]{2}(?:[ .-]?[0-9]){11}(?![0-9])", re.IGNORECASE)
_SEP = r"(?:[ ]{1,2}|\.|[ ]?[-/][ ]?)"
# +47 / 0047 / (+47) before 8 digits in any grouping; another country code before 6-12 digits.
_PHONE_PREFIXED = re.compile(
    rf"(?<![0-9A-Za-z+])(?:(?:\([ ]?(?:\+|00)[ ]?47[ ]?\)|(?:\+|00)[ ]?47){_SEP}?[0-9](?:{_SEP}?[0-9]){{7}}"
    rf"|(?:\([ ]?\+[1-9][0-9]{{0,2}}[ ]?\)|\+[1-9][0-9]{{0,2}}){_SEP}?[0-9](?:{_SEP}?[0-9]){{5,11}})(?![0-9])"
)

_AMOUNT_WITH_SIGN = re.compile(r"\+[0-9]{1,3}(?: [0-9]{3})+")


def _prefixed_phone_ok(match: re.Match[str]) -> bool:
    """Not "+15 000 000" (a change of an amount) nor a number before a currency or unit."""
    if _AMOUNT_WITH_SIGN.fullmatch(match.group(0)):
        return False
    return not _NOT_PHONE_AFTER.match(match.string, match.end(), match.end() + 10)


# --- numbers read as runs of digit groups ------------------------------------------------------------

_RUN = re.compile(rf"[0-9]+(?:{_SEP}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")

# A fødselsnummer is taken from up to five groups however they split its 11 digits (the two check
# digits and the date carry it), unless it is written as an account number; account and phone numbers
# only from the groupings they are written in.
FNR_MAX_GROUPS = 5
PHONE_GROUPINGS = frozenset({(8,), (3, 2, 3), (2, 2, 2, 2), (4, 4)})

# Not a phone number after these words ("kl. 20.00-21.30", "kr 23456789", "sak 2024 1234") ...
_NOT_PHONE_BEFORE = re.compile(
    r"(?<![\w])(?:kl|klokka|klokken|kr|nok|sak|saksnr|saksnummer|arkivsak|gnr|bnr|§)\.?:?[ ]*$", re.IGNORECASE
)
# ... nor before a decimal part, ",-", a currency, a unit or a per cent sign.
_NOT_PHONE_AFTER = re.compile(
    r"(?:,[0-9]|,-|[ ]?(?:kr\b|kroner|nok\b|%|prosent|m2|kvm|km\b|kg\b|cm\b|mm\b|liter|stk))", re.IGNORECASE
)


def _separator_kind(separator: str) -> str:
    return separator.strip() or " "


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _reads_as_date_or_range(digits: str, grouping: tuple[int, ...], kind: str) -> bool:
    """True for phone-shaped numbers that are more likely a date, years or a range.

    20250315 and 15032025 (dates); "2024 2025", "2024/2025", "2020-2024", "5029 – 1990/1" (a year on
    either side of a dash or slash); "7350–7358" (a range of postcodes or numbers).
    """
    if grouping == (8,):
        return (digits[:2] in ("19", "20") and _is_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))) or (
            digits[4:6] in ("19", "20") and _is_date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        )
    if grouping == (4, 4):
        first, second = digits[:4], digits[4:]
        years = [half[:2] in ("19", "20") for half in (first, second)]
        if kind == " ":
            return all(years)
        return any(years) or (first[:2] == second[:2] and second > first)
    return False


class _Run:
    """A run of digit groups in the working text: where each group is and what separates them."""

    def __init__(self, work: str, match: re.Match[str]) -> None:
        self.work = work
        self.groups = [(m.start() + match.start(), m.end() + match.start()) for m in _GROUP.finditer(match.group(0))]
        self.separators = [work[a[1] : b[0]] for a, b in zip(self.groups, self.groups[1:], strict=False)]
        self.sizes = tuple(e - s for s, e in self.groups)

    def digits(self, i: int, j: int) -> str:
        return "".join(self.work[s:e] for s, e in self.groups[i:j])

    def grouping(self, i: int, j: int) -> tuple[int, ...]:
        return self.sizes[i:j]

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.groups[i][0], self.groups[j - 1][1]


def _written_as_account(run: _Run, i: int, j: int) -> bool:
    """4-2-5 digits with one kind of separator (space, dot or dash)."""
    kinds = {_separator_kind(s) for s in run.separators[i : j - 1]}
    return run.grouping(i, j) == (4, 2, 5) and len(kinds) == 1 and kinds <= {" ", ".", "-"}


def _fnr_at(run: _Run, i: int) -> int | None:
    for j in range(i + 1, min(i + FNR_MAX_GROUPS, len(run.groups)) + 1):
        # Written as an account number it is one (every fødselsnummer passes their check too).
        if sum(run.grouping(i, j)) == 11 and not _written_as_account(run, i, j) and is_fodselsnummer(run.digits(i, j)):
            return j
    return None


def _account_at(run: _Run, i: int) -> int | None:
    for j in range(i + 1, min(i + 3, len(run.groups)) + 1):
        if (run.grouping(i, j) == (11,) or _written_as_account(run, i, j)) and is_account_number(run.digits(i, j)):
            return j
    return None


def _phone_shape(run: _Run, i: int) -> int | None:
    """The end of a phone-shaped number starting at group i: 8 digits, first 2-9, one kind of separator
    (spaces, or a dot, dash or slash without spaces around it)."""
    for j in range(i + 1, min(i + 4, len(run.groups)) + 1):
        grouping = run.grouping(i, j)
        if grouping not in PHONE_GROUPINGS or run.work[run.groups[i][0]] in "01":
            continue
        separators = run.separators[i : j - 1]
        if any(len(s) > 1 and s.strip() for s in separators):
            continue  # "5029 – 7353": a spaced dash or slash stands between two numbers
        kinds = {_separator_kind(s) for s in separators}
        if len(kinds) <= 1 and not _reads_as_date_or_range(run.digits(i, j), grouping, kinds.pop() if kinds else ""):
            return j
    return None


def _phone_at(run: _Run, i: int) -> int | None:
    work = run.work
    # "47 91234567" / "0047 912 34 567": the country code written without "+".
    if work[run.groups[i][0] : run.groups[i][1]] in ("47", "0047") and i + 1 < len(run.groups):
        j = _phone_shape(run, i + 1)
        if j is not None:
            return j
    j = _phone_shape(run, i)
    if j is None:
        return None
    start, end = run.span(i, j)
    if (start > 0 and (work[start - 1].isalpha() or work[start - 1] in "+_")) or (
        end < len(work) and (work[end].isalpha() or work[end] == "_")
    ):
        return None  # part of a code such as "AB12345678"
    if _NOT_PHONE_BEFORE.search(work, max(0, start - 16), start) or _NOT_PHONE_AFTER.match(work, end, end + 10):
        return None
    return j


def _run_spans(work: str, find: Callable[[_Run, int], int | None]) -> Iterator[tuple[int, int]]:
    """The spans `find` recognises in each run of digit groups, left to right.

    A number never starts or ends at a dot inside a run: "15.03.2025 7353" holds no phone number
    "2025 7353", as the dot makes "2025" the year of a date (likewise amounts as "1.500.000").
    """
    for match in _RUN.finditer(work):
        run = _Run(work, match)
        i = 0
        while i < len(run.groups):
            j = find(run, i)
            if j is not None and (
                (i > 0 and run.separators[i - 1] == ".") or (j < len(run.groups) and run.separators[j - 1] == ".")
            ):
                j = None
            if j is None:
                i += 1
            else:
                yield run.span(i, j)
                i = j


def _regex_spans(
    pattern: re.Pattern[str], work: str, accept: Callable[[re.Match[str]], bool]
) -> Iterator[tuple[int, int]]:
    """Every match that `accept` takes; after one it does not take, the search goes on from its next character."""
    position = 0
    while (match := pattern.search(work, position)) is not None:
        if accept(match):
            yield match.span()
            position = match.end()
        else:
            position = match.start() + 1


def scrub(text: str) -> str:
    """The text with fødselsnummer, e-mail, account and phone numbers replaced by labels."""
    work, starts, ends = _normalise(text)
    found: list[tuple[int, int, str]] = []

    def take(spans: Iterator[tuple[int, int]], label: str) -> None:
        nonlocal work
        for start, end in list(spans):
            found.append((start, end, label))
            work = work[:start] + _MASK * (end - start) + work[end:]

    take(_regex_spans(_EMAIL, work, _email_ok), EMAIL_LABEL)
    take(_regex_spans(_IBAN, work, lambda m: is_norwegian_iban(m.group(0))), ACCOUNT_LABEL)
    take(_regex_spans(_PHONE_PREFIXED, work, _prefixed_phone_ok), PHONE_LABEL)
    take(_run_spans(work, _fnr_at), FNR_LABEL)
    take(_run_spans(work, _account_at), ACCOUNT_LABEL)
    take(_run_spans(work, _phone_at), PHONE_LABEL)

    if not found:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, label in sorted(found):
        pieces.append(text[position : max(position, starts[start])])
        pieces.append(label)
        position = ends[end - 1]
    pieces.append(text[position:])
    return "".join(pieces)

"""Anonymised quotes: scrubbed of personal data and of anything that looks like a person's name.

Intake already scrubs fødselsnummer, phone, e-mail and account numbers (innbygger_common.scrub);
names are harder, so quotes are picked only among comments where nothing looked like a name:
better to leave a good quote out than to print a neighbour's name in a report to politicians.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from innbygger_common.catalogue import catalogue
from innbygger_common.scrub import scrub

NAME_LABEL = "[navn]"
_SCRUB_LABELS = ("[fødselsnummer]", "[telefon]", "[e-post]", "[kontonummer]", NAME_LABEL)
_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\s*[\"«(]?$")
_INTRODUCED = re.compile(r"\b(?:heter|het|ved navn|kalt)\s+([A-ZÆØÅ]\w+)")
# Capitalised words that are not people: places, institutions and services residents name.
_PLACES = [
    "Skaun",
    "Børsa",
    "Buvik",
    "Buvika",
    "Venn",
    "Viggja",
    "Eggkleiva",
    "Jåren",
    "Rossvoll",
    "Rossvollheimen",
    "Trøndelag",
    "Orkland",
    "Trondheim",
    "Melhus",
    "Norge",
    "Noreg",
    "Orkanger",
    "Harsvika",
    "Statens",
    "Skatteetaten",
    "Helsenorge",
    "Vigilo",
    "Vipps",
    "Digipost",
    "BankID",
    "Altinn",
    "Visma",
    "Facebook",
    "Google",
    "Gud",
    "Min",
    "Side",
    "Servicetorget",
    "Rådhuset",
    "Helsestasjonen",
    "Hjemmetjenesten",
    "Flyktningetjenesten",
    "Legevakta",
    "Legevakten",
    "Kommunen",
    "NAV",
    "SFO",
]
# Common Norwegian first names (SSB's most frequent), to catch a name that opens a sentence.
_FIRST_NAMES = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Bente",
    "Heidi",
    "Silje",
    "Hanne",
    "Gerd",
    "Linda",
    "Tone",
    "Ellen",
    "Elin",
    "Wenche",
    "Camilla",
    "Kirsten",
    "Emma",
    "Nora",
    "Sara",
    "Ingeborg",
    "Sofie",
    "Thea",
    "Julie",
    "Hanna",
    "Jorunn",
    "Turid",
    "Grete",
    "Laila",
    "Siri",
    "Mari",
    "Kjersti",
    "Torill",
    "Trine",
    "Lene",
    "Ragnhild",
    "Sigrid",
    "Aud",
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Thomas",
    "Hans",
    "Geir",
    "Tor",
    "Morten",
    "Terje",
    "Odd",
    "Erik",
    "Martin",
    "Andreas",
    "John",
    "Anders",
    "Rune",
    "Trond",
    "Tore",
    "Jon",
    "Harald",
    "Olav",
    "Gunnar",
    "Einar",
    "Stein",
    "Rolf",
    "Magnus",
    "Leif",
    "Henrik",
    "Kristian",
    "Jonas",
    "Espen",
    "Øyvind",
    "Petter",
    "Eirik",
    "Frode",
    "Kåre",
    "Helge",
    "Jørgen",
    "Sindre",
    "Sander",
    "Emil",
    "Mathias",
    "Markus",
    "Tobias",
    "Elias",
    "Jakob",
    "Filip",
    "Noah",
    "Oskar",
    "William",
    "Lukas",
    "Ola",
    "Nils",
    "Pål",
    "Vidar",
    "Asbjørn",
    "Sverre",
    "Halvor",
    "Ivar",
    "Jostein",
    "Sigurd",
    "Steinar",
    "Dag",
    "Ragnar",
    "Even",
    "Atle",
    "Håkon",
    "Eivind",
    "Vegard",
]


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    words = set(_PLACES)
    names = list(catalogue().sectors.values())
    for text in names:
        words.update(re.findall(r"[A-ZÆØÅ]\w+", text))
    return frozenset(words)


def add_known_names(names: Iterable[str]) -> frozenset[str]:
    """Capitalised words of unit names (they are places and institutions, not people)."""
    return frozenset(word for name in names for word in re.findall(r"[A-ZÆØÅ]\w+", name))


def anonymize(text: str, allowed: frozenset[str] = frozenset()) -> str:
    """The text scrubbed, with every word that may be a person's name replaced by [navn]."""
    text = scrub(text)
    text = _INTRODUCED.sub(lambda m: m.group(0).replace(m.group(1), NAME_LABEL), text)
    keep = _not_names() | allowed

    def _replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in keep:
            return word
        at_start = bool(_SENTENCE_START.search(text[: match.start()]))
        if at_start and word not in _FIRST_NAMES:
            return word  # an ordinary word that opens a sentence
        return NAME_LABEL

    return _CAPITALISED.sub(_replace, text)


def quotable(text: str, allowed: frozenset[str] = frozenset(), min_length: int = 25, max_length: int = 240) -> bool:
    """Whether a comment can be quoted as it is: the right length, and nothing personal found in it."""
    stripped = text.strip()
    if not min_length <= len(stripped) <= max_length:
        return False
    cleaned = anonymize(stripped, allowed)
    return cleaned == stripped and not any(label in cleaned for label in _SCRUB_LABELS)

"""The theme taxonomy: what units act on, aligned with the KS bedrekommune dimensions.

bedrekommune.no's user surveys score services on dimensions such as information, respectful
treatment, user participation, accessibility and the quality of the service itself; the first
ten themes below follow those, so a dialogue conference can set the kommune's own comments
beside its survey results. Codes are stable (stored in feedback.themes by staff and the bot);
names are what readers see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One theme: a stable code, its Norwegian name and what it covers."""

    code: str
    name: str
    covers: str


THEMES: dict[str, Theme] = {
    theme.code: theme
    for theme in (
        Theme(
            "informasjon",
            "Informasjon",
            "beskjeder, brev, svar, nettsidenes innhold, uklar eller manglende informasjon",
        ),
        Theme(
            "respektfull_behandling", "Respektfull behandling", "hvordan innbyggeren ble møtt: høflighet, å bli hørt"
        ),
        Theme("trygghet", "Trygghet", "å føle seg trygg: barns sikkerhet, fall, alarmer, farlige veier, bekymring"),
        Theme("brukermedvirkning", "Brukermedvirkning", "å bli tatt med på råd om vedtak, planer og tiltak"),
        Theme("ventetid", "Ventetid og tilgjengelighet", "ventetid, saksbehandlingstid, telefon, åpningstider"),
        Theme(
            "kvalitet", "Kvalitet på tjenesten", "selve tjenesten: mat, renhold, undervisning, tømming, brøyting, feil"
        ),
        Theme("pris", "Pris og gebyr", "priser, gebyrer, avgifter og fakturaer"),
        Theme(
            "digitale_losninger",
            "Digitale løsninger",
            "skjema og søknad på nett, apper, innlogging, chat, digital post",
        ),
        Theme("ansatte", "Ansatte og kompetanse", "bemanning, vikarer, kompetanse, kontinuitet"),
        Theme("lokaler", "Lokaler og utstyr", "bygg, rom, uteområder, utstyr, universell utforming, parkering"),
    )
}


def theme_name(code: str) -> str:
    """The Norwegian name of a theme code (the code itself for an unknown one, e.g. set by staff)."""
    theme = THEMES.get(code)
    return theme.name if theme else code.replace("_", " ").capitalize()

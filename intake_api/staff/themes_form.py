"""The theme form of a feedback item: staff set its themes and whether it is praise or criticism.

What staff tick is stored on the row (`themes`, `polarity`) and wins over the classifier everywhere
(reports, digests, the inbox filter). The row also records who corrected it and when, so that
`analytics themes export-corrections` can hand the corrected comments, scrubbed, back to the
classifier as labelled training data. The audit entry holds the theme codes before and after, never
the comment's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from analytics.themes import THEMES, classify

from .. import audit
from ..models import Feedback, utcnow
from ..models.items import POLARITIES
from ..security import Principal
from .routes.forms import text, texts

POLARITY_NAMES = {
    "ros": "Ros",
    "kritikk": "Kritikk",
    "blandet": "Både ros og kritikk",
    "nøytral": "Verken ros eller kritikk",
}
THEMES_HINT = "Kryss av for alle temaene som passer. Passer ingen, lar du alle stå tomme."
POLARITY_HINT = "Valgfritt."
GUESS_NOTE = (
    "Avkrysningene er et forslag som er lest ut fra teksten. Ingen har kontrollert dem ennå. "
    "Rett dem hvis de ikke stemmer, og lagre."
)
ACTION = "themes.correct"


@dataclass
class ThemesResult:
    """What a posted theme form did: the notice code, or the errors per field (nothing changed)."""

    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""


def stored_or_read(item: Feedback) -> tuple[tuple[str, ...], bool]:
    """(theme codes, whether they were read from the text): the stored ones, or else the classifier's."""
    if item.themes is not None:
        return tuple(item.themes), False
    return classify(item.text or ""), True


def polarity_choices() -> list[tuple[str, str]]:
    return [*((code, POLARITY_NAMES[code]) for code in POLARITIES), ("", "Ikke angitt")]


def _check(form: FormData, item: Feedback) -> tuple[list[str], str | None, dict[str, str]]:
    chosen = texts(form, "themes")
    polarity = text(form, "polarity")
    errors: dict[str, str] = {}
    if not (item.text or "").strip():
        errors["themes"] = "Tilbakemeldingen har ingen tekst, så det er ingenting å sette tema på."
    unknown = [code for code in chosen if code not in THEMES]
    if unknown:
        shown = ", ".join(f"«{code[:40]}»" for code in unknown[:3])
        errors["themes"] = f"Velg bare temaer fra listen. {shown} er ikke et tema vi bruker."
    if polarity and polarity not in POLARITY_NAMES:
        errors["polarity"] = "Velg ros, kritikk, både ros og kritikk, verken ros eller kritikk, eller ikke angitt."
    # Stored in the taxonomy's order, each code once, whatever order the browser sent them in.
    themes = [code for code in THEMES if code in chosen]
    return themes, polarity or None, errors


def correct_themes(session: Session, principal: Principal, item: Feedback, form: FormData) -> ThemesResult:
    """Store the posted themes and polarity on the item and audit it (not committed); errors change nothing."""
    themes, polarity, errors = _check(form, item)
    if errors:
        return ThemesResult(errors=errors)
    before, guessed = stored_or_read(item)
    if item.themes_corrected_at is not None and list(before) == themes and item.polarity == polarity:
        return ThemesResult(notice="themes-same")
    detail: dict[str, object] = {
        "from": None if guessed else list(before),
        "to": themes,
        "polarity": {"from": item.polarity, "to": polarity},
    }
    if guessed:
        detail["read_from_text"] = list(before)  # what the classifier said: how often it was right
    audit.record(session, principal, ACTION, item_kind="feedback", item_reference=item.reference, detail=detail)
    item.themes = themes
    item.polarity = polarity
    item.themes_corrected_by = principal.actor[:60]
    item.themes_corrected_at = utcnow()
    return ThemesResult(notice="themes")


NOTICES = {
    "themes": "Temaene er lagret. De brukes i rapportene og når temagjenkjenningen læres opp på nytt.",
    "themes-same": "Temaene var allerede lagret slik. Ingenting er endret.",
}

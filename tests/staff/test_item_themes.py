"""Staff set a comment's themes (and whether it is praise or criticism) on the item page: stored, audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from analytics.themes import classify
from intake_api.models import AuditEntry, Feedback

from .helpers import feedback_in, hidden, post_form, signed_in, text_of

TEXT = "Ventet i tre uker på svar, og ingen tok telefonen da jeg ringte."


def row(session, reference: str) -> Feedback:
    item = session.scalar(select(Feedback).where(Feedback.reference == reference))
    session.refresh(item)
    return item


def corrections(session, reference: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == "themes.correct", AuditEntry.item_reference == reference)
    return list(session.scalars(query))


def ticked(page_html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="\w+" id="[^"]*" name="{name}" value="([^"]*)" checked>', page_html))


def test_the_form_shows_the_classifiers_guess_ticked_until_someone_saves(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten", text=TEXT)
    page = signed_in(client, users.unit).get(f"/staff/items/{reference}")
    assert page.status_code == 200
    guess = set(classify(TEXT))
    assert guess and ticked(page.text, "themes") == guess
    assert ticked(page.text, "polarity") == {""}  # "Ikke angitt"
    text = text_of(page)
    assert "Hva handler tilbakemeldingen om?" in text and "Er tilbakemeldingen ros eller kritikk?" in text
    assert "Ingen har kontrollert dem ennå" in text
    # Each group is a fieldset with a legend, each box has its label.
    assert re.search(r'<fieldset class="field"[^>]*>\s*<legend>Hva handler tilbakemeldingen om\?</legend>', page.text)
    assert '<label for="themes-ventetid">Ventetid og tilgjengelighet</label>' in page.text


def test_saving_stores_the_themes_and_the_polarity_and_audits_old_and_new(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten", text=TEXT)
    signed_in(client, users.unit)
    path = f"/staff/items/{reference}"
    # Sent out of order and twice: stored once each, in the taxonomy's order.
    response = post_form(client, f"{path}/themes", {"themes": ["informasjon", "ventetid", "ventetid"],
                                                    "polarity": "kritikk"}, page=path)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == f"{path}?ok=themes"
    item = row(session, reference)
    assert (item.themes, item.polarity) == (["informasjon", "ventetid"], "kritikk")
    assert item.themes_corrected_by == f"user:{users.unit}" and item.themes_corrected_at is not None
    [entry] = corrections(session, reference)
    assert (entry.actor, entry.role, entry.item_kind) == (f"user:{users.unit}", "unit", "feedback")
    assert entry.detail == {
        "from": None,
        "to": ["informasjon", "ventetid"],
        "polarity": {"from": None, "to": "kritikk"},
        "read_from_text": list(classify(TEXT)),
    }
    assert "ringte" not in str(entry.detail)  # never the comment's text
    page = client.get(response.headers["location"])
    text = text_of(page)
    assert "Temaene er lagret." in text
    assert "Tema satt: Informasjon, Ventetid og tilgjengelighet (kritikk)" in text  # the history
    assert ticked(page.text, "themes") == {"informasjon", "ventetid"} and ticked(page.text, "polarity") == {"kritikk"}
    assert "Ingen har kontrollert dem ennå" not in text

    # No theme at all is an answer too; the same form again changes nothing and audits nothing.
    assert post_form(client, f"{path}/themes", {"polarity": "nøytral"}, page=path).status_code == 303
    assert (row(session, reference).themes, row(session, reference).polarity) == ([], "nøytral")
    again = post_form(client, f"{path}/themes", {"polarity": "nøytral"}, page=path)
    assert again.headers["location"].endswith("?ok=themes-same")
    assert [e.detail["from"] for e in corrections(session, reference)] == [None, ["informasjon", "ventetid"]]


def test_leaders_correct_themes_of_any_unit(client, users, session):
    reference = feedback_in(client, session, "Børsa barnehage", sector="barnehage", text="Porten går ikke i lås.")
    signed_in(client, users.leader)
    path = f"/staff/items/{reference}"
    assert post_form(client, f"{path}/themes", {"themes": ["trygghet", "lokaler"]}, page=path).status_code == 303
    assert row(session, reference).themes == ["trygghet", "lokaler"]


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"themes": ["ventetid", "<script>"]}, "themes", "Velg bare temaer fra listen. «<script>» er ikke et tema"),
    ({"themes": ["Ventetid"]}, "themes", "«Ventetid» er ikke et tema"),
    ({"themes": ["ventetid"], "polarity": "sur"}, "polarity", "Velg ros, kritikk, både ros og kritikk"),
])  # fmt: skip
def test_unknown_codes_get_a_clear_message_and_change_nothing(client, users, session, form, field, message):
    reference = feedback_in(client, session, "Hjemmetjenesten", text=TEXT)
    signed_in(client, users.unit)
    path = f"/staff/items/{reference}"
    response = post_form(client, f"{path}/themes", form, page=path)
    assert response.status_code == 422
    assert message in text_of(response)
    # The error summary links to the group, and the group says it is wrong.
    assert f'<a href="#{field}">' in response.text and f'id="{field}-feil"' in response.text
    assert "<script>" not in response.text  # what was posted comes back escaped
    item = row(session, reference)
    assert (item.themes, item.polarity, item.themes_corrected_at) == (None, None, None)
    assert corrections(session, reference) == []


def test_a_comment_without_text_has_no_theme_form(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten", text="")
    signed_in(client, users.unit)
    path = f"/staff/items/{reference}"
    assert "Lagre temaene" not in client.get(path).text
    response = post_form(client, f"{path}/themes", {"themes": ["ventetid"]}, page=path)
    assert response.status_code == 422 and "ingen tekst" in text_of(response)
    assert row(session, reference).themes is None


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_the_form_needs_the_sessions_csrf_token(client, users, session, token):
    reference = feedback_in(client, session, "Hjemmetjenesten", text=TEXT)
    signed_in(client, users.unit)
    data = {"themes": ["pris"], **({"csrf_token": token} if token else {})}
    response = client.post(f"/staff/items/{reference}/themes", data=data, follow_redirects=False)
    assert response.status_code in (400, 403)
    assert row(session, reference).themes is None and corrections(session, reference) == []


def test_someone_elses_item_is_refused_and_nothing_changes(client, users, session):
    reference = feedback_in(client, session, "Børsa barnehage", sector="barnehage", text=TEXT)
    signed_in(client, users.unit)
    token = hidden(client.get("/staff/items"))
    response = client.post(f"/staff/items/{reference}/themes", data={"csrf_token": token, "themes": ["pris"]})
    assert response.status_code == 403
    assert "hører til en enhet du ikke følger opp" in text_of(response)
    missing = client.post("/staff/items/SKA-ZZZZZZ/themes", data={"csrf_token": token, "themes": ["pris"]})
    assert missing.status_code == 404
    assert row(session, reference).themes is None
    assert (
        session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "themes.correct")) == 0
    )


@pytest.mark.parametrize("who", ["servicetorget", "admin"])
def test_roles_without_feedback_cannot_set_themes(client, users, session, who):
    reference = feedback_in(client, session, "Hjemmetjenesten", text=TEXT)
    signed_in(client, getattr(users, who))
    token = hidden(client.get("/staff/password"))
    response = client.post(f"/staff/items/{reference}/themes", data={"csrf_token": token, "themes": ["pris"]})
    assert response.status_code == 403 and row(session, reference).themes is None

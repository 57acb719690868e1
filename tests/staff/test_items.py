"""The units' inbox and item pages: scope, filters, contact details (audited), follow-up, avvik."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from intake_api.models import AuditEntry, Feedback, utcnow
from tests.intake_api.helpers import VALID_FEEDBACK, submit, unit_id

from .helpers import feedback_in, hidden, post_form, signed_in, text_of

CONTACT = {"contact": {"name": "Kari Nordmann", "phone": "912 34 567"}, "contact_consent": True}


def close_form(
    note: str = "Vi har snakket med vaktlaget. Det skal ikke skje igjen.", outcome: str = "utbedret"
) -> dict:
    return {"status": "lukket", "outcome": outcome, "closing_note": note}


def audit_count(session, action: str, reference: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    if reference:
        query = query.where(AuditEntry.item_reference == reference)
    return int(session.scalar(query) or 0)


def test_the_inbox_lists_the_users_units_newest_first(client, users, session):
    older = feedback_in(client, session, "Hjemmetjenesten")
    elsewhere = feedback_in(client, session, "Børsa barnehage", sector="barnehage")
    newer = feedback_in(client, session, "Hjemmetjenesten")
    session.execute(update(Feedback).where(Feedback.reference == older).values(created_at=utcnow() - timedelta(days=2)))
    session.commit()
    page = signed_in(client, users.unit).get("/staff/items")
    assert page.status_code == 200
    assert page.text.index(newer) < page.text.index(older)
    assert elsewhere not in page.text
    assert "2 tilbakemeldinger" in text_of(page)


def test_leaders_see_every_unit_and_unassigned_feedback(client, users, session):
    mine = feedback_in(client, session, "Hjemmetjenesten")
    other = feedback_in(client, session, "Børsa barnehage", sector="barnehage")
    unassigned = submit(client).json()["reference"]
    page = signed_in(client, users.leader).get("/staff/items")
    assert all(ref in page.text for ref in (mine, other, unassigned))
    only_unassigned = client.get("/staff/items?unit=uten")
    assert unassigned in only_unassigned.text and mine not in only_unassigned.text


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"new", "bad", "themed", "avvik", "late"}),
    ("?status=lukket", {"closed"}),
    ("?status=alle", {"new", "bad", "themed", "avvik", "late", "closed"}),
    ("?rating=1", {"bad"}),
    ("?theme=ventetid", {"themed"}),
    ("?avvik=ja", {"avvik"}),
    ("?overdue=ja", {"late"}),
    ("?rating=9&theme=%3Cx%3E&status=tull", {"new", "bad", "themed", "avvik", "late"}),  # nonsense is ignored
])  # fmt: skip
def test_inbox_filters(client, users, session, query, expected):
    hjem = unit_id(session, "Hjemmetjenesten")
    refs = {
        "new": feedback_in(client, session, "Hjemmetjenesten"),
        "bad": feedback_in(client, session, "Hjemmetjenesten", rating=1),
        "themed": feedback_in(client, session, "Hjemmetjenesten", themes=["ventetid", "informasjon"]),
        "avvik": feedback_in(client, session, "Hjemmetjenesten"),
        "late": feedback_in(client, session, "Hjemmetjenesten"),
        "closed": feedback_in(client, session, "Hjemmetjenesten"),
    }
    session.execute(update(Feedback).where(Feedback.reference == refs["avvik"]).values(avvik=True))
    session.execute(
        update(Feedback).where(Feedback.reference == refs["late"]).values(due_at=utcnow() - timedelta(days=1))
    )
    session.execute(update(Feedback).where(Feedback.reference == refs["closed"]).values(status="lukket"))
    session.commit()
    assert hjem
    page = signed_in(client, users.unit).get(f"/staff/items{query}")
    assert page.status_code == 200
    shown = {name for name, ref in refs.items() if ref in page.text}
    assert shown == expected


def test_the_inbox_pages_after_25(client, users, session):
    for _ in range(27):
        feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, users.unit)
    first = client.get("/staff/items")
    assert "side 1 av 2" in text_of(first) and 'rel="next"' in first.text
    second = client.get("/staff/items?side=2")
    assert second.text.count('<li class="card') == 2


def test_the_item_page_shows_the_scrubbed_text_and_the_contact_with_each_view_audited(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten", text="Ring meg på 912 34 567, fnr 01010150155.",
                            **CONTACT)  # fmt: skip
    signed_in(client, users.unit)
    for views in (1, 2):
        page = client.get(f"/staff/items/{reference}")
        text = text_of(page)
        assert "Ring meg på [telefon]" in text and "01010150155" not in text
        assert "Kari Nordmann" in text and "+47 912 34 567" in text
        assert audit_count(session, "contact.read", reference) == views
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "contact.read"))
    assert (entry.actor, entry.role, entry.item_kind) == (f"user:{users.unit}", "unit", "feedback")


def test_without_a_wish_to_be_contacted_there_is_nothing_to_show_or_audit(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    page = signed_in(client, users.unit).get(f"/staff/items/{reference}")
    assert "Kontaktinformasjon" not in page.text.split("<main", 1)[1].split("</main>")[0]
    assert audit_count(session, "contact.read") == 0


def test_resident_text_is_escaped(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten", text='<script>alert("x")</script> <b>fet</b>')
    page = signed_in(client, users.unit).get(f"/staff/items/{reference}")
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_someone_elses_item_by_address_is_refused_and_nothing_changes(client, users, session):
    reference = feedback_in(client, session, "Børsa barnehage", sector="barnehage", **CONTACT)
    signed_in(client, users.unit)
    token = hidden(client.get("/staff/items"))
    page = client.get(f"/staff/items/{reference}")
    assert page.status_code == 403
    assert "hører til en enhet du ikke følger opp" in text_of(page)
    assert "Kari Nordmann" not in page.text
    for path, form in [("status", close_form()), ("avvik", {"avvik": "1"}), ("unit", {"unit_id": ""})]:
        response = client.post(f"/staff/items/{reference}/{path}", data={"csrf_token": token, **form})
        assert response.status_code == 403
    item = session.scalar(select(Feedback).where(Feedback.reference == reference))
    session.refresh(item)
    assert (item.status, item.avvik, item.closing_note) == ("mottatt", False, None)
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1  # the sign-in only


@pytest.mark.parametrize("who", ["servicetorget", "admin"])
def test_roles_without_feedback_cannot_open_the_inbox(client, users, session, who):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, getattr(users, who))
    assert client.get("/staff/items").status_code == 403
    assert client.get(f"/staff/items/{reference}").status_code == 403


@pytest.mark.parametrize(("reference", "message"), [
    ("SKA-ZZZZZZ", "Ingen tilbakemelding har referansen SKA-ZZZZZZ"), ("ikke-en-ref", "er ikke en referanse"),
])  # fmt: skip
def test_an_unknown_reference_is_a_404_page(client, users, reference, message):
    page = signed_in(client, users.unit).get(f"/staff/items/{reference}")
    assert page.status_code == 404 and message in text_of(page)
    assert page.headers["content-type"].startswith("text/html")


def test_close_with_a_note_the_resident_sees(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, users.unit)
    moved = post_form(client, f"/staff/items/{reference}/status", {"status": "under_behandling"},
                      page=f"/staff/items/{reference}")  # fmt: skip
    assert moved.status_code == 303
    closed = post_form(client, f"/staff/items/{reference}/status", close_form("Ring oss gjerne på 912 34 567."),
                       page=f"/staff/items/{reference}")  # fmt: skip
    assert closed.status_code == 303 and closed.headers["location"] == f"/staff/items/{reference}?ok=closed"
    page = client.get(closed.headers["location"])
    assert "Saken er lukket" in text_of(page)
    status = client.get(f"/api/v1/status/{reference}").json()
    assert (status["status"], status["outcome"], status["closing_note"]) == (
        "lukket", "utbedret", "Ring oss gjerne på [telefon].",
    )  # fmt: skip
    changes = session.scalars(select(AuditEntry).where(AuditEntry.action == "status.change").order_by(AuditEntry.id))
    assert [(e.actor, e.detail["to"]["status"]) for e in changes] == [
        (f"user:{users.unit}", "under_behandling"), (f"user:{users.unit}", "lukket"),
    ]  # fmt: skip
    assert "Status: Lukket (Utbedret)" in text_of(page)  # the history


@pytest.mark.parametrize(("form", "messages"), [
    (close_form(note="   "), ["Skriv et svar til innbyggeren"]),
    ({"status": "lukket", "closing_note": "Ok."}, ["Velg utfallet av saken."]),
    ({"status": "lukket"}, ["Velg utfallet av saken.", "Skriv et svar til innbyggeren"]),
    ({}, ["Velg ny status for saken."]),
    ({"status": "mottatt"}, ["Velg ny status for saken."]),
    ({"status": "rett", "outcome": "utbedret", "closing_note": "x"}, ["Bare en lukket sak"]),
    (close_form(note="x" * 2001), ["høyst 2000 tegn"]),
])  # fmt: skip
def test_bad_follow_up_gets_a_clear_message_and_changes_nothing(client, users, session, form, messages):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, users.unit)
    response = post_form(client, f"/staff/items/{reference}/status", form, page=f"/staff/items/{reference}")
    assert response.status_code == 422
    text = text_of(response)
    assert "Noe må rettes før du kan gå videre" in text
    for message in messages:
        assert message in text
    assert response.text.startswith("<!doctype html>") and "<title>Feil: " in response.text
    item = session.scalar(select(Feedback).where(Feedback.reference == reference))
    session.refresh(item)
    assert (item.status, item.outcome, item.closing_note) == ("mottatt", None, None)
    assert audit_count(session, "status.change") == 0
    if form.get("closing_note", "").strip():  # what was typed is kept
        assert form["closing_note"][:50] in response.text


def test_the_empty_note_error_is_tied_to_the_field(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, users.unit)
    response = post_form(
        client, f"/staff/items/{reference}/status", close_form(note=""), page=f"/staff/items/{reference}"
    )
    assert 'href="#closing_note"' in response.text
    assert 'aria-describedby="closing_note-hint closing_note-feil" aria-invalid="true"' in response.text
    assert 'id="closing_note-feil"' in response.text


def test_reopen_and_correct_the_note(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    path, page = f"/staff/items/{reference}/status", f"/staff/items/{reference}"
    signed_in(client, users.unit)
    assert post_form(client, path, close_form(), page=page).status_code == 303
    corrected = post_form(client, path, {"status": "rett", "outcome": "ikke_utbedret", "closing_note": "Rettet svar."},
                          page=page)  # fmt: skip
    assert corrected.status_code == 303
    assert client.get(f"/api/v1/status/{reference}").json()["closing_note"] == "Rettet svar."
    assert post_form(client, path, {"status": "lukket", **close_form()}, page=page).status_code == 422  # already closed
    reopened = post_form(client, path, {"status": "under_behandling"}, page=page)
    assert reopened.status_code == 303
    status = client.get(f"/api/v1/status/{reference}").json()
    assert (status["status"], status["closing_note"]) == ("under_behandling", None)


def test_mark_and_unmark_avvik(client, users, session):
    reference = feedback_in(client, session, "Hjemmetjenesten")
    signed_in(client, users.unit)
    page = f"/staff/items/{reference}"
    assert post_form(client, f"{page}/avvik", {"avvik": "1"}, page=page).headers["location"].endswith("ok=avvik-on")
    assert "Ja, merket som avvik" in text_of(client.get(page))
    assert reference in client.get("/staff/items?avvik=ja").text
    assert post_form(client, f"{page}/avvik", {"avvik": "0"}, page=page).status_code == 303
    item = session.scalar(select(Feedback).where(Feedback.reference == reference))
    session.refresh(item)
    assert item.avvik is False
    assert audit_count(session, "avvik.change", reference) == 2


def test_leaders_assign_a_unit_and_units_may_not(client, users, session):
    reference = submit(client, {**VALID_FEEDBACK}).json()["reference"]
    hjem = unit_id(session, "Hjemmetjenesten")
    signed_in(client, users.leader)
    page = f"/staff/items/{reference}"
    bad = post_form(client, f"{page}/unit", {"unit_id": "999999"}, page=page)
    assert bad.status_code == 422 and "Velg en enhet fra listen." in text_of(bad)
    assert post_form(client, f"{page}/unit", {"unit_id": str(hjem)}, page=page).status_code == 303
    assert session.scalar(select(Feedback.unit_id).where(Feedback.reference == reference)) == hjem
    # Now the unit sees it, but may not move it elsewhere.
    signed_in(client, users.unit)
    assert client.get(page).status_code == 200
    assert post_form(client, f"{page}/unit", {"unit_id": ""}, page=page).status_code == 403
    assert session.scalar(select(Feedback.unit_id).where(Feedback.reference == reference)) == hjem


def test_themes_read_from_the_text_when_none_were_stored(client, users, session):
    """The inbox shows and filters by the same themes the unit digest groups by (analytics' classifier)."""
    guessed = feedback_in(client, session, "Hjemmetjenesten", text="Ventet i tre uker på svar, ingen tok telefonen.")
    stored = feedback_in(client, session, "Hjemmetjenesten", text="Ventet lenge.", themes=["kvalitet"])
    signed_in(client, users.unit)
    waiting = client.get("/staff/items?theme=ventetid")
    assert guessed in waiting.text and stored not in waiting.text  # stored themes win over the text
    assert "Ventetid og tilgjengelighet (ut fra teksten)" in text_of(waiting)
    assert stored in client.get("/staff/items?theme=kvalitet").text
    assert "Kvalitet på tjenesten" in text_of(client.get(f"/staff/items/{stored}"))


@pytest.mark.parametrize("query", ["?rating=²", "?side=١٢", "?unit=-1", "?side=99999999999999", "?rating=%00"])
def test_odd_numbers_in_the_address_are_ignored(client, users, query):
    assert signed_in(client, users.unit).get(f"/staff/items{query}").status_code == 200

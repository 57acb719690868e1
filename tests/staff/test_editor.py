"""Editors: answers with preview and history, kommune facts, the worklist, training jobs; the bot's feed.

Through the real app (SQLite here, PostgreSQL in the second run of `make test`), signed in as the
editor role; the worklist reads a Rasa tracker store written the way Rasa 3.6 writes it.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from innbygger_common.answers import load_titles
from intake_api.models import AuditEntry, ContentChange, TrainingJob, WorklistDecision
from intake_api.staff.users import create_user
from intake_api.worklist import group_key
from tests.app_fixtures import BOT as BOT_HEADERS
from tests.app_fixtures import tracker_url_for
from tests.intake_api import rasa_tracker

from .helpers import PASSWORD, hidden, post_form, signed_in, text_of

TOPIC = "bibliotek"
EDITOR = "redaktor"


@pytest.fixture
def editor(client, users, session, staff_settings):
    create_user(session, staff_settings, username=EDITOR, display_name="Redaktør", role="editor", unit_ids=[],
                password=PASSWORD, must_change_password=False)  # fmt: skip
    session.commit()
    return signed_in(client, EDITOR)


def answer_form(client, topic=TOPIC):
    page = client.get(f"/staff/editor/answers/{topic}")
    assert page.status_code == 200, page.text
    texts = {}
    for language in ("nb", "nn", "en"):
        start = page.text.index(f'<textarea id="{language}"')
        body = page.text[page.text.index(">", start) + 1 : page.text.index("</textarea>", start)]
        texts[language] = html.unescape(body)
    return page, texts


def save(client, page, texts, topic=TOPIC, action="save"):
    base = re.search(r'name="base" value="(\d+)"', page.text)
    data = {"csrf_token": hidden(page), "base": base.group(1) if base else "0", "action": action, **texts}
    return client.post(f"/staff/editor/answers/{topic}", data=data, follow_redirects=False)


def live(client, **headers):
    return client.get("/api/v1/content/live", headers={**BOT_HEADERS, **headers})


def changes(session) -> int:
    return int(session.scalar(select(func.count()).select_from(ContentChange)))


# -- access ------------------------------------------------------------------------------------
def test_editor_pages_are_for_editors_and_admins(client, users, editor):
    for path in ("/staff/editor/worklist", "/staff/editor/answers", f"/staff/editor/answers/{TOPIC}",
                 f"/staff/editor/answers/{TOPIC}/history", "/staff/editor/facts",
                 "/staff/editor/facts/servicetorget.phone", "/staff/editor/model"):  # fmt: skip
        assert editor.get(path).status_code == 200, path
    signed_in(client, users.leader)
    refused = client.get("/staff/editor/answers")
    assert refused.status_code == 403 and "for redaktør eller administrator" in text_of(refused)
    signed_in(client, users.admin)
    assert client.get("/staff/editor/answers").status_code == 200


def test_the_editing_page_may_run_its_own_script_and_the_others_none(editor):
    page = editor.get(f"/staff/editor/answers/{TOPIC}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "script-src" not in editor.get("/staff/editor/answers").headers["content-security-policy"]


# -- answers -----------------------------------------------------------------------------------
def test_a_saved_answer_reaches_the_bots_feed_and_the_history(editor, session):
    assert live(editor).json()["answers"] == {}
    page, texts = answer_form(editor)
    new = {**texts, "nb": "Biblioteket er åpent når servicetorget er åpent. Ring {servicetorget.phone}."}
    response = save(editor, page, new)
    assert response.status_code == 303 and response.headers["location"].endswith("?ok=saved")
    feed = live(editor)
    assert feed.json()["answers"][TOPIC]["nb"] == new["nb"]  # placeholders left for the bot to fill
    assert feed.json()["revision"] > 0
    assert live(editor, **{"If-None-Match": feed.headers["etag"]}).status_code == 304
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "content.answer.change"))
    assert entry.actor == f"user:{EDITOR}" and entry.item_reference == TOPIC
    history = editor.get(f"/staff/editor/answers/{TOPIC}/history")
    assert "Lagt til: Biblioteket er åpent når servicetorget er åpent" in text_of(history)


def test_bad_answers_are_refused_with_what_to_fix_and_nothing_is_saved(editor, session):
    page, texts = answer_form(editor)
    cases = [
        ({**texts, "nn": "  "}, "Svaret på nynorsk mangler"),
        ({**texts, "nb": texts["nb"] + " Ring {servicetorget.telefon}."}, "{servicetorget.telefon} er ikke et faktum"),
        ({**texts, "en": "See http://www.skaun.kommune.no for more."}, "bruker http://"),
        ({**texts, "nb": "Se https://skaun for mer."}, "har ikke et gyldig domenenavn"),
        ({**texts, "nb": "Ring {servicetorget."}, "krøllparentes"),
        ({**texts, "nb": "Se {web}."}, "Se {web}."),  # an undotted name is a Rasa slot, not a fact: accepted
    ]
    for changed, message in cases[:-1]:
        response = save(editor, page, changed)
        assert response.status_code == 422 and message in text_of(response), message
    assert changes(session) == 0


def test_someone_elses_newer_version_is_not_overwritten(editor, session):
    first, texts = answer_form(editor)
    second, _ = answer_form(editor)
    assert save(editor, first, {**texts, "nb": "Første versjon."}).status_code == 303
    stale = save(editor, second, {**texts, "nb": "Andre versjon."})
    assert stale.status_code == 422 and "Noen andre har lagret en ny versjon" in text_of(stale)
    assert "Andre versjon." in stale.text  # the editor's text is kept in the form
    assert live(editor).json()["answers"][TOPIC]["nb"] == "Første versjon."


def test_the_preview_shows_the_answer_as_a_resident_sees_it(editor):
    page, texts = answer_form(editor)
    shown = save(editor, page, {**texts, "nb": "Ring {servicetorget.phone} på {servicetorget.phone_hours.nb}."},
                 action="preview")  # fmt: skip
    assert shown.status_code == 200 and "Ring 72 86 72 00 på hverdager kl. 08.00–15.00." in text_of(shown)
    fragment = editor.post(f"/staff/editor/answers/{TOPIC}/preview",
                           data={"csrf_token": hidden(page), "nb": "Et ord.", "nn": "", "en": "A word."})  # fmt: skip
    text = text_of(fragment)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Et ord." in text and "Svaret på nynorsk mangler" in text and "LIX" in text


def test_revert_to_an_earlier_version_and_to_the_original(editor, session):
    page, texts = answer_form(editor)
    save(editor, page, {**texts, "nb": "Versjon en."})
    page, _ = answer_form(editor)
    save(editor, page, {**texts, "nb": "Versjon to."})
    first = session.scalar(select(ContentChange).order_by(ContentChange.id))
    history = editor.get(f"/staff/editor/answers/{TOPIC}/history")
    back = editor.post(f"/staff/editor/answers/{TOPIC}/revert", data={"csrf_token": hidden(history),
                                                                     "version": str(first.id)},
                       follow_redirects=False)  # fmt: skip
    assert back.status_code == 303
    assert live(editor).json()["answers"][TOPIC]["nb"] == "Versjon en."
    original = editor.post(f"/staff/editor/answers/{TOPIC}/revert",
                           data={"csrf_token": hidden(history), "version": "original"},
                           follow_redirects=False)  # fmt: skip
    assert original.status_code == 303 and TOPIC not in live(editor).json()["answers"]
    assert changes(session) == 4  # nothing was overwritten: every version is in the history
    wrong = editor.post("/staff/editor/answers/kulturskole/revert",
                        data={"csrf_token": hidden(history), "version": str(first.id)})  # fmt: skip
    assert wrong.status_code == 422


def test_a_form_from_another_session_changes_nothing(editor, client, users, session):
    page, texts = answer_form(editor)
    signed_in(client, users.admin)  # a new session, with its own token
    response = save(client, page, {**texts, "nb": "Fra en annen økt."})
    assert response.status_code == 403 and "Skjemaet er utløpt" in text_of(response)
    assert changes(session) == 0


def test_the_answers_list_shows_ratings(editor, client):
    for helpful in (False, False, True):
        client.post("/api/v1/answer-ratings", json={"topic": TOPIC, "helpful": helpful}, headers=BOT_HEADERS)
    page = text_of(editor.get("/staff/editor/answers?sort=nei"))
    title = load_titles()[TOPIC]["nb"]
    first_row = page.split("Endret her", 1)[1]
    assert first_row.strip().startswith(title)  # most "Nei" first
    assert f"{title} Kultur, bibliotek og fritid 0 1 2 67 % Nei" in page  # answered 0 times here, Ja 1, Nei 2


# -- facts -------------------------------------------------------------------------------------
def test_a_changed_fact_reaches_the_feed_and_every_answer_using_it_follows(editor, session):
    page = editor.get("/staff/editor/facts/servicetorget.phone")
    assert "Brukes i" in text_of(page) and "veg.164071" in page.text  # the profile's source is shown
    bad = [({"value": "", "source": "x"}, "Skriv verdien"), ({"value": "ring oss", "source": "x"}, "må ha sifre"),
           ({"value": "72 86 72 99", "source": ""}, "Skriv hvor opplysningen kommer fra")]  # fmt: skip
    for form, message in bad:
        response = post_form(editor, "/staff/editor/facts/servicetorget.phone", form)
        assert response.status_code == 422 and message in text_of(response)
    link = post_form(editor, "/staff/editor/facts/web.kontakt", {"value": "skaun.kommune.no/kontakt", "source": "x"})
    assert link.status_code == 422 and "mangler https://" in text_of(link)
    assert changes(session) == 0
    ok = post_form(editor, "/staff/editor/facts/servicetorget.phone",
                   {"value": "72 86 72 99", "source": "Telefon med servicetorget 4.12.2026"})  # fmt: skip
    assert ok.status_code == 303
    assert live(editor).json()["facts"] == {"servicetorget.phone": "72 86 72 99"}
    page, texts = answer_form(editor, "vannlekkasje_vannbrudd")  # its answer uses {servicetorget.phone}
    assert "{servicetorget.phone}" in texts["nb"]
    assert "72 86 72 99" in text_of(save(editor, page, texts, "vannlekkasje_vannbrudd", action="preview"))
    listing = text_of(editor.get("/staff/editor/facts"))
    assert "72 86 72 99 Telefon med servicetorget 4.12.2026 Ja" in listing
    back = post_form(editor, "/staff/editor/facts/servicetorget.phone/revert", {"version": "original"},
                     page="/staff/editor/facts/servicetorget.phone")  # fmt: skip
    assert back.status_code == 303 and live(editor).json()["facts"] == {}


# -- the worklist ------------------------------------------------------------------------------
@pytest.fixture
def tracker(database_url, tmp_path):
    """The Rasa tracker store the app reads (the same URL the client fixture gives the app)."""
    return rasa_tracker.create(tracker_url_for(database_url, tmp_path))


def test_the_worklist_groups_scrubs_and_leaves_forms_out(editor, tracker):
    engine = tracker
    now = datetime.now(timezone.utc) - timedelta(hours=1)
    kano = {"text": "Kan jeg låne en kano av kommunen? Ring 912 34 567", "ranking": [("leie_lokaler", 0.25)],
            "said": ["utter_did_you_mean"], "slots": {"failed_turns": 1.0}}  # fmt: skip
    rasa_tracker.add_turns(engine, "a", now, [kano])
    rasa_tracker.add_turns(engine, "b", now, [{**kano, "text": "kan jeg lane en kano av kommunen? ring 912 34 567!"}])
    rasa_tracker.add_turns(engine, "c", now, [
        {**kano, "text": "kan eg låne ein kano av kommunen", "language": "nn"},
        {"text": "/choose_topic", "intent": "choose_topic",
         "entities": [{"entity": "topic", "value": "fritid_tilskudd"}],
         "said": [], "slots": {"last_topic": "fritid_tilskudd"}},
    ])  # fmt: skip
    rasa_tracker.add_turns(engine, "d", now, [
        {"text": "hvor kaster jeg et kjøleskap", "ranking": [("gjenvinningsstasjon", 0.9)], "said": [],
         "slots": {"last_topic": "gjenvinningsstasjon"}},
        {"text": "nei", "intent": "answer_not_helpful", "action": "action_record_answer_rating",
         "said": ["utter_sorry_not_helpful"]},
    ])  # fmt: skip
    rasa_tracker.add_turns(engine, "e", now, [  # inside the feedback form: the resident's own words
        {"loop": "feedback_form", "text": "Kari Nordmann på sykehjemmet var uhøflig", "intent": "inform",
         "said": ["utter_default"]},
        {"text": "hvem er ordfører", "intent": "out_of_scope", "said": ["utter_out_of_scope"], "loop": ""},
    ])  # fmt: skip
    page = editor.get("/staff/editor/worklist?days=7")
    text = text_of(page)
    assert "912 34 567" not in page.text and "[telefon]" in text
    assert "Kari Nordmann" not in page.text
    assert "Spurt 2 ganger" in text  # the two bokmål spellings are one group
    assert "«hvor kaster jeg et kjøleskap»" in text and "Svarte, fikk «Nei»: 1" in text
    assert "«hvem er ordfører»" in text and "Avviste: 1" in text
    assert "innbyggeren valgte dette under «Mente du?»" in text  # the nynorsk one's click
    assert text.index("Spurt 2 ganger") < text.index("«hvor kaster jeg et kjøleskap»")  # most asked first


def test_deciding_a_group_adds_a_scrubbed_example_once(editor, client, session, tracker):
    engine = tracker
    rasa_tracker.add_turns(engine, "a", datetime.now(timezone.utc), [
        {"text": "kan jeg låne kano", "ranking": [("leie_lokaler", 0.2)], "said": ["utter_did_you_mean"]}])  # fmt: skip
    key = group_key("kan jeg låne kano")
    page = editor.get("/staff/editor/worklist")
    form = {"csrf_token": hidden(page), "key": key, "days": "30", "language": "nb"}
    refused = [({"decision": "example", "topic": "finnes_ikke", "text": "x"}, "error=tema"),
               ({"decision": "example", "topic": "leie_lokaler", "text": " "}, "error=tekst"),
               ({"decision": "new_topic", "topic": "", "text": "x", "note": ""}, "error=notat"),
               ({"decision": "slett", "topic": "", "text": "x"}, "error=valg")]  # fmt: skip
    for extra, error in refused:
        response = editor.post("/staff/editor/worklist", data={**form, **extra}, follow_redirects=False)
        assert response.headers["location"].endswith(error)
    assert changes(session) == 0 and session.scalar(select(func.count()).select_from(WorklistDecision)) == 0
    done = editor.post("/staff/editor/worklist", data={**form, "decision": "example", "topic": "leie_lokaler",
                                                       "text": "Kan jeg låne kano? Tlf 912 34 567"})  # fmt: skip
    assert done.status_code == 200 and "Lagt til som eksempel" in text_of(done)
    assert "kan jeg låne kano" not in text_of(done).split("Arbeidsliste")[-1].lower().split("lagt til")[0]
    again = editor.post("/staff/editor/worklist", data={**form, "decision": "out_of_scope", "text": "x"},
                        follow_redirects=False)  # fmt: skip
    assert again.headers["location"].endswith("error=behandlet")
    examples = client.get("/api/v1/content/examples", headers=BOT_HEADERS).json()
    assert [(e["topic"], e["text"]) for e in examples] == [("leie_lokaler", "Kan jeg låne kano? Tlf [telefon]")]


# -- training jobs -----------------------------------------------------------------------------
def test_a_training_job_is_queued_once_claimed_once_and_finished(editor, client, session):
    page = editor.get("/staff/editor/model")
    queued = editor.post("/staff/editor/model/train", data={"csrf_token": hidden(page)}, follow_redirects=False)
    assert queued.headers["location"].endswith("ok=train")
    busy = editor.post("/staff/editor/model/train", data={"csrf_token": hidden(page)}, follow_redirects=False)
    assert busy.headers["location"].endswith("error=busy")
    assert "Det pågår allerede en trening" in text_of(editor.get(busy.headers["location"]))
    assert session.scalar(select(func.count()).select_from(TrainingJob)) == 1
    no_rollback = editor.post("/staff/editor/model/rollback", data={"csrf_token": hidden(page)},
                              follow_redirects=False)  # fmt: skip
    assert no_rollback.headers["location"].endswith("error=busy")

    claimed = client.post("/api/v1/training/claim", headers=BOT_HEADERS)
    assert claimed.status_code == 200 and claimed.json()["kind"] == "train"
    job = claimed.json()["id"]
    assert client.post("/api/v1/training/claim", headers=BOT_HEADERS).status_code == 204  # taken once
    client.post(f"/api/v1/training/{job}/progress", json={"stage": "Trener modellen"}, headers=BOT_HEADERS)
    assert "Trener modellen" in text_of(editor.get("/staff/editor/model/status"))
    finished = client.post(f"/api/v1/training/{job}/finish", headers=BOT_HEADERS,
                           json={"ok": True, "stage": "Ferdig", "model_path": "/m/ny.tar.gz",
                                 "previous_model_path": "/m/gammel.tar.gz"})  # fmt: skip
    assert finished.status_code == 204
    late = client.post(f"/api/v1/training/{job}/progress", json={"stage": "x"}, headers=BOT_HEADERS)
    assert late.status_code == 409

    page = editor.get("/staff/editor/model")
    assert "Gå tilbake til forrige modell" in page.text
    editor.post("/staff/editor/model/rollback", data={"csrf_token": hidden(page)})
    rollback = client.post("/api/v1/training/claim", headers=BOT_HEADERS).json()
    assert rollback["kind"] == "rollback" and rollback["rollback_to"] == "/m/gammel.tar.gz"
    assert rollback["model_in_force"] == "/m/ny.tar.gz"


def test_a_failed_training_changes_nothing(editor, client, session):
    page = editor.get("/staff/editor/model")
    editor.post("/staff/editor/model/train", data={"csrf_token": hidden(page)})
    job = client.post("/api/v1/training/claim", headers=BOT_HEADERS).json()["id"]
    client.post(f"/api/v1/training/{job}/finish", headers=BOT_HEADERS,
                json={"ok": False, "stage": "Den nye modellen holdt ikke kravene"})  # fmt: skip
    page = editor.get("/staff/editor/model")
    assert "Mislyktes" in text_of(page) and "Den nye modellen holdt ikke kravene" in text_of(page)
    assert "Modellen i bruk er den serverne ble startet med" in text_of(page)
    assert "Gå tilbake til forrige modell" not in page.text


# -- export and import -------------------------------------------------------------------------
def test_export_for_review_and_import_all_or_nothing(editor, session, tmp_path):
    from intake_api.content_files import ImportRefused, export, import_files

    page, texts = answer_form(editor)
    save(editor, page, {**texts, "nb": "Eksportert svar. Ring {servicetorget.phone}."})
    fact = {"value": "72 86 72 99", "source": "Telefon 4.12.2026"}
    post_form(editor, "/staff/editor/facts/servicetorget.phone", fact)
    counts = export(session, tmp_path / "ut")
    assert counts == {"answers": 1, "facts": 1, "examples": 0}
    exported = (tmp_path / "ut" / "answers" / "kultur_fritid.yml").read_text(encoding="utf-8")
    assert "Eksportert svar. Ring {servicetorget.phone}." in exported  # placeholders kept, as in content/

    # Importing files equal to what is in force records nothing; a changed text is one new version.
    before = changes(session)
    assert import_files(session, tmp_path / "ut") == {"answers": 0, "facts": 0}  # already in force here
    (tmp_path / "ut" / "answers" / "kultur_fritid.yml").write_text(
        exported.replace("Eksportert svar.", "Importert svar."), encoding="utf-8"
    )
    assert import_files(session, tmp_path / "ut") == {"answers": 1, "facts": 0}
    session.commit()
    assert live(editor).json()["answers"][TOPIC]["nb"].startswith("Importert svar.")
    assert changes(session) == before + 1

    (tmp_path / "feil" / "answers").mkdir(parents=True)
    (tmp_path / "feil" / "answers" / "x.yml").write_text(
        "bibliotek: {nb: 'Ring {servicetorget.telefon}.', nn: '', en: 'x'}\nfinnes_ikke: {nb: a, nn: b, en: c}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(session, tmp_path / "feil")
    message = str(refused.value)
    assert "{servicetorget.telefon} er ikke et faktum" in message and "'finnes_ikke' is not a topic" in message
    assert "nynorsk mangler" in message
    assert changes(session) == before + 1  # nothing recorded

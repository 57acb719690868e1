"""Reference codes are unique across feedback and messages, and one Idempotency-Key makes one item.

The colliding keys below are real: their SHA-256 agrees in the 64 bits the code is cut from, so
they derive the same first code (and did under the old six-character codes too). The API must
store both, under distinct codes, and tell each submitter the code it stored.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from innbygger_common.reference import legacy_reference_for, reference_for
from intake_api import submissions
from intake_api.db import make_engine
from intake_api.keys import ensure_dev_keys
from intake_api.migrate import prepare, upgrade
from intake_api.models import Feedback, Message, ReferenceCode, utcnow
from tests.app_fixtures import BOT, DATABASES, KEYS, build_app, settings_for, tracker_url_for

from .helpers import VALID_FEEDBACK, VALID_MESSAGE, close, send_message, submit
from .live import live_server

# Found by hashing "collide-0000000", "collide-0000001", … until two agreed (about 1.3 million tries).
FIRST, SECOND = "collide-0216598", "collide-1349876"


def test_the_colliding_keys_really_collide():
    assert FIRST != SECOND
    assert reference_for(FIRST, "SKA") == reference_for(SECOND, "SKA")


def test_two_keys_that_derive_the_same_code_are_both_stored(client, session):
    first = submit(client, key=FIRST)
    second = submit(client, {**VALID_FEEDBACK, "rating": 2}, key=SECOND)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    codes = first.json()["reference"], second.json()["reference"]
    assert codes[0] == reference_for(FIRST, "SKA") and codes[1] != codes[0]
    # The second submitter gets the stored code, and a repeat of the request gives the same one.
    again = submit(client, {**VALID_FEEDBACK, "rating": 2}, key=SECOND)
    assert (again.status_code, again.json()["reference"]) == (200, codes[1])
    ratings = {
        row.reference: row.rating for row in session.scalars(select(Feedback).where(Feedback.reference.in_(codes)))
    }
    assert ratings == {codes[0]: 5, codes[1]: 2}


def test_a_feedback_and_a_message_never_share_a_code(client):
    feedback = submit(client, key=FIRST).json()["reference"]
    assert close(client, f"/api/v1/feedback/{feedback}", note="Vi har snakket med enheten.").status_code == 200
    response = send_message(client, key=SECOND)
    assert response.status_code == 201, response.text
    message = response.json()["reference"]
    assert message != feedback
    # Each code's public status is its own item's, and nothing of the other's.
    assert client.get(f"/api/v1/status/{message}").json() == {
        "reference": message, "kind": "message", "status": "mottatt", "outcome": None, "closing_note": None,
    }  # fmt: skip
    shown = client.get(f"/api/v1/status/{feedback}").json()
    assert (shown["kind"], shown["closing_note"]) == ("feedback", "Vi har snakket med enheten.")
    assert client.get(f"/api/v1/messages/{message}", headers=KEYS["servicetorget"]).status_code == 200
    assert client.get(f"/api/v1/messages/{feedback}", headers=KEYS["servicetorget"]).status_code == 404


def test_a_key_used_for_one_kind_is_a_precise_409_for_the_other(client):
    assert submit(client, key="one-key-two-kinds").status_code == 201
    response = send_message(client, key="one-key-two-kinds")
    assert response.status_code == 409
    assert "already used for a feedback" in response.json()["detail"]


ROUNDS = 5
BODIES = {"/api/v1/feedback": VALID_FEEDBACK, "/api/v1/messages": VALID_MESSAGE}


def race(url: str, requests: list[tuple[str, str]], rounds: int = ROUNDS) -> list[list[httpx.Response]]:
    """Each round, the (path, key) posts sent at the same moment from threads of their own, through uvicorn.

    The keys get the round number appended; the answers come back in the order of `requests`.
    """
    clients = [httpx.Client(base_url=url, timeout=60) for _ in requests]
    for http in clients:  # open the connections first, so that the posts start together
        assert http.get("/health").status_code == 200
    results = []
    for round_ in range(rounds):
        start = threading.Barrier(len(requests))
        answers: list[httpx.Response | None] = [None] * len(requests)

        def post(number: int, path: str, key: str, start: threading.Barrier = start, answers=answers) -> None:
            start.wait()
            answers[number] = clients[number].post(path, json=BODIES[path], headers={**BOT, "Idempotency-Key": key})

        threads = [
            threading.Thread(target=post, args=(number, path, f"{key}-{round_:03d}"))
            for number, (path, key) in enumerate(requests)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert all(answer is not None for answer in answers)
        results.append([answer for answer in answers if answer is not None])
    for http in clients:
        http.close()
    return results


def items_with_key(session: Session, key: str) -> int:
    return sum(
        session.scalar(select(func.count()).select_from(model).where(model.idempotency_key == key)) or 0
        for model in (Feedback, Message)
    )


@pytest.fixture
def live_url(engine, database_url, tmp_path):
    with live_server(
        build_app(engine, settings_for(database_url, tracker_url_for(database_url, tmp_path)), fresh=True)
    ) as url:
        yield url


def test_one_key_sent_to_feedback_and_messages_at_once_makes_exactly_one_item(live_url, session):
    rounds = race(live_url, [("/api/v1/feedback", "race-both"), ("/api/v1/messages", "race-both")])
    for round_, answers in enumerate(rounds):
        codes = sorted(answer.status_code for answer in answers)
        assert items_with_key(session, f"race-both-{round_:03d}") == 1, f"round {round_}: answers {codes}"
        assert codes == [201, 409], codes
        refused = next(answer for answer in answers if answer.status_code == 409)
        assert "Idempotency-Key was already used for a" in refused.json()["detail"]


def test_one_request_sent_twice_at_once_is_stored_once_and_answered_alike(live_url, session):
    rounds = race(live_url, [("/api/v1/feedback", "race-twice"), ("/api/v1/feedback", "race-twice")])
    for round_, answers in enumerate(rounds):
        assert items_with_key(session, f"race-twice-{round_:03d}") == 1
        assert sorted(answer.status_code for answer in answers) == [200, 201]
        assert len({answer.json()["reference"] for answer in answers}) == 1


def test_colliding_keys_sent_at_once_are_both_stored_under_distinct_codes(one_code_for_all, live_url, session):
    rounds = race(live_url, [("/api/v1/feedback", "race-collide-a"), ("/api/v1/messages", "race-collide-b")])
    codes = [answer.json()["reference"] for answers in rounds for answer in answers]
    assert [answer.status_code for answers in rounds for answer in answers] == [201] * (2 * ROUNDS)
    assert sorted(codes) == sorted(one_code_for_all[: 2 * ROUNDS])
    for code in codes:
        assert stored_kind(session, code) in ("feedback", "message")


def stored_kind(session: Session, code: str) -> str:
    claim = session.get(ReferenceCode, code)
    model = Feedback if claim.kind == "feedback" else Message
    assert session.scalar(select(func.count()).select_from(model).where(model.reference == code)) == 1
    return claim.kind


# --- the same guarantees, by construction and under forced collisions ---------------------------


def _feedback(code: str, key: str) -> Feedback:
    return Feedback(reference=code, idempotency_key=key, payload_hash="0" * 64, sector="omsorg", rating=4, text="",
                    created_at=utcnow())  # fmt: skip


def test_the_database_refuses_one_code_for_two_kinds_and_an_unclaimed_code(session):
    code = reference_for("db-level-key-1", "SKA")
    session.add(ReferenceCode(code=code, kind="feedback", idempotency_key="db-level-key-1"))
    session.flush()  # the claim first, as the API does
    session.add(_feedback(code, "db-level-key-1"))
    session.commit()
    attempts = [
        # A message under the feedback's code: its (code, 'message') is no claimed code.
        Message(reference=code, idempotency_key="db-level-key-2", payload_hash="0" * 64, kind="message",
                subject="s", text="t", created_at=utcnow()),
        # Any item under a code nobody claimed.
        _feedback("SKA-333-333-333", "db-level-key-3"),
        # A second claim of the same key, under another code.
        ReferenceCode(code=reference_for("db-level-key-1", "SKA", 1), kind="message", idempotency_key="db-level-key-1"),
    ]  # fmt: skip
    for row in attempts:
        session.add(row)
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()


@pytest.fixture
def one_code_for_all(monkeypatch):
    """Every key derives the same codes: each submission after the first collides, every time."""
    real = submissions.reference_for
    monkeypatch.setattr(submissions, "reference_for", lambda key, prefix, attempt=0: real("same", prefix, attempt))
    return [real("same", "SKA", attempt) for attempt in range(2 * ROUNDS)]


def test_forced_collisions_store_every_item_under_the_next_free_code(client, one_code_for_all):
    answers = [
        submit(client, key="forced-0001"),
        send_message(client, key="forced-0002"),
        submit(client, key="forced-0003"),
        send_message(client, key="forced-0004"),
        submit(client, key="forced-0005"),
    ]
    assert [a.status_code for a in answers] == [201] * 5, [a.text for a in answers]
    codes = [a.json()["reference"] for a in answers]
    assert codes == one_code_for_all[:5]
    kinds = [client.get(f"/api/v1/status/{code}").json()["kind"] for code in codes]
    assert kinds == ["feedback", "message", "feedback", "message", "feedback"]
    # Repeats answer with the code stored, not the first derivation.
    assert send_message(client, key="forced-0004").json()["reference"] == codes[3]


def test_a_code_told_while_the_api_was_away_stays_findable(client, session):
    """The bot's outbox sends the code it told the resident; an older-style told code becomes an alias."""
    key = "outbox-told-0001"
    told = legacy_reference_for(key, "SKA")  # queued before the upgrade: the resident has a six-character code
    response = client.post("/api/v1/feedback", json=VALID_FEEDBACK,
                           headers={**BOT, "Idempotency-Key": key, "Told-Reference": told})  # fmt: skip
    assert response.status_code == 201
    stored = response.json()["reference"]
    assert stored == reference_for(key, "SKA") != told
    alias = session.get(ReferenceCode, told)
    assert (alias.kind, alias.alias_of, alias.idempotency_key) == ("feedback", stored, None)
    assert close(client, f"/api/v1/feedback/{stored}", note="Ordnet.").status_code == 200
    shown = client.get(f"/api/v1/status/{told.lower()}").json()
    assert (shown["reference"], shown["kind"], shown["closing_note"]) == (told, "feedback", "Ordnet.")


def test_a_told_code_that_is_another_items_is_shown_to_nobody(client, session):
    """Collision while the API was away: two residents hold one code, so the lookup shows neither case."""
    first = submit(client, key=FIRST).json()["reference"]
    assert close(client, f"/api/v1/feedback/{first}", note="Privat svar til den første.").status_code == 200
    told = reference_for(SECOND, "SKA")  # what the bot told the second resident, queued
    response = client.post("/api/v1/messages", json=VALID_MESSAGE,
                           headers={**BOT, "Idempotency-Key": SECOND, "Told-Reference": told})  # fmt: skip
    assert response.status_code == 201
    stored = response.json()["reference"]
    assert told == first and stored == reference_for(SECOND, "SKA", 1)
    lookup = client.get(f"/api/v1/status/{told}")
    assert lookup.status_code == 409 and "Privat" not in lookup.text
    assert client.get(f"/api/v1/status/{stored}").json()["kind"] == "message"
    # Staff still find the first item under its code.
    assert client.get(f"/api/v1/feedback/{first}", headers=KEYS["leader"]).status_code == 200


def test_a_told_code_is_kept_on_a_repeated_delivery_and_a_foreign_one_is_ignored(client, session):
    key = "outbox-told-0002"
    assert submit(client, key=key).status_code == 201  # the first delivery got through, its answer was lost
    told = legacy_reference_for(key, "SKA")
    again = client.post("/api/v1/feedback", json=VALID_FEEDBACK,
                        headers={**BOT, "Idempotency-Key": key, "Told-Reference": told})  # fmt: skip
    assert again.status_code == 200
    assert session.get(ReferenceCode, told).alias_of == again.json()["reference"]
    # A told code the key does not derive is not the bot's: no alias for it.
    foreign = reference_for("somebody-else", "SKA")
    other = client.post("/api/v1/feedback", json=VALID_FEEDBACK,
                        headers={**BOT, "Idempotency-Key": "outbox-told-0003", "Told-Reference": foreign})  # fmt: skip
    assert other.status_code == 201 and session.get(ReferenceCode, foreign) is None


def test_upgrade_keeps_old_codes_and_separates_a_code_two_kinds_shared(tmp_path):
    """Data from before revision 0007, with the bug's traces: a key and its code used for a feedback and a message."""
    url = DATABASES.fresh()
    upgrade(url, "0006")
    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:

        def at(day: int) -> object:
            stamp = datetime(2026, 11, day, 9, 0, tzinfo=timezone.utc)
            return stamp if postgres else stamp.replace(tzinfo=None)

        connection.execute(text(
            "INSERT INTO feedback (reference, idempotency_key, payload_hash, sector, rating, text, channel, language,"
            " status, avvik, closing_note, outcome, created_at) VALUES ('SKA-3BFNDR', 'twice-used-key', :h, 'omsorg',"
            " 4, '', 'chat', 'nb', 'lukket', :f, 'Notat om tilbakemeldingen.', 'utbedret', :t)"
        ), {"h": "0" * 64, "f": False, "t": at(1)})  # fmt: skip
        connection.execute(text(
            "INSERT INTO message (reference, idempotency_key, payload_hash, kind, subject, text, channel, language,"
            " status, avvik, created_at) VALUES ('SKA-3BFNDR', 'twice-used-key', :h, 'callback', 'Ring meg', 'Ring',"
            " 'chat', 'nb', 'mottatt', :f, :t)"
        ), {"h": "0" * 64, "f": False, "t": at(2)})  # fmt: skip
        connection.execute(text(
            "INSERT INTO message (reference, idempotency_key, payload_hash, kind, subject, text, channel, language,"
            " status, avvik, created_at) VALUES ('SKA-7KQ4MX', 'plain-old-key', :h, 'message', 'Hei', 'Hei',"
            " 'chat', 'nb', 'mottatt', :f, :t)"
        ), {"h": "0" * 64, "f": False, "t": at(3)})  # fmt: skip
        connection.execute(text(
            "INSERT INTO contact (message_id, name, phone, consent_at, created_at)"
            " SELECT id, 'Kari', '+47 912 34 567', created_at, created_at FROM message"
        ))  # fmt: skip
    engine.dispose()

    prepare(url, settings=settings_for(url))
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_dev_keys(session, settings_for(url))
    try:
        with engine.connect() as connection:
            moved = connection.execute(text("SELECT reference FROM message WHERE idempotency_key = 'twice-used-key'"))
            new_code = moved.scalar()
            assert connection.execute(text("SELECT count(*) FROM contact")).scalar() == 2
        assert new_code == reference_for("twice-used-key", "SKA", 1)
        app = build_app(engine, settings_for(url, tracker_url_for(url, tmp_path)), fresh=True)
        with TestClient(app) as client:
            assert client.get("/api/v1/status/SKA-7KQ4MX").json()["kind"] == "message"  # an old code, still valid
            assert client.get("/api/v1/status/ska-7kq4mx").status_code == 200
            assert client.get("/api/v1/status/SKA-3BFNDR").status_code == 409  # told to two: shown to neither
            assert client.get(f"/api/v1/status/{new_code}").json()["kind"] == "message"
            # Staff find both items, each under its own code.
            assert client.get("/api/v1/feedback/SKA-3BFNDR", headers=KEYS["leader"]).status_code == 200
            assert client.get(f"/api/v1/messages/{new_code}", headers=KEYS["servicetorget"]).status_code == 200
            # Keys keep their kind: the message's key is refused for feedback, and the key both kinds
            # were stored under still finds the message when it comes to /messages (other body: 422).
            feedback = client.post("/api/v1/feedback", json=VALID_FEEDBACK,
                                   headers={**BOT, "Idempotency-Key": "plain-old-key"})  # fmt: skip
            assert feedback.status_code == 409
            message = client.post("/api/v1/messages", json=VALID_MESSAGE,
                                  headers={**BOT, "Idempotency-Key": "twice-used-key"})  # fmt: skip
            assert message.status_code == 422 and "different body" in message.text
    finally:
        engine.dispose()

"""The production topology under its promises: correctness across replicas, security, faults.

One production set (conftest.py) serves every test here, in this order: conversations that hop
between Rasa replicas (REST and socket.io), socket.io long-polling through nginx, concurrent
messages of one conversation, token and CORS and secrets, rate limits under load, then the
faults while residents keep talking (intake API stopped, PostgreSQL restarted, one Rasa
replica killed), and last the scan of every log of the run for the personal data sent.
Residents come from bench/load_residents.py: every reply is checked against what the bot
must say next, so a conversation that lost its state fails the test ("derailed").
"""

from __future__ import annotations

import asyncio
import html
import random
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bench.load_residents import REFERENCE, LoadGenerator, PersonalData, Resident, SocketChannel, script
from devtools.production.config import ENDPOINTS_FILE, REPO_ROOT, ProductionConfig
from devtools.production.stack import ProductionStack

from .support import PG_VERSION, PersonalDataLedger, ensure_postgres_running

pytestmark = pytest.mark.production

OUTAGE_S = 15  # the "a minute" is bench/load_faults.py's; here a shorter stop
THINK_S = (0.3, 0.8)  # residents type fast here: shorter runs


# -- helpers ----------------------------------------------------------------------------------------
def say(base_url: str, sender: str, text: str) -> str:
    response = httpx.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=40)
    response.raise_for_status()
    return "\n".join(m.get("text", "") for m in response.json())


def staff(stack: ProductionStack, path: str) -> httpx.Response:
    return httpx.get(
        f"{stack.config.public_url}{path}", headers={"X-API-Key": stack.config.staff_key}, timeout=10
    )  # fmt: skip


async def wait_for_outboxes_to_empty(stack: ProductionStack, timeout_s: float = 45) -> dict[str, int]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    counts = stack.outbox_counts()
    while counts["queued"] and loop.time() < deadline:
        await asyncio.sleep(1)
        counts = stack.outbox_counts()
    return counts


def assert_conversations_intact(generator: LoadGenerator) -> None:
    derailed = [r.derailed for r in generator.residents if r.derailed]
    unfinished = [r for r in generator.residents if not r.completed]
    assert not derailed, f"conversations that lost their state: {derailed[:5]}"
    assert not unfinished, f"{len(unfinished)} residents did not finish: {[_brief(r) for r in unfinished[:5]]}"


def _brief(resident: Resident) -> str:
    return f"{resident.script.name}/{resident.channel_name} gave_up={resident.gave_up}"


def assert_exactly_once(stack: ProductionStack, generator: LoadGenerator) -> list[str]:
    references = generator.references()
    submitting = [r for r in generator.residents if r.script.submits]
    assert len(references) == len(submitting), "every feedback and message conversation ends with a reference"
    counts = stack.stored_reference_counts(references)
    wrong = {ref: n for ref, n in counts.items() if n != 1}
    assert not wrong, f"references not stored exactly once: {wrong}"
    return references


def loopback_listeners() -> dict[int, str]:
    """Listening TCP ports (IPv4) and their local address, from /proc/net/tcp."""
    listeners: dict[int, str] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A":  # LISTEN
            address, port = fields[1].split(":")
            octets = [str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)]
            listeners[int(port, 16)] = ".".join(octets)
    return listeners


# -- correctness across replicas --------------------------------------------------------------------
def test_rest_conversation_continues_across_replicas(production: ProductionStack, ledger: PersonalDataLedger):
    """A nynorsk feedback form whose every message goes to the other Rasa replica."""
    rng = random.Random(1)
    pd = PersonalData.make(rng)
    ledger.add(pd.forms())
    conversation = script("feedback_nn", rng, pd)
    sender = f"prod-{uuid.uuid4().hex}"
    replicas = [production.url_of("rasa-1"), production.url_of("rasa-2")]
    reply, sent = "", 0
    for turn in conversation.turns:
        if turn.skip_if and re.search(turn.skip_if, reply, re.I):
            continue
        reply = say(replicas[sent % 2], sender, turn.text)
        sent += 1
        assert re.search(turn.expect, reply, re.I | re.S), f"after {turn.text!r} on replica {sent % 2 + 1}: {reply}"
    match = REFERENCE.search(reply)
    assert match
    stored = staff(production, f"/api/v1/feedback/{match.group(0)}").json()
    assert stored["language"] == "nn" and stored["sector"] == "omsorg"
    assert pd.phone not in stored["text"] and "[telefon]" in stored["text"]
    # "Delete my conversation" reaches the PostgreSQL tracker store from the intake API.
    deleted = httpx.delete(f"{production.config.public_url}/api/v1/conversations/{sender}", timeout=10).json()
    assert deleted["deleted_events"] > 10 and deleted["unlinked_items"] == 1


async def test_socketio_conversation_continues_on_another_replica(
    production: ProductionStack, ledger: PersonalDataLedger
):
    """An English feedback form over socket.io: first half on one replica, the rest on the other
    (the widget reconnecting with the same session id)."""
    rng = random.Random(2)
    pd = PersonalData.make(rng)
    ledger.add(pd.forms())
    conversation = script("feedback_en", rng, pd)
    session_id = uuid.uuid4().hex
    turns = list(conversation.turns)
    halves = [("rasa-1", turns[:4]), ("rasa-2", turns[4:])]
    texts: list[str] = []
    for name, part in halves:
        channel = SocketChannel(production.url_of(name), session_id, None, timeout_s=30)
        await channel.open()
        try:
            for turn in part:
                reply = await channel.send(turn.text, re.compile(turn.expect, re.I | re.S))
                texts = reply.texts
                assert re.search(turn.expect, "\n".join(texts), re.I | re.S), f"{name}: {turn.text!r} -> {texts}"
        finally:
            await channel.close()
    match = REFERENCE.search("\n".join(texts))
    assert match
    assert staff(production, f"/api/v1/feedback/{match.group(0)}").json()["language"] == "en"


async def test_socketio_long_polling_through_nginx_stays_on_one_replica(production: ProductionStack):
    """Without WebSocket, every poll of a socket.io session must reach the replica that holds it:
    nginx's cookie keeps the session on one replica (otherwise about half the polls would fail)."""
    origin = production.config.origins()[0]
    channel = SocketChannel(
        production.config.public_url, uuid.uuid4().hex, "127.0.0.1", timeout_s=30, transports=("polling",),
        origin=origin,
    )  # fmt: skip
    await channel.open()
    try:
        for text, expect in [("hei", r"hei"), ("når er biblioteket åpent", r"bibliotek"), ("takk", r"")]:
            for _ in range(2):  # and some idle polls in between
                await asyncio.sleep(0.3)
            reply = await channel.send(text, re.compile(expect, re.I) if expect else None)
            assert reply.texts and (not expect or re.search(expect, "\n".join(reply.texts), re.I))
        assert channel.http is not None
        assert any(cookie.key == "idlg_rasa" for cookie in channel.http.cookie_jar)
    finally:
        await channel.close()


async def test_concurrent_messages_in_one_conversation_are_serialized(production: ProductionStack):
    """Six messages of one conversation at once, alternately to both replicas, in 16 conversations:
    the lock store must let exactly one replica at a time work on a conversation, so every user
    message is kept and each turn ends (action_listen) before the next user message starts."""
    messages = ["hei", "når er biblioteket åpent", "takk", "hei igjen", "hvordan søker jeg barnehageplass", "ha det"]
    replicas = [production.url_of("rasa-1"), production.url_of("rasa-2")]
    token = production.config.rasa_token

    async def conversation(client: httpx.AsyncClient) -> tuple[str, list[str]]:
        sender = f"concurrent-{uuid.uuid4().hex}"
        replies = await asyncio.gather(
            *(
                client.post(f"{replicas[i % 2]}/webhooks/rest/webhook", json={"sender": sender, "message": m})
                for i, m in enumerate(messages)
            )
        )
        assert all(r.status_code == 200 and r.json() for r in replies)
        tracker = await client.get(
            f"{production.config.rasa_api_url}/conversations/{sender}/tracker", params={"token": token}
        )
        events = tracker.json()["events"]
        return sender, [e["event"] if e["event"] != "action" else f"action:{e['name']}" for e in events]

    async with httpx.AsyncClient(timeout=60) as client:
        results = await asyncio.gather(*(conversation(client) for _ in range(16)))
    for sender, events in results:
        users = [i for i, e in enumerate(events) if e == "user"]
        assert len(users) == len(messages), f"{sender}: user messages lost: {events}"
        for start, end in zip(users, [*users[1:], len(events)], strict=True):
            assert "action:action_listen" in events[start + 1 : end], f"{sender}: turns interleaved: {events}"


# -- security ---------------------------------------------------------------------------------------
def test_rasa_http_api_needs_the_token_and_nothing_internal_is_public(production: ProductionStack):
    c = production.config
    tracker = f"{c.rasa_api_url}/conversations/nobody/tracker"
    assert httpx.get(tracker, timeout=10).status_code == 401
    assert httpx.get(tracker, params={"token": "wrong"}, timeout=10).status_code == 401
    assert httpx.get(tracker, params={"token": c.rasa_token}, timeout=10).status_code == 200
    # The public listener has the chat channels and the intake API, not Rasa's API or the action server.
    for method, path in [("GET", "/conversations/nobody/tracker"), ("GET", "/status"), ("POST", "/model/parse"),
                         ("POST", "/webhook"), ("GET", "/actions")]:  # fmt: skip
        response = httpx.request(method, f"{c.public_url}{path}", params={"token": c.rasa_token}, timeout=10)
        assert response.status_code in (401, 404, 405), (path, response.status_code)
    # Every process listens on loopback only.
    listeners = loopback_listeners()
    ports = [*c.rasa_ports(), *c.action_ports(), *c.api_ports(), c.public_port, c.rasa_lb_port]
    assert {p: listeners.get(p) for p in ports} == dict.fromkeys(ports, "127.0.0.1")


def test_cors_only_for_configured_origins(production: ProductionStack):
    c = production.config
    allowed, other = c.origins()[0], "https://evil.example"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    url = f"{c.public_url}/webhooks/rest/webhook"
    ok = httpx.options(url, headers={"Origin": allowed, **preflight}, timeout=10)
    assert ok.headers.get("access-control-allow-origin") == allowed
    refused = httpx.options(url, headers={"Origin": other, **preflight}, timeout=10)
    assert refused.headers.get("access-control-allow-origin") in (None, "")
    # socket.io (WebSocket is not subject to CORS, so nginx checks the Origin of the handshake).
    handshake = f"{c.public_url}/socket.io/"
    params = {"EIO": "4", "transport": "polling"}
    assert httpx.get(handshake, params=params, headers={"Origin": other}, timeout=10).status_code == 403
    opened = httpx.get(handshake, params=params, headers={"Origin": allowed}, timeout=10)
    assert opened.status_code == 200 and opened.text.startswith("0{")
    # The intake API answers no cross-origin request (same-origin only; see README).
    status = httpx.get(f"{c.public_url}/api/v1/status/SKA-AAAAAA", headers={"Origin": other}, timeout=10)
    assert "access-control-allow-origin" not in status.headers


def test_secrets_only_from_the_environment(production: ProductionStack):
    c = production.config
    files = [ENDPOINTS_FILE, REPO_ROOT / "credentials.yml", c.run_dir / "nginx.conf"]
    files += [p for p in (REPO_ROOT / "deploy").rglob("*") if p.is_file()]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not [name for name, value in c.secrets.items() if value in text], path
    with pytest.raises(ValueError, match="secrets missing"):
        ProductionConfig.from_env({}).validate()
    dev = {"RASA_TOKEN": "dev-rasa-token", "INTAKE_BOT_API_KEY": "dev-bot-key",
           "INTAKE_STAFF_API_KEY": "dev-staff-key", "INTAKE_API_KEY_PEPPER": "x" * 32}  # fmt: skip
    with pytest.raises(ValueError, match="development values refused"):
        ProductionConfig.from_env(dev).validate()
    # The running API knows only the keys from the environment.
    assert httpx.get(f"{c.public_url}/api/v1/feedback", headers={"X-API-Key": "dev-staff-key"}).status_code == 401
    assert staff(production, "/api/v1/feedback").status_code == 200


async def test_rate_limits_hold_under_load(production: ProductionStack, ledger: PersonalDataLedger):
    """While residents talk: one client's status lookups are limited across both API replicas
    (30/minute, counted in Redis), one client flooding the chat is cut off at nginx, and the
    residents themselves see no 429 and every submission is accepted."""
    c = production.config
    generator = LoadGenerator(c.public_url, think_s=THINK_S, seed=8, timeout_s=30)
    load = asyncio.create_task(generator.run([(6, 12)], grace_s=60))
    await asyncio.sleep(3)
    greedy = f"127.{random.randint(1, 19)}.{random.randint(1, 250)}.{random.randint(1, 250)}"
    transport = httpx.AsyncHTTPTransport(local_address=greedy)
    async with httpx.AsyncClient(base_url=c.public_url, transport=transport, timeout=20) as client:
        codes, served = [], set()
        for _ in range(45):  # ~15/s: under nginx's edge limit, over the API's 30/minute
            response = await client.get("/api/v1/status/SKA-AAAAAA")
            codes.append(response.status_code)
            served.add(response.headers.get("x-served-by"))
            await asyncio.sleep(0.06)
        flood = await asyncio.gather(
            *(client.post("/webhooks/rest/webhook", json={"sender": f"flood-{i}", "message": "hei"}) for i in range(60))
        )
    await load
    allowed = len(codes) - codes.count(429)
    # 30 per minute in all, not 30 per replica; the sliding window may allow one more at a minute's edge.
    assert 30 <= allowed <= 31 and codes.count(429) == len(codes) - allowed, codes
    assert len(served) == 2, f"both API replicas answered: {served}"
    flood_codes = [r.status_code for r in flood]
    assert flood_codes.count(429) >= 30 and flood_codes.count(200) <= c.chat_burst + 5, flood_codes
    ledger.add(generator.personal_data_sent())
    assert_conversations_intact(generator)
    assert not [s for s in generator.samples if s.outcome != "ok"], "residents saw errors"
    assert_exactly_once(production, generator)
    assert production.outbox_counts()["rejected"] == 0


# -- faults while residents talk --------------------------------------------------------------------
async def test_intake_api_stopped_feedback_is_queued_and_delivered_exactly_once(
    production: ProductionStack, ledger: PersonalDataLedger
):
    mix = {"feedback_nb": 0.4, "feedback_nn": 0.2, "feedback_en": 0.2, "message": 0.2}
    generator = LoadGenerator(production.config.public_url, mix=mix, think_s=THINK_S, seed=9, timeout_s=30)
    load = asyncio.create_task(generator.run([(5, 7 + OUTAGE_S)], grace_s=60))
    await asyncio.sleep(4)
    apis = [n for n in production.names() if n.startswith("api-")]
    for name in apis:
        await asyncio.to_thread(production.stop, name)
    try:
        await asyncio.sleep(OUTAGE_S)
        queued_during_outage = production.outbox_counts()["queued"]
    finally:
        await asyncio.to_thread(production.restart, *apis)
    await load
    ledger.add(generator.personal_data_sent())
    assert queued_during_outage > 0, "some submissions were queued while the API was away"
    assert_conversations_intact(generator)
    left = await wait_for_outboxes_to_empty(production)
    assert left == {"queued": 0, "rejected": 0}
    assert_exactly_once(production, generator)


async def test_postgresql_restart_services_recover(production: ProductionStack, ledger: PersonalDataLedger):
    generator = LoadGenerator(production.config.public_url, think_s=THINK_S, seed=10, timeout_s=25)
    load = asyncio.create_task(generator.run([(6, 16)], grace_s=60))
    await asyncio.sleep(4)
    restarted_at = generator.now()
    try:
        await asyncio.to_thread(
            subprocess.run, ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "restart"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    finally:
        await asyncio.to_thread(ensure_postgres_running)
    back_at = generator.now()
    await load
    ledger.add(generator.personal_data_sent())
    assert_conversations_intact(generator)
    late_failures = [s for s in generator.samples if s.outcome != "ok" and s.t > back_at + 15]
    assert not late_failures, f"still failing 15 s after PostgreSQL was back: {late_failures[:3]}"
    assert all(production.healthy(name) for name in production.processes), "every process answers again"
    assert (await wait_for_outboxes_to_empty(production))["queued"] == 0
    assert_exactly_once(production, generator)
    assert generator.samples[-1].t > restarted_at  # the load really spanned the restart


async def test_killing_a_rasa_replica_others_keep_serving(production: ProductionStack, ledger: PersonalDataLedger):
    generator = LoadGenerator(production.config.public_url, think_s=THINK_S, seed=11, timeout_s=30)
    load = asyncio.create_task(generator.run([(6, 15)], grace_s=60))
    await asyncio.sleep(4)
    await generator.wait_for_messages_in_flight(2)  # kill while replicas are answering
    killed_at = generator.now()
    in_conversation = sum(not (r.completed or r.derailed or r.gave_up) for r in generator.residents)
    production.kill("rasa-1")
    await load
    ledger.add(generator.personal_data_sent())
    assert_conversations_intact(generator)  # mid-form residents finish their forms on rasa-2
    survivor = f"127.0.0.1:{production.port_of('rasa-2')}"
    after = [s for s in generator.samples if s.t > killed_at + 5 and s.channel == "rest"]
    # X-Served-By lists every replica nginx tried: a refused connection to the dead one, then the survivor.
    assert after and all(s.outcome == "ok" and s.served_by.split(", ")[-1] == survivor for s in after), [
        s for s in after if s.outcome != "ok" or s.served_by.split(", ")[-1] != survivor
    ][:3]
    failed = [s for s in generator.samples if s.outcome != "ok"]
    assert len(failed) <= 2 * max(in_conversation, 1), f"{len(failed)} failures for {in_conversation} residents"
    assert_exactly_once(production, generator)


# -- editors ----------------------------------------------------------------------------------------
def _sign_in_editor(stack: ProductionStack) -> httpx.Client:
    """A new editor (development users are refused in production), signed in through nginx."""
    username, password = f"redaktor-{uuid.uuid4().hex[:6]}", "et langt passord for produksjonstesten"
    subprocess.run(
        [str(stack.config.app_venv / "bin" / "python"), "-m", "intake_api.staff.users", "create", "--username",
         username, "--name", "Redaktør", "--role", "editor", "--password-stdin"],
        input=password + "\n", text=True, env=stack.config.environment(), cwd=REPO_ROOT, check=True,
        capture_output=True,
    )  # fmt: skip
    client = httpx.Client(base_url=stack.config.public_url, timeout=30, follow_redirects=True)

    def sign_in(secret: str) -> httpx.Response:
        page = client.get("/staff/login").text
        return client.post("/staff/login", data={"csrf_token": _token(page), "username": username, "password": secret})

    signed = sign_in(password)
    if signed.url.path == "/staff/password":  # a password set by the command is temporary: choose one
        chosen = password + " som er mitt eget"
        client.post("/staff/password", data={"csrf_token": _token(signed.text), "current_password": password,
                                             "new_password": chosen, "repeat": chosen})  # fmt: skip
        signed = sign_in(chosen)
    assert signed.url.path == "/staff/editor/worklist", signed.url
    return client


def _running(stack: ProductionStack, prefix: str) -> list[str]:
    """Every replica of a kind, restarted first if a fault test above left it stopped."""
    names = [n for n in stack.names() if n.startswith(prefix)]
    if stopped := [n for n in names if not stack.healthy(n)]:
        stack.restart(*stopped)
    assert len(names) >= 2
    return names


def _token(page: str) -> str:
    return html.unescape(re.search(r'name="csrf_token" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]


def _answer_of_replica(stack: ProductionStack, name: str, topic: str) -> str:
    """What one action server answers for `topic` (called directly, as Rasa calls it)."""
    tracker = {
        "sender_id": "editor-check", "slots": {"language": "nb"}, "latest_message": {
            "text": "x", "intent": {"name": "faq"}, "entities": [{"entity": "topic", "value": topic}]},
        "events": [], "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
    }  # fmt: skip
    body = {"next_action": "action_answer_faq", "sender_id": "editor-check", "tracker": tracker, "domain": {},
            "version": "3.6.21"}  # fmt: skip
    response = httpx.post(f"{stack.url_of(name)}/webhook", json=body, timeout=10)
    response.raise_for_status()
    return "\n".join(r.get("text") or "" for r in response.json()["responses"])


def test_an_editors_answer_reaches_every_action_replica_without_a_restart(production: ProductionStack):
    client = _sign_in_editor(production)
    topic = "bibliotek"
    page = client.get(f"/staff/editor/answers/{topic}").text
    texts = {lang: html.unescape(re.search(rf'<textarea id="{lang}"[^>]*>(.*?)</textarea>', page, re.S).group(1))  # type: ignore[union-attr]
             for lang in ("nb", "nn", "en")}  # fmt: skip
    form = {"csrf_token": _token(page),
            "base": re.search(r'name="base" value="(\d+)"', page).group(1), "action": "save", **texts,  # type: ignore[union-attr]
            "nb": "PRODUKSJONSTEST: Biblioteket er åpent. Ring {servicetorget.phone}."}  # fmt: skip
    saved_at = time.monotonic()
    assert client.post(f"/staff/editor/answers/{topic}", data=form).status_code == 200
    replicas = _running(production, "actions-")
    stale = _replicas_until(production, replicas, topic, lambda text: "PRODUKSJONSTEST" in text)
    assert not stale, f"still the old answer after 60 s: {stale}"
    print(f"\nan editor's answer reached {len(replicas)} action servers in {time.monotonic() - saved_at:.1f} s")
    history = client.get(f"/staff/editor/answers/{topic}/history").text
    client.post(f"/staff/editor/answers/{topic}/revert", data={"csrf_token": _token(history), "version": "original"})
    stale = _replicas_until(production, replicas, topic, lambda text: "PRODUKSJONSTEST" not in text)
    assert not stale, f"still the edited answer after the revert: {stale}"


def _replicas_until(
    stack: ProductionStack, replicas: list[str], topic: str, done: Callable[[str], bool], timeout_s: float = 60
) -> list[str]:
    """The replicas whose answer did not satisfy `done` within the time."""
    pending = set(replicas)
    started = time.monotonic()
    while pending and time.monotonic() - started < timeout_s:
        pending = {n for n in pending if not done(_answer_of_replica(stack, n, topic))}
        if pending:
            time.sleep(1)
    return sorted(pending)


def test_the_trainer_loads_a_model_into_every_rasa_replica(production: ProductionStack):
    """bot/trainer.py's last step against both real Rasa servers: PUT /model on each, then both answer."""
    from bot.trainer import load_everywhere

    replicas = [production.url_of(n) for n in _running(production, "rasa-")]
    started = time.monotonic()
    load_everywhere(str(production.config.model.resolve()), replicas, production.config.rasa_token)
    print(f"\nmodel loaded into {len(replicas)} Rasa servers in {time.monotonic() - started:.1f} s")
    for url in replicas:
        status = httpx.get(f"{url}/status", params={"token": production.config.rasa_token}, timeout=10).json()
        assert status["model_file"] == production.config.model.name
        assert "biblioteket" in say(url, f"prod-{uuid.uuid4().hex}", "når er biblioteket åpent?").lower()


# -- last: the logs of the whole run -----------------------------------------------------------------
def test_no_personal_data_in_any_log(production: ProductionStack, ledger: PersonalDataLedger):
    """Every phone number, e-mail and fødselsnummer sent in this run, in every form, is absent from
    every log of the run (each process, nginx's access and error logs)."""
    assert len(ledger.values) > 100
    logs = production.log_files()
    names = {p.name for p in logs}
    expected = {"rasa-1.log", "rasa-2.log", "actions-1.log", "actions-2.log", "api-1.log", "api-2.log"}
    assert expected | {"nginx-access.log"} <= names
    found: dict[str, list[str]] = {}
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        hits = sorted(v for v in ledger.values if v in text)
        if hits:
            found[path.name] = hits[:5]
    assert not found, f"personal data in logs: {found}"
    access = (production.config.log_dir / "nginx-access.log").read_text()
    assert access.count("/webhooks/rest/webhook") > 100  # the scan saw a real run

"""Residents holding real conversations with the production topology: a bounded load generator.

    # start a production set (nginx, PostgreSQL, Redis) with 1 Rasa replica and step the load up
    .venv/app/bin/python -m bench.load_residents --rasa-replicas 1 --steps 4,8,12,16,20 --step-seconds 60
    # the same against an already running `make run-production`
    .venv/app/bin/python -m bench.load_residents --target http://127.0.0.1:8080 --steps 5 --step-seconds 60

Residents arrive at random (Poisson) at a rate that gives the wanted messages per second, each
from its own loopback address (127.x.y.z, so nginx's per-client limits see many residents, as
in real life), each on the REST channel or socket.io (WebSocket, as the widget), and each holds
one conversation: service questions, feedback forms in bokmål, nynorsk and English (with
personal data in the free text and contact details), a message for the servicetorget. Every
reply is checked against what the bot must say next, so a conversation that loses its form
state or language is caught ("unexpected"), not just counted. A message that got no answer
(HTTP error, empty reply, time-out) is sent again, as a resident would, up to four times.

Bounded: arrivals stop when the schedule ends, residents still talking get `--grace` seconds,
and `--max-messages` caps the total. Only loopback addresses are used. Results (JSON and a
Markdown table, with the command and the load average) go to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import socketio

from bot.understanding import REFERENCE_PATTERN

REFERENCE = re.compile(REFERENCE_PATTERN)
RESULTS = Path(__file__).resolve().parent / "results"
RETRYABLE = {"connect", "http", "empty", "timeout"}


# -- personal data the residents send (unique per resident, valid where it has a check digit) ------
def _fnr_check(digits: list[int], weights: tuple[int, ...]) -> int:
    r = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if r == 0 else 11 - r


def fodselsnummer(rng: random.Random) -> str:
    """A fødselsnummer with valid check digits (synthetic: the month + 80 marks a test number)."""
    while True:
        day, month, year = rng.randint(1, 28), rng.randint(1, 12) + 80, rng.randint(0, 99)
        base = [int(c) for c in f"{day:02d}{month:02d}{year:02d}{rng.randint(0, 999):03d}"]
        k1 = _fnr_check(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        k2 = _fnr_check([*base, k1], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if k1 < 10 and k2 < 10:
            return "".join(map(str, [*base, k1, k2]))


@dataclass(frozen=True)
class PersonalData:
    fnr: str
    phone: str  # as the resident types it: "9xx xx xxx"
    email: str

    @classmethod
    def make(cls, rng: random.Random) -> PersonalData:
        digits = f"{rng.choice('49')}{rng.randint(0, 9_999_999):07d}"
        return cls(
            fnr=fodselsnummer(rng),
            phone=f"{digits[:3]} {digits[3:5]} {digits[5:]}",
            email=f"innbygger.{rng.getrandbits(40):010x}@example.no",
        )

    def forms(self) -> list[str]:
        """Every way the values could show up in a log line."""
        digits = self.phone.replace(" ", "")
        return [self.fnr, f"{self.fnr[:6]} {self.fnr[6:]}", self.phone, digits, f"+47 {self.phone}", self.email]


# -- conversations ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Turn:
    text: str
    expect: str = ""  # a regex the turn's replies must match (case-insensitive); "" = any reply
    skip_if: str = ""  # skip this turn when the previous reply already matches this regex


@dataclass(frozen=True)
class Script:
    name: str
    turns: tuple[Turn, ...]
    submits: str = ""  # "feedback" or "message": the last reply carries a reference code


REF = REFERENCE_PATTERN


def script(kind: str, rng: random.Random, pd: PersonalData) -> Script:
    """One resident's conversation of the given kind."""
    rating = rng.randint(1, 6)
    if kind == "faq":
        question = rng.choice(
            [
                "når blir søpla hentet?", "hvordan søker jeg barnehageplass", "må jeg søke for å bygge en terrasse?",
                "kva kostar sfo", "når er biblioteket åpent", "hvor kan jeg levere hageavfall?",
                "hvordan søker jeg om hjemmesykepleie", "når er det skolestart",
            ]
        )  # fmt: skip
        return Script("faq", (Turn("hei", r"hei"), Turn(question), Turn("takk")))
    if kind == "feedback_nb":
        turns = [
            Turn("jeg vil gi en tilbakemelding", r"Hvilken tjeneste"),
            # Without the unit registry (intake API away, nothing cached) the form skips the unit.
            Turn("hjemmesykepleien", r"Hvilken enhet|Hvor fornøyd"),
            Turn("vet ikke", r"Hvor fornøyd", skip_if=r"Hvor fornøyd"),
            Turn(str(rating), r"hva som skjedde"),
            Turn(f"De kom for sent to ganger. Fnr {pd.fnr}, e-post {pd.email}.", r"kontakter deg"),
        ]
        if rng.random() < 0.5:
            turns += [Turn("ja", r"Hva heter du"), Turn("Kari Nordmann", r"telefonnummer"),
                      Turn(pd.phone, rf"Vurdering: {rating} av 6")]  # fmt: skip
        else:
            turns += [Turn("nei", rf"Vurdering: {rating} av 6")]
        return Script("feedback_nb", (*turns, Turn("send", rf"registrert.*{REF}")), submits="feedback")
    if kind == "feedback_nn":
        return Script(
            "feedback_nn",
            (
                Turn("eg vil gje ei tilbakemelding", r"Kva teneste"),
                Turn("heimesjukepleia", r"eining|Kor nøgd"),
                Turn("veit ikkje", r"Kor nøgd", skip_if=r"Kor nøgd"),
                Turn(str(rating), r"Fortel kort"),
                Turn(f"Dei var hjelpsame. Ring meg på {pd.phone}", r"Vil du at nokon"),
                Turn("nei", rf"Vurdering: {rating} av 6"),
                Turn("send", rf"registrert.*{REF}"),
            ),
            submits="feedback",
        )
    if kind == "feedback_en":
        return Script(
            "feedback_en",
            (
                Turn("I want to give feedback", r"Which service"),
                Turn("kindergarten", r"Which unit|How satisfied"),
                Turn("don't know", r"How satisfied", skip_if=r"How satisfied"),
                Turn(str(rating), r"Tell us briefly"),
                Turn(f"The staff are very kind. My number is {pd.fnr}", r"Would you like"),
                Turn("yes", r"What is your name"),
                Turn("John Smith", r"phone number or e-mail"),
                Turn(pd.email, rf"Rating: {rating} of 6"),
                Turn("send", rf"registered.*{REF}"),
            ),
            submits="feedback",
        )
    if kind == "message":
        return Script(
            "message",
            (
                Turn("ring meg tilbake", r"Hva gjelder"),
                Turn("faktura", r"Skriv beskjeden"),
                Turn(f"Jeg har fått to fakturaer. Fnr {pd.fnr}", r"Er det greit"),
                Turn("ja", r"Hva heter du"),
                Turn("Per Hansen", r"telefonnummer"),
                Turn(f"+47 {pd.phone}", rf"servicetorget.*{REF}"),
            ),
            submits="message",
        )
    raise ValueError(kind)


MIX = {"faq": 0.5, "feedback_nb": 0.2, "feedback_nn": 0.1, "feedback_en": 0.1, "message": 0.1}
MEAN_TURNS = {"faq": 3, "feedback_nb": 7.5, "feedback_nn": 7, "feedback_en": 9, "message": 6}


def mean_turns(mix: dict[str, float]) -> float:
    total = sum(mix.values())
    return sum(MEAN_TURNS[k] * w for k, w in mix.items()) / total


# -- channels --------------------------------------------------------------------------------------
class ChannelError(Exception):
    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass
class Reply:
    texts: list[str]
    latency_s: float
    served_by: str = ""


class RestChannel:
    """Rasa's REST channel through nginx, one HTTP client (and source address) per resident."""

    name = "rest"

    def __init__(self, base_url: str, sender: str, local_address: str | None, timeout_s: float = 40.0):
        self.sender = sender
        transport = httpx.AsyncHTTPTransport(local_address=local_address) if local_address else None
        self.client = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=timeout_s)

    async def open(self) -> None:
        return None

    async def send(self, text: str, expect: re.Pattern[str] | None) -> Reply:
        start = time.perf_counter()
        try:
            response = await self.client.post("/webhooks/rest/webhook", json={"sender": self.sender, "message": text})
        except httpx.TimeoutException as error:
            raise ChannelError("timeout", type(error).__name__) from error
        except httpx.HTTPError as error:
            raise ChannelError("connect", type(error).__name__) from error
        latency = time.perf_counter() - start
        if response.status_code != 200:
            raise ChannelError("http", str(response.status_code))
        texts = [m.get("text", "") for m in response.json() if isinstance(m, dict)]
        if not any(texts):
            raise ChannelError("empty")
        return Reply(texts, latency, response.headers.get("x-served-by", ""))

    async def close(self) -> None:
        await self.client.aclose()


class SocketChannel:
    """Rasa's socket.io channel through nginx over WebSocket (the widget's first choice).

    A reply is complete when the expected text has arrived (or, without an expectation, the first
    message plus a quiet 0.3 s); the latency is the time to that message. A dropped connection
    (its replica died) is opened again with the same session id, as the widget does.
    """

    name = "socketio"
    QUIET_S = 0.3

    def __init__(
        self,
        base_url: str,
        session_id: str,
        local_address: str | None,
        timeout_s: float = 40.0,
        transports: tuple[str, ...] = ("websocket",),
        origin: str | None = None,
    ):
        self.base_url, self.session_id, self.local_address = base_url, session_id, local_address
        self.timeout_s, self.transports, self.origin = timeout_s, list(transports), origin
        self.sio: socketio.AsyncClient | None = None
        self.http: aiohttp.ClientSession | None = None
        self.inbox: asyncio.Queue[str] = asyncio.Queue()
        self.confirmed = asyncio.Event()

    async def open(self) -> None:
        await self._close_connection()
        connector = aiohttp.TCPConnector(local_addr=(self.local_address, 0)) if self.local_address else None
        # unsafe=True: keep cookies from an IP-address host (nginx's sticky cookie for long-polling).
        self.http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=self.http)
        self.confirmed = asyncio.Event()

        @sio.on("bot_uttered")
        async def _bot_uttered(data: Any) -> None:
            self.inbox.put_nowait(str(data.get("text", "")) if isinstance(data, dict) else str(data))

        @sio.on("session_confirm")
        async def _confirm(data: Any) -> None:
            self.confirmed.set()

        headers = {"Origin": self.origin} if self.origin else {}
        try:
            await asyncio.wait_for(
                sio.connect(self.base_url, headers=headers, transports=self.transports, socketio_path="socket.io"),
                self.timeout_s,
            )
            await sio.emit("session_request", {"session_id": self.session_id})
            await asyncio.wait_for(self.confirmed.wait(), 10)
        except (TimeoutError, socketio.exceptions.ConnectionError, aiohttp.ClientError, OSError) as error:
            with contextlib.suppress(Exception):
                await sio.disconnect()
            raise ChannelError("connect", type(error).__name__) from error
        self.sio = sio

    async def send(self, text: str, expect: re.Pattern[str] | None) -> Reply:
        if self.sio is None or not self.sio.connected:
            await self.open()
        assert self.sio is not None
        while not self.inbox.empty():  # late replies of an earlier, retried message
            self.inbox.get_nowait()
        start = time.perf_counter()
        try:
            await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        except socketio.exceptions.SocketIOError as error:
            raise ChannelError("connect", type(error).__name__) from error
        texts: list[str] = []
        latency = 0.0
        deadline = start + self.timeout_s
        while True:
            if texts and expect is not None and expect.search("\n".join(texts)):
                break
            remaining = deadline - time.perf_counter()
            wait = remaining if (expect is not None or not texts) else min(remaining, self.QUIET_S)
            if wait <= 0:
                break
            try:
                texts.append(await asyncio.wait_for(self.inbox.get(), wait))
                latency = time.perf_counter() - start
            except TimeoutError:
                if not self.sio.connected:
                    raise ChannelError("connect", "disconnected") from None
                if texts and (expect is None or time.perf_counter() >= deadline):
                    break
                if not texts:
                    raise ChannelError("timeout") from None
        return Reply(texts, latency)

    async def _close_connection(self) -> None:
        if self.sio is not None:
            # Over long-polling a polite disconnect waits for the pending poll (up to 25 s): don't.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.sio.disconnect(), 2)
            self.sio = None
        if self.http is not None:
            await self.http.close()
            self.http = None

    async def close(self) -> None:
        await self._close_connection()


# -- one resident ----------------------------------------------------------------------------------
@dataclass
class Sample:
    """One message: when it was sent (s since the run started), how long the answer took, the outcome."""

    t: float
    latency_s: float
    outcome: str  # ok | connect | http | empty | timeout | unexpected
    channel: str
    script: str
    resident: int
    attempt: int
    served_by: str = ""


@dataclass
class Resident:
    number: int
    script: Script
    channel_name: str
    address: str | None
    conversation_id: str
    personal: PersonalData
    references: list[str] = field(default_factory=list)
    completed: bool = False
    derailed: str = ""  # the unexpected reply that ended the conversation
    gave_up: bool = False


class LoadGenerator:
    """Starts residents at a given message rate and records every message."""

    def __init__(
        self,
        public_url: str,
        *,
        mix: dict[str, float] | None = None,
        socket_share: float = 0.3,
        think_s: tuple[float, float] = (1.0, 3.0),
        seed: int | None = None,
        address_prefix: str | None = None,
        max_residents: int = 400,
        max_messages: int = 200_000,
        timeout_s: float = 40.0,
        attempts: int = 5,
        origin: str | None = None,
    ):
        self.public_url = public_url.rstrip("/")
        self.mix = mix or dict(MIX)
        self.socket_share = socket_share
        self.think_s = think_s
        self.rng = random.Random(seed)
        # Each resident its own source address in 127.A.x.y; A random per run unless given.
        self.address_prefix = address_prefix or f"127.{self.rng.randint(20, 250)}"
        self.max_residents, self.max_messages = max_residents, max_messages
        self.timeout_s, self.attempts, self.origin = timeout_s, attempts, origin
        self.samples: list[Sample] = []
        self.residents: list[Resident] = []
        self.dropped_arrivals = 0
        self.in_flight = 0  # messages sent and not yet answered
        self.t0 = time.monotonic()
        self._active: set[asyncio.Task[None]] = set()
        self._stop = asyncio.Event()
        self.on_sample: Callable[[Sample], None] | None = None

    # -- bookkeeping ---------------------------------------------------------
    def now(self) -> float:
        return time.monotonic() - self.t0

    def address(self, n: int) -> str:
        return f"{self.address_prefix}.{(n // 250) % 250}.{n % 250 + 1}"

    def personal_data_sent(self) -> list[str]:
        return [form for r in self.residents for form in r.personal.forms()]

    def references(self, kind: str | None = None) -> list[str]:
        return [ref for r in self.residents if kind in (None, r.script.submits) for ref in r.references]

    # -- residents -------------------------------------------------------------
    def new_resident(self, kind: str | None = None, channel: str | None = None) -> Resident:
        n = len(self.residents)
        kinds, weights = zip(*self.mix.items(), strict=True)
        kind = kind or self.rng.choices(kinds, weights)[0]
        pd = PersonalData.make(self.rng)
        channel = channel or ("socketio" if self.rng.random() < self.socket_share else "rest")
        resident = Resident(n, script(kind, self.rng, pd), channel, self.address(n), f"load-{uuid.uuid4().hex}", pd)
        self.residents.append(resident)
        return resident

    def channel_for(self, resident: Resident) -> RestChannel | SocketChannel:
        if resident.channel_name == "socketio":
            return SocketChannel(
                self.public_url, resident.conversation_id, resident.address, self.timeout_s, origin=self.origin
            )
        return RestChannel(self.public_url, resident.conversation_id, resident.address, self.timeout_s)

    async def converse(self, resident: Resident, think: bool = True) -> Resident:
        """Hold the resident's whole conversation; every message recorded as a Sample."""
        channel = self.channel_for(resident)
        previous = ""
        try:
            for turn in resident.script.turns:
                if len(self.samples) >= self.max_messages:
                    return resident
                if turn.skip_if and re.search(turn.skip_if, previous, re.I | re.S):
                    continue
                expect = re.compile(turn.expect, re.I | re.S) if turn.expect else None
                reply = await self._send(resident, channel, turn.text, expect)
                if reply is None:
                    resident.gave_up = True
                    return resident
                joined = previous = "\n".join(reply.texts)
                if expect is not None and not expect.search(joined):
                    resident.derailed = f"{turn.text!r} -> {joined[:200]!r}"
                    return resident
                if resident.script.submits:  # the code may be quoted twice in one reply
                    resident.references += [
                        r for r in dict.fromkeys(REFERENCE.findall(joined)) if r not in resident.references
                    ]
                if think:
                    await asyncio.sleep(self.rng.uniform(*self.think_s))
            resident.completed = True
            return resident
        finally:
            await channel.close()

    async def _send(
        self, resident: Resident, channel: RestChannel | SocketChannel, text: str, expect: re.Pattern[str] | None
    ) -> Reply | None:
        delay = 1.0
        for attempt in range(1, self.attempts + 1):
            t = self.now()
            self.in_flight += 1
            try:
                reply = await channel.send(text, expect)
            except ChannelError as error:
                self.in_flight -= 1
                self._record(Sample(t, self.now() - t, error.kind, channel.name, resident.script.name,
                                    resident.number, attempt))  # fmt: skip
                if error.kind not in RETRYABLE or attempt == self.attempts:
                    return None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 8.0)
                continue
            except BaseException:
                self.in_flight -= 1
                raise
            self.in_flight -= 1
            outcome = "ok" if expect is None or expect.search("\n".join(reply.texts)) else "unexpected"
            self._record(Sample(t, reply.latency_s, outcome, channel.name, resident.script.name,
                                resident.number, attempt, reply.served_by))  # fmt: skip
            return reply
        return None

    async def wait_for_messages_in_flight(self, at_least: int, timeout_s: float = 5.0) -> int:
        """Wait (bounded) until some messages are being answered: a fault then hits work in progress."""
        deadline = self.now() + timeout_s
        while self.in_flight < at_least and self.now() < deadline:
            await asyncio.sleep(0.005)
        return self.in_flight

    def _record(self, sample: Sample) -> None:
        self.samples.append(sample)
        if self.on_sample is not None:
            self.on_sample(sample)

    # -- schedules -------------------------------------------------------------
    async def run(self, schedule: Iterable[tuple[float, float]], grace_s: float = 60.0) -> None:
        """Residents arrive for each (messages per second, seconds) step in turn; then the ones
        still talking get `grace_s` to finish and the rest are cancelled."""
        per_resident = mean_turns(self.mix)
        for rate, seconds in schedule:
            end = self.now() + seconds
            arrivals = rate / per_resident
            while not self._stop.is_set() and self.now() < end and len(self.samples) < self.max_messages:
                if len(self._active) < self.max_residents:
                    self.start_resident()
                else:
                    self.dropped_arrivals += 1
                gap = self.rng.expovariate(arrivals) if arrivals > 0 else seconds
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), max(0.0, min(gap, end - self.now())))
        await self.finish(grace_s)

    def start_resident(self, kind: str | None = None, channel: str | None = None) -> asyncio.Task[None]:
        resident = self.new_resident(kind, channel)

        async def _run() -> None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.converse(resident)

        task = asyncio.get_running_loop().create_task(_run())
        self._active.add(task)
        task.add_done_callback(self._active.discard)
        return task

    def stop(self) -> None:
        self._stop.set()

    async def finish(self, grace_s: float) -> None:
        if self._active:
            _done, pending = await asyncio.wait(set(self._active), timeout=grace_s)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=10)


# -- figures ---------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def summarize(samples: list[Sample], start: float, end: float) -> dict[str, Any]:
    """Figures for the messages sent in [start, end): throughput counts answers within the window."""
    window = [s for s in samples if start <= s.t < end]
    ok = [s for s in window if s.outcome == "ok"]
    answered_in_window = [s for s in ok if s.t + s.latency_s < end]
    latencies = [s.latency_s * 1000 for s in ok]
    by_channel = {
        ch: round(percentile([s.latency_s * 1000 for s in ok if s.channel == ch], 95), 1)
        for ch in sorted({s.channel for s in ok})
    }
    outcomes = Counter(s.outcome for s in window)
    return {
        "seconds": round(end - start, 1),
        "messages": len(window),
        "ok": len(ok),
        "msgs_per_s": round(len(answered_in_window) / (end - start), 2) if end > start else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else math.nan,
        "p95_ms_by_channel": by_channel,
        "errors": {k: v for k, v in outcomes.items() if k != "ok"},
        "error_rate": round(1 - len(ok) / len(window), 4) if window else 0.0,
    }


def outcome_of_residents(residents: list[Resident]) -> dict[str, int]:
    return {
        "residents": len(residents),
        "completed": sum(r.completed for r in residents),
        "derailed": sum(bool(r.derailed) for r in residents),
        "gave_up": sum(r.gave_up for r in residents),
        "cancelled_at_end": sum(not (r.completed or r.derailed or r.gave_up) for r in residents),
    }


def machine_state() -> dict[str, Any]:
    return {
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "time": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def git_revision() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, timeout=10)
        return out.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def cpu_seconds_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the command -----------------------------------------------------------------------------------
async def stepped_run(
    public_url: str, steps: list[float], step_seconds: float, args: argparse.Namespace, sampler: Any = None
) -> dict[str, Any]:
    generator = LoadGenerator(
        public_url, socket_share=args.socket_share, seed=args.seed, max_messages=args.max_messages,
        max_residents=args.max_residents,
    )  # fmt: skip
    load_samples: list[dict[str, Any]] = []
    stop_sampling = asyncio.Event()

    async def sample_machine() -> None:
        while not stop_sampling.is_set():
            entry: dict[str, Any] = {"t": round(generator.now(), 1), "loadavg_1": round(os.getloadavg()[0], 2)}
            if sampler is not None:
                entry["rss_mib"] = {k: round(v, 1) for k, v in sampler().items()}
            load_samples.append(entry)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_sampling.wait(), 10)

    cpu_before = cpu_seconds_self()
    sampling = asyncio.create_task(sample_machine())
    boundaries = []
    t = 0.0
    for _ in steps:
        boundaries.append((t, t + step_seconds))
        t += step_seconds
    schedule = [(rate, step_seconds) for rate in steps]

    async def watch_overload() -> None:
        # Stop stepping once a finished step is clearly past saturation (bounded runs).
        for i, (start, end) in enumerate(boundaries):
            while generator.now() < end + 1:
                await asyncio.sleep(1)
            figures = summarize(generator.samples, start, end)
            if i + 1 < len(boundaries) and (figures["p95_ms"] > args.stop_p95_ms or figures["error_rate"] > 0.05):
                generator.stop()
                return

    watcher = asyncio.create_task(watch_overload())
    await generator.run(schedule, grace_s=args.grace)
    watcher.cancel()
    stop_sampling.set()
    await sampling
    step_figures = []
    for rate, (start, end) in zip(steps, boundaries, strict=True):
        if not any(start <= s.t < end for s in generator.samples):
            break
        step_figures.append({"offered_msgs_per_s": rate, **summarize(generator.samples, start, end)})
    sustained = [
        s for s in step_figures if s["p95_ms"] <= args.target_p95_ms and s["error_rate"] < 0.01 and s["ok"] > 0
    ]
    return {
        "steps": step_figures,
        "sustained_msgs_per_s_at_p95_target": max((s["msgs_per_s"] for s in sustained), default=0.0),
        "residents": outcome_of_residents(generator.residents),
        "dropped_arrivals": generator.dropped_arrivals,
        "load_generator_cpu_s": round(cpu_seconds_self() - cpu_before, 1),
        "machine_samples": load_samples,
    }


def write_results(name: str, result: dict[str, Any], markdown: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(markdown, encoding="utf-8")
    return path


def steps_markdown(title: str, command: str, result: dict[str, Any]) -> str:
    lines = [
        f"# {title}",
        "",
        f"Command: `{command}`",
        f"Revision: {result['revision']}; machine: {result['machine_before']['cpus']} cores; "
        f"load average (1/5/15 min) before {result['machine_before']['loadavg_1_5_15']}, "
        f"after {result['machine_after']['loadavg_1_5_15']}; {result['machine_before']['time']}.",
        f"Topology: {result['topology']}.",
        "",
        "| offered msg/s | achieved msg/s | p50 ms | p95 ms | p99 ms | p95 REST / socket.io ms | error rate | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in result["steps"]:
        by = s["p95_ms_by_channel"]
        lines.append(
            f"| {s['offered_msgs_per_s']} | {s['msgs_per_s']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{by.get('rest', '–')} / {by.get('socketio', '–')} | {s['error_rate']:.2%} | {s['errors'] or '–'} |"
        )
    lines += [
        "",
        f"Sustained at p95 ≤ {result['target_p95_ms']} ms (and < 1 % errors): "
        f"**{result['sustained_msgs_per_s_at_p95_target']} messages/s**.",
        f"Residents: {result['residents']}; load generator CPU: {result['load_generator_cpu_s']} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", help="public URL of a running production set (default: start one)")
    parser.add_argument("--rasa-replicas", type=int, default=2)
    parser.add_argument("--steps", default="4,8,12,16,20,24", help="offered messages per second, one per step")
    parser.add_argument("--step-seconds", type=float, default=60.0)
    parser.add_argument("--socket-share", type=float, default=0.3, help="share of residents on socket.io")
    parser.add_argument("--target-p95-ms", type=float, default=500.0)
    parser.add_argument("--stop-p95-ms", type=float, default=2000.0, help="stop stepping past this p95")
    parser.add_argument("--grace", type=float, default=30.0)
    parser.add_argument("--max-messages", type=int, default=100_000)
    parser.add_argument("--max-residents", type=int, default=400)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--name", default=None, help="results file name (default: load-<replicas>-replica[s])")
    args = parser.parse_args(argv)
    steps = [float(x) for x in args.steps.split(",") if x]
    name = args.name or f"load-{args.rasa_replicas}-replica{'s' if args.rasa_replicas > 1 else ''}"
    command = "python -m bench.load_residents " + " ".join(argv if argv is not None else sys.argv[1:])
    before = machine_state()
    if args.target:
        result = asyncio.run(stepped_run(args.target, steps, args.step_seconds, args))
        topology = f"running set at {args.target}"
    else:
        from devtools.production.isolated import isolated_stack

        with isolated_stack(rasa_replicas=args.rasa_replicas, purpose="bench") as stack:
            result = asyncio.run(stepped_run(stack.config.public_url, steps, args.step_seconds, args, stack.rss_mib))
            c = stack.config
            topology = (
                f"nginx + {c.rasa_replicas} Rasa + {c.action_replicas} action servers + {c.api_replicas} intake APIs, "
                "PostgreSQL tracker store and intake DB, Redis lock store"
            )
    result.update(
        command=command, revision=git_revision(), topology=topology, machine_before=before,
        machine_after=machine_state(), target_p95_ms=args.target_p95_ms,
    )  # fmt: skip
    markdown = steps_markdown(f"Load: {args.rasa_replicas} Rasa replica(s)", command, result)
    path = write_results(name, result, markdown)
    print(markdown)
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

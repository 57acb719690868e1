"""Where one chat message's time goes: a per-part profile of the bot.

    .venv/app/bin/python -m bench.profile_message [--model models/innbygger.tar.gz] [--repeat 20]

Two parts, one command:

1. With the app's virtualenv (this command): the intake API, action server and Rasa server start on
   free ports with a temporary data folder, as `make run` starts them (devtools.stack). The intake
   API's call the action server makes for "ja"/"nei" (POST /api/v1/answer-ratings) is timed
   directly, and the same conversations are sent through the Rasa server's REST channel (the
   resident-visible time of each message).
2. The in-process profile needs Rasa, which only the bot's virtualenv (Python 3.10) has, so this
   command runs `.venv/bot/bin/python -m bench.profile_message --in-process ...` as a child
   process. It loads the model with rasa's Agent (the stack's action server as its action
   endpoint) and times every graph node (the NLU components and the policies, by wrapping
   `GraphNode.__call__`), the tracker store's retrieve and save, building the action server's
   payload (the whole tracker, and the whole domain unless selective domain is on) and the HTTP
   round trip to the action server, and the whole `agent.handle_message`; once with the tracker
   store in memory, once with SQLite (the embedded default). Then a 100-turn conversation
   (SQLite) for turn 5 against turn 100, and the action server's webhook timed directly with the
   real payloads Rasa sent at those turns (with and without the domain).

Prints a table (ms, median / p95 per part) and writes bench/results/profile-message.{json,md}.
The machine has 2 cores shared with other work: the load average before and after is recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "bench" / "results"

# Service questions as residents type them (bokmål, nynorsk, English; typos and missing æøå on
# purpose). Written for this benchmark; two per conversation.
QUESTIONS = [
    "når blir søpla hentet hos meg?",
    "kva tid kjem bosbilen",
    "when is the garbage collected",
    "hvordan søker jeg barnehageplass",
    "korleis søkjer eg plass i barnehagen?",
    "how do I apply for a kindergarten place",
    "må jeg søke for å bygge en terrasse?",
    "treng eg løyve for å byggje garasje",
    "do I need a permit to build a shed",
    "kva kostar sfo",
    "hva koster sfo i måneden",
    "når er biblioteket åpent",
    "kor lenge er biblioteket ope på laurdag",
    "library opening hours",
    "hvordan melder jeg flytting av barn til ny skole",
    "eg vil byte skule for dottera mi",
    "hvor søker jeg om hjemmehjelp til mor",
    "korleis får eg heimesjukepleie",
    "how can I get home nursing for my father",
    "hva koster vann og avløp",
    "når må eiendomsskatten betales",
    "kva er fristen for eigedomsskatt",
    "property tax due date",
    "jeg vil ha parkeringstillatelse for bevegelseshemmede",
    "korleis søkjer eg TT-kort",
    "hvor kan jeg levere hageavfall",
    "kor kan eg levere gamle møblar",
    "where can I throw away an old fridge",
    "hvordan bestiller jeg time til vaksine",
    "kan eg få skyss til skulen",
    "school bus for my son",
    "hvordan leier jeg idrettshallen",
    "kan eg leige kulturhuset til bursdag",
    "hvordan søker jeg startlån",
    "korleis søkjer eg om kommunal bustad",
    "apply for municipal housing",
    "jeg trenger brøyting av privat vei",
    "vegen min er ikkje brøyta",
    "hvem kontakter jeg om et hull i veien",
    "gatelyset utenfor huset mitt er gått",
    "hvordan søker jeg om skjenkebevilling",
    "hvor finner jeg reguleringsplanen for tomta mi",
    "kan eg sjå kartet over eigedomen min",
    "hvordan melder jeg meg på svømmekurs",
    "hvordan får jeg ledsagerbevis",
    "korleis melde frå om støy frå naboen",
    "hvordan søker jeg om utsettelse på kommunale avgifter",
    "how do I register a new address",
    "hvor søker jeg om feiing av pipa",
    "kva tid er det open dag på legekontoret",
]
POSITIONS = ["greet", "question 1", "yes/no", "question 2", "thanks"]
GREETINGS = ["hei", "hallo", "hei!", "god dag", "hi"]
# "Fikk du svar på det du lurte på?" comes with Ja/Nei buttons: most residents press one (the
# button sends its payload), some type.
ANSWERS = ["/answer_helpful", "/answer_helpful", "/answer_not_helpful", "ja, det hjalp", "/answer_helpful"]
THANKS = ["takk", "tusen takk", "takk for hjelpa", "takk skal du ha", "thanks"]


def conversations() -> list[list[str]]:
    """Five messages each, as the rules expect them: greet, a question, "did it help?", a question, thanks."""
    out = []
    for i in range(0, len(QUESTIONS) - 1, 2):
        k = i // 2
        out.append(
            [GREETINGS[k % 5], QUESTIONS[i], ANSWERS[k % 5], QUESTIONS[i + 1], THANKS[k % 5]]
        )  # fmt: skip
    return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# -- the in-process part (bot virtualenv) -----------------------------------
def _part_name(node: str) -> str:
    """A readable name for a graph node."""
    names = {
        "TopicClassifier": "NLU: TopicClassifier",
        "FallbackClassifier": "NLU: FallbackClassifier",
        "EmergencyDetector": "NLU: EmergencyDetector",
        "LanguageDetector": "NLU: LanguageDetector",
        "RegexMessageHandler": "NLU: RegexMessageHandler",
        "MemoizationPolicy": "policy: MemoizationPolicy",
        "RulePolicy": "policy: RulePolicy",
        "TEDPolicy": "policy: TEDPolicy",
        "UnexpecTEDIntentPolicy": "policy: UnexpecTEDIntentPolicy",
        "DIETClassifier": "NLU: DIETClassifier",
        "ResponseSelector": "NLU: ResponseSelector",
        "Featurizer": "NLU: featurizers",
        "Tokenizer": "NLU: tokenizer",
    }
    for key, name in names.items():
        if key in node:
            return name
    if node == "select_prediction":
        return "policy: select_prediction"
    return "graph: other nodes"


class Recorder:
    """Milliseconds per part of the message being handled now."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.payloads: list[dict[str, Any]] = []
        self.action = ""  # the custom action whose payload was built last
        self.per_action: dict[str, list[float]] = defaultdict(list)

    def add(self, part: str, ms: float) -> None:
        self.current[part] += ms
        self.calls[part] += 1

    def take(self) -> dict[str, float]:
        out = dict(self.current)
        self.current = defaultdict(float)
        return out


def _install_timers(recorder: Recorder) -> None:
    """Wrap graph nodes, the action server call and its payload (once per process)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    node_call = GraphNode.__call__

    def timed_node(self: Any, *inputs: Any) -> Any:
        start = time.perf_counter()
        try:
            return node_call(self, *inputs)
        finally:
            recorder.add(_part_name(self._node_name), (time.perf_counter() - start) * 1000)

    GraphNode.__call__ = timed_node  # type: ignore[method-assign]

    call_format = RemoteAction._action_call_format

    def timed_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
        start = time.perf_counter()
        body = call_format(self, tracker, domain)
        recorder.add("action server: build payload (as_dict)", (time.perf_counter() - start) * 1000)
        recorder.payloads.append(body)  # sizes are taken after the run, not inside the timing
        recorder.action = body["next_action"]
        return body

    RemoteAction._action_call_format = timed_format  # type: ignore[method-assign]

    validate = RemoteAction._validate_action_result

    def timed_validate(self: Any, result: dict[str, Any]) -> bool:
        start = time.perf_counter()
        try:
            return validate(self, result)
        finally:
            recorder.add("action server: validate reply (jsonschema)", (time.perf_counter() - start) * 1000)

    RemoteAction._validate_action_result = timed_validate  # type: ignore[method-assign]

    request = EndpointConfig.request

    async def timed_request(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await request(self, *args, **kwargs)
        finally:
            ms = (time.perf_counter() - start) * 1000
            recorder.add("action server: HTTP round trip (incl. JSON)", ms)
            recorder.per_action[recorder.action].append(ms)

    EndpointConfig.request = timed_request  # type: ignore[method-assign]


def _time_async(obj: Any, recorder: Recorder, methods: tuple[tuple[str, str], ...]) -> None:
    """Wrap async methods of one object (the tracker store, the response generator)."""
    for method, part in methods:
        original = getattr(obj, method)

        async def timed(*args: Any, _original: Any = original, _part: str = part, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await _original(*args, **kwargs)
            finally:
                recorder.add(_part, (time.perf_counter() - start) * 1000)

        setattr(obj, method, timed)


def _summary(samples: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per part: messages where it ran, mean per message (all messages), median and p95 where it ran."""
    parts = sorted({p for s in samples for p in s}, key=lambda p: -sum(s.get(p, 0.0) for s in samples))
    out = {}
    for part in parts:
        present = [s[part] for s in samples if part in s]
        out[part] = {
            "messages": len(present),
            "mean_per_message_ms": round(sum(present) / len(samples), 3),
            "median_ms": round(statistics.median(present), 3),
            "p95_ms": round(percentile(present, 0.95), 3),
        }
    return out


async def _handle(agent: Any, recorder: Recorder, sender: str, text: str) -> dict[str, float]:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    recorder.take()
    start = time.perf_counter()
    await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
    total = (time.perf_counter() - start) * 1000
    parts = recorder.take()
    # The timed parts do not nest (graph nodes run one after the other), so the rest is Rasa's own.
    parts["other (Rasa processor, NLG, events)"] = max(0.0, total - sum(parts.values()))
    parts["total: agent.handle_message"] = total
    return parts


def _post(url: str, body: bytes) -> float:
    import urllib.request

    start = time.perf_counter()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return (time.perf_counter() - start) * 1000


async def in_process(model: Path, action_url: str, data_dir: Path, repeat: int) -> dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    recorder = Recorder()
    _install_timers(recorder)
    endpoint = EndpointConfig(url=f"{action_url}/webhook")
    result: dict[str, Any] = {"stores": {}}
    convs = conversations()
    for kind in ("memory", "sqlite"):
        load_start = time.perf_counter()
        agent = Agent.load(str(model), action_endpoint=endpoint)
        result["model_load_s"] = round(time.perf_counter() - load_start, 1)
        if kind == "memory":
            store: Any = InMemoryTrackerStore(agent.domain)
        else:
            store = SQLTrackerStore(agent.domain, dialect="sqlite", db=str(data_dir / f"profile-{uuid.uuid4()}.db"))
        agent.tracker_store = store
        agent.processor.tracker_store = store  # type: ignore[union-attr]
        _time_async(store, recorder, (("retrieve", "tracker store: retrieve"), ("save", "tracker store: save")))
        _time_async(agent.processor.nlg, recorder, (("generate", "NLG: responses from the domain"),))  # type: ignore[union-attr]
        # Warm-up: one conversation that is not counted (first calls fill caches).
        for text in convs[0]:
            await _handle(agent, recorder, f"warm-{uuid.uuid4()}", text)
        samples = []
        recorder.per_action.clear()
        for conv in convs:
            sender = f"profile-{uuid.uuid4()}"
            for text in conv:
                samples.append(await _handle(agent, recorder, sender, text))
            recorder.payloads.clear()
        # NLU alone (agent.parse_message: the NLU graph, no tracker), every message of the set.
        parse = []
        for conv in convs:
            for text in conv:
                recorder.take()
                start = time.perf_counter()
                await agent.parse_message(text)
                parse.append((time.perf_counter() - start) * 1000)
                recorder.take()
        by_action = {
            name: {
                "calls": len(v),
                "median_ms": round(statistics.median(v), 2),
                "p95_ms": round(percentile(v, 0.95), 2),
            }
            for name, v in sorted(recorder.per_action.items())
        }
        result["stores"][kind] = {
            "messages": len(samples),
            "action_http_by_action": by_action,
            "parts": _summary(samples),
            "parse_message": {
                "median_ms": round(statistics.median(parse), 3),
                "p95_ms": round(percentile(parse, 0.95), 3),
            },
        }  # fmt: skip
        if kind == "sqlite":
            totals = [m["total: agent.handle_message"] for m in samples]
            result["stores"][kind]["by_position"] = {
                label: {
                    "median_ms": round(statistics.median(totals[i::5]), 2),
                    "p95_ms": round(percentile(totals[i::5], 0.95), 2),
                }
                for i, label in enumerate(POSITIONS)
            }
            result["cprofile_by_module"] = await _profile_by_module(agent, recorder, convs)
            result["long"] = await _long_conversation(agent, recorder, action_url, repeat)
    return result


def _module_of(filename: str, function: str) -> str:
    """rasa.* and the bot by module; other libraries and the standard library by top-level package."""
    if filename == "~":
        return f"(built-in) {function[:50]}"
    path = Path(filename)
    parts = path.with_suffix("").parts
    if "site-packages" in parts:
        inner = parts[parts.index("site-packages") + 1 :]
        if inner and inner[0] == "rasa":
            return ".".join(inner[:4])
        return inner[0] if inner else filename
    if path.is_relative_to(REPO_ROOT):
        return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
    lib = [i for i, part in enumerate(parts) if part.startswith("python3")]
    if lib and len(parts) > lib[-1] + 1:
        return "stdlib: " + parts[lib[-1] + 1]
    return filename


async def _profile_by_module(agent: Any, recorder: Recorder, convs: list[list[str]]) -> dict[str, Any]:
    """One more pass of the conversations under cProfile; own time (tottime) summed per module."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for conv in convs:
        sender = f"cprofile-{uuid.uuid4()}"
        for text in conv:
            await _handle(agent, recorder, sender, text)
        recorder.payloads.clear()
    profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        by_module[_module_of(filename, function)] += tottime * 1000
    total = sum(by_module.values())
    messages = sum(len(c) for c in convs)
    top = sorted(by_module.items(), key=lambda item: -item[1])[:25]
    return {
        "messages": messages,
        "ms_per_message_under_profiler": round(total / messages, 2),
        "top": [
            {"module": m, "ms_per_message": round(ms / messages, 3), "share": round(ms / total, 4)} for m, ms in top
        ],
    }


async def _long_conversation(agent: Any, recorder: Recorder, action_url: str, repeat: int) -> dict[str, Any]:
    """100 turns on one sender id (the 5-message conversation 20 times), SQLite store."""
    flat = [text for conv in conversations() for text in conv]
    sender = f"long-{uuid.uuid4()}"
    turns = []
    recorder.payloads.clear()
    payload_at: dict[int, dict[str, Any]] = {}
    for turn in range(1, 101):
        before = len(recorder.payloads)
        parts = await _handle(agent, recorder, sender, flat[turn - 1])
        turns.append(parts)
        for body in recorder.payloads[before:]:
            if body["next_action"] == "action_answer_faq":
                payload_at[turn] = body
    first = [t["total: agent.handle_message"] for t in turns[:10]]
    last = [t["total: agent.handle_message"] for t in turns[90:]]
    out: dict[str, Any] = {
        "turn_5_ms": round(turns[4]["total: agent.handle_message"], 1),
        "turn_100_ms": round(turns[99]["total: agent.handle_message"], 1),
        "median_turns_1_10_ms": round(statistics.median(first), 1),
        "median_turns_91_100_ms": round(statistics.median(last), 1),
        "ratio_91_100_over_1_10": round(statistics.median(last) / statistics.median(first), 2),
        "parts_turns_1_10": _summary(turns[:10]),
        "parts_turns_91_100": _summary(turns[90:]),
    }
    # The action server's webhook with the real payloads of an early and a late service question.
    early = min(payload_at)
    late = max(payload_at)
    webhook: dict[str, Any] = {}
    for label, turn in (("early", early), ("late", late)):
        body = payload_at[turn]
        full = json.dumps(body).encode()
        slim = json.dumps({k: v for k, v in body.items() if k != "domain"}).encode()
        times_full = [_post(f"{action_url}/webhook", full) for _ in range(repeat)]
        times_slim = [_post(f"{action_url}/webhook", slim) for _ in range(repeat)]
        webhook[label] = {
            "turn": turn,
            "tracker_events": len(body["tracker"]["events"]),
            "tracker_bytes": len(json.dumps(body["tracker"])),
            "domain_bytes": len(json.dumps(body["domain"])) if "domain" in body else 0,
            "payload_bytes": len(full),
            "with_domain_median_ms": round(statistics.median(times_full), 2),
            "with_domain_p95_ms": round(percentile(times_full, 0.95), 2),
            "without_domain_median_ms": round(statistics.median(times_slim), 2),
            "without_domain_p95_ms": round(percentile(times_slim, 0.95), 2),
        }
    out["action_webhook_direct"] = webhook
    return out


def in_process_main(args: argparse.Namespace) -> None:
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    import logging

    logging.disable(logging.WARNING)
    result = asyncio.run(in_process(args.model, args.action_url, args.data_dir, args.repeat))
    args.out.write_text(json.dumps(result, indent=2))


# -- the stack part (app virtualenv) ------------------------------------------
def _stack_part(original: Path, repeat: int) -> dict[str, Any]:
    import httpx

    from devtools.stack import Stack, StackConfig
    from tests.e2e.conftest import free_port

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        model = data / original.name  # a copy: a training elsewhere may rewrite models/ meanwhile
        shutil.copyfile(original, model)
        config = StackConfig(
            rasa_port=free_port(), action_port=free_port(), api_port=free_port(),
            data_dir=data, model=model, log_dir=data / "logs",
        )  # fmt: skip
        with Stack(config) as stack, httpx.Client(timeout=30) as client:
            c = stack.config
            # The intake API call behind "ja"/"nei" (the action server makes it with the bot key).
            rating = {"topic": "tommekalender", "helpful": True, "language": "nb"}
            headers = {"X-API-Key": os.environ.get("INTAKE_BOT_API_KEY", "dev-bot-key")}
            times, status = [], 0
            for _ in range(repeat * 2):
                start = time.perf_counter()
                response = client.post(f"{c.api_url}/api/v1/answer-ratings", json=rating, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
                status = response.status_code
            health = []
            for _ in range(repeat * 2):
                start = time.perf_counter()
                client.get(f"{c.api_url}/health")
                health.append((time.perf_counter() - start) * 1000)
            out["intake_api"] = {
                "answer_rating_status": status,
                "answer_rating_median_ms": round(statistics.median(times), 2),
                "answer_rating_p95_ms": round(percentile(times, 0.95), 2),
                "health_median_ms": round(statistics.median(health), 2),
            }
            # The in-process profile, in the bot's virtualenv, against this stack's action server.
            child_out = data / "in-process.json"
            command = [
                str(c.bot_venv / "bin" / "python"), "-m", "bench.profile_message", "--in-process",
                "--model", str(model), "--action-url", c.action_url, "--data-dir", str(data),
                "--repeat", str(repeat), "--out", str(child_out),
            ]  # fmt: skip
            env = {**c.environment(), "PYTHONPATH": str(REPO_ROOT)}
            subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            out["in_process"] = json.loads(child_out.read_text())
            # The same conversations through the Rasa server's REST channel (resident-visible time).
            url = f"{c.rasa_url}/webhooks/rest/webhook"
            rest: list[float] = []
            for conv in conversations():
                sender = f"rest-{uuid.uuid4()}"
                for text in conv:
                    start = time.perf_counter()
                    reply = client.post(url, json={"sender": sender, "message": text})
                    reply.raise_for_status()
                    if not reply.json():
                        raise RuntimeError(f"no reply to {text!r}; see {c.log_dir}/rasa.log")
                    rest.append((time.perf_counter() - start) * 1000)
            out["rest_channel"] = {
                "messages": len(rest),
                "median_ms": round(statistics.median(rest), 2),
                "p95_ms": round(percentile(rest, 0.95), 2),
            }
    return out


def _markdown(result: dict[str, Any]) -> str:
    ip = result["in_process"]
    lines = [
        "# Cost per message: where one message's time goes",
        "",
        f"Command: `{result['command']}` ({result['date']}, revision {result['revision']}).",
        f"Model `{result['model']}` ({result['model_mb']} MB). Machine: {os.cpu_count()} cores shared with other",
        f"work; load average {result['load_before']} before, {result['load_after']} after (1 minute).",
        f"{ip['stores']['sqlite']['messages']} messages in {len(conversations())} five-message conversations",
        '(greet, a service question, the Ja/Nei button or a typed answer to "did it help?", a service',
        "question, thanks), bokmål, nynorsk and English; one warm-up conversation not counted.",
        "Mean = per message over all messages (the parts add up to the total); median and p95 over the",
        "messages where the part ran.",
        "",
    ]
    for kind in ("memory", "sqlite"):
        s = ip["stores"][kind]
        total = s["parts"]["total: agent.handle_message"]["mean_per_message_ms"]
        lines += [
            f"## agent.handle_message, tracker store {'in memory' if kind == 'memory' else 'SQLite'}",
            "",
            "| part | messages | mean ms/message | share | median ms | p95 ms |",
            "|---|---|---|---|---|---|",
        ]
        for part, v in s["parts"].items():
            share = "" if part.startswith("total") else f"{100 * v['mean_per_message_ms'] / total:.0f} %"
            lines.append(
                f"| {part} | {v['messages']} | {v['mean_per_message_ms']:.2f} | {share} "
                f"| {v['median_ms']:.2f} | {v['p95_ms']:.2f} |"
            )
        by_action = "; ".join(
            f"`{name}` {v['calls']} calls, median {v['median_ms']:.1f} / p95 {v['p95_ms']:.1f} ms"
            for name, v in s["action_http_by_action"].items()
        )
        lines += ["", f"Action server HTTP round trip by action: {by_action}."]
        lines += ["", f"NLU alone (`agent.parse_message`): median {s['parse_message']['median_ms']:.2f} ms, "
                  f"p95 {s['parse_message']['p95_ms']:.2f} ms.", ""]  # fmt: skip
    lines += [
        "Total per message by its place in the conversation (SQLite):",
        "",
        "| message | median ms | p95 ms |",
        "|---|---|---|",
    ]
    for label, v in ip["stores"]["sqlite"]["by_position"].items():
        lines.append(f"| {label} | {v['median_ms']:.1f} | {v['p95_ms']:.1f} |")
    prof = ip["cprofile_by_module"]
    lines += [
        "",
        "## cProfile, own time by module (SQLite; the same conversations once more)",
        "",
        f"{prof['ms_per_message_under_profiler']:.1f} ms per message under the profiler (its overhead inflates",
        "Python-heavy code); `rasa.*` and the bot by module, other libraries by package.",
        "",
        "| module | ms/message | share |",
        "|---|---|---|",
    ]
    for row in prof["top"]:
        lines.append(f"| {row['module']} | {row['ms_per_message']:.2f} | {100 * row['share']:.1f} % |")
    lines.append("")
    long = ip["long"]
    lines += [
        "## A 100-turn conversation (one sender id, SQLite)",
        "",
        f"Turn 5: {long['turn_5_ms']} ms, turn 100: {long['turn_100_ms']} ms; median of turns 1–10:",
        f"{long['median_turns_1_10_ms']} ms, of turns 91–100: {long['median_turns_91_100_ms']} ms"
        f" (ratio {long['ratio_91_100_over_1_10']}).",
        "",
        "| part | mean ms, turns 1–10 | mean ms, turns 91–100 |",
        "|---|---|---|",
    ]
    for part, v in long["parts_turns_91_100"].items():
        early = long["parts_turns_1_10"].get(part, {}).get("mean_per_message_ms", 0.0)
        lines.append(f"| {part} | {early:.2f} | {v['mean_per_message_ms']:.2f} |")
    lines += [
        "",
        "Action server webhook timed directly with the payload Rasa sent for `action_answer_faq`:",
        "",
        "| turn | tracker events | tracker JSON | domain JSON | with domain: median / p95 ms "
        "| without domain: median / p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for w in long["action_webhook_direct"].values():
        lines.append(
            f"| {w['turn']} | {w['tracker_events']} | {w['tracker_bytes'] / 1024:.0f} KiB "
            f"| {w['domain_bytes'] / 1024:.0f} KiB | {w['with_domain_median_ms']:.1f} / {w['with_domain_p95_ms']:.1f} "
            f"| {w['without_domain_median_ms']:.1f} / {w['without_domain_p95_ms']:.1f} |"
        )
    api, rest = result["intake_api"], result["rest_channel"]
    lines += [
        "",
        "## Outside Rasa",
        "",
        f'- Intake API, POST /api/v1/answer-ratings (the action server\'s call behind "ja"/"nei"): median '
        f"{api['answer_rating_median_ms']:.1f} ms, p95 {api['answer_rating_p95_ms']:.1f} ms (GET /health: "
        f"{api['health_median_ms']:.1f} ms).",
        f"- The same {rest['messages']} messages through the Rasa server's REST channel (resident-visible): "
        f"median {rest['median_ms']:.1f} ms, p95 {rest['p95_ms']:.1f} ms.",
        "",
    ]
    return "\n".join(lines)


def _print_table(result: dict[str, Any]) -> None:
    for kind, s in result["in_process"]["stores"].items():
        print(f"\nagent.handle_message, tracker store {kind} ({s['messages']} messages)")
        print(f"{'part':48} {'n':>4} {'mean':>8} {'median':>8} {'p95':>8}  (ms)")
        for part, v in s["parts"].items():
            print(
                f"{part:48} {v['messages']:>4} {v['mean_per_message_ms']:>8.2f} "
                f"{v['median_ms']:>8.2f} {v['p95_ms']:>8.2f}"
            )
        print(
            f"{'NLU alone: agent.parse_message':48} {'':>4} {'':>8} "
            f"{s['parse_message']['median_ms']:>8.2f} {s['parse_message']['p95_ms']:>8.2f}"
        )
    prof = result["in_process"]["cprofile_by_module"]
    print(f"\ncProfile, own time by module ({prof['ms_per_message_under_profiler']:.1f} ms/message under the profiler)")
    for row in prof["top"][:15]:
        print(f"  {row['module']:60} {row['ms_per_message']:7.2f} ms  {100 * row['share']:5.1f} %")
    long = result["in_process"]["long"]
    print(
        f"\n100 turns: turn 5 {long['turn_5_ms']} ms, turn 100 {long['turn_100_ms']} ms; median 1-10 "
        f"{long['median_turns_1_10_ms']} ms, 91-100 {long['median_turns_91_100_ms']} ms "
        f"(x{long['ratio_91_100_over_1_10']})"
    )
    for w in long["action_webhook_direct"].values():
        print(
            f"action webhook at turn {w['turn']}: {w['payload_bytes'] / 1024:.0f} KiB payload "
            f"(domain {w['domain_bytes'] / 1024:.0f} KiB): {w['with_domain_median_ms']:.1f} ms, "
            f"without domain {w['without_domain_median_ms']:.1f} ms"
        )
    api, rest = result["intake_api"], result["rest_channel"]
    print(
        f"intake API answer rating: median {api['answer_rating_median_ms']:.1f} ms, "
        f"p95 {api['answer_rating_p95_ms']:.1f} ms"
    )
    print(f"REST channel: median {rest['median_ms']:.1f} ms, p95 {rest['p95_ms']:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "innbygger.tar.gz")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions of each direct HTTP timing")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--action-url", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        in_process_main(args)
        return
    model = args.model.resolve()
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:12]
    load_before = load_average()
    result: dict[str, Any] = {
        "command": " ".join(["python -m bench.profile_message", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "revision": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "model": str(model.relative_to(REPO_ROOT) if model.is_relative_to(REPO_ROOT) else model),
        "model_mb": round(model.stat().st_size / 1e6, 1),
        "model_sha256": digest,
        "load_before": load_before,
    }
    result.update(_stack_part(model, args.repeat))
    result["load_after"] = load_average()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile-message.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "profile-message.md").write_text(_markdown(result))
    _print_table(result)
    print(
        f"\nload average {load_before} before, {result['load_after']} after; "
        "wrote bench/results/profile-message.{json,md}"
    )


if __name__ == "__main__":
    main()

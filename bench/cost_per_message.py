"""Cost per message: our bot side by side with Rasa's `rasa init` bot, same client, same run.

    .venv/app/bin/python -m bench.cost_per_message [--seconds 30] [--model /tmp/before/before.tar.gz]

Bots, all running at once and measured in turn (so a busy moment of the machine hits them alike):

- ours: the processes `make run` starts (intake API, action server, Rasa server with the SQLite
  tracker store), on free ports with a temporary data folder (devtools.stack), model
  models/innbygger.tar.gz;
- each `--model PATH` (repeatable): the same stack with another model of our bot, e.g. the old
  DIET + ResponseSelector model;
- rasa-init: the bot `rasa init --no-prompt` makes (Rasa's default config: DIET, ResponseSelector,
  TED, UnexpecTED; in-memory tracker store; its stories use responses only, so no action server),
  created and trained once in data/bench/rasa-init (gitignored) and served with
  `rasa run --enable-api`.

One httpx client posts to Rasa's REST channel (POST /webhooks/rest/webhook) five-message
conversations — ours: "hei", a service question, "ja" (to "did it help?"), another question,
"takk"; rasa-init: "hi", "I am sad", "yes", "great", "bye" — with 1, 8 and 32 concurrent clients
for `--seconds` each: messages per second, p50 and p95 latency. Then the resident memory (VmRSS)
of each Rasa server process (with its children), and a 100-turn conversation on one sender id:
the median of turns 1–10 against turns 91–100. Prints a table with the ratios (ours / rasa-init,
ours / each other model) and writes bench/results/cost-per-message.{json,md}. The machine has 2
cores shared with other work and the client runs on it too: the load average is recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.profile_message import ANSWERS, GREETINGS, QUESTIONS, THANKS, load_average, percentile
from devtools.stack import REPO_ROOT, Stack, StackConfig
from tests.e2e.conftest import free_port

RESULTS = REPO_ROOT / "bench" / "results"
INIT_DIR = REPO_ROOT / "data" / "bench" / "rasa-init"
INIT_CONVERSATION = ["hi", "I am sad", "yes", "great", "bye"]
CONCURRENCY = (1, 8, 32)
# The targets of the issue (README, "Cost per message").
TARGETS = {"vs_old_at_8": 2.0, "vs_init_at_8": 1.5, "p95_at_8_ms": 300, "rss_mb": 1200, "model_mb": 120, "turns": 1.3}


def ours_conversation(i: int) -> list[str]:
    q = len(QUESTIONS)
    return [GREETINGS[i % 5], QUESTIONS[(2 * i) % q], ANSWERS[i % 5], QUESTIONS[(2 * i + 1) % q], THANKS[i % 5]]


def init_conversation(_i: int) -> list[str]:
    return INIT_CONVERSATION


@dataclass
class Bot:
    name: str
    url: str
    pid: int
    model: Path
    conversation: Any  # (int) -> list[str]
    token: str | None = None
    other_pids: dict[str, int] = field(default_factory=dict)


def rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, in MiB."""
    total = 0
    for p in _descendants(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def model_of_init() -> Path:
    models = sorted((INIT_DIR / "models").glob("*.tar.gz"))
    if not models:
        raise FileNotFoundError(f"no model in {INIT_DIR / 'models'}")
    return models[-1]


def ensure_init_bot(bot_venv: Path) -> Path:
    """Create and train the `rasa init` bot once (Rasa's default config; no downloads)."""
    if not list((INIT_DIR / "models").glob("*.tar.gz")):
        INIT_DIR.mkdir(parents=True, exist_ok=True)
        print(f"creating the rasa init bot in {INIT_DIR} (trains once, a few minutes) …", flush=True)
        subprocess.run(
            [str(bot_venv / "bin" / "rasa"), "init", "--no-prompt", "--init-dir", str(INIT_DIR)],
            cwd=REPO_ROOT, env=_rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return model_of_init()


def _rasa_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", "CUDA_VISIBLE_DEVICES": ""}


@contextlib.contextmanager
def init_server(bot_venv: Path, log_dir: Path) -> Iterator[Bot]:
    model = ensure_init_bot(bot_venv)
    port = free_port()
    command = [
        str(bot_venv / "bin" / "rasa"), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port),
        "--model", str(model), "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
    ]  # fmt: skip
    with (log_dir / "rasa-init.log").open("ab") as log:
        process = subprocess.Popen(
            command, cwd=INIT_DIR, env=_rasa_env(), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for_rasa(process, url, {}, 300, "rasa init's server", log.name)
            yield Bot("rasa-init", url, process.pid, model, init_conversation)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


@contextlib.contextmanager
def our_stack(name: str, original: Path, data_dir: Path) -> Iterator[Bot]:
    data_dir.mkdir(parents=True, exist_ok=True)
    model = data_dir / original.name  # a copy: a training elsewhere may rewrite models/ meanwhile
    shutil.copyfile(original, model)
    config = StackConfig(
        rasa_port=free_port(), action_port=free_port(), api_port=free_port(),
        data_dir=data_dir, model=model, log_dir=data_dir / "logs",
    )  # fmt: skip
    stack = Stack(config)
    stack.start(timeout_s=900)  # a 256 MB DIET model takes minutes to load on a busy machine
    try:
        pids = {n: p.pid for n, p in stack.processes.items()}
        yield Bot(
            name, config.rasa_url, pids["rasa"], model, ours_conversation, config.rasa_token,
            {"actions": pids["actions"], "api": pids["api"]},
        )  # fmt: skip
    finally:
        stack.stop()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pid_running(root: int, *words: str) -> int:
    """The descendant of `root` whose command line holds all `words`."""
    for pid in _descendants(root):
        with contextlib.suppress(OSError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
            if all(w in argv for w in words):
                return pid
    raise RuntimeError(f"no process with {words} under {root}")


@contextlib.contextmanager
def tree_stack(name: str, model: Path, tree: Path, data_dir: Path) -> Iterator[Bot]:
    """A model trained at another revision, served by that checkout's own `make run` launcher
    (its bot/ code: the old pipeline's components), with this checkout's virtualenvs."""
    here = StackConfig()
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "API_PORT": free_port()}
    env = {
        **os.environ, **{k: str(v) for k, v in ports.items()}, "INNBYGGER_DATA_DIR": str(data_dir),
        "RASA_MODEL": str(model), "BOT_VENV": str(here.bot_venv), "APP_VENV": str(here.app_venv),
        "RASA_TOKEN": here.rasa_token,
    }  # fmt: skip
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "launcher.log").open("ab") as log:
        launcher = subprocess.Popen(
            [str(here.app_venv / "bin" / "python"), "-m", "devtools.stack", "run"], cwd=tree, env=env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{ports['RASA_PORT']}"
            _wait_for_rasa(launcher, url, {"token": here.rasa_token}, 900, f"{name} (the launcher in {tree})", log.name)
            others = {
                "actions": _pid_running(launcher.pid, "actions"),
                "api": _pid_running(launcher.pid, "intake_api.main:app"),
            }
            rasa = _pid_running(launcher.pid, "run", "--enable-api")
            yield Bot(name, url, rasa, model, ours_conversation, here.rasa_token, others)
        finally:
            launcher.send_signal(signal.SIGTERM)  # the launcher stops its processes' groups
            try:
                launcher.wait(60)
            except subprocess.TimeoutExpired:
                launcher.kill()
                launcher.wait(5)


def _wait_for_rasa(
    process: subprocess.Popen[bytes], url: str, params: dict[str, str], timeout_s: float, what: str, log: str
) -> None:
    """Until the Rasa server at `url` answers /status; an error if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}); see {log}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/status", params=params, timeout=2).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start")
        time.sleep(0.5)


class NoReply(Exception):
    """The bot sent nothing back."""


# -- the client -------------------------------------------------------------
async def _say(client: httpx.AsyncClient, bot: Bot, sender: str, text: str) -> float:
    start = time.perf_counter()
    response = await client.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
    response.raise_for_status()
    if not response.json():  # Rasa answers 200 with no messages when handling the message failed
        raise NoReply(text)
    return (time.perf_counter() - start) * 1000


async def load_run(bot: Bot, concurrency: int, seconds: float) -> dict[str, Any]:
    """`concurrency` residents, each in one five-message conversation after another, for `seconds`."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(10**9))
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency + 4)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        start = time.perf_counter()
        deadline = start + seconds

        async def resident() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sender = f"cost-{uuid.uuid4()}"
                for text in bot.conversation(next(counter)):
                    if time.perf_counter() >= deadline:
                        return
                    try:
                        latencies.append(await _say(client, bot, sender, text))
                    except (httpx.HTTPError, NoReply):
                        errors += 1

        await asyncio.gather(*(resident() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {
        "concurrency": concurrency,
        "messages": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 1),
        "msg_per_s": round(len(latencies) / elapsed, 2),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "load_after": load_average(),
    }


async def long_conversation(bot: Bot, turns: int = 100) -> dict[str, Any]:
    sender = f"long-{uuid.uuid4()}"
    texts = [t for i in range(turns // 5 + 1) for t in bot.conversation(i)][:turns]
    async with httpx.AsyncClient(timeout=60) as client:
        times = [await _say(client, bot, sender, text) for text in texts]
        params = {"token": bot.token} if bot.token else {}
        tracker = (await client.get(f"{bot.url}/conversations/{sender}/tracker", params=params)).json()
    first, last = statistics.median(times[:10]), statistics.median(times[-10:])
    return {
        "turn_5_ms": round(times[4], 1),
        "turn_100_ms": round(times[-1], 1),
        "median_turns_1_10_ms": round(first, 1),
        "median_turns_91_100_ms": round(last, 1),
        "ratio": round(last / first, 2),
        "tracker_events": len(tracker.get("events") or []),
        "times_ms": [round(t, 1) for t in times],
    }


async def warm_up(bot: Bot) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for i in range(2):
            sender = f"warm-{uuid.uuid4()}"
            for text in bot.conversation(i):
                await _say(client, bot, sender, text)


# -- the report ---------------------------------------------------------------
def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def ratios(result: dict[str, Any]) -> dict[str, Any]:
    bots = result["bots"]
    ours = bots["ours"]
    out: dict[str, Any] = {}
    for other in [n for n in bots if n != "ours"]:
        o = bots[other]
        out[f"ours/{other}"] = {
            **{
                f"msg_per_s_at_{r['concurrency']}": _ratio(r["msg_per_s"], o["runs"][i]["msg_per_s"])
                for i, r in enumerate(ours["runs"])
            },
            **{
                f"p95_at_{r['concurrency']}": _ratio(r["p95_ms"], o["runs"][i]["p95_ms"])
                for i, r in enumerate(ours["runs"])
            },
            "rss": _ratio(ours["rss_mb"], o["rss_mb"]),
            "model_size": _ratio(ours["model_mb"], o["model_mb"]),
            "turn_growth": _ratio(ours["long"]["ratio"], o["long"]["ratio"]),
        }
    return out


def targets(result: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    bots, r = result["bots"], result["ratios"]
    at8 = next(x for x in bots["ours"]["runs"] if x["concurrency"] == 8)
    rows: list[tuple[str, str, str, bool | None]] = []
    olds = [n for n in bots if n not in ("ours", "rasa-init")]
    for old in olds:
        v = r[f"ours/{old}"]["msg_per_s_at_8"]
        rows.append((f"msg/s at 8 clients vs {old}", f"≥ {TARGETS['vs_old_at_8']}×", f"{v}×", v is not None and v >= 2))
    if not olds:
        rows.append(("msg/s at 8 clients vs the old DIET model", "≥ 2×", "not measured (no --model)", None))
    v = r["ours/rasa-init"]["msg_per_s_at_8"]
    rows.append(
        ("msg/s at 8 clients vs rasa-init", f"≥ {TARGETS['vs_init_at_8']}×", f"{v}×", v is not None and v >= 1.5)
    )
    rows.append(("p95 at 8 clients", f"≤ {TARGETS['p95_at_8_ms']} ms", f"{at8['p95_ms']} ms", at8["p95_ms"] <= 300))
    rss = bots["ours"]["rss_mb"]
    rows.append(("RSS of the Rasa process", f"≤ {TARGETS['rss_mb']} MiB", f"{rss} MiB", rss <= 1200))
    size = bots["ours"]["model_mb"]
    rows.append(("model size", f"≤ {TARGETS['model_mb']} MB", f"{size} MB", size <= 120))
    growth = bots["ours"]["long"]["ratio"]
    rows.append(("turns 91–100 / turns 1–10", f"≤ {TARGETS['turns']}×", f"{growth}×", growth <= 1.3))
    return rows


def markdown(result: dict[str, Any]) -> str:
    bots = result["bots"]
    lines = [
        "# Cost per message: our bot against Rasa's `rasa init` bot",
        "",
        f"Command: `{result['command']}` ({result['date']}, revision {result['revision']}), {result['seconds']} s",
        "per bot and concurrency, the bots measured in turn at each concurrency. Machine: 2 cores shared with",
        "other work, and the client runs on it too; 1-minute load average "
        f"{result['load_before']} before, {result['load_after']} after (after each run: in the table).",
        "Latency: one REST message, send to reply. Ours: five-message conversations (greet, a service",
        'question, the "Ja"/"Nei" button (or a typed answer), a service question, thanks) through Rasa,',
        "the action server and the intake API with the SQLite tracker store (`make run`); rasa-init:",
        "hi / I am sad / yes / great / bye, in-memory tracker store, no action server. Every reply is",
        "checked: an empty one (Rasa failed to handle the message) counts as an error.",
        "",
        "| bot | model | clients | messages | errors or empty replies | msg/s | p50 ms | p95 ms | load after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, b in bots.items():
        for r in b["runs"]:
            lines.append(
                f"| {name} | {b['model_mb']} MB | {r['concurrency']} | {r['messages']} | {r['errors']} "
                f"| {r['msg_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['load_after']} |"
            )
    lines += [
        "",
        "| bot | RSS of the Rasa process (after the runs) | other processes | 100 turns: turn 5 / turn 100 ms "
        "| median turns 1–10 / 91–100 ms | ratio | tracker events after 100 turns |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, b in bots.items():
        lg = b["long"]
        others = ", ".join(f"{k} {v} MiB" for k, v in b.get("other_rss_mb", {}).items()) or "–"
        lines.append(
            f"| {name} | {b['rss_mb']} MiB | {others} | {lg['turn_5_ms']} / {lg['turn_100_ms']} "
            f"| {lg['median_turns_1_10_ms']} / {lg['median_turns_91_100_ms']} | {lg['ratio']} "
            f"| {lg['tracker_events']} |"
        )
    lines += ["", "Ratios (ours / other; msg/s above 1 is better, everything else below 1):", ""]
    lines += ["| ratio | " + " | ".join(result["ratios"]) + " |", "|---|" + "---|" * len(result["ratios"])]
    keys = next(iter(result["ratios"].values())).keys()
    for k in keys:
        lines.append(f"| {k} | " + " | ".join(str(v[k]) for v in result["ratios"].values()) + " |")
    lines += ["", "Targets of the issue:", "", "| target | wanted | measured | met |", "|---|---|---|---|"]
    for what, wanted, got, met in targets(result):
        lines.append(f"| {what} | {wanted} | {got} | {'–' if met is None else ('yes' if met else 'no')} |")
    lines.append("")
    return "\n".join(lines)


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{'bot':12} {'clients':>7} {'msgs':>6} {'err':>4} {'msg/s':>7} {'p50':>7} {'p95':>7} {'load':>5}")
    for name, b in result["bots"].items():
        for r in b["runs"]:
            print(
                f"{name:12} {r['concurrency']:>7} {r['messages']:>6} {r['errors']:>4} {r['msg_per_s']:>7} "
                f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['load_after']:>5}"
            )
    for name, b in result["bots"].items():
        lg = b["long"]
        print(
            f"{name:12} RSS {b['rss_mb']} MiB, model {b['model_mb']} MB; 100 turns: turn 5 {lg['turn_5_ms']} ms, "
            f"turn 100 {lg['turn_100_ms']} ms, median 1-10 {lg['median_turns_1_10_ms']} / 91-100 "
            f"{lg['median_turns_91_100_ms']} ms (x{lg['ratio']}), {lg['tracker_events']} events"
        )
    for pair, values in result["ratios"].items():
        print(f"{pair}: " + ", ".join(f"{k} {v}" for k, v in values.items()))
    for what, wanted, got, met in targets(result):
        print(f"target {what}: {wanted}, measured {got}{'' if met is None else (' ✓' if met else ' ✗')}")


async def measure(bots: list[Bot], seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {b.name: {"runs": []} for b in bots}
    for bot in bots:
        await warm_up(bot)
    for concurrency in CONCURRENCY:
        for bot in bots:
            print(f"  {bot.name}: {concurrency} clients for {seconds:.0f} s …", flush=True)
            out[bot.name]["runs"].append(await load_run(bot, concurrency, seconds))
    for bot in bots:
        out[bot.name]["rss_mb"] = rss_mb(bot.pid)
        out[bot.name]["other_rss_mb"] = {k: rss_mb(p) for k, p in bot.other_pids.items()}
        out[bot.name]["model"] = str(bot.model)
        out[bot.name]["model_mb"] = round(bot.model.stat().st_size / 1e6, 1)
        out[bot.name]["model_sha256"] = hashlib.sha256(bot.model.read_bytes()).hexdigest()[:12]
    for bot in bots:
        print(f"  {bot.name}: 100-turn conversation …", flush=True)
        out[bot.name]["long"] = await long_conversation(bot)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--model", action="append", default=[], metavar="PATH[=CHECKOUT]",
        help="another model of our bot (repeat); =CHECKOUT serves it with that checkout's code, for a model "
        "trained at another revision (e.g. /tmp/before/before.tar.gz=/tmp/oldtree)",
    )  # fmt: skip
    parser.add_argument("--no-write", action="store_true", help="print only (for a trial run)")
    args = parser.parse_args()
    bot_venv = StackConfig().bot_venv
    result: dict[str, Any] = {
        "command": "python -m bench.cost_per_message " + " ".join(sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "revision": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "seconds": args.seconds,
        "cores": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as running:
        base = Path(tmp)
        print("starting the bots …", flush=True)
        started = time.monotonic()
        bots = [running.enter_context(our_stack("ours", REPO_ROOT / "models" / "innbygger.tar.gz", base / "ours"))]
        for spec in args.model:
            path_text, _, tree = spec.partition("=")
            path = Path(path_text).resolve()
            name = path.name.removesuffix(".tar.gz")
            if tree:
                bots.append(running.enter_context(tree_stack(name, path, Path(tree).resolve(), base / name)))
            else:
                bots.append(running.enter_context(our_stack(name, path, base / name)))
        bots.append(running.enter_context(init_server(bot_venv, base)))
        print(f"  all up in {time.monotonic() - started:.0f} s", flush=True)
        result["load_before"] = load_average()
        result["bots"] = asyncio.run(measure(bots, args.seconds))
        result["load_after"] = load_average()
    result["ratios"] = ratios(result)
    for b in result["bots"].values():
        b["long"]["times_ms"] = b["long"].pop("times_ms")  # the long list last in the file
    print_table(result)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "cost-per-message.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "cost-per-message.md").write_text(markdown(result))
        print("wrote bench/results/cost-per-message.{json,md}")


if __name__ == "__main__":
    main()

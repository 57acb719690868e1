"""Faults while residents talk, at full length: one Rasa replica killed, PostgreSQL restarted,
the intake API stopped for a minute. The outcome of each is measured and checked.

    .venv/app/bin/python -m bench.load_faults --rate 6 --api-stop-seconds 60

Starts its own production set (2 Rasa replicas, 2 action servers, 2 intake APIs, nginx,
PostgreSQL, Redis). For each fault: residents (bench/load_residents.py) arrive at --rate
messages per second for the whole phase, the fault strikes --before seconds in, and the
report gives the failed messages (each was sent again by its resident), when the last one
happened after the fault, the latency before/during/after, whether every conversation
finished with its state intact, and whether every submission is stored exactly once.
PostgreSQL is restarted with `pg_ctlcluster --skip-systemctl-redirect <version> main restart`
and is started again if it is not running at the end. Results: bench/results/faults.json, .md.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg

from bench.load_residents import (
    LoadGenerator,
    git_revision,
    machine_state,
    outcome_of_residents,
    summarize,
    write_results,
)
from devtools.production.isolated import isolated_stack
from devtools.production.stack import ProductionStack

PG_VERSION = next(iter(sorted(p.name for p in Path("/etc/postgresql").glob("*"))), "15")


def postgres_ready() -> bool:
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2) as db:
            db.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def ensure_postgres_running() -> None:
    if not postgres_ready():
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "start"], check=False)
    deadline = time.monotonic() + 60
    while not postgres_ready() and time.monotonic() < deadline:
        time.sleep(0.5)


async def phase(
    stack: ProductionStack,
    name: str,
    args: argparse.Namespace,
    fault: Callable[[LoadGenerator], Awaitable[dict[str, Any]]],
    seconds: float,
    mix: dict[str, float] | None = None,
) -> dict[str, Any]:
    generator = LoadGenerator(stack.config.public_url, mix=mix, seed=args.seed, timeout_s=30)
    load = asyncio.create_task(generator.run([(args.rate, seconds)], grace_s=90))
    await asyncio.sleep(args.before)
    struck = generator.now()
    details = await fault(generator)
    recovered = generator.now()
    await load
    # Queued submissions: give the outboxes time to deliver.
    deadline = time.monotonic() + 60
    while stack.outbox_counts()["queued"] and time.monotonic() < deadline:
        await asyncio.sleep(1)
    failures = [s for s in generator.samples if s.outcome != "ok"]
    references = generator.references()
    counts = stack.stored_reference_counts(references) if references else {}
    return {
        "fault": name,
        "struck_at_s": round(struck, 1),
        "fault_over_at_s": round(recovered, 1),
        **details,
        "before": summarize(generator.samples, 0, struck),
        "during_and_10_s_after": summarize(generator.samples, struck, recovered + 10),
        "after": summarize(generator.samples, recovered + 10, seconds),
        "failed_messages": len(failures),
        "failure_kinds": {k: sum(s.outcome == k for s in failures) for k in sorted({s.outcome for s in failures})},
        "last_failure_after_fault_s": round(max((s.t for s in failures), default=struck) - struck, 1),
        "residents": outcome_of_residents(generator.residents),
        "derailed_examples": [r.derailed for r in generator.residents if r.derailed][:3],
        "submissions": len(references),
        "stored_exactly_once": sum(n == 1 for n in counts.values()),
        "not_exactly_once": {ref: n for ref, n in counts.items() if n != 1},
        "outbox_at_end": stack.outbox_counts(),
    }


async def run(stack: ProductionStack, args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []

    async def kill_replica(generator: LoadGenerator) -> dict[str, Any]:
        in_flight = await generator.wait_for_messages_in_flight(2)
        stack.kill("rasa-1")  # at once: while those messages are being answered
        return {"killed": "rasa-1", "messages_in_flight_at_kill": in_flight}

    results.append(await phase(stack, "kill one Rasa replica (SIGKILL)", args, kill_replica, args.phase_seconds))
    started = time.monotonic()
    await asyncio.to_thread(stack.restart, "rasa-1")
    results[-1]["replica_restart_s"] = round(time.monotonic() - started, 1)

    async def restart_postgres(generator: LoadGenerator) -> dict[str, Any]:
        started = time.monotonic()
        try:
            await asyncio.to_thread(
                subprocess.run, ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "restart"],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        finally:
            await asyncio.to_thread(ensure_postgres_running)
        return {"postgres_restart_s": round(time.monotonic() - started, 1)}

    results.append(await phase(stack, "restart PostgreSQL", args, restart_postgres, args.phase_seconds))

    async def stop_api(generator: LoadGenerator) -> dict[str, Any]:
        apis = [n for n in stack.names() if n.startswith("api-")]
        for name in apis:
            await asyncio.to_thread(stack.stop, name)
        await asyncio.sleep(args.api_stop_seconds)
        queued = stack.outbox_counts()["queued"]
        started = time.monotonic()
        await asyncio.to_thread(stack.restart, *apis)
        return {
            "api_stopped_s": args.api_stop_seconds,
            "queued_when_restarting": queued,
            "api_restart_s": round(time.monotonic() - started, 1),
        }

    mix = {"feedback_nb": 0.4, "feedback_nn": 0.2, "feedback_en": 0.2, "message": 0.2}
    seconds = args.before + args.api_stop_seconds + 20
    results.append(
        await phase(stack, f"stop the intake API for {args.api_stop_seconds:g} s", args, stop_api, seconds, mix)
    )
    return results


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Faults under load",
        "",
        f"Command: `{result['command']}`",
        f"Revision: {result['revision']}; {result['machine_before']['cpus']} cores; load average (1/5/15 min) "
        f"before {result['machine_before']['loadavg_1_5_15']}, after {result['machine_after']['loadavg_1_5_15']}; "
        f"{result['machine_before']['time']}. Offered load {result['rate']} msg/s.",
        "",
    ]
    for p in result["phases"]:
        d, a = p["during_and_10_s_after"], p["after"]
        extra = {k: v for k, v in p.items() if k.endswith(("_s", "_restarting", "killed", "_at_kill")) and k not in (
            "struck_at_s", "fault_over_at_s", "last_failure_after_fault_s")}  # fmt: skip
        lines += [
            f"## {p['fault']}",
            "",
            f"- details: {extra}",
            f"- failed messages (each sent again by its resident): {p['failed_messages']} {p['failure_kinds'] or ''};"
            f" last failure {p['last_failure_after_fault_s']} s after the fault struck",
            f"- p95 before / during+10 s / after: {p['before']['p95_ms']} / {d['p95_ms']} / {a['p95_ms']} ms;"
            f" max during: {d['max_ms']} ms",
            f"- conversations: {p['residents']} (derailed = lost state: {p['residents']['derailed']})",
            f"- submissions: {p['submissions']}, stored exactly once: {p['stored_exactly_once']}"
            f"{'' if not p['not_exactly_once'] else ', NOT: ' + str(p['not_exactly_once'])};"
            f" outbox at the end: {p['outbox_at_end']}",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=6.0, help="offered messages per second")
    parser.add_argument("--before", type=float, default=15.0, help="seconds of load before each fault")
    parser.add_argument("--phase-seconds", type=float, default=60.0)
    parser.add_argument("--api-stop-seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    command = "python -m bench.load_faults " + " ".join(argv if argv is not None else sys.argv[1:])
    before = machine_state()
    try:
        with isolated_stack(purpose="faults") as stack:
            phases = asyncio.run(run(stack, args))
    finally:
        ensure_postgres_running()
    result = {
        "command": command, "revision": git_revision(), "rate": args.rate, "phases": phases,
        "machine_before": before, "machine_after": machine_state(),
    }  # fmt: skip
    text = markdown(result)
    path = write_results("faults", result, text)
    print(text)
    print(f"written: {path}")
    ok = all(not p["residents"]["derailed"] and not p["not_exactly_once"] for p in phases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

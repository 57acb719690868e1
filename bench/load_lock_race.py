"""Concurrent messages of one conversation on two Rasa replicas: Rasa's stock Redis lock store
against AtomicRedisLockStore (devtools/production/rasa_lock_store.py).

    .venv/app/bin/python -m bench.load_lock_race --conversations 40

For each lock store: a production set with 2 Rasa replicas; in every conversation six messages
are sent at once, alternately to both replicas; then the tracker is read back. A conversation
is "broken" when a user message is missing or two turns interleave (a user message before the
previous turn ended), "hung" when a message got no answer within 60 s.
Results: bench/results/lock-race.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.load_residents import git_revision, machine_state, write_results
from devtools.production.config import ENDPOINTS_FILE
from devtools.production.isolated import isolated_stack
from devtools.production.stack import ProductionStack

MESSAGES = ["hei", "når er biblioteket åpent", "takk", "hei igjen", "hvordan søker jeg barnehageplass", "ha det"]
STOCK = "type: redis"
ATOMIC = "type: devtools.production.rasa_lock_store.AtomicRedisLockStore"


def broken(events: list[str]) -> bool:
    users = [i for i, e in enumerate(events) if e == "user"]
    if len(users) != len(MESSAGES):
        return True
    return any(
        "action:action_listen" not in events[a + 1 : b] for a, b in zip(users, [*users[1:], len(events)], strict=True)
    )


async def burst(stack: ProductionStack, conversations: int) -> dict[str, Any]:
    replicas = [stack.url_of("rasa-1"), stack.url_of("rasa-2")]

    async def one(client: httpx.AsyncClient) -> str:
        sender = f"race-{uuid.uuid4().hex}"
        try:
            await asyncio.gather(
                *(
                    client.post(f"{replicas[i % 2]}/webhooks/rest/webhook", json={"sender": sender, "message": m})
                    for i, m in enumerate(MESSAGES)
                )
            )
        except httpx.TimeoutException:
            return "hung"  # a message never got its turn (a ticket lost from the lock)
        tracker = await client.get(
            f"{stack.config.rasa_api_url}/conversations/{sender}/tracker", params={"token": stack.config.rasa_token}
        )
        events = [e["event"] if e["event"] != "action" else f"action:{e['name']}" for e in tracker.json()["events"]]
        return "broken" if broken(events) else "ok"

    async with httpx.AsyncClient(timeout=60) as client:
        results: list[str] = []
        for _ in range(0, conversations, 10):  # ten conversations at a time
            results += await asyncio.gather(*(one(client) for _ in range(min(10, conversations - len(results)))))
    return {"conversations": conversations, "broken": results.count("broken"), "hung": results.count("hung")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=40)
    args = parser.parse_args(argv)
    command = "python -m bench.load_lock_race " + " ".join(argv if argv is not None else sys.argv[1:])
    before = machine_state()
    text = ENDPOINTS_FILE.read_text(encoding="utf-8")
    assert ATOMIC in text
    outcome: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, lock_type in [("stock RedisLockStore", STOCK), ("AtomicRedisLockStore", ATOMIC)]:
            endpoints = Path(folder) / f"endpoints-{len(outcome)}.yml"
            endpoints.write_text(text.replace(ATOMIC, lock_type), encoding="utf-8")
            with isolated_stack(purpose="race", endpoints_file=endpoints) as stack:
                outcome[label] = asyncio.run(burst(stack, args.conversations))
    result = {"command": command, "revision": git_revision(), "machine_before": before,
              "machine_after": machine_state(), "outcome": outcome}  # fmt: skip
    lines = [
        "# Concurrent messages of one conversation on two replicas",
        "",
        f"Command: `{command}`",
        f"Revision: {result['revision']}; load average before {before['loadavg_1_5_15']}, "
        f"after {result['machine_after']['loadavg_1_5_15']}; {before['time']}.",
        "",
        "| lock store | conversations (6 simultaneous messages each) | broken (lost or interleaved turns) |"
        " hung (a message never answered, 60 s) |",
        "|---|---|---|---|",
        *[f"| {label} | {o['conversations']} | {o['broken']} | {o['hung']} |" for label, o in outcome.items()],
        "",
    ]
    path = write_results("lock-race", result, "\n".join(lines))
    print("\n".join(lines))
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

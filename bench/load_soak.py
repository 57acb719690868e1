"""Soak: residents at a steady rate for ten minutes, memory of every process sampled throughout.

    .venv/app/bin/python -m bench.load_soak --rasa-replicas 2 --rate 8 --minutes 10

Starts its own production set (bench/load_residents.py's residents, PostgreSQL, Redis, nginx),
samples the resident memory (RSS, with children) of each process every 15 s, and reports per
process the memory after the first minute (warm-up), at the end, the maximum and the trend
(least-squares slope over the samples after the warm-up, in MiB per 10 minutes), next to the
latency and error figures of each minute. Bounded by --minutes and --max-messages.
Results: bench/results/soak-<replicas>-replica(s).json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from typing import Any

from bench.load_residents import (
    LoadGenerator,
    cpu_seconds_self,
    git_revision,
    machine_state,
    outcome_of_residents,
    summarize,
    write_results,
)
from devtools.production.isolated import isolated_stack
from devtools.production.stack import ProductionStack


def slope_per_10_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) points, in MiB per 600 s."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_m = sum(m for _, m in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return 0.0
    return sum((t - mean_t) * (m - mean_m) for t, m in points) / var * 600


async def soak(stack: ProductionStack, args: argparse.Namespace) -> dict[str, Any]:
    seconds = args.minutes * 60
    generator = LoadGenerator(
        stack.config.public_url, socket_share=args.socket_share, seed=args.seed, max_messages=args.max_messages
    )
    memory: list[dict[str, Any]] = []
    done = asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            memory.append(
                {
                    "t": round(generator.now(), 1),
                    "loadavg_1": round(os.getloadavg()[0], 2),
                    "rss_mib": {k: round(v, 1) for k, v in stack.rss_mib().items()},
                }
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), args.sample_seconds)

    cpu_before = cpu_seconds_self()
    sampler = asyncio.create_task(sample())
    await generator.run([(args.rate, seconds)], grace_s=30)
    done.set()
    await sampler
    warm = args.warmup_seconds
    processes: dict[str, dict[str, float]] = {}
    for name in memory[0]["rss_mib"]:
        points = [(m["t"], m["rss_mib"][name]) for m in memory if m["t"] >= warm and name in m["rss_mib"]]
        if not points:
            continue
        values = [v for _, v in points]
        processes[name] = {
            "after_warmup_mib": values[0],
            "end_mib": values[-1],
            "max_mib": max(values),
            "slope_mib_per_10_min": round(slope_per_10_min(points), 1),
        }
    minutes = [
        {"minute": i + 1, **summarize(generator.samples, i * 60, (i + 1) * 60)} for i in range(int(args.minutes))
    ]
    return {
        "rate_offered_msgs_per_s": args.rate,
        "overall": summarize(generator.samples, 0, seconds),
        "minutes": minutes,
        "memory": processes,
        "memory_samples": memory,
        "residents": outcome_of_residents(generator.residents),
        "load_generator_cpu_s": round(cpu_seconds_self() - cpu_before, 1),
    }


def markdown(result: dict[str, Any]) -> str:
    o = result["overall"]
    lines = [
        f"# Soak: {result['replicas']} Rasa replica(s), {result['rate_offered_msgs_per_s']} msg/s offered, "
        f"{result['minutes_run']} minutes",
        "",
        f"Command: `{result['command']}`",
        f"Revision: {result['revision']}; {result['machine_before']['cpus']} cores; load average (1/5/15 min) "
        f"before {result['machine_before']['loadavg_1_5_15']}, after {result['machine_after']['loadavg_1_5_15']}; "
        f"{result['machine_before']['time']}.",
        "",
        f"Overall: {o['msgs_per_s']} msg/s answered, p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms, "
        f"p99 {o['p99_ms']} ms, error rate {o['error_rate']:.2%} {o['errors'] or ''}; residents {result['residents']}.",
        "",
        "| process | RSS after 1 min (MiB) | RSS at end | max | trend (MiB / 10 min) |",
        "|---|---|---|---|---|",
    ]
    for name, m in result["memory"].items():
        lines.append(
            f"| {name} | {m['after_warmup_mib']} | {m['end_mib']} | {m['max_mib']} | {m['slope_mib_per_10_min']} |"
        )
    lines += ["", "| minute | msg/s | p50 ms | p95 ms | p99 ms | errors | load avg (1 min) |", "|---" * 7 + "|"]
    loads = {int(m["t"] // 60): m["loadavg_1"] for m in result["memory_samples"]}
    for m in result["minutes"]:
        lines.append(
            f"| {m['minute']} | {m['msgs_per_s']} | {m['p50_ms']} | {m['p95_ms']} | {m['p99_ms']} | "
            f"{m['errors'] or '–'} | {loads.get(m['minute'] - 1, '')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-replicas", type=int, default=2)
    parser.add_argument("--rate", type=float, default=8.0, help="offered messages per second")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--socket-share", type=float, default=0.3)
    parser.add_argument("--sample-seconds", type=float, default=15.0)
    parser.add_argument("--warmup-seconds", type=float, default=60.0)
    parser.add_argument("--max-messages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    command = "python -m bench.load_soak " + " ".join(argv if argv is not None else sys.argv[1:])
    before = machine_state()
    with isolated_stack(rasa_replicas=args.rasa_replicas, purpose="soak") as stack:
        result = asyncio.run(soak(stack, args))
    result.update(
        command=command, revision=git_revision(), replicas=args.rasa_replicas, minutes_run=args.minutes,
        machine_before=before, machine_after=machine_state(),
    )  # fmt: skip
    name = f"soak-{args.rasa_replicas}-replica{'s' if args.rasa_replicas > 1 else ''}"
    text = markdown(result)
    path = write_results(name, result, text)
    print(text)
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

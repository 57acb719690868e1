"""Resident-visible round-trip time of one chat message through the real stack.

    .venv/app/bin/python -m bench.roundtrip [--messages 20] [--model A.tar.gz --model B.tar.gz]

Starts the intake API, action server and Rasa server on free ports (like the
end-to-end tests), then sends messages through Rasa's REST channel, each in a
new conversation ("hei", then a service question), and prints the median and
p95 of the service-question round trip in milliseconds. With several --model options the
models are measured one after the other in the same run, for a fair comparison on a noisy machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from devtools.stack import REPO_ROOT, Stack, StackConfig
from tests.e2e.conftest import free_port

QUESTIONS = [
    "når blir søpla hentet?",
    "hvordan søker jeg barnehageplass",
    "må jeg søke for å bygge en terrasse?",
    "kva kostar sfo",
    "når er biblioteket åpent",
]


def measure(model: Path, messages: int) -> list[float]:
    """Round-trip times in ms of `messages` service questions, each in a new conversation."""
    with tempfile.TemporaryDirectory() as data:
        config = StackConfig(
            rasa_port=free_port(), action_port=free_port(), api_port=free_port(),
            data_dir=Path(data), model=model, log_dir=Path(data) / "logs",
        )  # fmt: skip
        with Stack(config) as stack, httpx.Client(timeout=30) as client:
            url = f"{stack.config.rasa_url}/webhooks/rest/webhook"
            timings = []
            for i in range(messages):
                sender = f"bench-{uuid.uuid4()}"
                client.post(url, json={"sender": sender, "message": "hei"}).raise_for_status()
                start = time.perf_counter()
                reply = client.post(url, json={"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]})
                timings.append((time.perf_counter() - start) * 1000)
                reply.raise_for_status()
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--model", type=Path, action="append", help="a trained model (repeat to compare)")
    args = parser.parse_args()
    for model in args.model or [REPO_ROOT / "models" / "innbygger.tar.gz"]:
        timings = measure(model, args.messages)
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        median = statistics.median(timings)
        print(f"{model}: messages {len(timings)}  median {median:.0f} ms  p95 {p95:.0f} ms  max {timings[-1]:.0f} ms")


if __name__ == "__main__":
    main()

"""`python -m devtools.production run` starts the production topology (`make run-production`).

    python -m devtools.production run            # nginx, 2 Rasa, 2 action servers, 2 APIs; Ctrl-C, SIGTERM, SIGHUP stop
    python -m devtools.production render-nginx   # the nginx configuration for this machine
    python -m devtools.production render-nginx --compose > deploy/compose/nginx.conf

Settings come from the environment (README, "Production"). Secrets not set are generated
for this one run and printed once: set them in the environment to keep them.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

from devtools.stack import SignalGuard, StopRequested, stop_on_signals

from .config import ProductionConfig
from .nginx import compose_layout, layout_for, render
from .stack import ProductionStack


def run() -> int:
    config = ProductionConfig.from_env()
    generated = config.generate_missing_secrets()
    stack = ProductionStack(config)
    print(
        f"Starter Innbyggerdialog i produksjonsoppsett: {config.rasa_replicas} Rasa, "
        f"{config.action_replicas} action servers, {config.api_replicas} intake APIs behind nginx …",
        flush=True,
    )
    if generated:
        print("Not set in the environment, generated for this run only (set them to keep them):", flush=True)
        for name in generated:
            print(f"  {name}={config.secrets[name]}", flush=True)
    with stop_on_signals() as signals:  # SIGTERM and SIGHUP stop everything, as Ctrl-C does
        try:
            stack.start()
        except StopRequested:  # during start-up: start() has stopped what it started
            with contextlib.suppress(OSError):
                print("\nStopping …", flush=True)
            return 0
        return _serve(stack, config, signals)


def _serve(stack: ProductionStack, config: ProductionConfig, signals: SignalGuard) -> int:
    c = config
    try:
        print(
            "\nAlt kjører. Everything is up:\n"
            f"  Demo page with the chat widget:  http://localhost:{c.public_port}/\n"
            f"  Intake API docs:                 http://localhost:{c.public_port}/docs\n"
            f"  Chat (REST, socket.io):          http://localhost:{c.public_port}/webhooks/rest/webhook, /socket.io/\n"
            f"  Rasa HTTP API (token):           {c.rasa_api_url}  (internal)\n"
            f"  Tracker store:                   postgresql://{c.tracker_db_host}:{c.tracker_db_port}/{c.tracker_db_name}\n"
            f"  Lock store, rate limits:         redis://{c.redis_host}:{c.redis_port}/{c.redis_db}\n"
            f"  Logs:                            {c.log_dir}/\n"
            "Press Ctrl-C to stop all.\n",
            flush=True,
        )
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        print(f"{', '.join(dead)} stopped unexpectedly; stopping the rest.", file=sys.stderr)
        return 1
    except StopRequested:
        with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
            print("\nStopping …", flush=True)
        return 0
    finally:
        signals.quiet()
        stack.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.production", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the production topology on this machine")
    render_parser = sub.add_parser("render-nginx", help="print the nginx configuration")
    render_parser.add_argument("--compose", action="store_true", help="for deploy/compose (service names)")
    args = parser.parse_args(argv)
    if args.command == "render-nginx":
        layout = compose_layout() if args.compose else layout_for(ProductionConfig.from_env())
        sys.stdout.write(render(layout))
        return 0
    return run()


if __name__ == "__main__":
    sys.exit(main())

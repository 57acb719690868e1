"""A production set of its own, for tests and benchmarks that share this machine with others.

Fresh PostgreSQL databases with unique names (dropped afterwards), a Redis database number
of its own (INNBYGGER_TEST_REDIS_DB, default 12) with a unique lock-key prefix (its keys
deleted afterwards), a free block of loopback ports, throw-away secrets and a work folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import ProductionConfig
from .stack import ProductionStack

PORT_BLOCK = 40  # the public port is base + 3; replicas from base + 10, + 20, + 30


def free_port_block(size: int = PORT_BLOCK, host: str = "127.0.0.1") -> int:
    """A base port such that base .. base + size - 1 are all free now."""
    rng = secrets.SystemRandom()
    for _ in range(200):
        base = rng.randrange(20000, 60000 - size)
        sockets: list[socket.socket] = []
        try:
            for port in range(base, base + size):
                s = socket.socket()
                sockets.append(s)
                s.bind((host, port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free block of loopback ports")


def _admin_url(config: ProductionConfig) -> str:
    password = f":{config.tracker_db_password}" if config.tracker_db_password else ""
    host, port = config.tracker_db_host, config.tracker_db_port
    return f"postgresql://{config.tracker_db_user}{password}@{host}:{port}/postgres"


def drop_databases(config: ProductionConfig, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(_admin_url(config), autocommit=True, connect_timeout=10) as db:
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_redis_keys(config: ProductionConfig, patterns: list[str]) -> int:
    import redis

    client = redis.Redis(
        host=config.redis_host, port=config.redis_port, db=config.redis_db, password=config.redis_password or None
    )
    deleted = 0
    try:
        for pattern in patterns:
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                deleted += int(client.delete(*keys))
    finally:
        client.close()
    return deleted


@contextlib.contextmanager
def isolated_stack(
    rasa_replicas: int = 2,
    action_replicas: int = 2,
    api_replicas: int = 2,
    purpose: str = "test",
    workdir: Path | None = None,
    start: bool = True,
    **overrides: Any,
) -> Iterator[ProductionStack]:
    token = secrets.token_hex(4)
    base = free_port_block()
    tracker_db, intake_db = f"idlg_{purpose}_{token}_tracker", f"idlg_{purpose}_{token}_intake"
    with contextlib.ExitStack() as cleanup:
        if workdir is None:
            workdir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix=f"idlg-{purpose}-")))
        config = ProductionConfig.from_env(
            {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "INTAKE_", "INNBYGGER_"))},
            rasa_replicas=rasa_replicas,
            action_replicas=action_replicas,
            api_replicas=api_replicas,
            port_base=base,
            public_port=base + 3,
            workdir=workdir,
            tracker_db_name=tracker_db,
            intake_database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{intake_db}",
            redis_db=int(os.environ.get("INNBYGGER_TEST_REDIS_DB", "12")),
            lock_prefix=f"idlg{purpose}{token}",
            **overrides,
        )
        config.generate_missing_secrets()
        stack = ProductionStack(config)
        cleanup.callback(delete_redis_keys, config, [f"{config.lock_prefix}:*"])
        cleanup.callback(drop_databases, config, [tracker_db, intake_db])
        cleanup.callback(stack.stop)
        if start:
            stack.start()
        yield stack

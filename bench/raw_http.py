"""A minimal keep-alive HTTP/1.1 client on asyncio streams, for load generation.

httpx spends more CPU per request than the servers under test once a hundred connections
are open on a two-core machine, which then measures the client. This client does only
what the benchmark needs: one connection per simulated client, requests with a JSON body,
responses with Content-Length.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class Connection:
    """One persistent connection to host:port."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> int:
        """POST and read the whole response; returns the status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        payload = json.dumps(body).encode()
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Content-Type: application/json",
                f"Content-Length: {len(payload)}", *(f"{k}: {v}" for k, v in headers.items())]  # fmt: skip
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        await self.writer.drain()
        assert self.reader is not None
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length:
            await self.reader.readexactly(length)
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()

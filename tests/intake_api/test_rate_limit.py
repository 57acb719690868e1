"""Rate limits on submitting and on the public endpoints: in memory, or shared through Redis."""

from __future__ import annotations

import socket
import uuid

import pytest

from tests.app_fixtures import BOT, KEYS

from .helpers import VALID_FEEDBACK, new_key, submit

REDIS = ("127.0.0.1", 6379)


def redis_running() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(REDIS) == 0


def test_public_status_is_limited_per_address(make_client):
    client = make_client(rate_limit_public="3/minute")
    codes = [client.get("/api/v1/status/SKA-ABCDEF").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    limited = client.get("/api/v1/status/SKA-ABCDEF")
    assert int(limited.headers["Retry-After"]) >= 1
    assert "too many requests" in limited.json()["detail"]
    # The bot asks for many residents from one address: keyed callers have their own, higher limit.
    assert client.get("/api/v1/status/SKA-ABCDEF", headers=BOT).status_code == 404


def test_submitting_is_limited_per_key(make_client):
    client = make_client(rate_limit_submit="2/minute")
    assert [submit(client).status_code for _ in range(3)] == [201, 201, 429]
    assert submit(client, headers=KEYS["bot"]).status_code == 201  # another key, its own count


def test_deleting_conversations_is_limited(make_client):
    client = make_client(rate_limit_public="1/minute")
    path = f"/api/v1/conversations/{uuid.uuid4().hex}"
    assert [client.delete(path).status_code for _ in range(2)] == [200, 429]
    # The body route shares the same public count.
    body = {"conversation_id": uuid.uuid4().hex}
    assert client.post("/api/v1/conversations/delete", json=body).status_code == 429


def test_limits_can_be_switched_off(make_client):
    client = make_client(rate_limit_public="1/minute", rate_limit_enabled=False)
    assert {client.get("/api/v1/status/SKA-ABCDEF").status_code for _ in range(3)} == {404}


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_redis_storage_is_shared_between_app_instances(make_client):
    # Two apps stand for two API replicas. Redis outlives test runs: start from zero.
    import redis

    server = redis.Redis(*REDIS)
    for key in server.scan_iter("LIMITS*ip:testclient*"):
        server.delete(key)
    spec = "3/minute"
    first = make_client(rate_limit_storage="redis://127.0.0.1:6379/0", rate_limit_public=spec)
    second = make_client(rate_limit_storage="redis://127.0.0.1:6379/0", rate_limit_public=spec)
    codes = [c.get("/api/v1/status/SKA-ABCDEF").status_code for c in (first, second, first, second)]
    assert codes[:3] == [404, 404, 404] and codes[3] == 429


def test_an_unreachable_storage_lets_requests_through(make_client):
    client = make_client(rate_limit_storage="redis://127.0.0.1:1/0", rate_limit_submit="1/minute")
    body = {**VALID_FEEDBACK}
    codes = {
        client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": new_key()}).status_code
        for _ in range(2)
    }
    assert codes == {201}

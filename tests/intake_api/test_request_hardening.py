"""Requests the API must turn away early or answer without leaking: oversized bodies, a widget that
was never built, and the conversation id of "delete my conversation", which must stay out of the logs."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import intake_api.main
from intake_api.config import REPO_ROOT, Settings
from tests.app_fixtures import BOT, build_app, settings_for, tracker_url_for
from tests.intake_api.live import live_server, uvicorn_process

from .helpers import VALID_FEEDBACK

LIMIT = 64 * 1024


def _big_feedback(size: int) -> bytes:
    body = json.dumps({**VALID_FEEDBACK, "text": "x" * size}).encode()
    assert len(body) > size
    return body


# -- request body limit ----------------------------------------------------------------------------
def test_the_default_limit_is_64_kib_and_configurable(monkeypatch):
    assert Settings().max_body_bytes == LIMIT
    monkeypatch.setenv("INTAKE_MAX_BODY_BYTES", "2048")
    assert Settings().max_body_bytes == 2048


@pytest.mark.parametrize("path", ["/api/v1/feedback", "/api/v1/keys", "/staff/login"])
def test_an_oversized_body_is_refused_before_authentication(client, path):
    # No key, no sign-in form token: the size is refused first, with 413 and what the limit is.
    response = client.post(path, content=_big_feedback(LIMIT), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    detail = response.json()["detail"]
    assert "65536 bytes" in detail and "INTAKE_MAX_BODY_BYTES" in detail


def test_a_chunked_body_is_counted_while_it_streams(client):
    def chunks():
        for _ in range(8):
            yield b"x" * (16 * 1024)

    response = client.post("/api/v1/feedback", content=chunks(), headers={**BOT, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert "65536 bytes" in response.json()["detail"]


def test_a_body_under_the_limit_goes_through(client):
    headers = {**BOT, "Content-Type": "application/json", "Idempotency-Key": "limit-ok-1"}
    response = client.post("/api/v1/feedback", content=_big_feedback(1000), headers=headers)
    assert response.status_code == 201, response.text


def test_the_limit_follows_the_setting(make_client):
    small = make_client(max_body_bytes=2048)
    headers = {**BOT, "Content-Type": "application/json", "Idempotency-Key": "limit-small-1"}
    assert small.post("/api/v1/feedback", content=_big_feedback(3000), headers=headers).status_code == 413
    assert small.post("/api/v1/feedback", content=_big_feedback(500), headers=headers).status_code == 201


def _raw_request(url: str, head: str, body_parts: list[bytes]) -> bytes:
    """Send a request over a plain socket (so nothing adds or checks framing) and read the answer's head."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head.encode())
        try:
            for part in body_parts:
                connection.sendall(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed while we were still sending: what we test for
        answer = b""
        while b"\r\n\r\n" not in answer:
            piece = connection.recv(65536)
            if not piece:
                break
            answer += piece
        return answer


@pytest.fixture
def server(engine, database_url, tmp_path):
    app = build_app(engine, settings_for(database_url, tracker_url_for(database_url, tmp_path)), fresh=True)
    with live_server(app) as url:
        yield url


def test_a_50_mb_content_length_is_refused_without_reading_the_body(server):
    head = ("POST /api/v1/feedback HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            "Content-Length: 52428800\r\n\r\n")  # fmt: skip
    # Only 1 KiB of the announced 50 MB is ever sent; the answer must come anyway, at once.
    answer = _raw_request(server, head, [b'{"text": "' + b"x" * 1024])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_chunked_stream_is_cut_off_at_the_limit(server):
    head = ("POST /api/v1/feedback HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    chunk = b"x" * 8192
    parts = [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(12)]  # 96 KiB, never terminated
    answer = _raw_request(server, head, parts)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


# -- the widget bundle -----------------------------------------------------------------------------
def test_a_missing_widget_bundle_is_a_clear_404_not_a_500(monkeypatch, tmp_path):
    monkeypatch.setattr(intake_api.main, "WIDGET_DIR", tmp_path / "not-built")
    with TestClient(intake_api.main.create_app(), raise_server_exceptions=False) as client:
        for path in ("/widget/innbyggerdialog.js", "/widget/innbyggerdialog.css", "/widget/"):
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code)
            assert response.headers["content-type"].startswith("text/plain")
            assert "make widget" in response.text and "not built" in response.text


def test_a_built_widget_is_served(monkeypatch, tmp_path):
    (tmp_path / "innbyggerdialog.js").write_text("/* widget */", encoding="utf-8")
    monkeypatch.setattr(intake_api.main, "WIDGET_DIR", tmp_path)
    with TestClient(intake_api.main.create_app(), raise_server_exceptions=False) as client:
        assert client.get("/widget/innbyggerdialog.js").text == "/* widget */"
        missing = client.get("/widget/nothing-here.js")
        assert missing.status_code == 404 and "make widget" not in missing.text


# -- "delete my conversation" stays out of the access log ---------------------------------------
def test_the_widget_sends_the_conversation_id_in_the_body():
    source = (REPO_ROOT / "widget" / "src" / "index.js").read_text(encoding="utf-8")
    assert "/api/v1/conversations/delete" in source
    assert "/api/v1/conversations/${" not in source


@pytest.mark.parametrize("logging", ["make run", "production"])
def test_the_conversation_id_never_reaches_the_access_log(database_url, tmp_path, logging):
    args = ["--log-config", str(REPO_ROOT / "deploy" / "logging" / "uvicorn.yml")] if logging == "production" else []
    env = {
        "INTAKE_ENVIRONMENT": "test",
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_TRACKER_DATABASE_URL": tracker_url_for(database_url, tmp_path),
    }
    in_body, in_path = f"socket-{uuid.uuid4().hex}", f"socket-{uuid.uuid4().hex}"
    log = tmp_path / "uvicorn.log"
    with uvicorn_process(env, log, *args) as api:
        old = httpx.delete(f"{api.url}/api/v1/conversations/{in_path}")  # the route older widgets call
        deleted = httpx.post(f"{api.url}/api/v1/conversations/delete", json={"conversation_id": in_body})
    output = Path(log).read_text(encoding="utf-8")
    assert output.count("/api/v1/conversations/") >= 2, output  # both requests were logged …
    assert in_body not in output and in_path not in output, output  # … without the id
    assert old.status_code == 200 and old.json()["conversation_id"] == in_path
    assert deleted.status_code == 200 and deleted.json()["conversation_id"] == in_body

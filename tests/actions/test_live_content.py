"""Editors' changes in the action server: the poller against an HTTP server, and the answers it fills.

The intake API's side (GET /api/v1/content/live) is tested in tests/staff/test_editor.py and end to
end in tests/e2e/test_editor_pages.py; here a small HTTP server stands in for it, to check that the
poller sends the key and If-None-Match, keeps what it had when the API fails, and that answers and
facts are laid over the seed.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from bot.actions import content
from bot.actions.live_content import Changes, LivePoller


class Feed(BaseHTTPRequestHandler):
    body: ClassVar[dict] = {}
    status = 200
    seen: ClassVar[list] = []

    def do_GET(self) -> None:
        Feed.seen.append((self.headers.get("X-API-Key"), self.headers.get("If-None-Match")))
        etag = f'"{Feed.body.get("revision", 0)}"'
        if Feed.status != 200:
            self.send_response(Feed.status)
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        raw = json.dumps(Feed.body).encode()
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Feed.seen, Feed.status = [], 200
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_poller_fetches_changes_and_keeps_them_when_the_api_fails(feed):
    Feed.body = {"revision": 3, "answers": {"bibliotek": {"nb": "A", "nn": "B", "en": "C"}},
                 "facts": {"servicetorget.phone": "11 22 33 44"}}  # fmt: skip
    poller = LivePoller(feed, "nøkkel", interval_s=0)
    first = poller.fetch_once()
    assert (first.revision, first.answers["bibliotek"]["nn"], first.facts) == (
        3,
        "B",
        {"servicetorget.phone": "11 22 33 44"},
    )
    assert poller.fetch_once() is first  # 304: nothing changed, the same object
    assert Feed.seen[-1] == ("nøkkel", '"3"')
    Feed.status = 503
    assert poller.fetch_once() is first  # the API is down: keep what we had
    Feed.status = 200
    Feed.body = {"revision": 4, "answers": {}, "facts": {}}
    assert poller.fetch_once().revision == 4


def test_answers_and_facts_are_laid_over_the_seed(monkeypatch):
    seed = content.answer_text("bibliotek", "nb")
    changes = Changes(revision=99, answers={"bibliotek": {"nb": "Ring {servicetorget.phone}.", "nn": "x", "en": "y"}},
                      facts={"servicetorget.phone": "11 22 33 44"})  # fmt: skip
    monkeypatch.setattr(content, "changes", lambda: changes)
    assert content.answer_text("bibliotek", "nb").startswith("Ring 11 22 33 44.")
    assert content.live_profile()["servicetorget"]["phone"] == "11 22 33 44"
    monkeypatch.setattr(content, "changes", lambda: Changes())
    assert content.answer_text("bibliotek", "nb") == seed

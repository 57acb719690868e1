"""Unit digests are delivered through a real SMTP server (aiosmtpd), or written to the outbox folder."""

from __future__ import annotations

import email
import socket
from datetime import datetime, time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from analytics import AnalyticsSettings, build_unit_digest, deliver
from innbygger_common.opening_hours import OSLO


class Inbox(Message):
    """Keeps what the server received."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[email.message.Message] = []

    def handle_message(self, message: email.message.Message) -> None:
        self.received.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def digest(demo):
    since = datetime.combine(datetime(2026, 9, 1), time(0), OSLO)
    until = datetime.combine(datetime(2026, 10, 1), time(0), OSLO)
    return build_unit_digest(demo.engine, 14, since, until, base_url="https://ansatt.skaun.kommune.no")


def test_sent_through_smtp_and_read_back(smtp_server, digest):
    controller, inbox = smtp_server
    settings = AnalyticsSettings(smtp_host=controller.hostname, smtp_port=controller.port, mail_from="dialog@skaun.no")
    done = deliver(digest, settings)
    assert done.method == "smtp" and done.recipient == digest.unit.email
    (raw,) = inbox.received
    message = email.message_from_bytes(raw.as_bytes(), policy=policy.default)
    assert message["To"] == digest.unit.email and message["From"] == "dialog@skaun.no"
    assert message["Subject"].startswith(f"[DEMO] Tilbakemeldinger til {digest.unit.name}")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    reference = digest.groups[0].items[0].reference
    assert f"https://ansatt.skaun.kommune.no/staff/items/{reference}" in text
    assert f'href="https://ansatt.skaun.kommune.no/staff/items/{reference}"' in html
    assert "NYE TILBAKEMELDINGER ETTER TEMA" in text and "<h2>Nye tilbakemeldinger etter tema</h2>" in html


def test_outbox_without_smtp(tmp_path, digest):
    done = deliver(digest, AnalyticsSettings(outbox_dir=tmp_path / "outbox"))
    assert done.method == "outbox" and done.path is not None and done.path.parent == tmp_path / "outbox"
    message = email.message_from_bytes(done.path.read_bytes(), policy=policy.default)
    assert message["To"] == digest.unit.email
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None

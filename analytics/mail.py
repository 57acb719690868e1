"""Deliver unit digests: SMTP when a server is configured, else one .eml file per digest in the outbox."""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from innbygger_common.textnorm import fold

from .config import AnalyticsSettings
from .digest import UnitDigest
from .render import render_digest_html, render_digest_text


@dataclass(frozen=True)
class Delivery:
    """Where one digest went: "smtp" (to `recipient`) or "outbox" (the file at `path`)."""

    unit_id: int
    recipient: str
    method: str
    path: Path | None = None


def digest_message(digest: UnitDigest, sender: str) -> EmailMessage:
    """A multipart/alternative e-mail: plain text first, HTML as the richer part."""
    message = EmailMessage()
    demo = "[DEMO] " if digest.demo else ""
    message["Subject"] = f"{demo}Tilbakemeldinger til {digest.unit.name}, {digest.label}: {digest.new_items} nye"
    message["From"] = sender
    message["To"] = digest.unit.email
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    message.set_content(render_digest_text(digest))
    message.add_alternative(render_digest_html(digest), subtype="html")
    return message


def deliver(digest: UnitDigest, settings: AnalyticsSettings) -> Delivery:
    """Send the digest to the unit's address, or write it to the outbox when no SMTP host is set."""
    message = digest_message(digest, settings.sender())
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(message)
        return Delivery(digest.unit.id, digest.unit.email, "smtp")
    folder = settings.outbox()
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(digest.unit.name)).strip("-") or f"enhet-{digest.unit.id}"
    stamp = digest.until.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{digest.unit.id}-{slug}.eml"
    path.write_bytes(bytes(message))
    return Delivery(digest.unit.id, digest.unit.email, "outbox", path)

"""Retention: contact details after closing, chat transcripts after N days, "delete my conversation".

    python -m intake_api.retention contacts [--days N] [--dry-run]
    python -m intake_api.retention transcripts [--days N] [--tracker-url URL] [--dry-run]
    python -m intake_api.retention conversation CONVERSATION_ID
    python -m intake_api.retention all          # contacts and transcripts (what the API runs every hour)

The intake API runs `all` by itself on a schedule (intake_api/retention_schedule.py,
INTAKE_RETENTION_INTERVAL_SECONDS); deploy/ also runs this command as a scheduled job.

Transcripts live in Rasa's SQL tracker store (table `events`: sender_id, timestamp as
epoch seconds, …), reached through INTAKE_TRACKER_DATABASE_URL.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import column, table

from . import audit
from .config import Settings, get_settings
from .db import make_engine
from .models import Contact, Feedback, Message, utcnow

# Rasa 3.6's SQLTrackerStore table, as far as retention needs it.
EVENTS = table("events", column("id"), column("sender_id"), column("timestamp"))


@dataclass(frozen=True)
class ContactPurge:
    """Contact details deleted because their item was closed longer ago than the retention period."""

    cutoff: datetime
    references: list[str] = field(default_factory=list)

    @property
    def deleted(self) -> int:
        return len(self.references)


@dataclass(frozen=True)
class TranscriptPurge:
    """Tracker events older than the cut-off, removed."""

    cutoff: datetime
    deleted_events: int
    conversations: int


@dataclass(frozen=True)
class ConversationDeletion:
    """One resident's conversation removed from the tracker store and unlinked from their items."""

    conversation_id: str
    deleted_events: int
    unlinked_items: int


def purge_contacts(session: Session, days: int, now: datetime | None = None, dry_run: bool = False) -> ContactPurge:
    """Delete contact details of items closed more than `days` days ago (and still closed)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    references: list[str] = []
    for model, link in ((Feedback, Contact.feedback_id), (Message, Contact.message_id)):
        rows = session.execute(
            select(Contact.id, model.reference)
            .join(model, link == model.id)
            .where(model.status == "lukket", model.closed_at.is_not(None), model.closed_at < cutoff)
        ).all()
        references += [reference for _, reference in rows]
        if rows and not dry_run:
            session.execute(delete(Contact).where(Contact.id.in_([contact_id for contact_id, _ in rows])))
    if references and not dry_run:
        audit.record(
            session, None, "contact.delete", actor="system:retention",
            detail={"references": sorted(references), "days": days},
        )  # fmt: skip
        session.commit()
    return ContactPurge(cutoff=cutoff, references=sorted(references))


@lru_cache(maxsize=8)
def tracker_engine(url: str) -> Engine:
    # A plain engine: Rasa owns this database, so no pragmas of ours (make_engine switches SQLite to WAL).
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    return create_engine(url, pool_pre_ping=True)


def tracker_ready(url: str) -> Engine | None:
    """The tracker store's engine, or None while Rasa has not created it yet (no file or no table)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not Path(path).exists():
            return None
    engine = tracker_engine(url)
    return engine if inspect(engine).has_table("events") else None


def purge_transcripts(url: str, days: int, now: datetime | None = None, dry_run: bool = False) -> TranscriptPurge:
    """Remove tracker events older than `days` days.

    Event by event: Rasa starts a new session after an hour of silence, so an event
    older than the retention period belongs to a session that has long ended.
    """
    cutoff = (now or utcnow()) - timedelta(days=days)
    engine = tracker_ready(url)
    if engine is None:
        return TranscriptPurge(cutoff=cutoff, deleted_events=0, conversations=0)
    old = EVENTS.c.timestamp < cutoff.timestamp()
    with engine.begin() as connection:
        events, senders = connection.execute(
            select(func.count(), func.count(EVENTS.c.sender_id.distinct())).where(old)
        ).one()
        if not dry_run and events:
            connection.execute(delete(EVENTS).where(old))
    return TranscriptPurge(cutoff=cutoff, deleted_events=int(events), conversations=int(senders))


def delete_conversation(session: Session, url: str, conversation_id: str) -> ConversationDeletion:
    """Delete one conversation's events and unlink the resident's feedback and messages from it."""
    deleted = 0
    engine = tracker_ready(url)
    if engine is not None:
        with engine.begin() as connection:
            deleted = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == conversation_id)).rowcount or 0
    unlinked = 0
    for model in (Feedback, Message):
        result = session.execute(
            update(model).where(model.conversation_id == conversation_id).values(conversation_id=None)
        )
        unlinked += result.rowcount or 0  # type: ignore[attr-defined]
    if deleted or unlinked:
        # The conversation id itself is not logged: it is the resident's key to the conversation.
        audit.record(
            session, None, "conversation.delete", actor="resident",
            detail={"deleted_events": deleted, "unlinked_items": unlinked},
        )  # fmt: skip
    session.commit()
    return ConversationDeletion(conversation_id=conversation_id, deleted_events=deleted, unlinked_items=unlinked)


@dataclass(frozen=True)
class RetentionPass:
    """One run of both purges with the configured periods (`retention all`, and the API's schedule)."""

    contacts: ContactPurge
    transcripts: TranscriptPurge


def purge_all(session: Session, settings: Settings, dry_run: bool = False) -> RetentionPass:
    """Contact details after closing, then chat transcripts, each with its configured period."""
    contacts = purge_contacts(session, settings.contact_retention_days, dry_run=dry_run)
    transcripts = purge_transcripts(settings.tracker_database_url, settings.transcript_retention_days, dry_run=dry_run)
    return RetentionPass(contacts=contacts, transcripts=transcripts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake_api.retention", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--database-url", help="intake database (default: INTAKE_DATABASE_URL)")
    parser.add_argument("--tracker-url", help="Rasa tracker store (default: INTAKE_TRACKER_DATABASE_URL)")
    sub = parser.add_subparsers(dest="command", required=True)
    contacts = sub.add_parser("contacts", help="delete contact details of items closed more than N days ago")
    contacts.add_argument("--days", type=int, help="default: INTAKE_CONTACT_RETENTION_DAYS")
    contacts.add_argument("--dry-run", action="store_true")
    transcripts = sub.add_parser("transcripts", help="remove chat transcripts older than N days")
    transcripts.add_argument("--days", type=int, help="default: INTAKE_TRANSCRIPT_RETENTION_DAYS (21)")
    transcripts.add_argument("--dry-run", action="store_true")
    conversation = sub.add_parser("conversation", help="delete one conversation (a resident's request)")
    conversation.add_argument("conversation_id")
    sub.add_parser("all", help="contacts and transcripts with the configured periods")
    args = parser.parse_args(argv)
    return run(args, get_settings())


def _days(args: argparse.Namespace, default: int) -> int:
    given = getattr(args, "days", None)
    return default if given is None else given


def run(args: argparse.Namespace, settings: Settings) -> int:
    from .retention_schedule import pass_lock  # imported late: that module imports this one

    tracker_url = args.tracker_url or settings.tracker_database_url
    database_url = args.database_url or settings.database_url
    engine = make_engine(database_url)
    dry = " (dry run: nothing deleted)" if getattr(args, "dry_run", False) else ""
    # A purge waits for a pass the API is running on the same database (never two at once).
    purging = pass_lock(database_url) if args.command != "conversation" else contextlib.nullcontext()
    try:
        with purging, Session(engine) as session:
            if args.command in ("contacts", "all"):
                days = _days(args, settings.contact_retention_days)
                purge = purge_contacts(session, days, dry_run=getattr(args, "dry_run", False))
                print(f"contact details: {purge.deleted} deleted, items closed before {purge.cutoff:%Y-%m-%d}{dry}")
            if args.command in ("transcripts", "all"):
                days = _days(args, settings.transcript_retention_days)
                result = purge_transcripts(tracker_url, days, dry_run=getattr(args, "dry_run", False))
                print(
                    f"transcripts: {result.deleted_events} events in {result.conversations} conversation(s) "
                    f"older than {result.cutoff:%Y-%m-%d %H:%M} removed{dry}"
                )
            if args.command == "conversation":
                done = delete_conversation(session, tracker_url, args.conversation_id)
                print(f"conversation: {done.deleted_events} events deleted, {done.unlinked_items} items unlinked")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

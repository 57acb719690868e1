"""Editors' content in force: the seed in content/ with the newest change per answer, fact and example.

The staff pages write changes here, the bot reads the result through GET /api/v1/content/live
(every action server replica polls it), and the history pages list and revert the changes. Writing
only appends rows, so two editors saving at once both keep their version in the history and the
newer one is in force; nothing an editor wrote is ever lost.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from innbygger_common.answers import LANGUAGES, load_answers
from innbygger_common.profile import profile
from innbygger_common.profile_facts import Fact, facts, profile_path, with_overrides

from . import audit
from .models import ContentChange
from .security import Principal


@lru_cache(maxsize=1)
def seed_answers() -> dict[str, dict[str, str]]:
    return load_answers()


@lru_cache(maxsize=1)
def seed_facts() -> dict[str, Fact]:
    return {f.path: f for f in facts(profile(), profile_path().read_text(encoding="utf-8"))}


def newest(session: Session, kind: str) -> dict[str, ContentChange]:
    """The change in force per key of one kind."""
    newest = select(func.max(ContentChange.id)).where(ContentChange.kind == kind).group_by(ContentChange.key)
    rows = session.scalars(select(ContentChange).where(ContentChange.id.in_(newest)))
    return {row.key: row for row in rows}


def answers_in_force(session: Session) -> dict[str, dict[str, str]]:
    """topic -> {nb, nn, en} templates (placeholders unfilled): the seed with editors' changes."""
    result = dict(seed_answers())
    for topic, change in newest(session, "answer").items():
        if change.body and topic in result:
            result[topic] = {lang: str(change.body[lang]) for lang in LANGUAGES}
    return result


def fact_overrides(session: Session) -> dict[str, dict[str, str]]:
    """path -> {value, source} for the facts editors changed."""
    return {
        path: {"value": str(change.body["value"]), "source": str(change.body.get("source") or "")}
        for path, change in newest(session, "fact").items()
        if change.body and path in seed_facts()
    }


def facts_in_force(session: Session) -> list[Fact]:
    changed = fact_overrides(session)
    return [
        Fact(path=f.path, value=changed[f.path]["value"], source=changed[f.path]["source"]) if f.path in changed else f
        for f in seed_facts().values()
    ]


def profile_in_force(session: Session) -> dict[str, Any]:
    """The profile with editors' facts: what placeholders are filled from."""
    return with_overrides(profile(), {path: body["value"] for path, body in fact_overrides(session).items()})


def examples_in_force(session: Session) -> list[dict[str, Any]]:
    """Training examples editors added (not removed since), oldest first: {id, topic, text, language}."""
    in_force = sorted(newest(session, "example").items(), key=lambda item: item[1].id)
    return [{"key": key, **change.body} for key, change in in_force if change.body]


def live_overrides(session: Session) -> dict[str, Any]:
    """What the bot lays over its own copy of the seed: changed answers and facts, and the revision."""
    answers = {
        topic: {lang: str(change.body[lang]) for lang in LANGUAGES}
        for topic, change in newest(session, "answer").items()
        if change.body and topic in seed_answers()
    }
    changed_facts = {path: body["value"] for path, body in fact_overrides(session).items()}
    return {"revision": revision(session), "answers": answers, "facts": changed_facts}


def revision(session: Session) -> int:
    """The newest change's id: the bot refetches only when it grows."""
    return int(session.scalar(select(func.max(ContentChange.id))) or 0)


def record(session: Session, principal: Principal, kind: str, key: str, body: dict[str, Any] | None,
           restores: ContentChange | None = None) -> ContentChange:  # fmt: skip
    """Append one change (the caller commits) and its audit entry."""
    change = ContentChange(kind=kind, key=key, body=body, author=principal.actor,
                           restores_id=restores.id if restores else None)  # fmt: skip
    session.add(change)
    session.flush()
    action = f"content.{kind}." + ("revert" if restores else "remove" if body is None else "change")
    audit.record(session, principal, action, item_kind=kind, item_reference=key, detail={"change": change.id})
    return change


def history(session: Session, kind: str, key: str) -> list[ContentChange]:
    """Every change of one key, newest first."""
    query = select(ContentChange).where(ContentChange.kind == kind, ContentChange.key == key)
    return list(session.scalars(query.order_by(ContentChange.id.desc())))


def revert(session: Session, principal: Principal, kind: str, key: str, version: str) -> bool:
    """Put a version of one key in force again, as a new change (the history keeps everything).

    `version` is a change id of that key, or "original" for the seed in content/ (recorded only when
    a change is in force). False when the version is not one of the key's."""
    if version == "original":
        in_force = newest(session, kind).get(key)
        if in_force is not None and in_force.body is not None:
            record(session, principal, kind, key, None)
        return True
    number = int(version) if version.isascii() and version.isdigit() and len(version) <= 9 else None
    change = session.get(ContentChange, number) if number else None
    if change is None or change.kind != kind or change.key != key:
        return False
    record(session, principal, kind, key, change.body, restores=change)
    return True


@dataclass(frozen=True)
class Version:
    """One version of an answer for the history page: the change and what it changed (unified diff)."""

    change: ContentChange | None
    texts: dict[str, str]
    diff: dict[str, list[str]]


def answer_versions(session: Session, topic: str) -> list[Version]:
    """The answer's versions, newest first, each with the diff from the one before; the seed last."""
    seed = seed_answers()[topic]
    changes = list(reversed(history(session, "answer", topic)))
    versions: list[Version] = [Version(change=None, texts=seed, diff={})]
    for change in changes:
        texts = {lang: str(change.body[lang]) for lang in LANGUAGES} if change.body else seed
        before = versions[-1].texts
        diff = {
            lang: [line for line in difflib.ndiff(before[lang].split(". "), texts[lang].split(". "))
                   if line[:1] in "+-"]
            for lang in LANGUAGES if before[lang] != texts[lang]
        }  # fmt: skip
        versions.append(Version(change=change, texts=texts, diff=diff))
    return list(reversed(versions))

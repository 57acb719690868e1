"""Storing a submission exactly once per Idempotency-Key, under a reference code no other item has.

Feedback and messages share one table of codes (`reference_code`). A new submission first claims
its key and its code there with a plain INSERT: the primary key (the code) and the unique key
(the Idempotency-Key) decide every race in the database, so the same key sent to /feedback and
/messages at the same moment makes exactly one item. The other request then gets the stored
result (same kind, same body), a 422 (same kind, other body) or a 409 (the other kind).

When a key's code is already another key's, the next derivation is tried
(`reference_for(key, prefix, 1)`, 2, …) and the submitter is answered with the code stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Header, HTTPException, Response, status
from pydantic import BaseModel
from sqlalchemy import CompoundSelect, literal, null, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from innbygger_common.profile import profile
from innbygger_common.reference import reference_for, told_references

from .models import Contact, Feedback, Message, ReferenceCode, utcnow
from .schemas.common import REFERENCE_PATTERN
from .schemas.contact import ContactIn

logger = logging.getLogger(__name__)

IdempotencyKey = Annotated[
    str,
    Header(
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Client-chosen key (8–128 of A–Z a–z 0–9 . _ : -); repeating a request with the same key and "
        "body returns the first result, the same key with another body is refused (422), the same key for the "
        "other kind of submission too (409).",
    ),
]
ToldReference = Annotated[
    str | None,
    Header(
        pattern=REFERENCE_PATTERN,
        description="Sent by the bot's outbox: the code the resident was told while the API was away "
        "(derived from the key). If the stored code differs, the told code is kept as an alias of it.",
    ),
]

Item = TypeVar("Item", Feedback, Message)
_KIND: dict[type[Feedback] | type[Message], str] = {Feedback: "feedback", Message: "message"}
# Codes tried per submission before giving up; each further one is taken with odds below 10⁻⁶.
MAX_ATTEMPTS = 25


def payload_hash(body: BaseModel) -> str:
    """Hash of the validated body. None values are left out so that bodies sent before optional
    fields were added hash exactly as they did then (queued retries still match)."""
    canonical = json.dumps(body.model_dump(mode="json", exclude_none=True), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def reuse_refused(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


@dataclass(frozen=True)
class Stored:
    """The receipt: the code the item is stored under and its status; `created` unless a repeat."""

    reference: str
    status: str
    created: bool = False


def find_repeat(session: Session, model: type[Item], key: str, digest: str) -> Stored | None:
    """The item already stored under `key`, or None; 422 for another body, 409 when the key is the other kind's.

    One round trip: the item of this kind with the key, and the claim of the key in reference_code.
    """
    kind = _KIND[model]
    query: CompoundSelect[Any] = union_all(
        select(literal("item").label("source"), model.reference, model.status, model.payload_hash).where(
            model.idempotency_key == key
        ),
        select(
            literal("claim").label("source"), ReferenceCode.kind, null().label("status"), null().label("payload_hash")
        ).where(ReferenceCode.idempotency_key == key),
    )
    rows = list(session.execute(query))
    for source, reference, status_, stored_hash in rows:
        if source != "item":
            continue
        if stored_hash != digest:
            raise reuse_refused(
                "Idempotency-Key was already used with a different body; use a new key for a new submission"
            )
        return Stored(reference=reference, status=status_)
    for _source, claimed_kind, _status, _hash in rows:
        # Claimed, but not by an item of this kind: the key belongs to the other kind's item.
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"Idempotency-Key was already used for a {claimed_kind} submission; use a new key for this {kind}",
        )
    return None


def store_once(
    session: Session,
    model: type[Item],
    key: str,
    digest: str,
    build: Callable[[str], Item],
    contact: ContactIn | None,
    response: Response,
    told: str | None = None,
) -> Stored:
    """Store the item `build(code)` makes, exactly once per key, under a code no other item has.

    A repeat (or a concurrent twin that won the race) is answered with the first result (200).
    """
    prefix = str(profile()["reference_prefix"])
    kind = _KIND[model]
    stored = find_repeat(session, model, key, digest)
    attempt = 0
    retried = False
    while stored is None:
        if attempt >= MAX_ATTEMPTS:
            logger.error("no free reference code for a %s after %d derivations", kind, attempt)
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "no free reference code; retry later")
        code = reference_for(key, prefix, attempt)
        try:
            # The claim: takes the key and the code, or fails on one of them.
            session.add(ReferenceCode(code=code, kind=kind, idempotency_key=key))
            session.flush()
            item = build(code)
            session.add(item)
            session.flush()
            if contact is not None:
                session.add(
                    Contact(
                        feedback_id=item.id if isinstance(item, Feedback) else None,
                        message_id=item.id if isinstance(item, Message) else None,
                        name=contact.name,
                        phone=contact.phone,
                        email=contact.email,
                        consent_at=utcnow(),
                    )
                )
            session.commit()
            stored = Stored(reference=item.reference, status=item.status, created=True)
        except IntegrityError:
            session.rollback()
            stored = find_repeat(session, model, key, digest)  # a concurrent request with the key won
            if stored is not None:
                break
            if session.get(ReferenceCode, code) is not None:
                logger.info("reference code taken by another submission; storing the %s under the next one", kind)
                attempt += 1
            elif retried:
                raise  # neither the key nor the code: a constraint of the item itself
            else:
                retried = True  # the competing claim was rolled back; the code is free again
    if not stored.created:
        response.status_code = status.HTTP_200_OK
    if told is not None:
        keep_told_code(session, kind, key, stored.reference, told.upper(), prefix)
    return stored


def keep_told_code(session: Session, kind: str, key: str, stored: str, told: str, prefix: str) -> None:
    """Keep the code a resident was told while the API was away findable, if it is not the stored one.

    It can differ only if the told code was taken by another submission when this one arrived (or
    the bot told an older-style code before an upgrade). A free told code becomes an alias of the
    stored one; a code that is another item's was given to two residents, and is marked shared so
    that the public lookup shows neither item to either.
    """
    if told == stored:
        return
    if told not in told_references(key, prefix):
        logger.warning("a %s was delivered with a told code that its key does not derive; ignored", kind)
        return
    for _ in range(3):
        existing = session.get(ReferenceCode, told)
        if existing is not None and stored in (existing.code, existing.alias_of):
            return
        if existing is not None:
            if not existing.shared:
                existing.shared = True
                session.commit()
            logger.warning(
                "reference code %s was told to the submitter of a %s stored as %s, but belongs to another item; "
                "marked as shared, the public status lookup answers 409 for it",
                told, kind, stored,
            )  # fmt: skip
            return
        try:
            session.add(ReferenceCode(code=told, kind=kind, alias_of=stored))
            session.commit()
            logger.info("told code %s kept as an alias of %s", told, stored)
            return
        except IntegrityError:
            session.rollback()  # taken in the meantime: look again


def resolve(session: Session, code: str) -> tuple[ReferenceCode, str] | None:
    """The claim of a code and the code its item is stored under (itself, or the code an alias leads to)."""
    row = session.get(ReferenceCode, code)
    if row is None:
        return None
    return row, row.alias_of or row.code

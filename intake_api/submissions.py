"""Storing a submission exactly once per Idempotency-Key (feedback and messages alike)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Header, HTTPException, Response, status
from pydantic import BaseModel
from sqlalchemy import literal, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Contact, Feedback, Message, utcnow
from .schemas.contact import ContactIn

IdempotencyKey = Annotated[
    str,
    Header(
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Client-chosen key (8–128 of A–Z a–z 0–9 . _ : -); repeating a request with the same key and "
        "body returns the first result, the same key with another body is refused (422).",
    ),
]

Item = TypeVar("Item", Feedback, Message)
_KIND = {Feedback: "feedback", Message: "message"}


def payload_hash(body: BaseModel) -> str:
    """Hash of the validated body. None values are left out so that bodies sent before optional
    fields were added hash exactly as they did then (queued retries still match)."""
    canonical = json.dumps(body.model_dump(mode="json", exclude_none=True), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def reuse_refused(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


@dataclass(frozen=True)
class Stored:
    """The receipt of an item stored earlier under the same key."""

    reference: str
    status: str


def find_repeat(session: Session, model: type[Item], key: str, digest: str) -> Stored | None:
    """The item already stored under `key`, or None; 422 when the key was used for another body or kind.

    One round trip for both tables: most submissions are new, and a key must not be reused
    across kinds (the reference code is derived from it).
    """
    query = union_all(
        *(
            select(literal(_KIND[table]).label("kind"), table.reference, table.status, table.payload_hash).where(
                table.idempotency_key == key
            )
            for table in (Feedback, Message)
        )
    )
    for kind, reference, status_, stored_hash in session.execute(query):
        if kind != _KIND[model]:
            raise reuse_refused(
                f"Idempotency-Key was already used for a {kind} submission; use a new key for this {_KIND[model]}"
            )
        if stored_hash != digest:
            raise reuse_refused(
                "Idempotency-Key was already used with a different body; use a new key for a new submission"
            )
        return Stored(reference=reference, status=status_)
    return None


def store_once(session: Session, item: Item, contact: ContactIn | None, response: Response) -> Item:
    """Insert the item (and its contact details); a concurrent duplicate turns into the repeat answer."""
    session.add(item)
    try:
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
        return item
    except IntegrityError:
        # A concurrent retry with the same key won the race; answer as a repeat.
        session.rollback()
        model = type(item)
        existing = session.scalar(select(model).where(model.idempotency_key == item.idempotency_key))
        if existing is None:
            raise HTTPException(status.HTTP_409_CONFLICT, "reference code collision; retry with a new key") from None
        if existing.payload_hash != item.payload_hash:
            raise reuse_refused(
                "Idempotency-Key was already used with a different body; use a new key for a new submission"
            ) from None
        response.status_code = status.HTTP_200_OK
        return existing

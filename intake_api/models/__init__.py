"""Tables owned by the intake API. Change them only together with a migration."""

from __future__ import annotations

from .access import ApiKey, ApiKeyUnit, AuditEntry
from .base import utcnow
from .items import Contact, Feedback, FollowUp, Message
from .ratings import AnswerRating
from .registry import Unit

__all__ = [
    "AnswerRating",
    "ApiKey",
    "ApiKeyUnit",
    "AuditEntry",
    "Contact",
    "Feedback",
    "FollowUp",
    "Message",
    "Unit",
    "utcnow",
]

"""Tables owned by the intake API. Change them only together with a migration."""

from __future__ import annotations

from .access import ApiKey, ApiKeyUnit, AuditEntry
from .base import utcnow
from .items import Contact, Feedback, FollowUp, Message, ReferenceCode
from .ratings import AnswerRating
from .registry import Unit
from .users import USER_ROLES, StaffSession, StaffUser, StaffUserUnit

__all__ = [
    "USER_ROLES",
    "AnswerRating",
    "ApiKey",
    "ApiKeyUnit",
    "AuditEntry",
    "Contact",
    "Feedback",
    "FollowUp",
    "Message",
    "ReferenceCode",
    "StaffSession",
    "StaffUser",
    "StaffUserUnit",
    "Unit",
    "utcnow",
]

"""Tables owned by the intake API. Change them only together with a migration."""

from __future__ import annotations

from .access import ApiKey, ApiKeyUnit, AuditEntry
from .base import utcnow
from .content import CONTENT_KINDS, DECISIONS, ContentChange, TrainingJob, WorklistDecision
from .items import Contact, Feedback, FollowUp, Message, ReferenceCode
from .ratings import AnswerRating
from .registry import Unit
from .users import USER_ROLES, StaffSession, StaffUser, StaffUserUnit

__all__ = [
    "CONTENT_KINDS",
    "DECISIONS",
    "USER_ROLES",
    "ContentChange",
    "WorklistDecision",
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
    "TrainingJob",
    "Unit",
    "utcnow",
]

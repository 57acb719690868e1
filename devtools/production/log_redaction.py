"""Keep residents' personal data out of the logs of the Rasa server, action server and intake API.

Rasa Open Source logs what a resident wrote in a few places, whatever the log level: when
handling a message fails (for example while PostgreSQL restarts) its REST channel logs
`rest.message.received.failure` with the message text at ERROR level, and SQLAlchemy puts
the bound parameters of a failed INSERT (the event JSON, a contact's phone number) into the
exception text that ends up in a traceback. Rasa's own anonymisation hook exists only in
the commercial edition, so the processes load this module through their logging
configuration (`deploy/logging/*.yml`: a filter whose construction installs a log record
factory), and every log record is redacted when it is created, before any handler,
formatter or library-installed handler sees it:

1. structured events (Rasa renders structlog events as JSON): the values of the keys
   Rasa itself names as personal (`text`, `user_text`, `slot_values`, ...) become "[redacted]";
2. SQLAlchemy's `[parameters: ...]` sections are cut out of messages and tracebacks;
3. as a safety net, e-mail addresses, fødselsnummer/D-nummer (check digits validated) and
   Norwegian phone numbers left anywhere in a message are replaced by labels. The phone pattern
   is narrower than the one used for stored feedback (`innbygger_common.scrub`): it needs the
   number to stand alone, so dates, IP addresses, ports and ids in log lines stay readable;
4. conversation ids in addresses (`/conversations/<id>`) are masked: the id lets anyone delete the chat.

Pure standard library plus `innbygger_common` (installed in both virtualenvs); runs on
Python 3.10 (Rasa) and 3.11 (intake API).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

try:  # the checksum test lives once, in the shared package
    from innbygger_common.scrub import is_fodselsnummer
except ImportError:  # pragma: no cover - both virtualenvs install innbygger_common

    def is_fodselsnummer(number: str) -> bool:
        return True


REDACTED = "[redacted]"

# The keys rasa.utils.log_utils._anonymizer lists as carrying conversation content.
PERSONAL_KEYS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
        "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
        "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
        "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message", "metadata", "input", "body",
    }
)  # fmt: skip

# SQLAlchemy: "[parameters: {...}]" up to the line end or "(Background on this error ...)", also
# inside a JSON-rendered traceback where the line breaks are the two characters "\n".
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?(?=(?:\\n|\n)?\(Background on this error|\\n|\n|$)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ELEVEN_DIGITS = re.compile(r"(?<![\w.:/-])(\d{6})[ ]?(\d{5})(?![\w.:/-])")
# +47/0047 optional, then 8 digits starting 2-9: 91234567, 912 34 567, 91 23 45 67.
_PHONE = re.compile(
    r"(?<![\w.:/+-])(?:(?:\+|00)47 ?)?(?:[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d(?: \d{2}){3})(?![\w.:/-])"
)


# A chat conversation id in an address (the intake API's older "delete my conversation" route,
# Rasa's /conversations/<sender>/tracker): holding the id is the permission to delete the chat.
_CONVERSATION_IN_PATH = re.compile(r"(/conversations/)(?!delete(?![\w.:@%-]))[\w.:@%-]+")


def redact_text(text: str) -> str:
    """The text with structured personal fields, SQL parameters and personal data patterns removed."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            event = json.loads(stripped)
        except ValueError:
            pass
        else:
            if isinstance(event, dict):
                text = json.dumps(_redact_fields(event), ensure_ascii=False, default=str)
    text = _SQL_PARAMETERS.sub("[parameters: [redacted]]", text)
    text = _EMAIL.sub("[e-post]", text)

    def _fnr(match: re.Match[str]) -> str:
        return "[fødselsnummer]" if is_fodselsnummer(match.group(1) + match.group(2)) else match.group(0)

    text = _ELEVEN_DIGITS.sub(_fnr, text)
    text = _CONVERSATION_IN_PATH.sub(r"\1[conversation-id]", text)
    return _PHONE.sub("[telefon]", text)


def _redact_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: REDACTED if k in PERSONAL_KEYS and v not in (None, "") else _redact_fields(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact_fields(v) for v in value]
    if isinstance(value, str):
        return redact_text(value) if value.lstrip().startswith("{") else value
    return value


def redact_record(record: logging.LogRecord) -> None:
    """Redact the message, traceback and stack of one record in place (once)."""
    if getattr(record, "_personal_data_redacted", False):
        return
    record._personal_data_redacted = True
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep what there is
        message = str(record.msg)
    redacted = redact_text(message)
    if redacted != message:
        # Only touched when something was removed: formatters that read record.args
        # (uvicorn's access formatter) keep working for every other record.
        record.msg, record.args = redacted, None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact_text(record.stack_info)


_installed = False


def install() -> None:
    """Redact every log record of this process when it is created (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


class RedactPersonalData(logging.Filter):
    """A logging filter for dictConfig; creating it installs the record factory for the whole process."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        install()

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)  # records made before the factory was installed
        return True

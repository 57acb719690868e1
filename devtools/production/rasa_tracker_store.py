"""Rasa's SQL tracker store, riding out a database restart (loaded by the Rasa servers, Python 3.10).

Rasa Open Source 3.6's `SQLTrackerStore` keeps pooled connections without checking them, and
when saving the tracker fails at the end of a turn, the REST channel still answers with the
replies the turn produced (socket.io has already sent them): the resident sees a normal answer
while the conversation lost that turn, and the next message lands in the wrong step of the form.
Our PostgreSQL-restart test showed exactly that.

This subclass (selected in endpoints.production.yml with
`type: devtools.production.rasa_tracker_store.ResilientSQLTrackerStore`, same settings as `SQL`):

- checks a pooled connection before use (`pool_pre_ping`), so connections the restart cut are
  replaced instead of failing the first turn after it;
- retries reading and saving a tracker for up to about 11 s while the database is unreachable
  (within TICKET_LOCK_LIFETIME, so the conversation's lock is still ours). Saving is safe to
  repeat: Rasa stores only the events the database does not have yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_DELAYS_S = (0.25, 0.5, 1.0, 2.0, 3.0, 4.0)


def _database_away(error: Exception) -> bool:
    if isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return True
    return isinstance(error, sa.exc.DBAPIError) and bool(error.connection_invalidated)


class ResilientSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with connection checks and retries while the database restarts."""

    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrying(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        for delay in (*RETRY_DELAYS_S, None):
            try:
                return await call()
            except Exception as error:
                if delay is None or not _database_away(error):
                    raise
                # The error text may hold SQL parameters (conversation content): name the type only.
                logger.warning("tracker store unreachable during %s (%s); retrying in %.2f s",
                               what, type(error).__name__, delay)  # fmt: skip
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def save(self, tracker: Any) -> None:
        parent = super().save
        await self._retrying("save", lambda: parent(tracker))

    async def retrieve(self, sender_id: str) -> Any:
        parent = super().retrieve
        return await self._retrying("retrieve", lambda: parent(sender_id))

    async def retrieve_full_tracker(self, conversation_id: str) -> Any:
        parent = super().retrieve_full_tracker
        return await self._retrying("retrieve", lambda: parent(conversation_id))

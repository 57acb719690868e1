"""Rasa's Redis lock store with atomic ticket operations (loaded by the Rasa servers, Python 3.10).

Rasa Open Source 3.6's `RedisLockStore` reads the conversation's ticket lock, changes it in
Python and writes it back: two replicas receiving messages of one conversation at the same
moment can both draw the same ticket, or one can delete the lock while the other is queued in
it, and both messages are processed at once. The SQL tracker store then loses events (Rasa
issue #9213; the fix, `ConcurrentRedisLockStore`, went to the commercial edition only). Our
test sends six messages of one conversation to two replicas at once: with the stock store
about one conversation in ten lost a user message.

This subclass keeps Rasa's ticket-lock algorithm and data format and makes each
read-change-write a Redis transaction (WATCH / MULTI / EXEC, retried when another replica
changed the lock in between), and finishing a ticket plus deleting the empty lock one step.
endpoints.production.yml selects it with `type: devtools.production.rasa_lock_store.AtomicRedisLockStore`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore

logger = logging.getLogger(__name__)
T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket operations are atomic across Rasa server replicas."""

    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # created by Rasa from endpoints.yml (`type: <this class>`)
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _transact(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[str, T]]) -> T:
        """Run `change` on the current lock and store its result atomically.

        `change` returns ("save" | "delete" | "keep", result); the lock object it was given is
        saved, deleted or left alone. Retried when the key changed under us.
        """
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    action, result = change(lock)
                    pipe.multi()
                    if action == "save" and lock is not None:
                        pipe.set(key, lock.dumps())
                    elif action == "delete":
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = 60) -> int:
        """Draw the next ticket (creating the lock if there is none) in one transaction."""
        key = self.key_prefix + conversation_id
        try:
            with self.red.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(key)
                        raw = pipe.get(key)
                        lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
                        ticket = lock.issue_ticket(lock_lifetime)
                        pipe.multi()
                        pipe.set(key, lock.dumps())
                        pipe.execute()
                        return int(ticket)
                    except redis.WatchError:
                        continue
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: TicketLock | None) -> tuple[str, None]:
            if lock is None:
                return "keep", None
            lock.remove_expired_tickets()
            return "save", None

        self._transact(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def change(lock: TicketLock | None) -> tuple[str, None]:
            if lock is None:
                return "keep", None
            lock.remove_ticket_for(ticket_number)
            return "save", None

        self._transact(conversation_id, change)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finish the ticket and delete the lock if no one else waits: one atomic step."""

        def change(lock: TicketLock | None) -> tuple[str, None]:
            if lock is None:
                return "keep", None
            lock.remove_ticket_for(ticket_number)
            return ("save" if lock.is_someone_waiting() else "delete"), None

        self._transact(conversation_id, change)

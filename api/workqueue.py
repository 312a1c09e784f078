"""A bounded work queue for embedding: at most ``capacity`` requests running or waiting.

Requests that embed text (matching, writes, workshops) take a place before their handler is
queued for a worker thread; when every place is taken the request is answered at once with 503
and ``Retry-After`` instead of waiting in memory without bound.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from api.keys import Principal
from api.security import authenticate
from matcher.errors import OverloadedError

__all__ = ["WorkQueue", "embedding_slot"]


class WorkQueue:
    """A counter of places with a fixed capacity (thread-safe).

    Attributes:
        running: places taken now.
        rejected: requests turned away since start.
        peak: the most places ever taken at once.
    """

    def __init__(self, capacity: int, *, retry_after: float = 1.0) -> None:
        self.capacity = capacity
        self.retry_after = retry_after
        self.running = 0
        self.rejected = 0
        self.peak = 0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Take a place. Raises OverloadedError (503) when all ``capacity`` are taken."""
        with self._lock:
            if self.running >= self.capacity:
                self.rejected += 1
                raise OverloadedError(
                    f"busy: {self.capacity} embedding requests are running or waiting; "
                    f"retry after {self.retry_after:g} s",
                    retry_after=self.retry_after,
                )
            self.running += 1
            self.peak = max(self.peak, self.running)

    def release(self) -> None:
        with self._lock:
            self.running -= 1


async def embedding_slot(
    request: Request, caller: Annotated[Principal, Depends(authenticate)]
) -> AsyncIterator[Principal]:
    """A dependency: a place in the app's queue for the request's lifetime (after authentication)."""
    queue: WorkQueue = request.app.state.work_queue
    queue.acquire()
    try:
        yield caller
    finally:
        queue.release()

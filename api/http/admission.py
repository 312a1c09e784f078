"""Admission: a bounded queue for embedding work, and concurrent ``/match`` questions batched.

**The work queue.** Requests that embed text (matching, writes, workshops) take a place before
their handler is queued for a worker thread; when every place is taken the request is answered at
once with 503 and ``Retry-After`` instead of waiting in memory without bound.

**The batcher.** No timer and no added wait: the first question runs at once; questions that
arrive while it is being answered queue up and the next leader takes them all (up to
``max_batch``) in one :meth:`Network.match_many` call. At low load every batch holds one
question; under load the model sees batches. ``benchmarks/bench_batching.py`` measures whether
that is faster.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from api.app.errors import OverloadedError
from api.app.keys import Principal
from api.app.network import Network
from api.http.auth import authenticate
from models import MatchesPublic, MatchRequest

__all__ = ["MatchBatcher", "WorkQueue", "embedding_slot", "get_work_queue"]


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


def get_work_queue(request: Request) -> WorkQueue:
    """The app's work queue (set by :func:`api.http.main.create_app`)."""
    queue: WorkQueue = request.app.state.work_queue
    return queue


async def embedding_slot(
    queue: Annotated[WorkQueue, Depends(get_work_queue)], caller: Annotated[Principal, Depends(authenticate)]
) -> AsyncIterator[Principal]:
    """A dependency: a place in the app's queue for the request's lifetime (after authentication)."""
    queue.acquire()
    try:
        yield caller
    finally:
        queue.release()


@dataclass
class _Job:
    request: MatchRequest
    hidden: frozenset[str]
    wake: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    result: MatchesPublic | None = None
    error: BaseException | None = None


class MatchBatcher:
    """Gathers concurrent :meth:`Network.match` calls (thread-safe).

    Attributes:
        batches: model calls made; questions / batches is the mean batch size.
        questions: questions answered.
    """

    def __init__(self, network: Network, *, max_batch: int = 32) -> None:
        self.network = network
        self.max_batch = max_batch
        self.batches = 0
        self.questions = 0
        self._lock = threading.Lock()
        self._pending: list[_Job] = []
        self._busy = False

    def match(
        self, request: MatchRequest, *, hidden: frozenset[str] = frozenset(), caller: Principal | None = None
    ) -> MatchesPublic:
        """The same answer as ``network.match(request, hidden=hidden, caller=caller)``."""
        job = _Job(request, hidden | self.network.visibility(caller, request))
        with self._lock:
            self._pending.append(job)
            lead = not self._busy
            self._busy = True
        if not lead:
            job.wake.wait()  # answered by another leader, or promoted to lead the next batch
        if not job.done:
            self._lead()
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _lead(self) -> None:
        with self._lock:
            batch = self._pending[: self.max_batch]
            del self._pending[: len(batch)]
        try:
            results = self.network.match_many([(j.request, j.hidden) for j in batch])
            for job, result in zip(batch, results, strict=True):
                job.result = result
        except BaseException as exc:  # every question of the batch gets the model's error
            for job in batch:
                job.error = exc
        with self._lock:
            self.batches += 1
            self.questions += len(batch)
            successor = self._pending[0] if self._pending else None
            self._busy = successor is not None
        for job in batch:
            job.done = True
            job.wake.set()
        if successor is not None:
            successor.wake.set()

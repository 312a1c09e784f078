"""Concurrent ``/match`` questions embedded together: one model call for all that are waiting.

No timer and no added wait: the first question runs at once; questions that arrive while it is
being answered queue up and the next leader takes them all (up to ``max_batch``) in one
:meth:`Network.match_many` call. At low load every batch holds one question; under load the
model sees batches. ``benchmarks/bench_batching.py`` measures whether that is faster.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from api.network import Network
from models import MatchesPublic, MatchRequest

__all__ = ["MatchBatcher"]


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

    def match(self, request: MatchRequest, *, hidden: frozenset[str] = frozenset()) -> MatchesPublic:
        """The same answer as ``network.match(request, hidden=hidden)``."""
        job = _Job(request, hidden)
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

"""Progress of long work (embedding many texts), reported to whoever watches: a log or a terminal.

The application reports through a :class:`ProgressSink`; the server's is :class:`LogProgress`
(log lines with count, rate and time left), the CLI's draws a bar (``api/cli/progress.py``).
:class:`ProgressEmbedder` puts a sink in front of a model without touching ``matcher``: a large
encode call is sent in chunks and each chunk is reported, so the store indexing at start-up, the
demo network and a bulk import all show how far they are.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

import numpy as np

from matcher.embedding import CachedEmbedder, Embedder, FloatMatrix

__all__ = [
    "LogProgress",
    "ProgressEmbedder",
    "ProgressSink",
    "describe_rate",
    "progress_of",
    "with_progress",
]


class ProgressSink(Protocol):
    """Receives the progress of one task at a time: ``start``, any number of ``advance``, ``finish``."""

    label: str
    """What the work is for (``"the demo network"``); callers set it around a phase."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


def describe_rate(done: int, total: int, elapsed: float) -> str:
    """``"120/594, 14/s, ~34 s left"``: the count, the rate so far and the time left at that rate."""
    rate = done / elapsed if elapsed > 0 else 0.0
    text = f"{done}/{total}, {rate:.0f}/s" if rate >= 10 else f"{done}/{total}, {rate:.1f}/s"
    if done >= total:
        return f"{text}, done in {elapsed:.1f} s"
    if rate > 0:
        return f"{text}, ~{(total - done) / rate:.0f} s left"
    return text


class LogProgress:
    """A :class:`ProgressSink` that writes log lines: at the start, every ``interval`` seconds, at the end.

    Args:
        logger: where the lines go (INFO).
        interval: seconds between two lines while the work runs (0: a line per advance).
        clock: the time source (tests may pass their own).
    """

    def __init__(
        self, logger: logging.Logger, *, interval: float = 5.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.logger = logger
        self.interval = interval
        self.clock = clock
        self.label = "the network"
        self._description = ""
        self._total = 0
        self._done = 0
        self._started = 0.0
        self._last = 0.0

    def start(self, description: str, total: int) -> None:
        self._description, self._total, self._done = description, total, 0
        self._started = self._last = self.clock()
        self.logger.info("%s for %s: 0/%d", description, self.label, total)

    def advance(self, n: int) -> None:
        self._done += n
        now = self.clock()
        if self._done < self._total and now - self._last < self.interval:
            return
        self._last = now
        self.logger.info(
            "%s for %s: %s",
            self._description,
            self.label,
            describe_rate(self._done, self._total, now - self._started),
        )

    def finish(self) -> None:
        self._total = self._done = 0


@contextmanager
def with_progress(sink: ProgressSink | None, label: str) -> Iterator[None]:
    """Name the work reported by ``sink`` while the block runs (``None``: nothing to name)."""
    if sink is None:
        yield
        return
    before, sink.label = sink.label, label
    try:
        yield
    finally:
        sink.label = before


class ProgressEmbedder(Embedder):
    """An embedder that encodes a large batch of passages in chunks and reports each to a sink.

    Vectors, ``model_id`` and ``dim`` are the model's own: the cache cannot tell the difference.
    Calls of at most ``chunk`` texts (every question) go straight to the model, unreported; the
    larger, reported ones run one at a time in the process (a sink follows one task at a time).

    Args:
        embedder: the model.
        sink: where progress goes.
        chunk: texts per model call while reporting.
    """

    _reporting = threading.Lock()

    def __init__(self, embedder: Embedder, sink: ProgressSink, *, chunk: int = 64) -> None:
        if chunk < 1:
            raise ValueError(f"chunk must be >= 1, got {chunk}")
        self.embedder = embedder
        self.sink = sink
        self.chunk = chunk
        self.model_id = embedder.model_id
        self.dim = embedder.dim

    @property
    def query_model_id(self) -> str:
        return self.embedder.query_model_id

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self.embedder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        if len(texts) <= self.chunk:
            return self.embedder.encode_passages(texts)
        parts: list[FloatMatrix] = []
        with self._reporting:
            self.sink.start(f"embedding {len(texts)} texts", len(texts))
            try:
                for start in range(0, len(texts), self.chunk):
                    part = self.embedder.encode_passages(texts[start : start + self.chunk])
                    parts.append(part)
                    self.sink.advance(len(part))
            finally:
                self.sink.finish()
        return np.concatenate(parts).astype(np.float32, copy=False)


def progress_of(channels: Iterable[CachedEmbedder]) -> ProgressSink | None:
    """The sink that the models of a network's ``channels`` report to (``None``: they report nowhere)."""
    for channel in channels:
        if isinstance(channel.embedder, ProgressEmbedder):
            return channel.embedder.sink
    return None

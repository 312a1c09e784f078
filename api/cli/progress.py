"""Progress bars (count, rate, time left) on the terminal; nothing when output is not one, or ``--quiet``.

``with terminal_progress(args) as bar:`` gives a :class:`BarProgress` on a terminal and ``None``
otherwise; it is both the application's :class:`~api.app.progress.ProgressSink` (the embedding of
many texts) and a ``track`` over the datasets of an ``eval`` command.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.text import Text

__all__ = ["BarProgress", "quiet_arg", "stderr_console", "terminal_progress", "track"]

T = TypeVar("T")


class RateColumn(ProgressColumn):
    """Items per second and the time left at that rate (``14/s, ~34 s left``); the time taken when done."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        rate = "-/s" if speed is None else (f"{speed:.0f}/s" if speed >= 10 else f"{speed:.1f}/s")
        if task.finished:
            return Text(f"{rate}, {task.finished_time or 0:.1f} s", style="progress.data.speed")
        left = task.time_remaining
        return Text(rate if left is None else f"{rate}, ~{left:.0f} s left", style="progress.remaining")


def stderr_console() -> Console:
    """The console the bars are drawn on: standard error, so results on standard output stay clean."""
    return Console(stderr=True)


def quiet_arg(p: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress bar."""
    p.add_argument("--quiet", action="store_true", help="no progress (bar, or the server's log lines)")


class BarProgress:
    """Rich progress bars: one task per :meth:`start` (embedding) or :meth:`track` (datasets)."""

    def __init__(self, console: Console) -> None:
        self.label = "the network"
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=20),
            MofNCompleteColumn(),
            RateColumn(),
            console=console,
        )
        self._task: TaskID | None = None

    def start(self, description: str, total: int) -> None:
        self._task = self.progress.add_task(f"{self.label}: {description}", total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self.progress.advance(self._task, n)

    def finish(self) -> None:
        self._task = None

    def track(self, items: Iterable[T], description: str) -> Iterator[T]:
        """Yield ``items`` while a bar counts them."""
        total = len(items) if isinstance(items, Sized) else None
        task = self.progress.add_task(description, total=total)
        for item in items:
            yield item
            self.progress.advance(task)


@contextmanager
def terminal_progress(args: argparse.Namespace) -> Iterator[BarProgress | None]:
    """A :class:`BarProgress` while the block runs, or ``None`` under ``--quiet`` or off a terminal."""
    console = stderr_console()
    if getattr(args, "quiet", False) or not console.is_terminal:
        yield None
        return
    bar = BarProgress(console)
    with bar.progress:
        yield bar


def track(bar: BarProgress | None, items: Iterable[T], description: str) -> Iterable[T]:
    """``items`` counted by ``bar`` (``None``: as they are)."""
    return items if bar is None else bar.track(items, description)

"""LISTEN for the store's change notifications on a dedicated connection, in a background thread.

Payloads are ``'<table>:<op>:<id>'`` (``op`` is ``upsert`` or ``delete``; the receiver re-reads
the record either way). Notifications that arrive together are grouped per table and handed to
the callback as one batch, so a bulk import on one replica costs the others a few reads, not one
per record.

What a notification cannot cover is also handled: right after ``LISTEN`` (changes committed
between the caller's initial load and the ``LISTEN`` would otherwise be missed), after a lost
connection (notifications sent meanwhile are gone) and after a failing callback, the callback
gets ``(table, None)`` for each table: "anything may have changed, resynchronise".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

import psycopg

from store.base import ChangeCallback

__all__ = ["TABLES", "ChangeListener", "group_changes"]

log = logging.getLogger("kringmatch.store.listen")

TABLES = ("profiles", "projects")


def group_changes(payloads: Iterable[str]) -> dict[str, list[str]]:
    """``'<table>:<op>:<id>'`` payloads → ids per known table, first-seen order, no repeats."""
    grouped: dict[str, dict[str, None]] = {}
    for payload in payloads:
        table, _, rest = payload.partition(":")
        _, sep, record_id = rest.partition(":")
        if table in TABLES and sep and record_id:
            grouped.setdefault(table, {})[record_id] = None
    return {table: list(ids) for table, ids in grouped.items()}


class ChangeListener:
    """Listens on ``channel`` until :meth:`stop`; reconnects (then resynchronises) on its own.

    Args:
        url: the database (a connection of its own; the pool's are not held).
        on_change: ``(table, ids | None)``, called on the listener's thread.
        channel: the NOTIFY channel.
        poll: seconds between checks of the stop flag.
    """

    def __init__(self, url: str, on_change: ChangeCallback, *, channel: str, poll: float = 0.2) -> None:
        self._url = url
        self._on_change = on_change
        self._channel = channel
        self._poll = poll
        self._stop = threading.Event()
        self.ready = threading.Event()  # set once LISTEN is in place (and after each reconnect)
        self._thread = threading.Thread(target=self._run, name="kringmatch-listen", daemon=True)

    def start(self, *, wait: float = 10.0) -> None:
        """Start the thread; wait (up to ``wait`` seconds) until it listens."""
        self._thread.start()
        self.ready.wait(wait)

    def stop(self) -> None:
        """Stop listening and wait for the thread (idempotent)."""
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {self._channel}")
                    self.ready.set()
                    backoff = 0.5
                    self._listen(conn)
            except psycopg.Error as exc:
                self.ready.clear()
                log.warning("change listener lost its connection (%s); retrying in %.1fs", exc, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        resync = True
        while not self._stop.is_set():
            if resync:
                resync = not self._deliver(dict.fromkeys(TABLES))
            payloads = [n.payload for n in conn.notifies(timeout=self._poll, stop_after=1)]
            while payloads and len(payloads) < 50_000:  # drain what has arrived meanwhile
                more = [n.payload for n in conn.notifies(timeout=0.01, stop_after=1000)]
                payloads += more
                if len(more) < 1000:
                    break
            if payloads and not self._deliver(dict(group_changes(payloads))):
                resync = True

    def _deliver(self, changes: dict[str, list[str]] | dict[str, None]) -> bool:
        """Hand ``changes`` to the callback; False when it failed (the caller resynchronises)."""
        for table, ids in changes.items():
            try:
                self._on_change(table, ids)
            except Exception:
                log.exception("applying changes to %s failed; resynchronising", table)
                self._stop.wait(1.0)
                return False
        return True

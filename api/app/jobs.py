"""Big bulk imports run as jobs: answered at once (202), embedded in the background, stored whole.

A job embeds its records in chunks (reporting ``done``), then stores them all in one transaction,
exactly as a small bulk import does: a job that fails or is killed leaves the store as it was
(only the embedding cache may have grown). Jobs are stored; one that stops reporting is
``failed``: at start-up every unfinished job of a store no other process writes (SQLite), and on
a shared store (PostgreSQL) any unfinished job silent for ``stale_after`` seconds.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from api.app.access import owns
from api.app.feedback import asker
from api.app.keys import Principal
from api.app.records import profile_item, project_item, to_profile, to_project
from models import Job, JobKind, JobPublic, ProfileCreate, ProjectCreate
from models.errors import ConflictError, KringmatchError, NotFoundError

if TYPE_CHECKING:
    from api.app.network import Network

__all__ = ["CHUNK", "JobRunner"]

log = logging.getLogger("kringmatch.jobs")
CHUNK = 100
"""Records embedded between two progress reports of a job."""
Items = Sequence[ProfileCreate] | Sequence[ProjectCreate]


class JobRunner:
    """One background worker that runs the network's bulk-import jobs in order.

    Args:
        network: where the records go.
        clock: the current time.
        stale_after: seconds without a report after which an unfinished job counts as failed.
    """

    def __init__(
        self, network: Network, *, clock: Callable[[], datetime], stale_after: float = 120.0
    ) -> None:
        self.network = network
        self.store = network.store
        self.clock = clock
        self.stale_after = stale_after
        self._queue: queue.Queue[tuple[str, Items]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        if self.store.backend == "sqlite":  # nobody else runs this store's jobs: they died with us
            for job in self._unfinished():
                self._fail(job, "interrupted: the server stopped before the job finished")

    def _unfinished(self) -> list[Job]:
        return [j for s in ("queued", "running") for j in self.store.jobs.list({"status": s})]

    def _save(self, job: Job, **changes: object) -> Job:
        updated = job.model_copy(update={**changes, "updated_at": self.clock()})
        self.store.jobs.put(updated)
        return updated

    def _advance(self, job: Job, **changes: object) -> Job:
        """:meth:`_save` unless the job was failed meanwhile (a reader found it silent): then stop
        it (:class:`_Abandoned`), so a job reported failed never stores anything later."""
        if self.store.jobs.get(job.id).status == "failed":
            raise _Abandoned(job.id)
        return self._save(job, **changes)

    def _fail(self, job: Job, error: str) -> Job:
        return self._save(job, status="failed", error=error, finished_at=self.clock())

    # --- asking -----------------------------------------------------------------------------

    def submit(self, caller: Principal, kind: JobKind, items: Items) -> str:
        """Queue a bulk import (the caller's right to write these records is checked first)."""
        given = [p.id for p in items if p.id is not None]
        repeated = sorted(i for i, n in Counter(given).items() if n > 1)
        if repeated:  # known now: no job to wait for
            raise ConflictError(f"id repeats within the import: {', '.join(repeated[:5])}")
        now = self.clock()
        job = Job(id=f"job-{uuid.uuid4().hex[:12]}", kind=kind, status="queued", done=0, total=len(items),
                  created_at=now, updated_at=now, organisation=asker(caller))  # fmt: skip
        self.store.jobs.add_many([job])
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="kringmatch-jobs", daemon=True)
                self._thread.start()
        self._queue.put((job.id, items))
        return job.id

    def get(self, caller: Principal, job_id: str) -> JobPublic:
        """A job, for its organisation and admins (others: the 404 of a missing id)."""
        job = self.store.jobs.get(job_id)
        if caller.role != "admin" and not (
            owns(caller, job.organisation) or job.organisation == asker(caller)
        ):
            raise NotFoundError(f"no job with id {job_id!r}")
        if is_stale(job, self.clock(), self.stale_after):
            job = self._fail(
                job, f"interrupted: no progress for {self.stale_after:.0f} s (its server stopped)"
            )
        return JobPublic.model_validate(job.model_dump(exclude={"organisation", "updated_at"}))

    # --- running ----------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job_id, items = self._queue.get()
            try:
                self._run(self.store.jobs.get(job_id), items)
            except Exception:  # never let one job stop the worker
                log.exception("job %s failed unexpectedly", job_id)
            finally:
                self._queue.task_done()

    def _run(self, job: Job, items: Items) -> None:
        try:
            job = self._advance(job, status="running")
        except _Abandoned:
            return
        network = self.network
        try:
            profiles = [p for p in items if isinstance(p, ProfileCreate)]
            projects = [p for p in items if isinstance(p, ProjectCreate)]
            engine = network.profiles if profiles else network.projects
            indexed = [profile_item(to_profile(p)) for p in profiles] + [
                project_item(to_project(p)) for p in projects
            ]
            for start in range(0, len(indexed), CHUNK):  # embed (cached), reporting as it goes
                engine.index.prepare(indexed[start : start + CHUNK])
                job = self._advance(job, done=min(start + CHUNK, len(indexed)))
            if profiles:
                network.add_profiles(profiles)
            else:
                network.add_projects(projects)
        except _Abandoned:
            log.warning("job %s was failed while it ran (silent too long): stopped, nothing stored", job.id)
            return
        except KringmatchError as exc:
            self._fail(job, str(exc))
            return
        except Exception as exc:
            self._fail(job, f"{type(exc).__name__}: {exc}")
            raise
        self._save(job, status="done", done=job.total, error=None, finished_at=self.clock())

    def wait(self, timeout: float | None = None) -> None:
        """Block until every queued job has run (tests, shutdown)."""
        done = threading.Event()

        def join() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=join, daemon=True).start()
        done.wait(timeout)


def is_stale(job: Job, now: datetime, stale_after: float) -> bool:
    """Has a running ``job`` been silent for longer than ``stale_after`` seconds? (A queued one
    waits its turn: it is failed only when its server restarts, see :class:`JobRunner`.)"""
    return job.status == "running" and now - job.updated_at > timedelta(seconds=stale_after)


class _Abandoned(Exception):
    """The job was failed by a reader while it ran."""

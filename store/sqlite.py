"""SQLite store (the embedded default): WAL journal, synchronous=FULL, one transaction per write."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from models import Event, Feedback, Introduction, Job, Profile, Project
from models.errors import ConflictError, InvalidInputError, NotFoundError
from models.organisations import fold_organisation
from models.vectors import FloatMatrix
from store.base import Collection, Store
from store.columns import (
    event_columns,
    feedback_columns,
    introduction_columns,
    job_columns,
    profile_columns,
    project_columns,
)
from store.fold import fold

__all__ = ["SQLiteStore"]

R = TypeVar("R", bound=BaseModel)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    organisation TEXT NOT NULL,
    region TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {table}_kind ON {table}(kind, region);
"""
_EMBEDDINGS = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"""
_PROFILE_FILTERS = {"role": "kind", "region": "region", "organisation": "organisation"}
_PROJECT_FILTERS = {"status": "kind", "region": "region", "organisation": "organisation"}
# introductions and feedback reuse the four key columns under their own filter names
_INTRODUCTION_FILTERS = {"status": "kind", "sender": "organisation", "receiver": "region"}
_FEEDBACK_FILTERS = {"verdict": "kind", "organisation": "organisation", "scope": "region"}


class _SQLiteCollection(Collection[R]):
    def __init__(
        self,
        store: SQLiteStore,
        table: str,
        model: type[R],
        columns: Callable[[R], tuple[str, str, str, str | None]],
        filters: Mapping[str, str],
    ) -> None:
        self._store = store
        self._table = table
        self._model = model
        self._columns = columns  # record -> (id, kind, organisation, region)
        self._filters = filters  # filter name -> column

    def _row(self, record: R) -> tuple[str, str, str, str | None, str]:
        return (*self._columns(record), record.model_dump_json())

    def add_many(self, records: Sequence[R], *, replace: bool = False) -> None:
        ids = [self._columns(r)[0] for r in records]
        repeated = sorted(i for i, n in Counter(ids).items() if n > 1)  # linear: imports can be large
        if repeated:
            raise ConflictError(f"id repeats within the import: {', '.join(repeated[:5])}")
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        try:
            with self._store.transaction() as db:
                db.executemany(
                    f"{verb} INTO {self._table} VALUES (?, ?, ?, ?, ?)", [self._row(r) for r in records]
                )
        except sqlite3.IntegrityError as exc:
            with self._store.read() as db:  # after the rollback: only ids stored before clash
                taken = self._existing(db, ids)
            raise ConflictError(f"id already exists: {', '.join(taken[:5]) or ids[0]}") from exc

    def _existing(self, db: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
        found: list[str] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found += [r[0] for r in db.execute(f"SELECT id FROM {self._table} WHERE id IN ({marks})", chunk)]
        return sorted(found)

    def put(self, record: R) -> bool:
        with self._store.transaction() as db:
            found = db.execute(f"SELECT 1 FROM {self._table} WHERE id = ?", (self._columns(record)[0],))
            new = found.fetchone() is None
            db.execute(f"INSERT OR REPLACE INTO {self._table} VALUES (?, ?, ?, ?, ?)", self._row(record))
        return new

    def get(self, record_id: str) -> R:
        with self._store.read() as db:
            row = db.execute(f"SELECT data FROM {self._table} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no {self._table[:-1]} with id {record_id!r}")
        return self._model.model_validate_json(row[0])

    def delete(self, record_id: str) -> None:
        with self._store.transaction() as db:
            if db.execute(f"DELETE FROM {self._table} WHERE id = ?", (record_id,)).rowcount == 0:
                raise NotFoundError(f"no {self._table[:-1]} with id {record_id!r}")

    def _where(
        self, where: Mapping[str, str] | None, open_or_owned_by: str | None = None
    ) -> tuple[str, list[str | None]]:
        clauses: list[str] = []
        params: list[str | None] = []
        if open_or_owned_by is not None:
            clauses.append(
                "(kfold(kind) = 'open' OR json_extract(data, '$.visibility') = 'network' "
                "OR orgfold(organisation) = ?)"
            )
            params.append(fold_organisation(open_or_owned_by))
        for key, value in (where or {}).items():
            if key not in self._filters:
                raise InvalidInputError(
                    f"cannot filter {self._table} on {key!r}; use one of {', '.join(self._filters)}",
                    field=key,
                    value=value,
                )
            clauses.append(f"kfold({self._filters[key]}) = ?")
            params.append(fold(value))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def list(
        self,
        where: Mapping[str, str] | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        open_or_owned_by: str | None = None,
    ) -> list[R]:
        sql, params = self._where(where, open_or_owned_by)
        page = f" LIMIT {int(limit) if limit is not None else -1} OFFSET {int(offset)}"
        with self._store.read() as db:
            rows = db.execute(f"SELECT data FROM {self._table}{sql} ORDER BY id{page}", params).fetchall()
        return [self._model.model_validate_json(r[0]) for r in rows]

    def count(self, where: Mapping[str, str] | None = None, *, open_or_owned_by: str | None = None) -> int:
        sql, params = self._where(where, open_or_owned_by)
        with self._store.read() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {self._table}{sql}", params).fetchone()[0])


class SQLiteStore(Store):
    """A SQLite file (or ``:memory:``).

    Args:
        path: database file; created with its folder when missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.create_function("kfold", 1, fold, deterministic=True)
        self._db.create_function("orgfold", 1, fold_organisation, deterministic=True)
        self._db.executescript(
            "".join(
                _SCHEMA.format(table=t)
                for t in ("profiles", "projects", "introductions", "feedback", "events", "jobs")
            )
            + _EMBEDDINGS
        )
        self.profiles: Collection[Profile] = _SQLiteCollection(
            self, "profiles", Profile, profile_columns, _PROFILE_FILTERS
        )
        self.projects: Collection[Project] = _SQLiteCollection(
            self, "projects", Project, project_columns, _PROJECT_FILTERS
        )
        self.introductions: Collection[Introduction] = _SQLiteCollection(
            self, "introductions", Introduction, introduction_columns, _INTRODUCTION_FILTERS
        )
        self.feedback: Collection[Feedback] = _SQLiteCollection(
            self, "feedback", Feedback, feedback_columns, _FEEDBACK_FILTERS
        )
        self.events: Collection[Event] = _SQLiteCollection(
            self, "events", Event, event_columns, {"date": "kind"}
        )
        self.jobs: Collection[Job] = _SQLiteCollection(
            self, "jobs", Job, job_columns, {"status": "kind", "organisation": "organisation"}
        )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole on any error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        out: dict[str, FloatMatrix] = {}
        with self.read() as db:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(
                    f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks})",
                    [model_id, *chunk],
                ):
                    out[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        rows = [(model_id, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()]
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def count_vectors(self, model_id: str | None = None) -> int:
        with self.read() as db:
            if model_id is None:
                return int(db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
            return int(
                db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model_id,)).fetchone()[0]
            )

    def iter_vectors(self, batch: int = 10_000) -> Iterator[tuple[str, dict[str, FloatMatrix]]]:
        with self.read() as db:
            cursor = db.execute("SELECT model, key, vector FROM embeddings ORDER BY model, key")
            while rows := cursor.fetchmany(batch):
                by_model: dict[str, dict[str, FloatMatrix]] = {}
                for model, key, blob in rows:
                    by_model.setdefault(model, {})[key] = np.frombuffer(blob, dtype=np.float32).copy()
                yield from by_model.items()

    @property
    def backend(self) -> str:
        return "sqlite"

    def check_integrity(self, *, full: bool = False) -> str:
        """``PRAGMA quick_check`` (or ``integrity_check``): "ok" or the first problems."""
        pragma = "integrity_check" if full else "quick_check"
        with self.read() as db:
            rows = db.execute(f"PRAGMA {pragma}").fetchall()
        return "; ".join(str(r[0]) for r in rows[:20])

    def close(self) -> None:
        with self._lock:
            self._db.close()

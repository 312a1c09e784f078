"""PostgreSQL store: the shared database of several service replicas (psycopg 3, a connection pool).

Every write is one transaction. Writes to profiles and projects announce themselves with
``NOTIFY kringmatch_changes, '<table>:<op>:<id>'`` inside that transaction, so only committed
changes are announced; :meth:`PostgresStore.subscribe` turns those into calls of a callback
(see :mod:`store.pg_listen`). The schema is created and migrated on open (:mod:`store.migrations`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout
from pydantic import BaseModel

from models import Event, Feedback, Introduction, Job, Profile, Project
from models.errors import ConflictError, InvalidInputError, NotFoundError
from models.organisations import fold_organisation
from models.vectors import FloatMatrix
from store.base import ChangeCallback, Collection, Store
from store.columns import (
    event_columns,
    feedback_columns,
    introduction_columns,
    job_columns,
    profile_columns,
    project_columns,
)
from store.fold import fold
from store.migrations import migrate
from store.urls import redact_url

__all__ = ["CHANNEL", "PostgresStore", "fold"]

R = TypeVar("R", bound=BaseModel)
Conn = psycopg.Connection[Any]

CHANNEL = "kringmatch_changes"
_CHUNK = 5000  # ids per "= ANY(...)" query
_COLUMNS = "id, kind_key, organisation_key, region_key, data, owner_key"
_PROFILE_FILTERS = {"role": "kind_key", "region": "region_key", "organisation": "organisation_key"}
_PROJECT_FILTERS = {"status": "kind_key", "region": "region_key", "organisation": "organisation_key"}
_INTRODUCTION_FILTERS = {"status": "kind_key", "sender": "organisation_key", "receiver": "region_key"}
_FEEDBACK_FILTERS = {"verdict": "kind_key", "organisation": "organisation_key", "scope": "region_key"}


def _owner(organisation: str | None) -> str | None:
    """The ``owner_key`` column: the organisation as :func:`fold_organisation` compares it."""
    return None if organisation is None else fold(fold_organisation(organisation))


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


class _PgCollection(Collection[R]):
    def __init__(
        self,
        store: PostgresStore,
        table: str,
        model: type[R],
        columns: Callable[[R], tuple[str, str, str, str | None]],
        filters: Mapping[str, str],
    ) -> None:
        self._store = store
        self._table = table
        self._model = model
        self._columns = columns  # record -> (id, kind, organisation, region)
        self._filters = filters  # filter name -> key column
        self._noun = table[:-1]

    def _row(self, record: R) -> tuple[str, str | None, str | None, str | None, str, str | None]:
        rid, kind, organisation, region = self._columns(record)
        return (
            rid,
            fold(kind),
            fold(organisation),
            fold(region),
            record.model_dump_json(),
            _owner(organisation),
        )

    def fill_owner_keys(self) -> int:
        """Compute ``owner_key`` where a row lacks it (rows written before migration 2)."""
        with self._store.transaction() as conn:
            rows = conn.execute(f"SELECT id, data FROM {self._table} WHERE owner_key IS NULL").fetchall()
            keys = [
                (_owner(self._columns(self._model.model_validate_json(data))[2]), rid) for rid, data in rows
            ]
            if keys:
                with conn.cursor() as cur:
                    cur.executemany(f"UPDATE {self._table} SET owner_key = %s WHERE id = %s", keys)
        return len(keys)

    def _notify(self, conn: Conn, op: str, ids: Sequence[str]) -> None:
        payload = f"{self._table}:{op}:"
        conn.execute("SELECT pg_notify(%s, %s || x) FROM unnest(%s::text[]) AS x", (CHANNEL, payload, ids))

    def add_many(self, records: Sequence[R], *, replace: bool = False) -> None:
        ids = [self._columns(r)[0] for r in records]
        repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
        if repeated:
            raise ConflictError(f"id repeats within the import: {', '.join(repeated[:5])}")
        if not records:
            return
        try:
            with self._store.transaction() as conn:
                if replace:
                    for chunk in _chunks(ids):
                        conn.execute(f"DELETE FROM {self._table} WHERE id = ANY(%s)", (chunk,))
                with conn.cursor() as cur, cur.copy(f"COPY {self._table} ({_COLUMNS}) FROM STDIN") as copy:
                    for record in records:
                        copy.write_row(self._row(record))
                self._notify(conn, "upsert", ids)
        except pg_errors.UniqueViolation as exc:
            taken = self._existing(ids)  # after the rollback: only ids stored before clash
            detail = re.search(r"\(id\)=\((.*)\)", exc.diag.message_detail or "")
            named = ", ".join(taken[:5]) or (detail.group(1) if detail else ids[0])
            raise ConflictError(f"id already exists: {named}") from exc

    def _existing(self, ids: Sequence[str]) -> list[str]:
        found: list[str] = []
        with self._store.read() as conn:
            for chunk in _chunks(ids):
                rows = conn.execute(f"SELECT id FROM {self._table} WHERE id = ANY(%s)", (chunk,))
                found += [r[0] for r in rows]
        return sorted(found)

    def put(self, record: R) -> bool:
        row = self._row(record)
        with self._store.transaction() as conn:
            while True:  # insert, else update; a concurrent delete between the two just loops
                inserted = conn.execute(
                    f"INSERT INTO {self._table} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING",
                    row,
                ).rowcount
                if inserted:
                    break
                updated = conn.execute(
                    f"UPDATE {self._table} SET kind_key = %s, organisation_key = %s, region_key = %s, "
                    "data = %s, owner_key = %s WHERE id = %s",
                    (*row[1:], row[0]),
                ).rowcount
                if updated:
                    break
            self._notify(conn, "upsert", [row[0]])
        return inserted == 1

    def get(self, record_id: str) -> R:
        with self._store.read() as conn:
            found = conn.execute(f"SELECT data FROM {self._table} WHERE id = %s", (record_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"no {self._noun} with id {record_id!r}")
        return self._model.model_validate_json(found[0])

    def get_many(self, ids: Sequence[str]) -> dict[str, R]:
        out: dict[str, R] = {}
        with self._store.read() as conn:
            for chunk in _chunks(ids):
                for rid, data in conn.execute(
                    f"SELECT id, data FROM {self._table} WHERE id = ANY(%s)", (chunk,)
                ):
                    out[rid] = self._model.model_validate_json(data)
        return out

    def ids(self) -> list[str]:
        with self._store.read() as conn:
            return [r[0] for r in conn.execute(f"SELECT id FROM {self._table} ORDER BY id")]

    def delete(self, record_id: str) -> None:
        with self._store.transaction() as conn:
            if conn.execute(f"DELETE FROM {self._table} WHERE id = %s", (record_id,)).rowcount == 0:
                raise NotFoundError(f"no {self._noun} with id {record_id!r}")
            self._notify(conn, "delete", [record_id])

    def _where(
        self, where: Mapping[str, str] | None, open_or_owned_by: str | None = None
    ) -> tuple[str, list[str | None]]:
        clauses: list[str] = []
        params: list[str | None] = []
        if open_or_owned_by is not None:
            clauses.append(
                "(kind_key = 'open' OR data LIKE '%%\"visibility\":\"network\"%%' OR owner_key = %s)"
            )
            params.append(_owner(open_or_owned_by))
        for key, value in (where or {}).items():
            if key not in self._filters:
                raise InvalidInputError(
                    f"cannot filter {self._table} on {key!r}; use one of {', '.join(self._filters)}",
                    field=key,
                    value=value,
                )
            clauses.append(f"{self._filters[key]} = %s")
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
        top = 2**63 - 1  # bigint: larger pages and offsets mean "all" and "past the end"
        size = "ALL" if limit is None or limit < 0 else str(min(int(limit), top))
        page = f" LIMIT {size} OFFSET {min(max(int(offset), 0), top)}"
        with self._store.read() as conn:
            rows = conn.execute(f"SELECT data FROM {self._table}{sql} ORDER BY id{page}", params).fetchall()
        return [self._model.model_validate_json(r[0]) for r in rows]

    def count(self, where: Mapping[str, str] | None = None, *, open_or_owned_by: str | None = None) -> int:
        sql, params = self._where(where, open_or_owned_by)
        with self._store.read() as conn:
            found = conn.execute(f"SELECT COUNT(*) FROM {self._table}{sql}", params).fetchone()
        return int(found[0]) if found else 0


class PostgresStore(Store):
    """A PostgreSQL database, shared by any number of processes.

    Args:
        url: ``postgresql://user:password@host:port/database`` (libpq URL or key=value string).
        max_connections: the pool's size (the service's threads share it).
        connect_timeout: seconds to wait for the server on open.

    Raises:
        InvalidInputError: the server cannot be reached or refuses the login (field ``database_url``).
    """

    def __init__(self, url: str, *, max_connections: int = 10, connect_timeout: int = 10) -> None:
        self.url = url
        safe = redact_url(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout) as conn:
                self.migrations_applied = migrate(conn)
                found = conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')"
                ).fetchone()
                self.pgvector_available = bool(found and found[0])
        except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise InvalidInputError(
                f"cannot open database_url {safe!r}: {reason}", field="database_url", value=safe
            ) from exc
        self._pool: ConnectionPool[Conn] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
            name="kringmatch",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except PoolTimeout as exc:
            self._pool.close()
            raise InvalidInputError(
                f"cannot open database_url {safe!r}: no pool connection within {connect_timeout}s",
                field="database_url",
                value=safe,
            ) from exc
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        profiles = _PgCollection(self, "profiles", Profile, profile_columns, _PROFILE_FILTERS)
        projects = _PgCollection(self, "projects", Project, project_columns, _PROJECT_FILTERS)
        profiles.fill_owner_keys()
        projects.fill_owner_keys()
        self.profiles: Collection[Profile] = profiles
        self.projects: Collection[Project] = projects
        self.introductions: Collection[Introduction] = _PgCollection(
            self, "introductions", Introduction, introduction_columns, _INTRODUCTION_FILTERS
        )
        self.feedback: Collection[Feedback] = _PgCollection(
            self, "feedback", Feedback, feedback_columns, _FEEDBACK_FILTERS
        )
        self.events: Collection[Event] = _PgCollection(
            self, "events", Event, event_columns, {"date": "kind_key"}
        )
        self.jobs: Collection[Job] = _PgCollection(
            self, "jobs", Job, job_columns, {"status": "kind_key", "organisation": "organisation_key"}
        )

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        """One write transaction; rolled back whole on any error."""
        with self._pool.connection() as conn, conn.transaction():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Conn]:
        """A pooled connection in autocommit mode (each statement sees the latest commits)."""
        with self._pool.connection() as conn:
            yield conn

    @staticmethod
    def _model(model_id: str) -> str:
        if "\x00" in model_id:
            raise InvalidInputError(
                f"model id must not contain NUL, got {model_id!r}", field="model_id", value=model_id
            )
        return model_id

    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        model = self._model(model_id)
        out: dict[str, FloatMatrix] = {}
        with self.read() as conn:
            for chunk in _chunks(keys):
                encoded = [k.encode("utf-8") for k in chunk]
                for key, blob in conn.execute(
                    "SELECT key, vector FROM embeddings WHERE model = %s AND key = ANY(%s)", (model, encoded)
                ):
                    out[bytes(key).decode("utf-8")] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        model = self._model(model_id)
        rows = [
            (model, k.encode("utf-8"), np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()
        ]
        if not rows:
            return
        upsert = "ON CONFLICT (model, key) DO UPDATE SET vector = EXCLUDED.vector"
        with self.transaction() as conn:
            if len(rows) <= 500:
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO embeddings (model, key, vector) VALUES (%s, %s, %s) {upsert}", rows
                    )
                return
            conn.execute("CREATE TEMP TABLE embeddings_in (LIKE embeddings) ON COMMIT DROP")
            with conn.cursor() as cur, cur.copy("COPY embeddings_in (model, key, vector) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            conn.execute(
                "INSERT INTO embeddings (model, key, vector) "
                f"SELECT model, key, vector FROM embeddings_in {upsert}"
            )

    def count_vectors(self, model_id: str | None = None) -> int:
        with self.read() as conn:
            if model_id is None:
                found = conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()
            else:
                found = conn.execute(
                    "SELECT COUNT(*) FROM embeddings WHERE model = %s", (self._model(model_id),)
                ).fetchone()
        return int(found[0]) if found else 0

    def iter_vectors(self, batch: int = 10_000) -> Iterator[tuple[str, dict[str, FloatMatrix]]]:
        """Every cached vector, as ``(model, {key: vector})`` batches (for copying a store)."""
        with self.read() as conn, conn.transaction(), conn.cursor(name="vectors") as cur:
            cur.itersize = batch
            cur.execute("SELECT model, key, vector FROM embeddings ORDER BY model, key")
            while rows := cur.fetchmany(batch):
                by_model: dict[str, dict[str, FloatMatrix]] = {}
                for model, key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32).copy()
                    by_model.setdefault(model, {})[bytes(key).decode("utf-8")] = vector
                yield from by_model.items()

    def subscribe(self, on_change: ChangeCallback) -> Callable[[], None]:
        """Call ``on_change(table, ids)`` for the changes other connections commit (see
        :class:`store.pg_listen.ChangeListener`); returns a function that stops listening."""
        from store.pg_listen import ChangeListener

        listener = ChangeListener(self.url, on_change, channel=CHANNEL)
        listener.start()
        with self._lock:
            self._listeners.append(listener.stop)
        return listener.stop

    def close(self) -> None:
        with self._lock:
            stops, self._listeners = self._listeners, []
        for stop in stops:
            stop()
        self._pool.close()

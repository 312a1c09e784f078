"""What only the PostgreSQL store has: migrations, change notifications, a connection pool.

The store contract itself (CRUD, filters, all-or-nothing imports, vectors) runs against
PostgreSQL in ``test_store.py``, as one more backend of the same suite.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest

from models import Profile, Project
from models.errors import ConflictError, InvalidInputError
from store import open_store

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")


def profile(pid: str, **kw: Any) -> Profile:
    values: dict[str, Any] = {
        "id": pid,
        "name": f"Naam {pid}",
        "organisation": "Kringloop Coöperatie",
        "role": "supplier",
        "region": "Utrecht",
        "expertise": f"Tweedehands meubilair ({pid}).",
        **kw,
    }
    return Profile(**values)


@pytest.fixture
def pg(fresh_pg_url: str) -> Iterator[Any]:
    from store.postgres import PostgresStore

    opened = PostgresStore(fresh_pg_url)
    yield opened
    opened.close()


# --- migrations -----------------------------------------------------------------------------------


def test_rows_written_before_migration_2_get_their_owner_key_on_open(fresh_pg_url: str) -> None:
    from store.postgres import PostgresStore

    store = PostgresStore(fresh_pg_url)
    try:
        store.projects.put(
            Project(id="c1", buyer="Université Libre", text="Mobilier de bureau.", status="closed")
        )
        with psycopg.connect(fresh_pg_url, autocommit=True) as conn:
            conn.execute("UPDATE projects SET owner_key = NULL")  # as a version-1 row
    finally:
        store.close()
    reopened = PostgresStore(fresh_pg_url)
    try:
        assert [p.id for p in reopened.projects.list(open_or_owned_by="universite libre")] == ["c1"]
    finally:
        reopened.close()


def test_a_new_database_is_migrated_once(fresh_pg_url: str) -> None:
    from store.migrations import MIGRATIONS
    from store.postgres import PostgresStore

    first = PostgresStore(fresh_pg_url)
    again = PostgresStore(fresh_pg_url)
    try:
        assert first.migrations_applied == [m.version for m in MIGRATIONS]
        assert again.migrations_applied == []
        with psycopg.connect(fresh_pg_url) as conn:
            rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
        assert all(r[1] for r in rows)
    finally:
        first.close()
        again.close()


def test_concurrent_starts_apply_each_migration_once(fresh_pg_url: str) -> None:
    from store.migrations import Migration, migrate

    # A slow migration: without the advisory lock both threads would run it (and one would fail).
    slow = (Migration(1, "slow", ("SELECT pg_sleep(0.5)", "CREATE TABLE once (x int)")),)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            with psycopg.connect(fresh_pg_url, autocommit=True) as conn:
                results.append(migrate(conn, slow))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [[], [], [], [1]]


def test_a_failing_migration_leaves_nothing_behind(fresh_pg_url: str) -> None:
    from store.migrations import Migration, applied_versions, migrate

    broken = (
        Migration(1, "fine", ("CREATE TABLE a (x int)",)),
        Migration(2, "broken", ("CREATE TABLE b (x int)", "SELECT * FROM no_such_table")),
    )
    with psycopg.connect(fresh_pg_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UndefinedTable):
            migrate(conn, broken)
        assert applied_versions(conn) == []
        assert conn.execute("SELECT to_regclass('a')").fetchone() == (None,)


def test_migrations_must_be_ordered(fresh_pg_url: str) -> None:
    from store.migrations import Migration, migrate

    with (
        psycopg.connect(fresh_pg_url, autocommit=True) as conn,
        pytest.raises(ValueError, match="increasing"),
    ):
        migrate(conn, (Migration(2, "b", ()), Migration(1, "a", ())))


# --- opening --------------------------------------------------------------------------------------


def test_a_wrong_password_names_database_url_and_hides_the_password(pg_url: str) -> None:
    parts = urlsplit(pg_url)
    wrong = parts._replace(
        netloc=f"{parts.username}:not-the-secret-pw@{parts.hostname}:{parts.port}"
    ).geturl()
    with pytest.raises(InvalidInputError, match="database_url") as info:
        open_store(wrong)
    assert info.value.field == "database_url"
    assert "not-the-secret-pw" not in str(info.value) and "not-the-secret-pw" not in str(info.value.value)


def test_postgres_scheme_alias_opens(pg_url: str) -> None:
    opened = open_store(pg_url.replace("postgresql://", "postgres://", 1))
    try:
        assert opened.profiles.count() >= 0
    finally:
        opened.close()


# --- semantics beyond the shared contract ---------------------------------------------------------


def test_filters_fold_like_sqlite(pg: Any) -> None:
    pg.profiles.add_many(
        [
            profile("p1", region="Straße  Nord", organisation="ÉCOLE\tCirculaire"),
            profile("p2", region="strasse nord", organisation="école circulaire"),
            profile("p3", region="Nul\x00Zone", organisation="x"),
        ]
    )
    assert [p.id for p in pg.profiles.list({"region": "STRASSE NORD"})] == ["p1", "p2"]
    assert pg.profiles.count({"organisation": "École Circulaire"}) == 2
    assert pg.profiles.get("p3").region == "Nul\x00Zone"
    assert pg.profiles.count({"region": "nul\x00zone"}) == 1


def test_out_of_range_pages_are_empty_or_whole(pg: Any) -> None:
    pg.profiles.add_many([profile("p1"), profile("p2")])
    assert pg.profiles.list(offset=10**30) == []
    assert [p.id for p in pg.profiles.list(limit=10**30)] == ["p1", "p2"]
    assert [p.id for p in pg.profiles.list(limit=-1, offset=-5)] == ["p1", "p2"]


def test_concurrent_writers_share_the_pool(pg: Any) -> None:
    def write(worker: int) -> None:
        for n in range(20):
            pg.profiles.put(profile(f"w{worker}-{n:02d}"))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert pg.profiles.count() == 160
    assert len(pg.profiles.get_many([f"w3-{n:02d}" for n in range(25)])) == 20


def test_a_concurrent_conflict_names_the_id(pg: Any) -> None:
    pg.profiles.put(profile("taken"))
    with pytest.raises(ConflictError, match="taken"):
        pg.profiles.add_many([profile("free"), profile("taken")])
    assert pg.profiles.ids() == ["taken"]


# --- change notifications -------------------------------------------------------------------------


class Changes:
    """Collects ``(table, ids)`` calls of a subscription."""

    def __init__(self) -> None:
        self.calls: queue.Queue[tuple[str, list[str] | None]] = queue.Queue()

    def __call__(self, table: str, ids: Sequence[str] | None) -> None:
        self.calls.put((table, None if ids is None else list(ids)))

    def next(self, timeout: float = 5.0) -> tuple[str, list[str] | None]:
        return self.calls.get(timeout=timeout)

    def ids_until(self, table: str, marker: str, timeout: float = 5.0) -> list[str]:
        """Every id reported for ``table`` up to and including ``marker``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while marker not in seen:
            got_table, ids = self.next(timeout=max(deadline - time.monotonic(), 0.01))
            if got_table == table and ids is not None:
                seen += ids
        return seen


def test_committed_writes_are_announced_in_their_transaction(pg: Any, fresh_pg_url: str) -> None:
    with psycopg.connect(fresh_pg_url, autocommit=True) as listener:
        listener.execute("LISTEN kringmatch_changes")
        pg.profiles.put(profile("a"))
        with pytest.raises(ConflictError):
            pg.profiles.add_many([profile("b"), profile("a")])  # rolled back: nothing announced
        pg.profiles.add_many([profile("c"), profile("d")])
        pg.profiles.add_many([profile("c")], replace=True)
        pg.profiles.delete("a")
        pg.projects.add_many([])
        pg.projects.put(Project(id="j", buyer="Gemeente Utrecht", text="Wij zoeken meubilair."))
        payloads = [n.payload for n in listener.notifies(timeout=5, stop_after=6)]
        payloads += [n.payload for n in listener.notifies(timeout=0.3)]  # nothing more
    assert payloads == [
        "profiles:upsert:a",
        "profiles:upsert:c",
        "profiles:upsert:d",
        "profiles:upsert:c",
        "profiles:delete:a",
        "projects:upsert:j",
    ]


def test_subscribers_resync_first_then_get_the_changed_ids(pg: Any) -> None:
    changes = Changes()
    stop = pg.subscribe(changes)
    try:
        assert {changes.next(), changes.next()} == {("profiles", None), ("projects", None)}
        pg.profiles.put(profile("a"))
        pg.profiles.add_many([profile("c"), profile("d")])
        pg.profiles.delete("a")  # may arrive in one batch with the put: the id is then reported once
        pg.profiles.put(profile("marker"))
        seen = changes.ids_until("profiles", "marker")
        assert seen[0] == "a" and {"c", "d"} <= set(seen)
    finally:
        stop()


def test_a_listener_reconnects_and_resyncs(pg: Any, fresh_pg_url: str) -> None:
    changes = Changes()
    stop = pg.subscribe(changes)
    try:
        changes.next(), changes.next()  # the initial resync
        with psycopg.connect(fresh_pg_url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND query LIKE 'LISTEN%%'"
            ).fetchall()
        assert killed == [(True,)]
        # after the reconnect: a resync of both tables (changes meanwhile may be lost), then news
        got = [changes.next(timeout=15), changes.next(timeout=15)]
        assert sorted(t for t, _ in got) == ["profiles", "projects"] and all(ids is None for _, ids in got)
        pg.profiles.put(profile("after"))
        assert "after" in changes.ids_until("profiles", "after")
    finally:
        stop()


def test_a_failing_callback_leads_to_a_resync(pg: Any) -> None:
    changes = Changes()
    failed = threading.Event()

    def flaky(table: str, ids: Sequence[str] | None) -> None:
        if ids and "boom" in ids and not failed.is_set():
            failed.set()
            raise RuntimeError("index update failed")
        changes(table, ids)

    stop = pg.subscribe(flaky)
    try:
        changes.next(), changes.next()
        pg.profiles.put(profile("boom"))
        assert failed.wait(5)
        assert {changes.next(), changes.next()} == {("profiles", None), ("projects", None)}
    finally:
        stop()


def test_close_stops_the_listeners(fresh_pg_url: str) -> None:
    from store.postgres import PostgresStore

    opened = PostgresStore(fresh_pg_url)
    opened.subscribe(Changes())
    assert any(t.name == "kringmatch-listen" for t in threading.enumerate())
    opened.close()
    assert not any(t.name == "kringmatch-listen" for t in threading.enumerate())

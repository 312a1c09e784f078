"""Versioned PostgreSQL schema migrations, applied by the app on start.

Each migration is ``(version, name, statements)``; versions only ever grow, and a released
migration is never edited (add a new one instead). :func:`migrate` applies the missing ones in
one transaction under a transaction-scoped advisory lock, so two processes starting at once
never both apply a migration: the second waits for the first to commit, then finds nothing to do.
Versions in ``schema_migrations`` that this code does not know (a newer release migrated the
database during a rolling update) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

__all__ = ["LOCK_KEY", "MIGRATIONS", "Migration", "applied_versions", "migrate"]

LOCK_KEY = 0x6B72_696E_676D_6967  # "kringmig": the advisory lock of the migrations, per database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def _records(table: str) -> tuple[str, ...]:
    # The key columns hold the filter values folded as store.postgres.fold does (case folded,
    # whitespace collapsed), so filtering is the same as SQLite's kfold whatever the server's locale.
    # ids are ASCII: COLLATE "C" orders them byte-wise, like SQLite and Python.
    return (
        f"""CREATE TABLE {table} (
            id TEXT COLLATE "C" PRIMARY KEY,
            kind_key TEXT NOT NULL,
            organisation_key TEXT NOT NULL,
            region_key TEXT,
            data TEXT NOT NULL
        )""",
        f"CREATE INDEX {table}_kind_region ON {table} (kind_key, region_key)",
        f"CREATE INDEX {table}_organisation ON {table} (organisation_key)",
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "profiles, projects and the embedding cache",
        (
            *_records("profiles"),
            *_records("projects"),
            # key is bytea: any Python str round-trips as UTF-8 (PostgreSQL text refuses NUL).
            """CREATE TABLE embeddings (
                model TEXT NOT NULL,
                key BYTEA NOT NULL,
                vector BYTEA NOT NULL,
                PRIMARY KEY (model, key)
            )""",
        ),
    ),
    Migration(
        2,
        "owner_key: organisations compared case-, accent- and space-insensitively",
        (
            # Filled by PostgresStore on start for rows written before (no SQL can strip accents
            # without the unaccent extension); every write sets it.
            "ALTER TABLE profiles ADD COLUMN owner_key TEXT",
            "ALTER TABLE projects ADD COLUMN owner_key TEXT",
            "CREATE INDEX projects_owner ON projects (owner_key)",
        ),
    ),
    Migration(
        3,
        "introductions and feedback",
        (
            # the same key columns as profiles and projects (store/columns.py says what each holds)
            *_records("introductions"),
            *_records("feedback"),
            "ALTER TABLE introductions ADD COLUMN owner_key TEXT",
            "ALTER TABLE feedback ADD COLUMN owner_key TEXT",
            "CREATE INDEX introductions_receiver ON introductions (region_key)",
            "CREATE INDEX feedback_scope ON feedback (region_key, kind_key)",
        ),
    ),
    Migration(
        4,
        "events: attendees, seating and schedule in one record",
        (*_records("events"), "ALTER TABLE events ADD COLUMN owner_key TEXT"),
    ),
    Migration(
        5,
        "jobs: background bulk imports",
        (*_records("jobs"), "ALTER TABLE jobs ADD COLUMN owner_key TEXT"),
    ),
)


def applied_versions(conn: psycopg.Connection[Any]) -> list[int]:
    """The versions recorded in ``schema_migrations`` (empty before the first migration)."""
    found = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return []
    return [int(r[0]) for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def migrate(conn: psycopg.Connection[Any], migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations the database lacks, all in one transaction; the versions applied now."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise ValueError(f"migration versions must be unique and increasing, got {versions}")
    done: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )"""
        )
        have = set(applied_versions(conn))
        for migration in migrations:
            if migration.version in have:
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            done.append(migration.version)
    return done

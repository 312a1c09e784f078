"""Online backup and restore of the SQLite store with SQLite's backup API.

``backup`` copies every page in one step under one read transaction, so the copy is the database
as of one moment even while the server keeps writing (WAL readers do not block writers). The
copy is written next to the target, checked (``PRAGMA integrity_check``), flushed to disk and
renamed into place, so a crash never leaves a half-written backup under the target name.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.errors import ConflictError, InvalidInputError, KringmatchError, NotFoundError

__all__ = ["BackupError", "BackupReport", "backup", "restore", "sqlite_path"]


class BackupError(KringmatchError):
    """A backup file that is damaged or not a Kringmatch store."""


@dataclass(frozen=True)
class BackupReport:
    path: str
    profiles: int
    projects: int
    vectors: int

    def describe(self) -> str:
        return f"{self.path}: {self.profiles} profiles, {self.projects} projects, {self.vectors} vectors"


def sqlite_path(database_url: str) -> Path:
    """The file behind a ``sqlite:///`` URL. InvalidInputError for other stores or ``:memory:``."""
    if not database_url.startswith("sqlite:///"):
        raise InvalidInputError(
            "backup and restore handle the SQLite store; back up PostgreSQL with pg_dump "
            "(docs/operations.md)",
            field="database_url",
        )
    path = database_url.removeprefix("sqlite:///")
    if path in ("", ":memory:"):
        raise InvalidInputError("an in-memory store cannot be backed up", field="database_url", value=path)
    return Path(path)


def _counts(db: sqlite3.Connection, where: str) -> tuple[int, int, int]:
    try:
        return tuple(  # type: ignore[return-value]
            int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
            for t in ("profiles", "projects", "embeddings")
        )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{where} is not a Kringmatch store ({exc})") from exc


def _integrity(db: sqlite3.Connection, where: str) -> None:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{where} is not a SQLite database ({exc})") from exc
    if [r[0] for r in rows] != ["ok"]:
        raise BackupError(f"{where} failed its integrity check: {'; '.join(str(r[0]) for r in rows[:5])}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(database_url: str, target: Path) -> BackupReport:
    """Snapshot the store into ``target`` (one self-contained file), safely while it is served."""
    source = sqlite_path(database_url)
    if not source.exists():
        raise NotFoundError(f"no database at {str(source)!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        _integrity(dst, str(partial))
        profiles, projects, vectors = _counts(dst, str(source))
    finally:
        dst.close()
        src.close()
    _fsync(partial)
    partial.replace(target)
    return BackupReport(str(target), profiles, projects, vectors)


def restore(backup_file: Path, database_url: str, *, force: bool = False) -> BackupReport:
    """Replace the store's content with ``backup_file``'s; stop the server first.

    Raises:
        ConflictError: the store holds profiles or projects and ``force`` is not set.
        BackupError: the file is damaged or no Kringmatch store.
    """
    target = sqlite_path(database_url)
    if not backup_file.exists():
        raise NotFoundError(f"no backup file at {str(backup_file)!r}")
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        _integrity(src, str(backup_file))
        profiles, projects, vectors = _counts(src, str(backup_file))
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            held = _stored(dst)
            if held and not force:
                raise ConflictError(
                    f"{target} holds {held[0]} profiles and {held[1]} projects; "
                    "pass --force to overwrite them with the backup"
                )
            dst.execute("PRAGMA busy_timeout=30000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            _integrity(dst, str(target))
        finally:
            dst.close()
    finally:
        src.close()
    return BackupReport(str(target), profiles, projects, vectors)


def _stored(db: sqlite3.Connection) -> tuple[int, int] | None:
    """(profiles, projects) when the store holds any, else None."""
    try:
        profiles = int(db.execute("SELECT COUNT(*) FROM profiles").fetchone()[0])
        projects = int(db.execute("SELECT COUNT(*) FROM projects").fetchone()[0])
    except sqlite3.OperationalError:  # no tables yet: a new, empty file
        return None
    return (profiles, projects) if profiles or projects else None

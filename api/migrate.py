"""``kringmatch migrate --from URL --to URL``: copy a whole network from one store to another.

Copies the cached embeddings first (so the target, and any replica listening on it, embeds
nothing again), then profiles and projects in batches. Refuses a target that holds any profile,
project or embedding unless ``--replace``; with it, records of the same id are replaced and
records the source lacks are deleted, so the target ends up with exactly the source's records.
A failed run can be repeated with ``--replace``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from matcher.embedding import FloatMatrix
from matcher.errors import ConflictError, InvalidInputError
from store import Collection, Store, open_store
from store.urls import redact_url

__all__ = ["MigrationCounts", "add_migrate_command", "copy_network", "iter_vectors"]


@dataclass(frozen=True)
class MigrationCounts:
    profiles: int
    projects: int
    embeddings: int
    deleted: int = 0


def iter_vectors(store: Store, batch: int = 10_000) -> Iterator[tuple[str, dict[str, FloatMatrix]]]:
    """Every cached vector of ``store`` as ``(model, {key: vector})`` batches."""
    from store.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        import numpy as np

        with store.read() as db:
            cursor = db.execute("SELECT model, key, vector FROM embeddings ORDER BY model, key")
            while rows := cursor.fetchmany(batch):
                by_model: dict[str, dict[str, FloatMatrix]] = {}
                for model, key, blob in rows:
                    by_model.setdefault(model, {})[key] = np.frombuffer(blob, dtype=np.float32).copy()
                yield from by_model.items()
        return
    vectors = getattr(store, "iter_vectors", None)
    if vectors is None:
        raise InvalidInputError(
            f"cannot read the embeddings of a {type(store).__name__}",
            field="from",
            value=type(store).__name__,
        )
    yield from vectors(batch)


def _copy_records(source: Collection[Any], target: Collection[Any], *, replace: bool, batch: int) -> int:
    copied = 0
    while records := source.list(limit=batch, offset=copied):
        target.add_many(records, replace=replace)
        copied += len(records)
    return copied


def _delete_extra(source: Collection[Any], target: Collection[Any]) -> int:
    extra = sorted(set(target.ids()) - set(source.ids()))
    for record_id in extra:
        target.delete(record_id)
    return len(extra)


def copy_network(
    source: Store, target: Store, *, replace: bool = False, batch: int = 10_000
) -> MigrationCounts:
    """Copy embeddings, profiles and projects from ``source`` to ``target``.

    Raises:
        ConflictError: the target is not empty and ``replace`` is False.
    """
    held = (target.profiles.count(), target.projects.count(), target.count_vectors())
    if any(held) and not replace:
        raise ConflictError(
            f"the target store is not empty ({held[0]} profiles, {held[1]} projects, {held[2]} embeddings); "
            "pass --replace to overwrite it"
        )
    embeddings = 0
    for model, vectors in iter_vectors(source, batch):
        target.put_vectors(model, vectors)
        embeddings += len(vectors)
    deleted = 0
    if replace:
        deleted += _delete_extra(source.profiles, target.profiles)
        deleted += _delete_extra(source.projects, target.projects)
    profiles = _copy_records(source.profiles, target.profiles, replace=replace, batch=batch)
    projects = _copy_records(source.projects, target.projects, replace=replace, batch=batch)
    counts = MigrationCounts(profiles, projects, embeddings, deleted)
    if (target.profiles.count(), target.projects.count()) != (profiles, projects):
        raise ConflictError(
            f"after copying {profiles} profiles and {projects} projects the target holds "
            f"{target.profiles.count()} and {target.projects.count()}: another writer changed it meanwhile"
        )
    return counts


def _open_source(url: str) -> Store:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise InvalidInputError(f"--from: no SQLite file at {str(path)!r}", field="from", value=url)
    return open_store(url)


def run_migrate(
    source_url: str, target_url: str, *, replace: bool, batch: int, out: TextIO
) -> MigrationCounts:
    if batch < 1:
        raise InvalidInputError(f"--batch must be at least 1, got {batch}", field="batch", value=batch)
    if source_url == target_url:
        raise InvalidInputError(
            "--from and --to name the same store", field="to", value=redact_url(target_url)
        )
    source = _open_source(source_url)
    try:
        target = open_store(target_url)
        try:
            counts = copy_network(source, target, replace=replace, batch=batch)
        finally:
            target.close()
    finally:
        source.close()
    print(
        f"migrated {counts.profiles} profiles, {counts.projects} projects and {counts.embeddings} embeddings "
        f"from {redact_url(source_url)} to {redact_url(target_url)}"
        + (f" ({counts.deleted} records only the target had were deleted)" if counts.deleted else ""),
        file=out,
    )
    return counts


def cmd_migrate(args: argparse.Namespace) -> int:
    run_migrate(args.source, args.target, replace=args.replace, batch=args.batch, out=sys.stdout)
    return 0


def add_migrate_command(sub: Any) -> None:
    """Register ``kringmatch migrate`` on the CLI's subparsers."""
    p = sub.add_parser("migrate", help="copy a whole network (records and embeddings) to another store")
    p.add_argument("--from", dest="source", required=True, help="source URL, e.g. sqlite:///kringmatch.db")
    p.add_argument("--to", dest="target", required=True, help="target URL, e.g. postgresql://user@host/db")
    p.add_argument("--replace", action="store_true", help="overwrite a non-empty target")
    p.add_argument("--batch", type=int, default=10_000, help="records per transaction")
    p.set_defaults(func=cmd_migrate)

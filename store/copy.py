"""Copy a whole network from one store to another (``kringmatch migrate``).

Copies the cached embeddings first (so the target, and any replica listening on it, embeds
nothing again), then profiles and projects in batches. Refuses a target that holds any profile,
project or embedding unless ``replace``; with it, records of the same id are replaced and
records the source lacks are deleted, so the target ends up with exactly the source's records.
A failed run can be repeated with ``replace``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import ConflictError, InvalidInputError
from store.base import Collection, Store
from store.factory import open_store

__all__ = ["MigrationCounts", "copy_network", "open_source"]


@dataclass(frozen=True)
class MigrationCounts:
    profiles: int
    projects: int
    embeddings: int
    deleted: int = 0
    introductions: int = 0
    feedback: int = 0
    events: int = 0


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
    """Copy embeddings, profiles, projects, introductions, feedback and events from ``source`` to ``target``.

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
    for model, vectors in source.iter_vectors(batch):
        target.put_vectors(model, vectors)
        embeddings += len(vectors)
    deleted = 0
    if replace:
        deleted += _delete_extra(source.profiles, target.profiles)
        deleted += _delete_extra(source.projects, target.projects)
        deleted += _delete_extra(source.introductions, target.introductions)
        deleted += _delete_extra(source.feedback, target.feedback)
        deleted += _delete_extra(source.events, target.events)
    profiles = _copy_records(source.profiles, target.profiles, replace=replace, batch=batch)
    projects = _copy_records(source.projects, target.projects, replace=replace, batch=batch)
    introductions = _copy_records(source.introductions, target.introductions, replace=replace, batch=batch)
    feedback = _copy_records(source.feedback, target.feedback, replace=replace, batch=batch)
    events = _copy_records(source.events, target.events, replace=replace, batch=batch)
    counts = MigrationCounts(profiles, projects, embeddings, deleted, introductions, feedback, events)
    if (target.profiles.count(), target.projects.count()) != (profiles, projects):
        raise ConflictError(
            f"after copying {profiles} profiles and {projects} projects the target holds "
            f"{target.profiles.count()} and {target.projects.count()}: another writer changed it meanwhile"
        )
    return counts


def open_source(url: str) -> Store:
    """Open an existing store to copy from (a missing SQLite file is an error, not a new store)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise InvalidInputError(f"--from: no SQLite file at {str(path)!r}", field="from", value=url)
    return open_store(url)

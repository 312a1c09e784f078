"""The key columns of each kind of record: ``record -> (id, kind, organisation, region)``.

Every table has the same four key columns (and the record as JSON); introductions and feedback
put their own keys in them, filtered under their own names (see :class:`store.base.Store`).
"""

from __future__ import annotations

import hashlib

from models import Event, Feedback, Introduction, Job, Profile, Project
from models.organisations import fold_organisation

__all__ = [
    "Columns",
    "event_columns",
    "feedback_columns",
    "introduction_columns",
    "profile_columns",
    "project_columns",
]

Columns = tuple[str, str, str, str | None]


def profile_columns(p: Profile) -> Columns:
    return (p.id, p.role, p.organisation, p.region)


def project_columns(p: Project) -> Columns:
    return (p.id, p.status, p.buyer, p.region)


def introduction_columns(i: Introduction) -> Columns:
    """status, sender and receiver organisation (folded as organisations compare)."""
    return (i.id, i.status, fold_organisation(i.from_organisation), fold_organisation(i.to_organisation))


def scope_key(scope: str) -> str:
    """The key column of a feedback scope: a hash, so ids that differ only in case (the filter
    columns compare case-folded) stay apart. Filter feedback with ``{"scope": scope_key(s)}``."""
    return hashlib.sha256(scope.encode("utf-8")).hexdigest()[:32]


def feedback_columns(f: Feedback) -> Columns:
    """verdict, the asking organisation (folded) and the scope's key (:func:`scope_key`)."""
    return (f.id, f.verdict, fold_organisation(f.organisation), scope_key(f.scope))


def event_columns(e: Event) -> Columns:
    """the date (ISO) as the kind: events list by date."""
    return (e.id, e.date.isoformat(), "network", None)


def job_columns(j: Job) -> Columns:
    """status and the owning organisation (folded)."""
    return (j.id, j.status, fold_organisation(j.organisation), j.kind)

"""The application service: the store and the two engines (profiles, projects), kept in step.

Every write goes: validate → embed (through the cache, before anything is written, so a model
failure leaves the store untouched) → one store transaction → index update. Every use case is a
method here, used by the HTTP routes (one call each) and the CLI alike; no web imports here.
Methods that take a ``caller`` apply the access rules of :mod:`api.app.access`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from api.app.access import check_project_visible, may_see_project
from api.app.digest import digest
from api.app.directory import Directory
from api.app.event_days import EventDays
from api.app.event_meetings import EventMeetings
from api.app.events import EventBook
from api.app.exports import exported_lists
from api.app.feedback import FeedbackBook, text_scope
from api.app.introductions import Introductions, utc_now
from api.app.jobs import JobRunner
from api.app.keys import Principal
from api.app.learning import FeedbackLearner, record_meeting
from api.app.pools import find_project_pools
from api.app.records import (
    match_filters,
    match_public,
    profile_item,
    project_item,
    project_matches_public,
    project_query,
    to_profile,
    to_project,
)
from api.app.replicas import sync_index
from api.app.workshop import Workshop
from matcher import Filters, Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, Embedder
from models import (
    AssignmentRequest,
    AssignmentsPublic,
    FeedbackCreate,
    FeedbackPublic,
    GroupRequest,
    GroupsPublic,
    HealthPublic,
    IntroductionPublic,
    MatchesPublic,
    MatchRequest,
    PartyKind,
    PoolsPublic,
    Profile,
    ProfileCreate,
    Project,
    ProjectCreate,
)
from models.digest import DigestPublic
from models.errors import InvalidInputError
from store import Collection, Store

__all__ = ["Network"]


class Network:
    """A circular procurement network: its profiles, projects and matching.

    Args:
        store: where records and cached embeddings live.
        embedders: one or more models (an ensemble).
        config: ranking settings.
        introductions_per_day: new introductions one organisation may send per UTC day.
        job_stale_after: seconds after which a silent unfinished bulk-import job is failed.
        clock: the current time (tests pass their own).
    """

    def __init__(
        self,
        store: Store,
        embedders: Sequence[Embedder],
        *,
        config: RankConfig | None = None,
        introductions_per_day: int = 20,
        job_stale_after: float = 120.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.clock = clock
        self.config = config or RankConfig()
        self.channels = [CachedEmbedder(e, store) for e in embedders]
        self.profiles = MatchEngine(self.channels, config=self.config)
        self.projects = MatchEngine(self.channels, config=self.config)
        self._write = threading.Lock()
        self._workshop = Workshop(store, self.profiles, self.channels)
        self.profiles.index.upsert(profile_item(p) for p in store.profiles.list())
        self.projects.index.upsert(project_item(p) for p in store.projects.list())
        self.directory = Directory(self)
        self.introductions = Introductions(store, per_day=introductions_per_day, clock=clock)
        self.feedback = FeedbackBook(store, clock=clock)
        self.learner = FeedbackLearner(store, {"profile": self.profiles, "project": self.projects})
        self.events = EventBook(store)
        self.event_days = EventDays(self.events, self._workshop.embed)
        self.event_meetings = EventMeetings(self.event_days)
        self.jobs = JobRunner(self, clock=clock, stale_after=job_stale_after)

    @property
    def model_id(self) -> str:
        return self.profiles.model_id

    # --- writes -----------------------------------------------------------------------------

    def _commit(self, engine: MatchEngine, items: list[Item], write: Callable[[], object]) -> None:
        """Embed ``items`` (through the cache), run the store ``write``, then index them.

        Embedding first means a model failure leaves the store untouched; indexing last means the
        index never holds what the store refused.
        """
        with self._write:
            engine.index.prepare(items)
            write()
            engine.index.upsert(items)

    def _remove(self, engine: MatchEngine, collection: Collection[Any], record_id: str) -> None:
        with self._write:
            collection.delete(record_id)
            engine.index.remove([record_id])

    @staticmethod
    def _same_id(path_id: str, body_id: str | None) -> None:
        if body_id is not None and body_id != path_id:
            raise InvalidInputError(
                f"id in the body ({body_id!r}) differs from the id in the path ({path_id!r})",
                field="id",
                value=body_id,
            )

    # --- profiles -------------------------------------------------------------------------

    def add_profiles(self, items: Sequence[ProfileCreate], *, replace: bool = False) -> list[Profile]:
        """Store profiles all or nothing (bulk import); ConflictError on a taken id unless ``replace``."""
        profiles = [to_profile(p) for p in items]
        self._commit(
            self.profiles,
            [profile_item(p) for p in profiles],
            lambda: self.store.profiles.add_many(profiles, replace=replace),
        )
        return profiles

    def replace_profile(self, profile_id: str, data: ProfileCreate) -> Profile:
        """Replace a stored profile (PUT)."""
        self._same_id(profile_id, data.id)
        self.store.profiles.get(profile_id)
        profile = to_profile(data, profile_id)
        self._commit(self.profiles, [profile_item(profile)], lambda: self.store.profiles.put(profile))
        return profile

    def delete_profile(self, profile_id: str) -> None:
        self._remove(self.profiles, self.store.profiles, profile_id)

    # --- projects -------------------------------------------------------------------------

    def add_projects(self, items: Sequence[ProjectCreate], *, replace: bool = False) -> list[Project]:
        """Store projects all or nothing."""
        now = self.clock()
        projects = [to_project(p, created_at=now, updated_at=now) for p in items]

        def write() -> None:
            self.projects.encode([project_query(p) for p in projects], remember=True)
            self.store.projects.add_many(projects, replace=replace)

        self._commit(self.projects, [project_item(p) for p in projects], write)
        return projects

    def replace_project(self, project_id: str, data: ProjectCreate) -> Project:
        """Replace a stored project (PUT)."""
        self._same_id(project_id, data.id)
        old = self.store.projects.get(project_id)
        project = to_project(data, project_id, created_at=old.created_at, updated_at=self.clock())
        self._commit(self.projects, [project_item(project)], lambda: self.store.projects.put(project))
        return project

    def delete_project(self, project_id: str) -> None:
        self._remove(self.projects, self.store.projects, project_id)

    # --- replicas -------------------------------------------------------------------------

    def apply_changes(self, table: str, ids: Sequence[str] | None = None) -> int:
        """Bring the index in step with records another replica changed in the shared store.

        ``table`` is ``"profiles"`` or ``"projects"``; ``ids=None`` resynchronises the whole table.
        Each record is re-read: stored ones are upserted, missing ones removed. Items changed.
        """
        if table == "profiles":
            return sync_index(self.store.profiles, self.profiles, profile_item, ids, self._write)
        if table == "projects":
            return sync_index(self.store.projects, self.projects, project_item, ids, self._write)
        raise InvalidInputError(
            f"table must be profiles or projects, got {table!r}", field="table", value=table
        )

    def apply_change(self, table: str, record_id: str) -> int:
        """:meth:`apply_changes` for one record."""
        return self.apply_changes(table, [record_id])

    # --- matching -------------------------------------------------------------------------

    def hidden_projects(self, caller: Principal) -> frozenset[str]:
        """Ids of the indexed projects ``caller`` may not see (never any for admins and organisers)."""
        if caller.role in ("admin", "organiser"):
            return frozenset()
        items = self.projects.index.arrays().items
        return frozenset(
            i.id
            for i in items
            if not may_see_project(caller, i.status or "open", i.organisation, i.visibility)
        )

    def match(
        self, request: MatchRequest, *, hidden: frozenset[str] = frozenset(), caller: Principal | None = None
    ) -> MatchesPublic:
        """Rank stored profiles (or projects, with ``kind="projects"``) for an ad-hoc question.

        ``hidden``: ids never returned; with a ``caller``, the projects it may not see are too.
        """
        hidden = hidden | self.visibility(caller, request)
        filters = match_filters(request, hidden)
        kind: PartyKind = "project" if request.kind == "projects" else "profile"
        engine = self.projects if kind == "project" else self.profiles
        found = engine.search(request.text, top_k=self.learner.depth(kind, request.top_k), filters=filters)
        found = self.learner.rerank(kind, found, request.top_k)
        if kind == "project":
            return project_matches_public(found)
        return MatchesPublic(data=[match_public(m) for m in found], count=len(found))

    def match_many(self, requests: Sequence[tuple[MatchRequest, frozenset[str]]]) -> list[MatchesPublic]:
        """:meth:`match` for several ``(request, hidden)`` at once: one model call per kind.

        Each answer equals :meth:`match`'s (a top-k is the prefix of a larger top-k).
        """
        out: list[MatchesPublic | None] = [None] * len(requests)
        for kind, engine, item in (
            ("profiles", self.profiles, "profile"),
            ("projects", self.projects, "project"),
        ):
            rows = [n for n, (r, _) in enumerate(requests) if r.kind == kind]
            if not rows:
                continue
            batch = engine.encode([requests[n][0].text for n in rows])
            flts = [match_filters(*requests[n]) for n in rows]
            deepest = self.learner.depth(item, max(requests[n][0].top_k for n in rows))  # type: ignore[arg-type]
            found = engine.search_batch(batch, top_k=deepest, filters=flts)
            for n, matches in zip(rows, found, strict=True):
                top = self.learner.rerank(item, matches, requests[n][0].top_k)  # type: ignore[arg-type]
                out[n] = (
                    project_matches_public(top)
                    if kind == "projects"
                    else MatchesPublic(data=[match_public(m) for m in top], count=len(top))
                )
        return [o for o in out if o is not None]

    def visibility(self, caller: Principal | None, request: MatchRequest) -> frozenset[str]:
        """The ids a ``caller``'s question must not return: projects it may not see, and what its
        organisation called not relevant for this question."""
        if caller is None:
            return frozenset()
        excluded = self.feedback.excluded(text_scope(caller, request.text))
        if request.kind != "projects":
            return excluded
        return excluded | self.hidden_projects(caller)

    def project_matches(
        self, project_id: str, *, top_k: int = 10, caller: Principal | None = None
    ) -> MatchesPublic:
        """Facilitators and suppliers for a stored project (never of the buyer's organisation).

        With a ``caller``, a project it may not see is a NotFoundError.
        """
        project = self.store.projects.get(project_id)
        if caller is not None:
            check_project_visible(caller, project)
        batch = self.profiles.encode([project_query(project)], remember=True)
        excluded = self.feedback.excluded(f"project:{project.id}")
        flt = Filters(exclude_organisation=project.buyer, exclude_ids=excluded)
        found = self.profiles.search_batch(batch, top_k=self.learner.depth("profile", top_k), filters=[flt])[
            0
        ]
        found = self.learner.rerank("profile", found, top_k)
        return MatchesPublic(data=[match_public(m) for m in found], count=len(found))

    def suggestions(self, profile_id: str, *, top_k: int = 10) -> MatchesPublic:
        """Open projects that fit a facilitator or supplier (never one it called not relevant)."""
        profile = self.store.profiles.get(profile_id)
        texts = [t for _, t in profile_item(profile).texts]
        flt = Filters(
            status="open",
            exclude_organisation=profile.organisation,
            exclude_ids=self.feedback.excluded(f"profile:{profile.id}"),
        )
        found = self.projects.search_texts(texts, top_k=self.learner.depth("project", top_k), filters=flt)
        found = self.learner.rerank("project", found, top_k)
        return project_matches_public(found)

    def similar_projects(
        self,
        project_id: str,
        *,
        status: str = "any",
        top_k: int = 10,
        hidden: frozenset[str] = frozenset(),
        caller: Principal | None = None,
    ) -> MatchesPublic:
        """Other buyers' projects like this one: open ones to pool with, closed ones to learn from.

        With a ``caller``: a project it may not see is a NotFoundError, and none it may not see is
        returned.
        """
        if caller is not None:
            check_project_visible(caller, self.store.projects.get(project_id))
            hidden = hidden | self.hidden_projects(caller)
        if status not in ("open", "closed", "any"):
            raise InvalidInputError(
                f"status must be open, closed or any, got {status!r}", field="status", value=status
            )
        project = self.store.projects.get(project_id)
        batch = self.projects.encode([project_query(project)], remember=True)
        flt = Filters(
            status=None if status == "any" else status,
            exclude_organisation=project.buyer,
            exclude_ids=frozenset({project_id}) | hidden,
        )
        return project_matches_public(self.projects.search_batch(batch, top_k=top_k, filters=[flt])[0])

    # --- feedback -----------------------------------------------------------------------------

    def give_feedback(self, caller: Principal, body: FeedbackCreate) -> FeedbackPublic:
        """Store a verdict on a result with its match's features (:class:`FeedbackBook`); the
        network's reranker learns from it."""
        self.feedback.scope_of(caller, body)  # who may give it, before anything is computed
        if body.project is not None:
            text = project_query(self.store.projects.get(body.project))
        elif body.profile is not None:
            text = self.store.profiles.get(body.profile).expertise
        else:
            text = body.text or ""
        features = self.learner.features(body.item.kind, text, body.item.id)
        return self.feedback.give(caller, body, features=features)

    def answer_introduction(
        self, caller: Principal, intro_id: str, *, accept: bool, reply: str | None
    ) -> IntroductionPublic:
        """Accept or decline (:meth:`Introductions.answer`); an accepted one between a project and
        a profile also counts as a ``met`` verdict in the project's (or profile's) scope."""
        answered = self.introductions.answer(caller, intro_id, accept=accept, reply=reply)
        if accept:
            record_meeting(self, answered)
        return answered

    def digest(self, caller: Principal, since: datetime) -> DigestPublic:
        """What reached ``caller``'s organisation since ``since`` (:func:`api.app.digest.digest`)."""
        return digest(self, caller, since)

    # --- pools and workshops -------------------------------------------------------------

    def pools(self, *, min_size: int = 2, threshold: float = 1.7) -> PoolsPublic:
        """Open projects of at least ``min_size`` different buyers that are unusually close."""
        projects = self.store.projects.list({"status": "open"})
        return find_project_pools(projects, self._workshop.embed, min_size=min_size, threshold=threshold)

    def seat_participants(self, request: GroupRequest) -> GroupsPublic:
        """Workshop tables (see :meth:`api.app.workshop.Workshop.seat`)."""
        return self._workshop.seat(request)

    def assign_facilitators(self, request: AssignmentRequest) -> AssignmentsPublic:
        """Facilitators for projects within capacities (see :meth:`api.app.workshop.Workshop.assign`)."""
        return self._workshop.assign(request)

    # --- status ---------------------------------------------------------------------------

    def health(self) -> HealthPublic:
        return HealthPublic(
            status="ok",
            model=self.model_id,
            profiles=self.store.profiles.count(),
            projects=self.store.projects.count(),
            embeddings_computed=sum(c.embedded for c in self.channels),
        )

    def get_profile(self, profile_id: str) -> Profile:
        return self.store.profiles.get(profile_id)

    def get_project(self, project_id: str) -> Project:
        return self.store.projects.get(project_id)

    def export(self) -> dict[str, list[dict[str, Any]]]:
        """Every list ``kringmatch export`` and ``GET /export`` offer (:func:`exported_lists`)."""
        return exported_lists(self)

"""The application service: the store and the two engines (profiles, projects), kept in step.

Every write goes: validate → embed (through the cache, before anything is written, so a model
failure leaves the store untouched) → one store transaction → index update. Used by the HTTP
routes and the CLI alike; no web imports here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from api.convert import match_public, profile_item, project_item, project_query, to_profile, to_project
from matcher import Filters, InvalidInputError, Item, Match, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, Embedder
from models import HealthPublic, MatchesPublic, MatchRequest, Profile, ProfileCreate, Project, ProjectCreate
from store import Collection, Store

__all__ = ["Network"]


class Network:
    """A circular procurement network: its profiles, projects and matching.

    Args:
        store: where records and cached embeddings live.
        embedders: one or more models (an ensemble).
        config: ranking settings.
    """

    def __init__(
        self, store: Store, embedders: Sequence[Embedder], *, config: RankConfig | None = None
    ) -> None:
        self.store = store
        self.config = config or RankConfig()
        self.channels = [CachedEmbedder(e, store) for e in embedders]
        self.profiles = MatchEngine(self.channels, config=self.config)
        self.projects = MatchEngine(self.channels, config=self.config)
        self._write = threading.Lock()
        self.profiles.index.upsert(profile_item(p) for p in store.profiles.list())
        self.projects.index.upsert(project_item(p) for p in store.projects.list())

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
        projects = [to_project(p) for p in items]

        def write() -> None:
            self.projects.encode([project_query(p) for p in projects], remember=True)
            self.store.projects.add_many(projects, replace=replace)

        self._commit(self.projects, [project_item(p) for p in projects], write)
        return projects

    def replace_project(self, project_id: str, data: ProjectCreate) -> Project:
        """Replace a stored project (PUT)."""
        self._same_id(project_id, data.id)
        self.store.projects.get(project_id)
        project = to_project(data, project_id)
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
        from api.replicas import sync_index

        return sync_index(self, table, ids, self._write)

    def apply_change(self, table: str, record_id: str) -> int:
        """:meth:`apply_changes` for one record."""
        return self.apply_changes(table, [record_id])

    # --- matching -------------------------------------------------------------------------

    @staticmethod
    def _filters(request: MatchRequest, hidden: frozenset[str]) -> Filters:
        return Filters(
            exclude_ids=hidden,
            roles=frozenset({request.role}) if request.role else None,
            region=request.region,
            language=request.language,
            tags=frozenset(request.tags) if request.tags else None,
            exclude_organisation=request.buyer,
            per_organisation=request.per_organisation,
        )

    def match(self, request: MatchRequest, *, hidden: frozenset[str] = frozenset()) -> MatchesPublic:
        """Rank stored profiles (or projects, with ``kind="projects"``) for an ad-hoc question.

        ``hidden``: ids never returned (projects the caller may not see, see api/access.py).
        """
        filters = self._filters(request, hidden)
        if request.kind == "projects":
            found = self.projects.search(request.text, top_k=request.top_k, filters=filters)
            return self._project_matches(found)
        found = self.profiles.search(request.text, top_k=request.top_k, filters=filters)
        return MatchesPublic(data=[match_public(m) for m in found], count=len(found))

    def match_many(self, requests: Sequence[tuple[MatchRequest, frozenset[str]]]) -> list[MatchesPublic]:
        """:meth:`match` for several ``(request, hidden)`` at once: one model call per kind.

        Each answer equals :meth:`match`'s (a top-k is the prefix of a larger top-k).
        """
        out: list[MatchesPublic | None] = [None] * len(requests)
        for kind, engine in (("profiles", self.profiles), ("projects", self.projects)):
            rows = [n for n, (r, _) in enumerate(requests) if r.kind == kind]
            if not rows:
                continue
            batch = engine.encode([requests[n][0].text for n in rows])
            flts = [self._filters(*requests[n]) for n in rows]
            found = engine.search_batch(batch, top_k=max(requests[n][0].top_k for n in rows), filters=flts)
            for n, matches in zip(rows, found, strict=True):
                top = matches[: requests[n][0].top_k]
                out[n] = (
                    self._project_matches(top)
                    if kind == "projects"
                    else MatchesPublic(data=[match_public(m) for m in top], count=len(top))
                )
        return [o for o in out if o is not None]

    def project_matches(self, project_id: str, *, top_k: int = 10) -> MatchesPublic:
        """Facilitators and suppliers for a stored project (never of the buyer's organisation)."""
        project = self.store.projects.get(project_id)
        batch = self.profiles.encode([project_query(project)], remember=True)
        found = self.profiles.search_batch(
            batch, top_k=top_k, filters=[Filters(exclude_organisation=project.buyer)]
        )[0]
        return MatchesPublic(data=[match_public(m) for m in found], count=len(found))

    def suggestions(self, profile_id: str, *, top_k: int = 10) -> MatchesPublic:
        """Open projects that fit a facilitator or supplier."""
        profile = self.store.profiles.get(profile_id)
        texts = [t for _, t in profile_item(profile).texts]
        found = self.projects.search_texts(
            texts, top_k=top_k, filters=Filters(status="open", exclude_organisation=profile.organisation)
        )
        return self._project_matches(found)

    def similar_projects(
        self, project_id: str, *, status: str = "any", top_k: int = 10, hidden: frozenset[str] = frozenset()
    ) -> MatchesPublic:
        """Other buyers' projects like this one: open ones to pool with, closed ones to learn from."""
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
        return self._project_matches(self.projects.search_batch(batch, top_k=top_k, filters=[flt])[0])

    @staticmethod
    def _project_matches(found: Sequence[Match]) -> MatchesPublic:
        data = [
            match_public(m, label="pooling candidate" if m.item.status == "open" else "case to learn from")
            for m in found
        ]
        return MatchesPublic(data=data, count=len(data))

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

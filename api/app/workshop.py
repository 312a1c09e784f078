"""Workshop days: seat participants at tables, assign facilitators to projects (no web imports).

:class:`Workshop` works on one network's store, profile engine and embedding channels; the
:class:`~api.app.network.Network` holds one and exposes its use cases.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from api.app.records import project_query
from matcher import MatchEngine
from matcher.assignment import assign
from matcher.centering import center_by_group
from matcher.embedding import CachedEmbedder
from matcher.grouping import seat_tables, table_themes
from matcher.joint_space import gram_rows, joint_space
from matcher.text import language_code, normalise_org
from models import (
    AssignedPublic,
    AssignmentRequest,
    AssignmentsPublic,
    GroupRequest,
    GroupsPublic,
    InlineParticipant,
    MemberPublic,
    Profile,
    ProjectAssignmentPublic,
    SeatingReport,
    TablePublic,
)
from models.errors import InvalidInputError
from store import Store

__all__ = [
    "ASSIGN_TIME_LIMIT",
    "Workshop",
    "assign_facilitators",
    "embed_for_grouping",
    "embed_for_seating",
    "seat_participants",
]

log = logging.getLogger("kringmatch.workshop")
ASSIGN_TIME_LIMIT = 30.0
"""Seconds the assignment solver may take (``fair`` then returns its best, with a gap > 0)."""

"""In a workshop list or a pool list, a language with this many members gets its own centre."""


@dataclass(frozen=True)
class _Person:
    id: str
    name: str
    organisation: str
    role: str
    text: str
    language: str | None

    def public(self) -> MemberPublic:
        return MemberPublic(id=self.id, name=self.name, organisation=self.organisation, role=self.role)


def _from_profile(p: Profile) -> _Person:
    return _Person(p.id, p.name, p.organisation, p.role, p.expertise, p.language)


def _people(
    store: Store, profiles: MatchEngine, wanted: Sequence[str | InlineParticipant] | None
) -> list[_Person]:
    if wanted is None:
        people = [_from_profile(p) for p in store.profiles.list()]
        people += [
            _Person(p.id, p.title or p.buyer, p.buyer, "buyer", project_query(p), p.language)
            for p in store.projects.list({"status": "open"})
        ]
        return people
    people = []
    for entry in wanted:
        if isinstance(entry, InlineParticipant):
            org = entry.organisation or entry.name
            people.append(_Person(entry.id, entry.name, org, entry.role, entry.text, entry.language))
        elif store.profiles.count() and entry in profiles.index:
            people.append(_from_profile(store.profiles.get(entry)))
        else:
            p = store.projects.get(entry)  # NotFoundError names the id
            people.append(_Person(p.id, p.title or p.buyer, p.buyer, "buyer", project_query(p), p.language))
    ids = [p.id for p in people]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InvalidInputError(
            f"participants repeat: {', '.join(repeated[:5])}", field="participants", value=repeated
        )
    return people


SMALL_LANGUAGE = 2
"""Grouping centres a language on the texts being grouped from this many texts on."""


def _centred_vectors(
    profiles: MatchEngine, texts: Sequence[str], languages: Sequence[str | None], channels: str
) -> np.ndarray:
    """Each text's vector per model under the ranking's language handling, each language
    centred on the texts being grouped; ``channels="plain"`` uses the first model only.

    Returns:
        (n, sum of the models' dims) float32, rows L2-normalised (cosine = mean over models).
    """
    codes = [language_code(lang, text) for lang, text in zip(languages, texts, strict=True)]
    declared = [lang or "" for lang in languages]
    index = profiles.index
    chosen = profiles.channels[:1] if channels == "plain" else profiles.channels
    vectors = index.neutral([c.passages(list(texts)) for c in chosen], codes, declared)
    centred = [center_by_group(v, declared, min_items=SMALL_LANGUAGE) for v in vectors]
    return np.hstack([v / np.sqrt(len(centred)) for v in centred])


def embed_for_grouping(
    profiles: MatchEngine, texts: Sequence[str], languages: Sequence[str | None]
) -> np.ndarray:
    """One vector per text for pooling projects and for event-day tables: texts compared with texts.

    They follow the ranking's rule for documents (``RankConfig.document_channels``: ``plain``
    uses the first model only), get the ranking's language handling (:meth:`ItemIndex.neutral`),
    and each language is then centred on the texts being grouped (measured: with the ensemble or
    without this centring, pools of the demo network mix themes; EVALUATION.md).

    Returns:
        (n, sum of the models' dims) float32, rows L2-normalised (cosine = mean over models).
    """
    return _centred_vectors(profiles, texts, languages, profiles.index.config.document_channels)


def embed_for_seating(
    profiles: MatchEngine, texts: Sequence[str], languages: Sequence[str | None]
) -> np.ndarray:
    """One vector per participant for workshop tables (``POST /groups``).

    As :func:`embed_for_grouping`, but the models follow ``RankConfig.record_channels`` (a
    record's own texts compared with records), and the participants' shared words count with
    ``table_lexical_weight`` (TF-IDF with the IDF of the participants' texts, the question
    channel's n-grams), joined by :func:`matcher.joint_space.joint_space`. Both measured on the
    dev networks' workshops (EVALUATION.md, "Tables").

    Returns:
        (n, d) float64, rows L2-normalised.
    """
    config = profiles.index.config
    dense = _centred_vectors(profiles, texts, languages, config.record_channels)
    weight = config.table_lexical_weight
    if weight <= 0:
        return dense
    words = gram_rows(config.lexical_spec.scorer().fit(list(texts)).matrix_)
    return joint_space([dense, words], [1.0 - weight, weight])


@dataclass(frozen=True)
class Workshop:
    """Seating and assignment over a network's store, its profile engine and embedding channels.

    Args:
        store: the records.
        profiles: the profile engine (its index and scores).
        channels: the cached embedders (one per model of an ensemble).
    """

    store: Store
    profiles: MatchEngine
    channels: Sequence[CachedEmbedder]

    def embed(self, texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        """:func:`embed_for_grouping` with this workshop's channels."""
        return embed_for_grouping(self.profiles, texts, languages)

    def embed_seating(self, texts: Sequence[str], languages: Sequence[str | None]) -> np.ndarray:
        """:func:`embed_for_seating` with this workshop's channels."""
        return embed_for_seating(self.profiles, texts, languages)

    def seat(self, request: GroupRequest) -> GroupsPublic:
        """Tables of ``size_min``..``size_max`` people, by theme (``similar``) or across themes."""
        return seat_participants(self, request)

    def assign(self, request: AssignmentRequest) -> AssignmentsPublic:
        """Every project gets ``per_project`` facilitators, within capacities, never of its own buyer."""
        return assign_facilitators(self, request)


def seat_participants(workshop: Workshop, request: GroupRequest) -> GroupsPublic:
    """Tables of ``size_min``..``size_max`` people, by theme (``similar``) or across themes (``mixed``)."""
    people = _people(workshop.store, workshop.profiles, request.participants)
    if len(people) < request.size_min:
        raise InvalidInputError(
            f"need at least size_min={request.size_min} participants, got {len(people)}",
            field="participants",
            value=len(people),
        )
    position = {p.id: n for n, p in enumerate(people)}
    unknown = sorted({i for pair in request.met_before for i in pair if i not in position})
    if unknown:
        raise InvalidInputError(
            f"met_before names ids that are not participants: {', '.join(unknown[:5])}",
            field="met_before",
            value=unknown,
        )
    started = time.perf_counter()
    seating = seat_tables(
        workshop.embed_seating([p.text for p in people], [p.language for p in people]),
        organisations=[normalise_org(p.organisation) for p in people],
        roles=[p.role for p in people],
        size_min=request.size_min,
        size_max=request.size_max,
        mode=request.mode,
        separate_organisations=request.separate_organisations,
        require_roles=[set(r) for r in request.require_roles] if request.require_roles else None,
        met_before=[(position[a], position[b]) for a, b in request.met_before],
        seed=request.seed,
    )
    log.info(
        "seated %d participants at %d tables (%s) in %.1f s",
        len(people),
        len(seating.tables),
        request.mode,
        time.perf_counter() - started,
    )
    themes = table_themes([[people[i].text for i in table] for table in seating.tables])
    tables = [
        TablePublic(
            table=n + 1,
            theme=themes[n],
            cohesion=None if np.isnan(seating.cohesion[n]) else round(float(seating.cohesion[n]), 4),
            members=[people[i].public() for i in table],
        )
        for n, table in enumerate(seating.tables)
    ]
    report = SeatingReport(
        violations=seating.violations,
        mean_similarity=round(seating.mean_similarity, 4),
        baseline_similarity=round(seating.baseline_similarity, 4),
        repeated_pairs=[(people[a].id, people[b].id) for a, b in seating.repeated_pairs],
    )
    return GroupsPublic(tables=tables, report=report)


def _pairs(
    pairs: Sequence[tuple[str, str]], projects: dict[str, int], facilitators: dict[str, int], field: str
) -> list[tuple[int, int]]:
    out = []
    for project_id, facilitator_id in pairs:
        if project_id not in projects or facilitator_id not in facilitators:
            raise InvalidInputError(
                f"{field} pair ({project_id!r}, {facilitator_id!r}) names a project or facilitator "
                "that is not part of this assignment",
                field=field,
                value=[project_id, facilitator_id],
            )
        out.append((projects[project_id], facilitators[facilitator_id]))
    return out


def assign_facilitators(workshop: Workshop, request: AssignmentRequest) -> AssignmentsPublic:
    """Every project gets ``per_project`` facilitators, within capacities, never of its own buyer."""
    store, engine = workshop.store, workshop.profiles
    if request.projects is None:
        projects = store.projects.list({"status": "open"})
    else:
        projects = [store.projects.get(i) for i in dict.fromkeys(request.projects)]
    if request.facilitators is None:
        facilitators = store.profiles.list({"role": "facilitator"})
    else:
        facilitators = [store.profiles.get(i) for i in dict.fromkeys(request.facilitators)]
    if not projects or not facilitators:
        raise InvalidInputError(
            f"need at least one project and one facilitator, got {len(projects)} and {len(facilitators)}",
            field="projects" if not projects else "facilitators",
            value=0,
        )
    batch = engine.encode([project_query(p) for p in projects], remember=True)
    arrays = engine.index.arrays()
    column = {item_id: n for n, item_id in enumerate(arrays.ids)}
    affinity = engine.score(batch, arrays, records=True).total[:, [column[f.id] for f in facilitators]]
    conflicts = np.array(
        [[normalise_org(p.buyer) == normalise_org(f.organisation) for f in facilitators] for p in projects]
    )
    p_pos = {p.id: n for n, p in enumerate(projects)}
    f_pos = {f.id: n for n, f in enumerate(facilitators)}
    started = time.perf_counter()
    result = assign(
        affinity,
        capacities=np.array([f.capacity for f in facilitators]),
        per_project=request.per_project,
        conflicts=conflicts,
        pinned=_pairs(request.pinned, p_pos, f_pos, "pinned"),
        blocked=_pairs(request.blocked, p_pos, f_pos, "blocked"),
        objective=request.objective,
        time_limit=ASSIGN_TIME_LIMIT,
    )
    log.info(
        "assigned %d projects to %d facilitators (%s) in %.1f s of a %.0f s limit, gap %.1e",
        len(projects),
        len(facilitators),
        request.objective,
        time.perf_counter() - started,
        ASSIGN_TIME_LIMIT,
        result.gap,
    )

    def assigned(p: int, f: int) -> AssignedPublic:
        fac = facilitators[f]
        return AssignedPublic(
            id=fac.id, name=fac.name, organisation=fac.organisation, affinity=round(float(affinity[p, f]), 4)
        )

    data = [
        ProjectAssignmentPublic(
            project=MemberPublic(
                id=proj.id, name=proj.title or proj.buyer, organisation=proj.buyer, role="buyer"
            ),
            facilitators=[assigned(n, f) for f in result.by_project[n]],
            alternates=[assigned(n, f) for f in result.alternates[n]],
        )
        for n, proj in enumerate(projects)
    ]
    return AssignmentsPublic(
        data=data, total=round(result.total, 4), minimum=round(result.minimum, 4), gap=result.gap
    )

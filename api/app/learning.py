"""The network learns from feedback: one reranker per kind of result, refitted as verdicts arrive.

Each verdict is stored with the features of its match (:func:`matcher.reranker.match_features`,
measured when it was given: score channels only, no text); the reranker of that kind (profiles,
or projects) is fitted on every stored verdict of the network and reorders the top of each answer.
Until it has enough verdicts of both kinds (``FeedbackReranker.min_feedback``) it changes
nothing, and answers are exactly the engine's (tests/quality/test_feedback_quality.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from sklearn.base import clone

from api.app.records import project_query
from matcher import Match, MatchEngine
from matcher.reranker import FeedbackReranker, feedback_features, rerank_matches
from models import Feedback, IntroductionPublic, Party, PartyKind
from models.errors import KringmatchError
from store import Store

if TYPE_CHECKING:
    from api.app.network import Network

__all__ = ["FeedbackLearner", "record_meeting"]

log = logging.getLogger("kringmatch.feedback")

DEPTH = 15
"""The top of an answer the reranker reorders (and that verdicts' features are measured against)."""


class FeedbackLearner:
    """Rerankers for the profiles and projects of a network, fitted on its stored verdicts.

    Args:
        store: where the verdicts are kept (shared by replicas: each refits when the count changes).
        engines: the engine of each kind of item (``profile``, ``project``).
        reranker: the estimator each kind starts from (cloned per kind).
    """

    def __init__(
        self, store: Store, engines: dict[PartyKind, MatchEngine], reranker: FeedbackReranker | None = None
    ) -> None:
        self.store = store
        self.engines = engines
        self.template = reranker or FeedbackReranker()
        self._lock = threading.Lock()
        self._seen = -1
        self._rerankers: dict[PartyKind, FeedbackReranker] = {}

    def features(self, kind: PartyKind, text: str, item_id: str) -> list[float] | None:
        """The features of item ``item_id`` (of ``kind``) as a result for ``text``; None when it
        is not indexed."""
        X, kept, _ = feedback_features(self.engines[kind], [text], [item_id], depth=DEPTH)
        return [float(v) for v in X[0]] if kept[0] else None

    def _refit(self) -> None:
        with self._lock:
            count = self.store.feedback.count()
            if count == self._seen:
                return
            rows = [f for f in self.store.feedback.list() if f.features is not None]
            fitted: dict[PartyKind, FeedbackReranker] = {}
            for kind in self.engines:
                mine = [f for f in rows if f.item.kind == kind]
                reranker = clone(self.template)
                if mine:
                    X = np.array([f.features for f in mine], dtype=np.float64)
                    y = np.array([f.verdict != "not_relevant" for f in mine], dtype=np.int64)
                    reranker.fit(X, y)
                fitted[kind] = reranker
            self._rerankers, self._seen = fitted, count

    def reranker(self, kind: PartyKind) -> FeedbackReranker | None:
        """The fitted reranker of ``kind``; None while it has not learned anything."""
        self._refit()
        found = self._rerankers.get(kind)
        return found if found is not None and found.fitted else None

    def depth(self, kind: PartyKind, top_k: int) -> int:
        """How many results to ask the engine for: more than ``top_k`` only when reranking."""
        return max(top_k, DEPTH) if self.reranker(kind) is not None else top_k

    def rerank(self, kind: PartyKind, matches: Sequence[Match], top_k: int) -> list[Match]:
        """``matches`` (at least :meth:`depth` of them when there are) reranked, cut to ``top_k``."""
        reranker = self.reranker(kind)
        if reranker is None:
            return list(matches[:top_k])
        return rerank_matches(reranker, matches, depth=DEPTH)[:top_k]


def record_meeting(network: Network, intro: IntroductionPublic) -> None:
    """An accepted introduction between a project and a profile, as a ``met`` verdict.

    A project that asked to meet a profile: ``met`` for that profile in the project's scope (its
    matches); a profile that asked about a project: ``met`` for that project in the profile's scope
    (its suggestions). Derived from the stored acceptance: if writing it fails, the acceptance
    stands and the failure is logged.
    """
    sides = {intro.from_.kind: intro.from_, intro.to.kind: intro.to}
    if set(sides) != {"project", "profile"}:
        return
    project, profile = sides["project"], sides["profile"]
    try:
        if intro.from_.kind == "project":
            scope, item = f"project:{project.id}", Party(kind="profile", id=profile.id)
            text = project_query(network.store.projects.get(project.id))
        else:
            scope, item = f"profile:{profile.id}", Party(kind="project", id=project.id)
            text = network.store.profiles.get(profile.id).expertise
        verdict = Feedback(
            id=f"f-{intro.id}",  # once per introduction
            scope=scope,
            organisation=intro.from_.organisation,
            item=item,
            verdict="met",
            created_at=intro.answered_at or intro.created_at,
            features=network.learner.features(item.kind, text, item.id),
        )
        network.store.feedback.put(verdict)
    except KringmatchError:
        log.warning("introduction %s accepted, but its 'met' verdict was not stored", intro.id, exc_info=True)

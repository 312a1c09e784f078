"""Learning from feedback: features of a ranked candidate, and a reranker fitted on verdicts.

A buyer's verdict on an item for a question ("relevant", "met" -> 1, "not_relevant" -> 0) is a
label for that *match*. :func:`match_features` describes a match by its score channels only (no
text, no ids: the model learns which kinds of matches buyers accept, not which items or words), and
:class:`FeedbackReranker` is a regularised logistic regression over those features whose log-odds
are added to the engine's fused score. Until it has seen enough feedback it does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from numbers import Integral, Real
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from matcher.engine import Match, MatchEngine
from matcher.items import Filters

__all__ = ["FEATURES", "FeedbackReranker", "feedback_features", "match_features", "rerank_matches"]

FEATURES: tuple[str, ...] = (
    "score",
    "gap_to_best",
    "dense",
    "lexical",
    "dense_vs_question",
    "lexical_vs_question",
    "model_spread",
    "help_known",
    "help_agrees",
    "role_facilitator",
    "role_supplier",
    "role_project",
    "document_matched",
    "matched_terms",
)
"""The columns of :func:`match_features`, in order:

* ``score`` -- the engine's fused score (:attr:`Match.score`);
* ``gap_to_best`` -- ``score`` minus the question's best score (<= 0; 0 for the top match);
* ``dense`` -- the mean over embedders of the raw cosine (:attr:`Explanation.dense`);
* ``lexical`` -- the raw TF-IDF cosine (:attr:`Explanation.lexical`);
* ``dense_vs_question``, ``lexical_vs_question`` -- ``dense`` and ``lexical`` minus their mean
  over the question's ranked candidates: how much more the item has of each than the others the
  question found (raw cosines differ in level from one question to the next);
* ``model_spread`` -- the largest minus the smallest per-model cosine (0 with one embedder):
  how much the models of an ensemble disagree;
* ``help_known`` -- 1 when the help-type channel labelled the match (``needs`` and ``offers``);
* ``help_agrees`` -- 1 when the help type the question needs is the one the item offers;
* ``role_facilitator``, ``role_supplier``, ``role_project`` -- the item's role, one-hot
  (a project's role is ``buyer``);
* ``document_matched`` -- 1 when the item's best-matching text is a document, not its main text;
* ``matched_terms`` -- ``log1p`` of the number of words the question and the item share.
"""


def match_features(
    matches: Sequence[Match], *, reference: Sequence[Match] | None = None
) -> NDArray[np.float64]:
    """The features of one question's candidates (the columns of :data:`FEATURES`).

    Args:
        matches: (n,) matches of one question.
        reference: the question's ranked matches (its top k) that ``gap_to_best`` and the
            ``..._vs_question`` columns are measured against; default ``matches`` themselves. Pass
            it for matches that are not the question's top (feedback on an item ranked lower,
            :meth:`MatchEngine.matches_for`), so their features mean what they mean in the top.

    Returns:
        (n, len(FEATURES)) float64; (0, len(FEATURES)) for no matches.
    """
    out = np.zeros((len(matches), len(FEATURES)), dtype=np.float64)
    if not matches:
        return out
    context = list(reference) if reference else list(matches)
    top = max(m.score for m in context)
    dense_mean = float(np.mean([m.explanation.dense for m in context]))
    lexical_mean = float(np.mean([m.explanation.lexical for m in context]))
    for n, m in enumerate(matches):
        e = m.explanation
        models = list(e.models.values())
        known = e.needs is not None and e.offers is not None
        out[n] = (
            m.score,
            m.score - top,
            e.dense,
            e.lexical,
            e.dense - dense_mean,
            e.lexical - lexical_mean,
            (max(models) - min(models)) if models else 0.0,
            float(known),
            float(known and e.needs == e.offers),
            float(m.item.role == "facilitator"),
            float(m.item.role == "supplier"),
            float(m.item.role == "buyer"),
            float(e.best_source.startswith("document")),
            float(np.log1p(len(e.matched_terms))),
        )
    return out


class FeedbackReranker(BaseEstimator):  # type: ignore[misc]
    """Reranks candidates with a logistic regression fitted on buyers' verdicts.

    The learned log-odds that a match is relevant is added to the fused score, in units of the
    question's score spread: ``new = score + weight * std(scores) * log_odds(features)``. The
    features are standardised first, so ``C`` regularises every feature alike. With fewer than
    ``min_feedback`` verdicts, or verdicts of one kind only, :meth:`fit` learns nothing and
    :meth:`rescore` returns the scores unchanged.

    ``mode="pointwise"`` classifies each verdict; ``"pairwise"`` learns from the pairs (relevant,
    not relevant) of the same question (``groups``), the differences of their features, so what a
    question's score level says is left out (pairs fitted as a logistic regression without
    intercept: Herbrich et al., 2000, "Large margin rank boundaries for ordinal regression").

    Args:
        weight: share of the question's score spread per unit of learned log-odds (0: the
            reranker never changes a score).
        C: inverse L2 regularisation strength of the logistic regression.
        min_feedback: the fewest verdicts (both kinds present) the reranker learns from.
        mode: ``pointwise`` or ``pairwise``.
        class_weight: ``pointwise`` only, passed to
            :class:`~sklearn.linear_model.LogisticRegression` (``"balanced"`` weighs the rarer
            verdict up).

    Attributes:
        n_feedback_: verdicts seen by the last :meth:`fit`.
        fitted_: whether that fit learned something (enough verdicts, both kinds).
        scaler_: the feature standardiser (only when ``fitted_``).
        classifier_: the logistic regression (only when ``fitted_``).

    Examples:
        >>> X = np.array([[0.0], [1.0], [0.1], [0.9]])
        >>> r = FeedbackReranker(min_feedback=4).fit(X, [0, 1, 0, 1])
        >>> bool(r.fitted_)
        True
        >>> scores = np.zeros(2)
        >>> new = r.rescore(np.array([[0.0], [1.0]]), scores)
        >>> bool(new[1] > new[0])
        True
    """

    def __init__(
        self,
        *,
        weight: float = 0.1,
        C: float = 1.0,
        min_feedback: int = 50,
        mode: Literal["pointwise", "pairwise"] = "pointwise",
        class_weight: str | None = "balanced",
    ) -> None:
        self.weight = weight
        self.C = C
        self.min_feedback = min_feedback
        self.mode = mode
        self.class_weight = class_weight

    def _check_params(self) -> None:
        for name, value, low in (("weight", self.weight, 0.0), ("C", self.C, 0.0)):
            if isinstance(value, bool) or not isinstance(value, Real) or not value >= low:
                raise ValueError(f"{name} must be a number >= {low}, got {value!r}")
        if self.C == 0:
            raise ValueError(f"C must be > 0, got {self.C!r}")
        if isinstance(self.min_feedback, bool) or not isinstance(self.min_feedback, Integral):
            raise ValueError(f"min_feedback must be an integer >= 1, got {self.min_feedback!r}")
        if self.min_feedback < 1:
            raise ValueError(f"min_feedback must be an integer >= 1, got {self.min_feedback!r}")
        if self.mode not in ("pointwise", "pairwise"):
            raise ValueError(f"mode must be 'pointwise' or 'pairwise', got {self.mode!r}")
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight must be None or 'balanced', got {self.class_weight!r}")

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        sample_weight: ArrayLike | None = None,
        *,
        groups: ArrayLike | None = None,
    ) -> FeedbackReranker:
        """Learn from verdicts.

        Args:
            X: (n, f) features of the matches judged (:func:`match_features`).
            y: (n,) 1 for relevant or met, 0 for not relevant.
            sample_weight: optional (n,) weight of each verdict (a pair weighs the product).
            groups: optional (n,) the question of each verdict; ``pairwise`` pairs verdicts of the
                same question only (default: all verdicts are one question).

        Returns:
            self.

        Raises:
            ValueError: bad parameters, shapes that disagree (``X``, ``y``, ``sample_weight``,
                ``groups``), labels other than 0 and 1, or non-finite features.
        """
        self._check_params()
        features = np.asarray(X, dtype=np.float64)
        labels = np.asarray(y)
        if features.ndim != 2:
            raise ValueError(f"X must be 2-D (n, f), got shape {features.shape}")
        if labels.shape != (features.shape[0],):
            raise ValueError(f"y must have shape ({features.shape[0]},), got {labels.shape}")
        if not np.isin(labels, (0, 1)).all():
            raise ValueError(f"y holds 0 and 1 only, got {sorted(set(labels.tolist()))!r}")
        if not np.isfinite(features).all():
            raise ValueError("X holds non-finite values")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights is not None and weights.shape != labels.shape:
            raise ValueError(f"sample_weight must have shape {labels.shape}, got {weights.shape}")
        group = np.zeros(labels.size) if groups is None else np.asarray(groups)
        if group.shape != labels.shape:
            raise ValueError(f"groups must have shape {labels.shape}, got {group.shape}")
        for name in ("scaler_", "classifier_"):
            self.__dict__.pop(name, None)
        self.n_features_in_ = features.shape[1]
        self.n_feedback_ = int(labels.size)
        self.fitted_ = bool(labels.size >= self.min_feedback and np.unique(labels).size == 2)
        if not self.fitted_:
            return self
        self.scaler_ = StandardScaler().fit(features)
        scaled = self.scaler_.transform(features)
        if self.mode == "pointwise":
            self.classifier_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=1000)
            self.classifier_.fit(scaled, labels.astype(int), sample_weight=weights)
            return self
        good, bad = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
        same = group[good][:, np.newaxis] == group[bad][np.newaxis, :]
        pairs_good, pairs_bad = np.nonzero(same)
        first, second = good[pairs_good], bad[pairs_bad]
        if not first.size:
            self.fitted_ = False
            del self.scaler_
            return self
        diff = scaled[first] - scaled[second]
        pair_weight = None if weights is None else np.tile(weights[first] * weights[second], 2)
        self.classifier_ = LogisticRegression(C=self.C, fit_intercept=False, max_iter=1000)
        self.classifier_.fit(
            np.vstack([diff, -diff]),
            np.repeat([1, 0], first.size),
            sample_weight=pair_weight,
        )
        return self

    @property
    def fitted(self) -> bool:
        """True when the last :meth:`fit` had enough feedback to learn from."""
        return bool(getattr(self, "fitted_", False))

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        """(n,) learned log-odds that each match is relevant, for (n, f) features.

        Raises:
            sklearn.exceptions.NotFittedError: before a :meth:`fit` that learned something.
        """
        check_is_fitted(self, ["scaler_", "classifier_"])
        features = self._features(X)
        return np.asarray(self.classifier_.decision_function(self.scaler_.transform(features)), np.float64)

    def _features(self, X: ArrayLike) -> NDArray[np.float64]:
        features = np.asarray(X, dtype=np.float64)
        if features.ndim != 2 or features.shape[1] != self.n_features_in_:
            raise ValueError(f"X must have shape (n, {self.n_features_in_}), got {features.shape}")
        return features

    def rescore(self, X: ArrayLike, scores: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
        """One question's fused scores blended with the learned log-odds.

        The log-odds are added in units of the scores' own spread, so the blend means the same on
        z-normalised scores (a spread of about 1) and on raw cosines (documents: a few hundredths).

        Args:
            X: (n, f) features of one question's candidates.
            scores: (n,) their fused scores.

        Returns:
            (n,) ``scores + weight * std(scores) * log_odds``; ``scores`` itself (the same array,
            unchanged) when the reranker has not learned anything or ``weight`` is 0.
        """
        if not self.fitted or self.weight == 0:
            return scores
        features = self._features(X)
        if features.shape[0] != np.shape(scores)[0]:
            raise ValueError(f"X has {features.shape[0]} rows but scores has {np.shape(scores)[0]}")
        if not features.shape[0]:
            return scores
        values = np.asarray(scores, dtype=np.float64)
        return values + self.weight * float(values.std()) * self.decision_function(features)


def feedback_features(
    engine: MatchEngine, texts: Sequence[str], ids: Sequence[str], *, depth: int = 15
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.intp]]:
    """The features of stored verdicts, for :meth:`FeedbackReranker.fit`.

    Each verdict is (question text, item id); the question is ranked again (one model call for all
    the distinct texts) and the item's match is measured against the question's top ``depth``, the
    candidates :func:`rerank_matches` reorders.

    Args:
        engine: the engine that ranked the items (profiles or projects).
        texts: (n,) each verdict's question.
        ids: (n,) each verdict's item.
        depth: the top the features are measured against.

    Returns:
        ``(X, kept, groups)``: (m, f) features of the verdicts whose item is still indexed, (n,)
        which verdicts those are, and (m,) the question of each (an index into the distinct texts),
        for the ``pairwise`` mode.
    """
    if len(texts) != len(ids):
        raise ValueError(f"texts and ids must be as long, got {len(texts)} and {len(ids)}")
    distinct = list(dict.fromkeys(texts))
    kept = np.zeros(len(ids), dtype=bool)
    rows: list[NDArray[np.float64]] = []
    groups: list[int] = []
    if not distinct:
        return np.zeros((0, len(FEATURES))), kept, np.zeros(0, dtype=np.intp)
    batch = engine.encode(distinct)
    tops = engine.search_batch(batch, top_k=depth, filters=[Filters()] * len(distinct))
    question = {text: q for q, text in enumerate(distinct)}
    for n, (text, item_id) in enumerate(zip(texts, ids, strict=True)):
        q = question[text]
        found = engine.matches_for(batch, q, [item_id])
        if found:
            rows.append(match_features(found, reference=tops[q] or found)[0])
            groups.append(q)
            kept[n] = True
    X = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    return X, kept, np.array(groups, dtype=np.intp)


def rerank_matches(reranker: FeedbackReranker, matches: Sequence[Match], *, depth: int = 15) -> list[Match]:
    """One question's ranked matches, the top ``depth`` reordered by the reranker.

    Returns:
        The matches unchanged (the same objects, in the same order) when the reranker has learned
        nothing; otherwise the top ``depth`` sorted by their new scores (which replace
        :attr:`Match.score`, rounded as the engine rounds; ties keep the engine's order), then the
        rest as they were.
    """
    top = list(matches[:depth])
    scores = np.array([m.score for m in top], dtype=np.float64)
    new = reranker.rescore(match_features(top), scores) if top else scores
    if new is scores:
        return list(matches)
    order = np.argsort(-new, kind="stable")
    rescored = [replace(top[int(i)], score=round(float(new[int(i)]), 4)) for i in order]
    return [*rescored, *matches[depth:]]

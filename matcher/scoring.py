"""From per-text similarities to one fused score per item: arrays in, arrays out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import aggregate
from matcher.config import Aggregation, RankConfig
from matcher.fusion import normalise, reciprocal_rank_fusion, weighted_sum

__all__ = ["ScoreParts", "cos_sim", "score_items"]


def cos_sim(a: NDArray[np.floating], b: NDArray[np.floating]) -> NDArray[np.float32]:
    """Cosine similarity of L2-normalised rows: ``res[i][j] = cos_sim(a[i], b[j])``.

    Args:
        a: (n_a, d), b: (n_b, d), rows of unit norm.

    Returns:
        (n_a, n_b) float32.
    """
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T


@dataclass(frozen=True)
class ScoreParts:
    """Scores of n_q questions against n_items items, and what they were made of.

    Attributes:
        total: (n_q, n_items) the fused score that ranks.
        unit: (n_q, n_units) the fused score of each text (picks the best text of an item).
        dense_units: per embedder, (n_q, n_units) raw cosines.
        lexical_units: (n_q, n_units) raw TF-IDF cosines.
        groups: (n_items, max_units) unit positions per item.
        aggregation: how an item's texts were combined.
        depth: texts read by ``harmonic`` aggregation.
    """

    total: NDArray[np.float64]
    unit: NDArray[np.float64]
    dense_units: list[NDArray[np.floating]]
    lexical_units: NDArray[np.floating]
    groups: NDArray[np.intp]
    aggregation: Aggregation
    depth: int = 10

    def _item(self, values: NDArray[np.floating], q: int, pos: int) -> float:
        units = self.groups[pos][self.groups[pos] >= 0]
        one = np.arange(units.size, dtype=np.intp)[np.newaxis, :]
        return float(aggregate(values[q : q + 1, units], one, self.aggregation, depth=self.depth)[0, 0])

    def channel(self, c: int, q: int, pos: int) -> float:
        """Raw cosine of embedder ``c``, aggregated over item ``pos``'s texts, for question ``q``."""
        return self._item(self.dense_units[c], q, pos)

    def dense(self, q: int, pos: int) -> float:
        """Mean over embedders of :meth:`channel`."""
        return float(np.mean([self.channel(c, q, pos) for c in range(len(self.dense_units))]))

    def lexical(self, q: int, pos: int) -> float:
        """Raw TF-IDF cosine aggregated over item ``pos``'s texts."""
        return self._item(self.lexical_units, q, pos)


def score_items(
    dense_units: Sequence[NDArray[np.floating]],
    lexical_units: NDArray[np.floating],
    groups: NDArray[np.intp],
    config: RankConfig,
    *,
    sentence_best: NDArray[np.floating] | None = None,
) -> ScoreParts:
    """Fuse dense and lexical unit scores and aggregate them per item.

    Args:
        dense_units: per embedder, (n_q, n_units) cosines.
        lexical_units: (n_q, n_units) TF-IDF cosines.
        groups: (n_items, max_units) unit positions per item (-1 padded).
        config: weights, normalisation, fusion and aggregation.
        sentence_best: optional (n_q, n_items) best single-sentence score per item, mixed in
            with ``config.sentence_weight``.

    Returns:
        The fused item scores (``total``, (n_q, n_items)) and their parts.
    """
    w_lex = config.lexical_weight
    w_dense = (1.0 - w_lex) / max(len(dense_units), 1)
    normed = [normalise(d, config.normalisation) for d in dense_units]
    lex_normed = normalise(lexical_units, config.normalisation)
    unit = weighted_sum([*normed, lex_normed], [w_dense] * len(normed) + [w_lex])
    if config.fusion == "rrf":
        per_item = [
            aggregate(d, groups, config.aggregation, depth=config.aggregation_depth)
            for d in [*dense_units, lexical_units]
        ]
        total = reciprocal_rank_fusion(per_item, [w_dense] * len(dense_units) + [w_lex], k=config.rrf_k)
    else:
        total = aggregate(unit, groups, config.aggregation, depth=config.aggregation_depth)
    if sentence_best is not None and config.sentence_weight > 0:
        total = (1.0 - config.sentence_weight) * total + config.sentence_weight * sentence_best
    return ScoreParts(
        total=total,
        unit=unit,
        dense_units=list(dense_units),
        lexical_units=lexical_units,
        groups=groups,
        aggregation=config.aggregation,
        depth=config.aggregation_depth,
    )

"""From per-text similarities to one fused score per item: arrays in, arrays out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import aggregate
from matcher.config import RankConfig
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
    """Scores of n_q questions against n_items items.

    Attributes:
        total: (n_q, n_items) the fused score that ranks.
        dense: (n_q, n_items) aggregated raw cosine, mean over embedders.
        channels: per embedder, (n_q, n_items) aggregated raw cosine.
        lexical: (n_q, n_items) aggregated raw TF-IDF cosine.
        unit: (n_q, n_units) the fused score of each text (picks the best text of an item).
    """

    total: NDArray[np.float64]
    dense: NDArray[np.float64]
    channels: list[NDArray[np.float64]]
    lexical: NDArray[np.float64]
    unit: NDArray[np.float64]


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
        The fused item scores and their parts.
    """
    w_lex = config.lexical_weight
    w_dense = (1.0 - w_lex) / max(len(dense_units), 1)
    channel_items = [aggregate(d, groups, config.aggregation) for d in dense_units]
    lexical_items = aggregate(lexical_units, groups, config.aggregation)
    normed = [normalise(d, config.normalisation) for d in dense_units]
    lex_normed = normalise(lexical_units, config.normalisation)
    unit = weighted_sum([*normed, lex_normed], [w_dense] * len(normed) + [w_lex])
    if config.fusion == "rrf":
        total = reciprocal_rank_fusion(
            [*channel_items, lexical_items], [w_dense] * len(channel_items) + [w_lex], k=config.rrf_k
        )
    else:
        total = aggregate(unit, groups, config.aggregation)
    if sentence_best is not None and config.sentence_weight > 0:
        total = (1.0 - config.sentence_weight) * total + config.sentence_weight * sentence_best
    dense = np.mean(channel_items, axis=0) if channel_items else np.zeros_like(lexical_items)
    return ScoreParts(total=total, dense=dense, channels=channel_items, lexical=lexical_items, unit=unit)

"""From per-text similarities to one fused score per item: arrays in, arrays out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import aggregate
from matcher.config import Aggregation, RankConfig
from matcher.crosslingual import impute_cross_language
from matcher.fusion import normalise, reciprocal_rank_fusion, weighted_sum

__all__ = ["ScoreParts", "cos_sim", "dense_weights", "score_items"]


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
        plain: (n_q,) the questions scored the plain way (documents with
            ``document_channels=plain``: first embedder, raw cosines, no help or concept channel).
    """

    total: NDArray[np.float64]
    unit: NDArray[np.float64]
    dense_units: list[NDArray[np.floating]]
    lexical_units: NDArray[np.floating]
    groups: NDArray[np.intp]
    aggregation: Aggregation
    depth: int = 10
    plain: NDArray[np.bool_] | None = None

    def _item(self, values: NDArray[np.floating], q: int, pos: int) -> float:
        units = self.groups[pos][self.groups[pos] >= 0]
        one = np.arange(units.size, dtype=np.intp)[np.newaxis, :]
        return float(aggregate(values[q : q + 1, units], one, self.aggregation, depth=self.depth)[0, 0])

    def channel(self, c: int, q: int, pos: int) -> float:
        """Raw cosine of embedder ``c``, aggregated over item ``pos``'s texts, for question ``q``."""
        return self._item(self.dense_units[c], q, pos)

    def channels(self, q: int, pos: int) -> list[float]:
        """:meth:`channel` of every embedder, in order."""
        return [self.channel(c, q, pos) for c in range(len(self.dense_units))]

    def lexical(self, q: int, pos: int) -> float:
        """Raw TF-IDF cosine aggregated over item ``pos``'s texts."""
        return self._item(self.lexical_units, q, pos)


def _normalise(values: NDArray[np.floating], method: str, plain: NDArray[np.bool_]) -> NDArray[np.float64]:
    """:func:`normalise` per row, except the ``plain`` rows (n_q,), which keep their raw scores."""
    out = normalise(values, method)  # type: ignore[arg-type]
    if method != "none" and plain.any():
        out = np.where(plain[:, np.newaxis], np.asarray(values, dtype=np.float64), out)
    return out


def dense_weights(
    dense_weight: NDArray[np.float64],
    plain: NDArray[np.bool_],
    n_dense: int,
    config: RankConfig,
    languages: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[NDArray[np.float64]]:
    """Each embedder's weight in the fused score.

    Args:
        dense_weight: (n_q, 1) what the lexical and help channels leave to the embedders.
        plain: (n_q,) documents scored the plain way: the first embedder takes it all.
        n_dense: the number of embedders.
        config: ``crosslingual_model_share`` and ``samelingual_model_share``.
        languages: optional (question languages (n_q,), text languages (n_units,)); ``""`` unknown.

    Returns:
        Per embedder, (n_q, 1) weights (equal shares), or (n_q, n_units) when a two-model
        ensemble's shares depend on whether a question and a text share a language
        (:attr:`RankConfig.pair_weights`); a pair with an unknown language keeps equal shares.
    """
    col = plain[:, np.newaxis]
    if n_dense != 2 or languages is None or not config.pair_weights:
        return [np.where(col, dense_weight * (c == 0), dense_weight / n_dense) for c in range(n_dense)]
    questions = list(languages[0])
    units = np.asarray(languages[1], dtype=object)  # (n_units,)
    same = np.zeros((len(questions), units.size), dtype=bool)  # (n_q, n_units)
    for language in set(questions) - {""}:  # a few languages: one comparison over the texts each
        same[np.asarray([q == language for q in questions], dtype=bool)] = units == language
    known = np.asarray([q != "" for q in questions], dtype=bool)[:, np.newaxis] & (units != "")
    kind = known.astype(np.intp) + (known & same)  # 0 unknown, 1 cross-language, 2 same language
    table = np.array([0.5, config.crosslingual_model_share, config.samelingual_model_share])
    second = dense_weight * table[kind]  # (n_q, n_units): the second embedder's weight
    first = dense_weight - second
    if plain.any():
        second, first = np.where(col, 0.0, second), np.where(col, dense_weight, first)
    return [first, second]


def score_items(
    dense_units: Sequence[NDArray[np.floating]],
    lexical_units: NDArray[np.floating],
    groups: NDArray[np.intp],
    config: RankConfig,
    *,
    sentence_best: NDArray[np.floating] | None = None,
    documents: NDArray[np.bool_] | None = None,
    languages: tuple[Sequence[str], Sequence[str]] | None = None,
    help_units: NDArray[np.floating] | None = None,
    hub: NDArray[np.floating] | None = None,
    concept_units: NDArray[np.floating] | None = None,
) -> ScoreParts:
    """Fuse dense and lexical unit scores and aggregate them per item.

    Args:
        dense_units: per embedder, (n_q, n_units) cosines.
        lexical_units: (n_q, n_units) TF-IDF cosines.
        groups: (n_items, max_units) unit positions per item (-1 padded).
        config: weights, normalisation, fusion and aggregation.
        sentence_best: optional (n_q, n_items) best single-sentence score per item, mixed in
            with ``config.sentence_weight``.
        documents: optional (n_q,) flags: these questions are fused with
            ``config.document_lexical_weight`` instead of ``config.lexical_weight``.
        languages: optional (question languages (n_q,), text languages (n_units,)); for the
            questions :meth:`RankConfig.imputed` flags, the lexical score against a text in
            another language is imputed (:func:`impute_cross_language`) before fusing; with
            :attr:`RankConfig.pair_weights`, a two-model ensemble's weights depend on whether the
            pair shares a language (:func:`dense_weights`).
        help_units: optional (n_q, n_units) help-type agreement (:mod:`matcher.helptypes`),
            fused with ``config.help_weight``.
        concept_units: optional (n_q, n_units) CPV concept agreement (:mod:`matcher.concepts`),
            fused with ``config.concept_weight`` (at most what lexical and help leave).
        hub: optional (n_units,) hubness of each text; ``config.hub_penalty`` times it is
            subtracted from every dense score before fusing (the raw cosines stay in the parts).

    Returns:
        The fused item scores (``total``, (n_q, n_items)) and their parts.
    """
    n_q = np.shape(lexical_units)[0]
    flags = np.zeros(n_q, dtype=bool) if documents is None else np.asarray(documents, dtype=bool)
    plain = flags & (config.document_channels == "plain")  # (n_q,) rows scored the plain way
    col = plain[:, np.newaxis]
    w_lex = config.lexical_weights(flags)[:, np.newaxis]  # (n_q, 1): one weight per question
    w_help = np.where(
        col, 0.0, np.minimum(config.help_weight if help_units is not None else 0.0, 1.0 - w_lex)
    )
    w_concept = np.where(
        col,
        0.0,
        np.minimum(config.concept_weight if concept_units is not None else 0.0, 1.0 - w_lex - w_help),
    )
    n_dense = max(len(dense_units), 1)
    pairs = languages if config.fusion == "weighted" else None  # rrf fuses per item: no pairs
    w_dense = dense_weights(
        np.where(col, 1.0 - w_lex, 1.0 - w_lex - w_help - w_concept), plain, n_dense, config, pairs
    )
    penalised = list(dense_units)
    if hub is not None and config.hub_penalty > 0:
        offset = config.hub_penalty * np.asarray(hub, dtype=np.float64)[np.newaxis, :]
        penalised = [np.asarray(d, dtype=np.float64) - offset for d in dense_units]
    normed = [_normalise(d, config.normalisation, plain) for d in penalised]
    fused_lexical = np.asarray(lexical_units, dtype=np.float64)
    impute = config.imputed(flags)
    if languages is not None and impute.any():
        dense_mean = np.where(col, normed[0], np.mean(normed, axis=0)) if normed else normed
        rows = np.flatnonzero(impute)
        imputed = impute_cross_language(
            fused_lexical[rows], dense_mean[rows], [languages[0][int(r)] for r in rows], languages[1]
        )
        fused_lexical = fused_lexical.copy()
        fused_lexical[rows] = imputed
    lex_normed = _normalise(fused_lexical, config.normalisation, plain)
    channels = [*normed, lex_normed]
    weights: list[float | NDArray[np.float64]] = [*w_dense[: len(normed)], w_lex]
    raw = [*dense_units, fused_lexical]
    if help_units is not None and config.help_weight > 0:
        channels.append(_normalise(np.asarray(help_units, dtype=np.float64), config.normalisation, plain))
        weights.append(w_help)
        raw.append(np.asarray(help_units, dtype=np.float64))
    if concept_units is not None and config.concept_weight > 0:
        concept = np.asarray(concept_units, dtype=np.float64)
        channels.append(_normalise(concept, config.normalisation, plain))
        weights.append(w_concept)
        raw.append(concept)
    unit = weighted_sum(channels, weights)
    if config.fusion == "rrf":
        per_item = [aggregate(d, groups, config.aggregation, depth=config.aggregation_depth) for d in raw]
        total = reciprocal_rank_fusion(per_item, weights, k=config.rrf_k)
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
        plain=plain,
    )

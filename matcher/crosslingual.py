"""Lexical scores across languages: a text in another language shares no words, which is no evidence.

A word TF-IDF cosine between a Dutch question and a French text is ~0 whatever they mean, so with a
high lexical weight every text in another language loses to every text in the question's own.
:func:`impute_cross_language` gives such a text the lexical score that a text in the question's
language with the same dense score gets on average, so only the dense model ranks it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["impute_cross_language"]


def impute_cross_language(
    lexical: NDArray[np.floating],
    dense: NDArray[np.floating],
    question_languages: Sequence[str],
    unit_languages: Sequence[str],
    *,
    min_units: int = 5,
) -> NDArray[np.float64]:
    """Replace the lexical scores of other-language texts by the ones their dense scores predict.

    For each question whose language is known, a least-squares line ``lexical ≈ a + b·dense`` is
    fitted over the texts in its language, and every text of another known language gets
    ``clip(a + b·dense, 0, 1)``. Texts and questions of unknown language (``""``), and questions
    with fewer than ``min_units`` texts in their language, keep their scores.

    Args:
        lexical: (n_q, n_units) lexical cosines.
        dense: (n_q, n_units) dense scores (what is fused with them).
        question_languages: n_q language codes, ``""`` when unknown.
        unit_languages: n_units language codes, ``""`` when unknown.
        min_units: fewest same-language texts to fit the line on.

    Returns:
        (n_q, n_units) float64.
    """
    out = np.array(lexical, dtype=np.float64, copy=True)
    scores = np.asarray(dense, dtype=np.float64)
    units = np.asarray(unit_languages, dtype=object)
    if out.shape != scores.shape or out.shape != (len(question_languages), units.size):
        raise ValueError(
            f"shapes differ: lexical {out.shape}, dense {scores.shape}, "
            f"{len(question_languages)} questions x {units.size} texts"
        )
    known = units != ""
    for q, language in enumerate(question_languages):
        if not language:
            continue
        same = units == language
        other = known & ~same
        if same.sum() < min_units or not other.any():
            continue
        x, y = scores[q, same], out[q, same]
        spread = x.var()
        slope = float(((x - x.mean()) * (y - y.mean())).mean() / spread) if spread > 1e-12 else 0.0
        intercept = float(y.mean() - slope * x.mean())
        out[q, other] = np.clip(intercept + slope * scores[q, other], 0.0, 1.0)
    return out

"""Graded ranking metrics for one question (a ranked list of profile ids) and their summary.

Relevance is graded: ``relevance`` maps profile id -> non-negative integer grade (0 = not
relevant); ids absent from it have grade 0. The *ideal* profiles of a question are those with the
maximum grade in ``relevance``.

* :func:`ndcg_at_k` -- gain ``2**grade - 1``, discount ``log2(rank + 1)`` (rank from 1), ideal
  DCG from the grades in ``relevance`` sorted descending. A question with no positive grade has
  nDCG 0.0 (nothing can be found).
* :func:`reciprocal_rank` -- ``1 / rank`` of the first *ideal* profile (one with the maximum
  grade), not of the first merely relevant one; 0.0 when no ideal profile is ranked.
* :func:`top1_hit` -- 1.0 when the first ranked profile is ideal, else 0.0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = ["ndcg_at_k", "reciprocal_rank", "summarise", "top1_hit"]

_RESERVED: Final = frozenset({"n"})


def _check(ranked_ids: Sequence[str], relevance: Mapping[str, int]) -> int:
    """Validate inputs; return the maximum grade (0 when there is none)."""
    if isinstance(ranked_ids, str):
        raise ValueError(f"ranked_ids must be a sequence of ids, got the string {ranked_ids!r}")
    seen: set[str] = set()
    for rid in ranked_ids:
        if rid in seen:
            raise ValueError(f"ranked_ids lists {rid!r} twice")
        seen.add(rid)
    for pid, grade in relevance.items():
        if isinstance(grade, bool) or not isinstance(grade, int) or grade < 0:
            raise ValueError(f"relevance[{pid!r}]={grade!r}; grades are integers >= 0")
    return max(relevance.values(), default=0)


def _dcg(grades: Sequence[int]) -> float:
    return math.fsum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at_k(ranked_ids: Sequence[str], relevance: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` ranked ids.

    Args:
        ranked_ids: shape ``(n,)``, best first, no duplicates.
        relevance: id -> grade >= 0; unlisted ids have grade 0.
        k: cut-off, >= 1.

    Returns:
        nDCG@k in [0, 1]; 0.0 when no grade is positive.

    Raises:
        ValueError: ``k < 1``, a duplicate id, or a negative / non-integer grade.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k={k!r}; expected an integer >= 1")
    _check(ranked_ids, relevance)
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])
    if ideal == 0.0:
        return 0.0
    return min(1.0, _dcg([relevance.get(rid, 0) for rid in ranked_ids[:k]]) / ideal)


def reciprocal_rank(ranked_ids: Sequence[str], relevance: Mapping[str, int]) -> float:
    """``1 / rank`` of the first profile with the maximum grade (the ideal profile).

    Args:
        ranked_ids: shape ``(n,)``, best first, no duplicates.
        relevance: id -> grade >= 0.

    Returns:
        A value in (0, 1], or 0.0 when no ideal profile is ranked or no grade is positive.

    Raises:
        ValueError: as :func:`ndcg_at_k`.
    """
    best = _check(ranked_ids, relevance)
    if best == 0:
        return 0.0
    for rank, rid in enumerate(ranked_ids, start=1):
        if relevance.get(rid, 0) == best:
            return 1.0 / rank
    return 0.0


def top1_hit(ranked_ids: Sequence[str], relevance: Mapping[str, int]) -> float:
    """1.0 when the first ranked profile has the maximum (positive) grade, else 0.0.

    Raises:
        ValueError: as :func:`ndcg_at_k`.
    """
    best = _check(ranked_ids, relevance)
    return float(best > 0 and len(ranked_ids) > 0 and relevance.get(ranked_ids[0], 0) == best)


def _number(value: object) -> float | None:
    """``value`` as a float when it is an int or float (not a bool), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _means(rows: Sequence[Mapping[str, float]], metrics: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {"n": float(len(rows))}
    for name in metrics:
        out[name] = math.fsum(row[name] for row in rows) / len(rows)
    return out


def summarise(
    rows: Sequence[Mapping[str, object]],
    *,
    split_key: str = "cross_lingual",
    language_key: str = "language",
    metrics: Sequence[str] | None = None,
) -> dict[str, dict[str, float]]:
    """Mean metrics overall, per value of a boolean key, and per language.

    Args:
        rows: one mapping per question, e.g. ``{"question": "q7", "language": "nl",
            "cross_lingual": True, "ndcg@10": 0.81, "rr": 1.0, "top1": 1.0}``.
        split_key: boolean key to split on (rows without it are only counted overall).
        language_key: string key to split on (rows without it are only counted overall).
        metrics: metric keys to average; default every key except ``"n"`` whose value is an
            int or float (not bool) in the first row -- pass it when rows carry numeric ids.

    Returns:
        ``{"overall": {...}, "cross_lingual=True": {...}, "cross_lingual=False": {...},
        "language=nl": {...}, ...}``; each inner dict holds ``"n"`` (rows) and one mean per
        metric. Groups that have no rows are omitted.

    Raises:
        ValueError: no rows, a metric missing or non-numeric in some row, a metric named
            ``"n"``, or a non-bool ``split_key`` value.
    """
    if not rows:
        raise ValueError("summarise() needs at least one row")
    if metrics is None:
        metrics = [k for k, v in rows[0].items() if _number(v) is not None and k not in _RESERVED]
    names = list(metrics)
    values: list[dict[str, float]] = []
    for i, row in enumerate(rows):
        numbers: dict[str, float] = {}
        for name in names:
            number = _number(row.get(name))
            if name in _RESERVED or number is None or not math.isfinite(number):
                raise ValueError(f"rows[{i}][{name!r}]={row.get(name)!r} is not a usable metric")
            numbers[name] = number
        values.append(numbers)
    groups: dict[str, list[dict[str, float]]] = {"overall": values}
    for i, (row, numbers) in enumerate(zip(rows, values, strict=True)):
        if split_key in row:
            flag = row[split_key]
            if not isinstance(flag, bool):
                raise ValueError(f"rows[{i}][{split_key!r}]={flag!r} is not a bool")
            groups.setdefault(f"{split_key}={flag}", []).append(numbers)
    for row, numbers in zip(rows, values, strict=True):
        if language_key in row:
            groups.setdefault(f"{language_key}={row[language_key]}", []).append(numbers)
    return {label: _means(members, names) for label, members in groups.items()}

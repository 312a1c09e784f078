"""Simulated feedback on the labelled networks: does the ranking learn from buyers' verdicts?

    kringmatch eval feedback [NAME ...] [--split dev|test|all] [--markdown] [--tune]

For each network the engine ranks every question once (the default ranking, the real embedders,
embeddings cached in the network's store under ``--out``, as ``eval networks`` does) and keeps its
top ``depth`` candidates with their :func:`~matcher.reranker.match_features`. Then, for several
random splits (fixed seeds) of the questions into a feedback half and a held-out half:

* simulated buyers read the top ``look`` (10) of the feedback questions, in a random order, and give
  verdicts from the labels, best-ranked first: grade >= 2 is *relevant*, grade 0 (or unlabelled) is
  *not relevant*, grade 1 gets no verdict; at most ``per_question`` verdicts a question, and at
  most ``budget`` in all;
* a :class:`~matcher.reranker.FeedbackReranker` is fitted on those verdicts and reranks the
  held-out questions' candidates; nDCG@10 and top-1 are measured with and without it, overall,
  same-language / cross-lingual and product / process (:func:`evaluation.networks.summary`).

The curve is held-out quality against the number of verdicts given, the mean over the splits.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import clone

from evaluation.network_eval import load_into
from evaluation.networks import LabelledNetwork, question_rows, summary
from evaluation.runner import DomainQuestion
from matcher import Filters, MatchEngine, RankConfig
from matcher.embedding import Embedder
from matcher.reranker import FeedbackReranker, match_features

__all__ = [
    "BUDGETS",
    "GROUPS",
    "Candidates",
    "candidates",
    "curve_markdown",
    "evaluate_feedback",
    "format_curve",
    "gain",
    "mean_curves",
    "networks_markdown",
    "rerank",
    "simulate",
    "tune",
    "verdicts",
    "worst",
]

BUDGETS: tuple[int | None, ...] = (0, 10, 25, 50, 100, None)
"""Verdicts given (``None``: every verdict the feedback questions allow)."""

GROUPS: tuple[str, ...] = (
    "overall",
    "cross_lingual=False",
    "cross_lingual=True",
    "kind=product",
    "kind=process",
)
"""The question groups a curve reports (those a network has)."""


@dataclass(frozen=True)
class Candidates:
    """A network's questions and the engine's top candidates for each.

    Attributes:
        name: the network's name.
        questions: (n_q,) the graded questions.
        ids: per question, its candidates' ids, best first.
        features: per question, (n_c, f) :func:`match_features` of its candidates.
        scores: per question, (n_c,) their fused scores.
    """

    name: str
    questions: list[DomainQuestion]
    ids: list[list[str]]
    features: list[NDArray[np.float64]]
    scores: list[NDArray[np.float64]]


def candidates(
    engine: MatchEngine, questions: Sequence[DomainQuestion], *, name: str, depth: int = 30
) -> Candidates:
    """The top ``depth`` candidates of each question (one model call per embedder)."""
    if depth < 10:
        raise ValueError(f"depth must be >= 10 (nDCG@10 reads ten), got {depth}")
    batch = engine.encode([q.text for q in questions])
    found = engine.search_batch(batch, top_k=depth, filters=[Filters()] * len(questions))
    return Candidates(
        name=name,
        questions=list(questions),
        ids=[[m.item.id for m in matches] for matches in found],
        features=[match_features(matches) for matches in found],
        scores=[np.array([m.score for m in matches], dtype=np.float64) for matches in found],
    )


def verdicts(
    cands: Candidates,
    rows: Sequence[int],
    *,
    budget: int | None,
    per_question: int = 5,
    look: int = 10,
) -> tuple[NDArray[np.float64], NDArray[np.int_], NDArray[np.int_]]:
    """The simulated buyers' verdicts on the questions ``rows``, in that order.

    Returns:
        ``(X, y, groups)``: (n, f) features of the judged matches, (n,) 1 relevant / 0 not
        relevant, and (n,) the question (index into ``cands.questions``) of each verdict;
        ``n <= budget`` (every verdict allowed when ``budget`` is ``None``).
    """
    X: list[NDArray[np.float64]] = []
    y: list[int] = []
    groups: list[int] = []
    for q in rows:
        relevance = cands.questions[q].relevance
        given = 0
        for pos, item_id in enumerate(cands.ids[q][:look]):
            if given == per_question or (budget is not None and len(y) == budget):
                break
            grade = relevance.get(item_id, 0)
            if grade == 1:
                continue
            X.append(cands.features[q][pos])
            y.append(int(grade >= 2))
            groups.append(q)
            given += 1
    width = cands.features[0].shape[1] if cands.features else 0
    features = np.array(X, dtype=np.float64).reshape(len(y), width)
    return features, np.array(y, dtype=np.int_), np.array(groups, dtype=np.int_)


def rerank(cands: Candidates, q: int, reranker: FeedbackReranker, *, depth: int | None = None) -> list[str]:
    """Question ``q``'s top ``depth`` candidates (default all) in the reranker's order, then the rest.

    Ties keep the engine's order.
    """
    n = len(cands.ids[q]) if depth is None else min(depth, len(cands.ids[q]))
    scores = reranker.rescore(cands.features[q][:n], cands.scores[q][:n])
    order = np.argsort(-np.asarray(scores), kind="stable")
    return [cands.ids[q][int(i)] for i in order] + cands.ids[q][n:]


def _groups(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    return {k: {"ndcg@10": v["ndcg@10"], "top1": v["top1"], "n": v["n"]} for k, v in summary(rows).items()}


def _means(groups: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Per group, the mean over the splits whose held-out half had questions of that group."""
    return {
        g: {m: v / groups[g]["splits"] for m, v in groups[g].items() if m != "splits"}
        for g in GROUPS
        if g in groups
    }


def simulate(
    cands: Candidates,
    reranker: FeedbackReranker,
    *,
    budgets: Sequence[int | None] = BUDGETS,
    splits: int = 20,
    seed: int = 0,
    per_question: int = 5,
    depth: int | None = None,
) -> dict[str, Any]:
    """The feedback curve of one network (see the module docstring).

    ``depth``: how many of a held-out question's candidates the reranker reorders (default all).

    Returns:
        ``{"network": name, "splits": n, "curve": [point, ...]}``; a point is ``{"budget": b,
        "verdicts": mean verdicts given, "fitted": share of splits where the reranker learned,
        "before": {group: {"ndcg@10", "top1", "n"}}, "after": {...}}``, the groups those of
        :data:`GROUPS` the network has, each figure the mean over the splits whose held-out half
        holds questions of that group.
    """
    n = len(cands.questions)
    if n < 4:
        raise ValueError(f"a simulation needs at least 4 questions, got {n}")
    sums: dict[int | None, dict[str, Any]] = {
        b: {"verdicts": 0.0, "fitted": 0.0, "before": {}, "after": {}} for b in budgets
    }
    for s in range(splits):
        order = np.random.default_rng(seed + s).permutation(n)
        feedback, held = [int(i) for i in order[: n // 2]], [int(i) for i in order[n // 2 :]]
        questions = [cands.questions[q] for q in held]
        before = _groups(question_rows([cands.ids[q] for q in held], questions))
        for budget in budgets:
            X, y, groups = verdicts(cands, feedback, budget=budget, per_question=per_question)
            fitted = clone(reranker).fit(X, y, groups=groups)
            after = _groups(question_rows([rerank(cands, q, fitted, depth=depth) for q in held], questions))
            point = sums[budget]
            point["verdicts"] += y.size / splits
            point["fitted"] += float(fitted.fitted) / splits
            for key, figures in (("before", before), ("after", after)):
                for group, values in figures.items():
                    acc = point[key].setdefault(group, {"ndcg@10": 0.0, "top1": 0.0, "n": 0.0, "splits": 0})
                    for metric, value in values.items():
                        acc[metric] += value
                    acc["splits"] += 1
    curve = [
        {"budget": b, "verdicts": sums[b]["verdicts"], "fitted": sums[b]["fitted"]}
        | {key: _means(sums[b][key]) for key in ("before", "after")}
        for b in budgets
    ]
    return {"network": cands.name, "splits": splits, "curve": curve}


def evaluate_feedback(
    data: LabelledNetwork,
    embedders: Sequence[Embedder],
    config: RankConfig,
    *,
    out: Path,
    depth: int = 30,
) -> Candidates:
    """Load a network into its store under ``out`` (as ``eval networks``) and rank its questions."""
    network = load_into(data, out / f"{data.name}.db", embedders, config)
    try:
        return candidates(network.profiles, data.questions, name=data.name, depth=depth)
    finally:
        network.store.close()


def mean_curves(curves: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Several networks' curves, the mean over the networks (each network counts once)."""
    if not curves:
        return []
    out = []
    for points in zip(*(c["curve"] for c in curves), strict=True):
        point: dict[str, Any] = {"budget": points[0]["budget"]}
        for key in ("verdicts", "fitted"):
            point[key] = float(np.mean([p[key] for p in points]))
        for key in ("before", "after"):
            point[key] = {}
            for group in GROUPS:
                have = [p[key][group] for p in points if group in p[key]]
                if have:
                    point[key][group] = {m: float(np.mean([h[m] for h in have])) for m in have[0]}
        out.append(point)
    return out


def gain(curve: Sequence[Mapping[str, Any]], metric: str = "ndcg@10") -> float:
    """The mean over a curve's points with feedback of the held-out ``metric`` gained overall."""
    deltas = [
        p["after"]["overall"][metric] - p["before"]["overall"][metric] for p in curve if p["budget"] != 0
    ]
    return float(np.mean(deltas)) if deltas else 0.0


def worst(curves: Sequence[Mapping[str, Any]], metric: str = "ndcg@10") -> float:
    """The largest loss: the lowest change of the held-out ``metric`` over networks and budgets (<= 0)."""
    changes = [
        p["after"]["overall"][metric] - p["before"]["overall"][metric] for c in curves for p in c["curve"]
    ]
    return float(min(changes, default=0.0))


def tune(
    networks: Sequence[Candidates],
    grid: Mapping[str, Sequence[Any]],
    *,
    splits: int = 20,
    budgets: Sequence[int | None] = BUDGETS,
    tolerance: float = 0.001,
) -> list[tuple[dict[str, Any], float, float, float]]:
    """Every combination of ``grid`` (reranker parameters, and ``depth`` for :func:`simulate`), best first.

    Best first: the settings that never lower a network's held-out nDCG@10 by more than
    ``tolerance`` (at any budget) before those that do, then by nDCG@10 gain, then top-1 gain.

    Returns:
        ``[(params, nDCG@10 gain, top-1 gain, worst), ...]``: the gains :func:`gain` of the mean
        curve over the networks (pass the dev networks only), ``worst`` that of :func:`worst`.
    """
    results = []
    names = sorted(grid)
    for values in itertools.product(*(grid[k] for k in names)):
        params = dict(zip(names, values, strict=True))
        estimator = FeedbackReranker(**{k: v for k, v in params.items() if k != "depth"})
        depth = params.get("depth")
        curves = [simulate(c, estimator, splits=splits, budgets=budgets, depth=depth) for c in networks]
        mean = mean_curves(curves)
        results.append((params, gain(mean), gain(mean, "top1"), worst(curves)))
    return sorted(results, key=lambda r: (r[3] < -tolerance, -r[1], -r[2]))


def _budget(b: int | None) -> str:
    return "all" if b is None else str(b)


def format_curve(report: Mapping[str, Any]) -> str:
    """One network's (or a mean) curve, a line per budget."""
    lines = [f"{report['network']} ({report['splits']} splits, held-out questions)"]
    for p in report["curve"]:
        b, a = p["before"], p["after"]
        cells = [
            f"  verdicts {_budget(p['budget']):>4} (given {p['verdicts']:5.1f}, learned {p['fitted']:.0%})"
        ]
        for group in GROUPS:
            if group in b:
                delta = a[group]["ndcg@10"] - b[group]["ndcg@10"]
                cells.append(
                    f"{group.replace('cross_lingual', 'xl')} {a[group]['ndcg@10']:.3f} ({delta:+.3f})"
                )
        lines.append(
            "  ".join(cells)
            + f"  top-1 {a['overall']['top1']:.3f} ({a['overall']['top1'] - b['overall']['top1']:+.3f})"
        )
    return "\n".join(lines)


def _cell(point: Mapping[str, Any] | None, group: str, metric: str) -> str:
    if point is None or group not in point["after"]:
        return "–"
    after, before = point["after"][group][metric], point["before"][group][metric]
    return f"{after:.3f} ({after - before:+.3f})"


def curve_markdown(by_split: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """Two tables, dev beside test: the curve (overall), then each group at the most feedback.

    Args:
        by_split: split name (``dev``, ``test``) -> its :func:`mean_curves` curve.
    """
    splits = [s for s in ("dev", "test") if by_split.get(s)]
    head = (
        "| verdicts | " + " | ".join(f"{s} nDCG@10 | {s} top-1 | {s} verdicts given" for s in splits) + " |"
    )
    lines = [head, "|---|" + "---|" * (3 * len(splits))]
    budgets = [p["budget"] for p in by_split[splits[0]]] if splits else []
    for n, budget in enumerate(budgets):
        cells = [_budget(budget)]
        for s in splits:
            point = by_split[s][n]
            cells += [
                _cell(point, "overall", "ndcg@10"),
                _cell(point, "overall", "top1"),
                f"{point['verdicts']:.1f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| questions | " + " | ".join(f"{s} nDCG@10 (most feedback)" for s in splits) + " |"]
    lines.append("|---|" + "---|" * len(splits))
    for group in GROUPS:
        cells = [group]
        for s in splits:
            cells.append(_cell(by_split[s][-1], group, "ndcg@10"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def networks_markdown(reports: Sequence[Mapping[str, Any]], splits: Mapping[str, str]) -> str:
    """One row per network: held-out nDCG@10 and top-1 at each budget with feedback (change in brackets).

    Args:
        reports: :func:`simulate` reports, all over the same budgets.
        splits: network name -> its split (``dev``, ``test``).
    """
    if not reports:
        return ""
    budgets = [p["budget"] for p in reports[0]["curve"]]
    shown = [n for n, b in enumerate(budgets) if b != 0]
    head = "| network | split | no feedback | " + " | ".join(f"{_budget(budgets[n])} verdicts" for n in shown)
    lines = [head + " |", "|---|---|---|" + "---|" * len(shown)]
    for report in reports:
        curve = report["curve"]
        base = curve[0]["before"]["overall"]
        cells = [
            report["network"],
            splits.get(report["network"], ""),
            f"{base['ndcg@10']:.3f} / {base['top1']:.3f}",
        ]
        for n in shown:
            cells.append(f"{_cell(curve[n], 'overall', 'ndcg@10')} / {_cell(curve[n], 'overall', 'top1')}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

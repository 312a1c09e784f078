"""Capacity-aware assignment of facilitators to projects, solved exactly with HiGHS (scipy).

``total`` is a transportation LP (totally unimodular, so simplex vertices are integral), solved
by column generation with a dual bound on the full problem; ``fair`` adds MILP probes."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp
from scipy.sparse.csgraph import maximum_flow

from models.errors import InfeasibleError, InvalidInputError, KringmatchError

__all__ = ["Assignment", "Objective", "assign"]

Objective = Literal["total", "fair"]
Bool2D = NDArray[np.bool_]
Float = NDArray[np.float64]
Int = NDArray[np.int64]
_TOP_M = 8  # pairs per project in the first LP and per pricing round
_FAIR_M = 4  # extra pairs per project offered to the fair MILP
_COMPLETE_COLS = 40_000  # up to this many useful pairs, the fair MILP gets all (complete proof)
_TOL = 1e-6  # HiGHS relative MIP gap and the bisection tolerance of ``fair``
_MIP_OPTIONS = {
    "mip_rel_gap": _TOL,
    "mip_feasibility_tolerance": 1e-9,  # well below _TOL, so "min >= t" really means it
    "mip_heuristic_run_feasibility_jump": False,  # costs seconds, no help: LP near-integral
}


@dataclass(frozen=True)
class Assignment:
    """Result of :func:`assign`.

    Attributes:
        pairs: (project, facilitator) pairs, sorted.
        by_project: sorted facilitator indices per project.
        alternates: per project, up to ``alternates`` allowed facilitators not assigned to it:
            those with spare capacity left first, then by affinity, then by index.
        total: summed affinity of all pairs (pins included).
        minimum: smallest per-project summed affinity.
        gap: relative gap ``(bound - value) / max(|bound|, |value|, 1)`` of ``total``; for
            ``fair`` the larger of that gap on ``minimum`` and of ``total`` given ``minimum``.
        bound: proven upper bound on ``total`` (objective ``total``) or ``minimum`` (``fair``).
    """

    pairs: list[tuple[int, int]]
    by_project: list[list[int]]
    alternates: list[list[int]]
    total: float
    minimum: float
    gap: float
    bound: float


@dataclass(frozen=True)
class _Problem:
    """What is left after the pins: free pairs, remaining demand and capacity."""

    aff: Float  # (P, F)
    allowed: Bool2D  # (P, F) no conflict, not blocked, not pinned
    demand: Int  # (P,)
    capacity: Int  # (F,)
    base: Float  # (P,) summed affinity of each project's pins


class _Model(NamedTuple):
    rows: NDArray[np.intp]
    cols: NDArray[np.intp]
    a: Float
    a_eq: sp.csr_matrix
    b_eq: Float
    a_ub: sp.csr_matrix
    b_ub: Float
    risk: NDArray[np.intp]  # projects with a fairness row


def _rel_gap(bound: float, value: float) -> float:
    return max(0.0, bound - value) / max(abs(bound), abs(value), 1.0)


def _pairs(raw: Iterable[tuple[int, int]], shape: tuple[int, int], name: str) -> Bool2D:
    mask = np.zeros(shape, dtype=bool)
    for pair in raw:
        ok = len(pair) == 2 and all(isinstance(v, (int, np.integer)) for v in pair)
        if not (ok and 0 <= pair[0] < shape[0] and 0 <= pair[1] < shape[1]):
            msg = f"{name} must hold (project, facilitator) pairs within {shape}, got {pair!r}"
            raise InvalidInputError(msg, field=name, value=pair)
        mask[int(pair[0]), int(pair[1])] = True
    return mask


def _flow(allowed: Bool2D, demand: Int, capacity: Int) -> tuple[int, Bool2D]:
    """Max flow source -> projects -> facilitators -> sink (Dinic): its value and its pairs."""
    (n_p, n_f), (rows, cols) = allowed.shape, np.nonzero(allowed)
    src, snk = n_p + n_f, n_p + n_f + 1
    tail = np.concatenate([np.full(n_p, src), rows, n_p + np.arange(n_f)])
    head = np.concatenate([np.arange(n_p), n_p + cols, np.full(n_f, snk)])
    cap = np.concatenate([demand, np.ones(rows.size, np.int64), capacity]).astype(np.int32)
    on = cap > 0
    graph = sp.csr_matrix((cap[on], (tail[on], head[on])), shape=(snk + 1, snk + 1))
    result = maximum_flow(graph, src, snk, method="dinic")
    flow = result.flow.tocoo()
    used = (flow.data > 0) & (flow.row < n_p) & (flow.col >= n_p) & (flow.col < src)
    mask = np.zeros_like(allowed)
    mask[flow.row[used], flow.col[used] - n_p] = True
    return int(result.flow_value), mask


def _prepare(
    aff: Float, capacity: Int, per_project: int, allowed: Bool2D, blocked: Bool2D, pins: Bool2D
) -> tuple[_Problem, Bool2D]:
    """Apply the pins and check feasibility; returns the problem and one feasible flow."""
    if (bad := np.argwhere(pins & ~allowed)).size:
        i, j = (int(v) for v in bad[0])
        why = "blocked" if blocked[i, j] else "marked as a conflict"
        raise InfeasibleError(f"pinned pair (project {i}, facilitator {j}) is also {why}")
    n_p, pp = aff.shape[0], f"per_project={per_project}"
    pins_p, pins_f, need = pins.sum(axis=1), pins.sum(axis=0), n_p * per_project
    options = ((allowed & (capacity > 0)[None, :]) | pins).sum(axis=1)
    if (over := np.flatnonzero(pins_p > per_project)).size:
        raise InfeasibleError(f"project {over[0]} has {pins_p[over[0]]} pins but {pp}")
    if (over := np.flatnonzero(pins_f > capacity)).size:
        k = over[0]
        msg = f"facilitator {k} is pinned to {pins_f[k]} projects but its capacity is {capacity[k]}"
        raise InfeasibleError(msg)
    if int(capacity.sum()) < need:
        msg = f"total capacity {capacity.sum()} is below the demand {need} ({n_p} projects x {pp})"
        raise InfeasibleError(msg)
    if (over := np.flatnonzero(options < per_project)).size:
        k = over[0]
        raise InfeasibleError(f"project {k} has only {options[k]} allowed facilitators, needs {pp}")
    base = np.where(pins, aff, 0.0).sum(axis=1)
    prob = _Problem(aff, allowed & ~pins, per_project - pins_p, capacity - pins_f, base)
    value, flow = _flow(prob.allowed, prob.demand, prob.capacity)
    if value < int(prob.demand.sum()):
        stuck = np.flatnonzero(flow.sum(axis=1) < prob.demand)[:5].tolist()
        raise InfeasibleError(
            f"only {value + int(pins.sum())} of the {need} facilitator slots can be filled within "
            f"the capacities, conflicts, blocks and pins (e.g. projects {stuck} cannot get "
            f"{per_project} allowed facilitators with spare capacity)"
        )
    return prob, flow


def _top(score: Float, m: int) -> Bool2D:
    """Mask of the ``m`` highest finite scores per row."""
    mask = np.zeros(score.shape, dtype=bool)
    if (m := min(m, score.shape[1])) > 0:
        np.put_along_axis(mask, np.argpartition(-score, m - 1, axis=1)[:, :m], True, axis=1)
    return mask & np.isfinite(score)


def _sum_top(prob: _Problem, count: Int) -> Float:
    """Per project, the sum of its ``count`` best free affinities."""
    ordered = -np.sort(-np.where(prob.allowed, prob.aff, -np.inf), axis=1)
    take = np.arange(prob.aff.shape[1])[None, :] < count[:, None]
    return np.asarray(np.where(take & np.isfinite(ordered), ordered, 0.0).sum(axis=1))


def _useful(prob: _Problem, t: float) -> Bool2D:
    """Pairs that can be in a set reaching ``t``: a_ij + best (d_i - 1) others + pins >= t."""
    rest = _sum_top(prob, np.maximum(prob.demand - 1, 0)) + prob.base
    return prob.allowed & (prob.aff + rest[:, None] >= t - 1e-12) & (prob.demand > 0)[:, None]


def _model(prob: _Problem, keep: Bool2D, t: float | None) -> _Model:
    """max ``a.x`` s.t. projects ``= demand``, facilitators ``<= capacity``, ``sum >= t``."""
    n_p, n_f = keep.shape
    rows, cols = np.nonzero(keep)
    a, idx, ones = prob.aff[rows, cols], np.arange(rows.size), np.ones(rows.size)
    a_eq = sp.csr_matrix((ones, (rows, idx)), shape=(n_p, rows.size))
    a_ub = sp.csr_matrix((ones, (cols, idx)), shape=(n_f, rows.size))
    b_ub, risk = prob.capacity.astype(np.float64), np.zeros(0, dtype=np.intp)
    if t is not None:
        low = np.sort(np.where(keep, prob.aff, np.inf), axis=1)
        low = np.where(np.arange(n_f)[None, :] < prob.demand[:, None], low, 0.0).sum(axis=1)
        risk = np.flatnonzero(low + prob.base < t)
        slot = np.full(n_p, -1)
        slot[risk] = np.arange(risk.size)
        hit = slot[rows] >= 0
        fair = sp.csr_matrix((-a[hit], (slot[rows][hit], idx[hit])), shape=(risk.size, rows.size))
        a_ub = sp.vstack([a_ub, fair]).tocsr()
        b_ub = np.concatenate([b_ub, prob.base[risk] - t])
    return _Model(rows, cols, a, a_eq, prob.demand.astype(np.float64), a_ub, b_ub, risk)


def _select(m: _Model, shape: tuple[int, int], x: Float) -> Bool2D:
    if np.abs(x - np.round(x)).max(initial=0.0) > 1e-6:  # cannot happen at a simplex vertex
        raise KringmatchError("HiGHS returned a fractional assignment")
    sel = np.zeros(shape, dtype=bool)
    sel[m.rows[x > 0.5], m.cols[x > 0.5]] = True
    return sel


def _lp(prob: _Problem, keep: Bool2D, t: float | None) -> tuple[Bool2D | None, float, Float]:
    """Dual simplex on ``keep``: (pairs if t is None else keep; None if infeasible), the value
    and every pair's reduced cost in the max problem (-inf where not allowed)."""
    m = _model(prob, keep, t)
    res = linprog(-m.a, m.a_ub, m.b_ub, m.a_eq, m.b_eq, bounds=(0, 1), method="highs-ds")
    if res.status == 2:
        return None, -np.inf, np.full(keep.shape, -np.inf)
    if res.status != 0:
        raise KringmatchError(f"HiGHS failed: {res.message}")
    (n_p, n_f), u, v = keep.shape, -res.eqlin.marginals, -res.ineqlin.marginals  # max duals
    w = np.zeros(n_p)
    w[m.risk] = v[n_f:]
    rc = prob.aff * (1.0 + w[:, None]) - u[:, None] - v[None, :n_f]
    sel = _select(m, keep.shape, res.x) if t is None else keep
    return sel, float(-res.fun), np.where(prob.allowed, rc, -np.inf)


def _milp(m: _Model, seconds: float) -> OptimizeResult:
    rows = [LinearConstraint(m.a_eq, m.b_eq, m.b_eq), LinearConstraint(m.a_ub, -np.inf, m.b_ub)]
    options = dict(_MIP_OPTIONS, time_limit=max(seconds, 0.1))
    with warnings.catch_warnings():  # scipy passes HiGHS options it does not know on verbatim
        warnings.filterwarnings("ignore", "Unrecognized options detected")
        return milp(-m.a, integrality=np.ones(m.a.size), bounds=Bounds(0, 1),
                    constraints=rows, options=options)  # fmt: skip


def _solve_total(prob: _Problem, seed: Bool2D, deadline: float) -> tuple[Bool2D, float, Bool2D]:
    """Column generation: (optimal pairs, dual bound on the full problem, near-optimal pairs).

    Starts from each project's top 8 pairs, each facilitator's top 2 x capacity projects and a
    feasible flow; each round adds per project its 8 left-out pairs of highest reduced cost if
    above -5% of the affinity range (no long tail of degenerate duals); near-optimal = above it."""
    scale = max(float(np.ptp(prob.aff[prob.allowed])) if prob.allowed.any() else 1.0, 1e-12)
    score = np.where(prob.allowed, prob.aff, -np.inf)
    keep = seed | _top(score, _TOP_M) | _top(score.T, 2 * int(prob.capacity.max())).T
    while True:
        sel, value, rc = _lp(prob, keep, None)
        if sel is None:
            raise KringmatchError("the LP is infeasible although it contains a feasible flow")
        near, rc[keep] = sel | (rc > -0.05 * scale), -np.inf
        bound = value + float(np.clip(rc, 0.0, None).sum())
        if not (rc > 1e-9 * scale).any() or time.perf_counter() > deadline:
            return sel, bound, near
        keep |= _top(rc, _TOP_M) & (rc > -0.05 * scale)


def _probe(
    prob: _Problem, t: float, pool: Bool2D, seconds: float
) -> tuple[Bool2D | None, float, bool, bool, Bool2D]:
    """MILP "max total s.t. every project >= t": (pairs, gap, complete, infeasible, columns)."""
    useful = _useful(prob, t)
    keep = useful if useful.sum() <= _COMPLETE_COLS else useful & pool
    complete = bool((keep == useful).all())
    if (keep.sum(axis=1) < prob.demand).any():
        return None, np.inf, complete, complete, keep
    m = _model(prob, keep, t)
    res = _milp(m, seconds)
    if res.x is None:
        return None, np.inf, complete, complete and res.status == 2, keep
    return _select(m, keep.shape, res.x), float(res.mip_gap), complete, False, keep


def _certify(prob: _Problem, keep: Bool2D, t: float, sel: Bool2D) -> float:
    """Gap of a probe's total over all useful pairs: with LP duals on ``keep``, a solution using
    a left-out pair k scores at most (full LP bound + reduced cost of k)."""
    _, value, rc = _lp(prob, keep, t)  # feasible: the MILP on ``keep`` found a solution
    rc[keep | ~_useful(prob, t)] = -np.inf
    full = value + float(np.clip(rc, 0.0, None).sum())
    return _rel_gap(full + min(0.0, float(rc.max())), float(prob.aff[sel].sum()))


def _minimum(prob: _Problem, sel: Bool2D) -> float:
    return float((prob.base + np.where(sel, prob.aff, 0.0).sum(axis=1)).min())


def _solve_fair(prob: _Problem, sel: Bool2D, pool: Bool2D, deadline: float) -> tuple[Bool2D, float, float]:
    """Bisection on the minimum t; a failed probe (but the first) is followed by "anything
    above lo?". Returns (pairs, proven upper bound on the minimum, relative gap)."""
    upper = hi = start = float((_sum_top(prob, prob.demand) + prob.base).min())
    lo, gap2, t = _minimum(prob, sel), 0.0, hi
    while _rel_gap(hi, lo) > _TOL and (seconds := deadline - time.perf_counter()) > 0:
        found, mip_gap, complete, infeasible, keep = _probe(prob, t, pool, seconds)
        low = -np.inf if found is None else _minimum(prob, found)
        if found is None or low <= lo:  # infeasible, or no progress within solver tolerance
            first, hi, upper = t == start, t, t if infeasible else upper
            t = lo + ((hi - lo) / 2 if first else _TOL * max(1.0, abs(lo)) / 2)
        else:
            sel, lo, gap2 = found, low, mip_gap
            if not complete:
                gap2 = max(gap2, _certify(prob, keep, t, sel))
            t = lo + (hi - lo) / 2
    return sel, upper, max(_rel_gap(upper, lo), gap2)


def _alternates(aff: Float, ok: Bool2D, chosen: Bool2D, spare: Int, n: int) -> list[list[int]]:
    key = np.where(ok & ~chosen, aff + (float(np.ptp(aff)) + 1.0) * (spare > 0)[None, :], -np.inf)
    order = np.argsort(-key, axis=1, kind="stable")[:, :n]
    return [[int(j) for j in row if np.isfinite(key[i, j])] for i, row in enumerate(order)]


def assign(
    affinity: ArrayLike,
    *,
    capacities: ArrayLike,
    per_project: int,
    conflicts: ArrayLike | None = None,
    pinned: Iterable[tuple[int, int]] = (),
    blocked: Iterable[tuple[int, int]] = (),
    objective: Objective = "total",
    alternates: int = 2,
    time_limit: float = 30.0,
) -> Assignment:
    """Give every project exactly ``per_project`` distinct facilitators within capacities.

    ``total`` maximises the summed affinity, exactly: HiGHS dual simplex on the (integral)
    transportation LP with column generation; ``bound`` is the LP value plus the positive
    reduced costs of all left-out pairs, a dual bound on the full problem (``gap`` ~ 1e-15).

    ``fair`` maximises the smallest per-project sum, then the total. It bisects on the minimum
    t between the ``total`` solution's minimum and min over projects of its best possible sum
    (a proven bound); after a later failed probe it asks "anything above the minimum found?". A
    probe is the MILP "max total s.t. every project >= t" (HiGHS branch-and-cut, relative gap
    1e-6) on the pairs that can reach t (if over 40,000: those with reduced cost in the total
    LP above -5% of the affinity range, and each project's top 4; LP duals then bound what the
    rest could add to the gap). An infeasible probe lowers the proven bound if it had every
    useful pair. Exact to 1e-6 (relative) on convergence, else ``gap`` says how far it may be.

    Args:
        affinity: (n_projects, n_facilitators) finite floats, higher is better.
        capacities: (n_facilitators,) ints >= 0, most projects per facilitator.
        per_project: facilitators per project, >= 1.
        conflicts: (n_projects, n_facilitators) bool, True = forbidden (e.g. same organisation).
        pinned: (project, facilitator) pairs that must be assigned.
        blocked: (project, facilitator) pairs that must not be assigned.
        objective: ``"total"`` or ``"fair"``.
        alternates: alternates to list per project, >= 0.
        time_limit: seconds; ``fair`` returns its best solution (gap > 0) when it runs out.

    Returns:
        The :class:`Assignment`.

    Raises:
        InvalidInputError: an argument has a bad shape, type or value.
        InfeasibleError: no assignment exists; the message names the constraint.
    """
    deadline = time.perf_counter() + time_limit
    aff = np.asarray(affinity, dtype=np.float64)
    if aff.ndim != 2 or not np.isfinite(aff).all():
        msg = f"affinity must be a finite 2-D array, got shape {aff.shape}"
        raise InvalidInputError(msg, field="affinity", value=aff.shape)
    raw = np.asarray(capacities)
    if raw.shape != (aff.shape[1],) or not np.all((raw >= 0) & (raw % 1 == 0)):
        msg = f"capacities must be {aff.shape[1]} integers >= 0, got {raw.tolist()!r:.80}"
        raise InvalidInputError(msg, field="capacities", value=raw.shape)
    ints = (int, np.integer)
    checks: list[tuple[str, object, bool]] = [
        ("per_project", per_project, isinstance(per_project, ints) and per_project > 0),
        ("objective", objective, objective in ("total", "fair")),
        ("alternates", alternates, isinstance(alternates, ints) and alternates >= 0),
        ("time_limit", time_limit, isinstance(time_limit, (int, float)) and time_limit > 0),
    ]
    for name, value, ok in checks:
        if not ok:
            raise InvalidInputError(f"{name} is out of range, got {value!r}", field=name, value=value)
    conflict = np.zeros(aff.shape, bool) if conflicts is None else np.asarray(conflicts)
    if conflict.shape != aff.shape or conflict.dtype != np.bool_:
        msg = f"conflicts must be bool of shape {aff.shape}, got {conflict.dtype} {conflict.shape}"
        raise InvalidInputError(msg, field="conflicts", value=conflict.shape)
    block, pins = _pairs(blocked, aff.shape, "blocked"), _pairs(pinned, aff.shape, "pinned")
    if aff.shape[0] == 0:
        return Assignment([], [], [], 0.0, 0.0, 0.0, 0.0)
    allowed, cap = ~conflict & ~block, raw.astype(np.int64)
    prob, flow = _prepare(aff, cap, int(per_project), allowed, block, pins)
    sel, bound, pool = _solve_total(prob, flow, deadline)
    if objective == "fair":
        pool |= _top(np.where(prob.allowed, aff, -np.inf), _FAIR_M)
        sel, bound, gap = _solve_fair(prob, sel, pool, deadline)
    chosen = sel | pins
    per = np.where(chosen, aff, 0.0).sum(axis=1)
    if objective == "total":
        bound += float(prob.base.sum())
        gap = _rel_gap(bound, float(per.sum()))
    by_project = [np.flatnonzero(row).tolist() for row in chosen]
    return Assignment(
        pairs=[(i, j) for i, row in enumerate(by_project) for j in row],
        by_project=by_project,
        alternates=_alternates(aff, allowed, chosen, cap - chosen.sum(axis=0), int(alternates)),
        total=float(per.sum()),
        minimum=float(per.min()),
        gap=gap,
        bound=bound,
    )

"""1:1 meetings of a learning-network day: who meets whom, in which slot, at which table.

MILPs with HiGHS (scipy). (1) Choose the pairs: at most ``max_per_person`` meetings and no more
than available slots per person, at most ``slots x tables`` in all; its dual bound is an upper
bound for the whole problem (every schedule is a choice of pairs). (2) Give the chosen pairs
slots (the exact model on those pairs: one meeting per person per slot, ``tables`` per slot,
both available). A greedy pass then offers the unplaced and unchosen candidates a free slot.
When that falls short of the bound of (1) (availability kept chosen pairs apart), (3) the exact
model on every candidate pair runs in the time left; the better schedule is kept and ``gap``
compares it with the tighter bound.

The objective is lexicographic by weights (each one outweighs what one exchange of meetings
can change below it): floors met (everyone who asked gets ``minimum`` meetings when possible),
then mutual must-meets, one-sided must-meets, would-likes (per direction), then affinity."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from models.errors import InvalidInputError

__all__ = ["Meeting", "Meetings", "schedule_meetings"]

Float = NDArray[np.float64]
Ints = NDArray[np.intp]
Bool = NDArray[np.bool_]
FLOOR, MUTUAL, MUST, WOULD = 500.0, 100.0, 20.0, 3.0  # affinity adds at most 1 per meeting
REASONS = ("affinity", "would like", "must-meet", "mutual must-meet")


class Meeting(NamedTuple):
    """One meeting: ``slot`` and ``table`` indices, attendees ``a < b``, and why it was chosen."""

    slot: int
    table: int
    a: int
    b: int
    reason: str


@dataclass(frozen=True)
class Meetings:
    """Result of :func:`schedule_meetings`.

    Attributes:
        meetings: sorted by (slot, table).
        objective: weighted value of ``meetings`` (floor shortfalls subtracted).
        bound: proven upper bound on the objective over the candidate pairs (the dual bound of
            the pair MILP, or of the exact model when it ran and is lower). Every pair with a
            preference is a candidate; pruning only leaves out affinity-only pairs.
        gap: ``(bound - objective) / max(|bound|, 1)``.
        pair_gap: HiGHS's relative gap of the pair MILP; slot_gap: of the MILP that gave the
            slots (stage 2, or the exact model on all candidates when ``model == "full"``).
        model: ``"two-stage"``, or ``"full"`` when stage 2 could not place every chosen pair
            and the exact model on all candidates (run next, in the time left) did better.
        must_meet_met, must_meet_total: unordered pairs with a must-meet (either direction).
        mutual_met, mutual_total: the same for mutual must-meets.
        below_floor: requesters with fewer meetings than their minimum.
        candidates: pairs the model considered.
        elapsed, time_limit: seconds.
    """

    meetings: list[Meeting]
    objective: float
    bound: float
    gap: float
    pair_gap: float
    slot_gap: float
    model: str
    must_meet_met: int
    must_meet_total: int
    mutual_met: int
    mutual_total: int
    below_floor: list[int]
    candidates: int
    elapsed: float
    time_limit: float


def _pairs(pairs: Iterable[tuple[int, int]], n: int, name: str) -> Bool:
    """(n, n) bool, True at [a, b] for each directed (a, b)."""
    out = np.zeros((n, n), dtype=bool)
    for entry in pairs:
        a, b = (int(v) for v in entry)
        if not (0 <= a < n and 0 <= b < n) or a == b:
            raise InvalidInputError(
                f"{name} pair out of range or a self-pair: {(a, b)}", field=name, value=(a, b)
            )
        out[a, b] = True
    return out


def _per_person(value: int | ArrayLike, n: int, name: str) -> NDArray[np.int64]:
    arr = np.broadcast_to(np.asarray(value), (n,)) if np.ndim(value) == 0 else np.asarray(value)
    if arr.shape != (n,) or not np.all((arr >= 0) & (arr % 1 == 0)):
        raise InvalidInputError(f"{name} must be an int >= 0 or {n} of them", field=name, value=np.shape(arr))
    return arr.astype(np.int64)


def _solve(
    c: Float, a: sp.csr_matrix, lo: Float, hi: Float, ints: Float, seconds: float, gap: float
) -> OptimizeResult:
    """max ``c.x`` s.t. ``lo <= a x <= hi``, x in [0, 1] (binary where ``ints``) or >= 0."""
    upper = np.where(ints > 0, 1.0, np.inf)
    options = {"time_limit": max(seconds, 0.1), "mip_rel_gap": gap}
    return milp(
        -c,
        integrality=ints,
        bounds=Bounds(0, upper),
        constraints=LinearConstraint(a, lo, hi),
        options=options,
    )


def _gap(res: OptimizeResult) -> float:
    """HiGHS's relative gap (0 when presolve solved it, inf without a solution)."""
    if res.x is None:
        return float("inf")
    return float(res.mip_gap) if res.mip_gap is not None else 0.0


def _incidence(pa: Ints, pb: Ints, n: int) -> sp.csr_matrix:
    """(n, P): person i takes part in pair p."""
    idx = np.arange(pa.size)
    ones = np.ones(2 * pa.size)
    return sp.csr_matrix((ones, (np.concatenate([pa, pb]), np.concatenate([idx, idx]))), shape=(n, pa.size))


def _choose(
    w: Float,
    pa: Ints,
    pb: Ints,
    cap: NDArray[np.int64],
    floor: NDArray[np.int64],
    total: int,
    seconds: float,
    gap: float,
) -> tuple[Bool, float, float]:
    """Stage 1: the pairs (P,), the upper bound, HiGHS's gap."""
    n, p = cap.size, w.size
    who = np.flatnonzero(floor > 0)
    if not p:  # nobody can meet anybody: every floor falls short
        return np.zeros(0, dtype=bool), -FLOOR * float(floor.sum()), 0.0
    inc = _incidence(pa, pb, n)
    slack = sp.csr_matrix((np.ones(who.size), (who, np.arange(who.size))), shape=(n, who.size))
    a = sp.vstack(
        [
            sp.hstack([inc, sp.csr_matrix((n, who.size))]),
            sp.hstack([sp.csr_matrix(np.ones((1, p))), sp.csr_matrix((1, who.size))]),
            sp.hstack([inc[who], slack[who]]),
        ]
    ).tocsr()
    lo = np.concatenate([np.full(n, -np.inf), [-np.inf], floor[who]]).astype(np.float64)
    hi = np.concatenate([cap, [total], np.full(who.size, np.inf)]).astype(np.float64)
    c = np.concatenate([w, np.full(who.size, -FLOOR)])
    res = _solve(c, a, lo, hi, np.concatenate([np.ones(p), np.zeros(who.size)]), seconds, gap)
    if res.x is None:  # nothing found in time: nothing chosen, the LP-free bound
        return np.zeros(p, dtype=bool), float(w.sum()), float("inf")
    bound = -float(res.mip_dual_bound) if res.mip_dual_bound is not None else float(-res.fun)
    return res.x[:p] > 0.5, bound, _gap(res)


def _place(
    w: Float,
    pairs: tuple[Ints, Ints],
    avail: Bool,
    tables: int,
    cap: NDArray[np.int64],
    floor: NDArray[np.int64],
    seconds: float,
    gap: float,
) -> tuple[Ints, float, float]:
    """The exact model on the given pairs: a slot per pair (-1: none), HiGHS's gap, its bound.

    Variables y[p, s] for the slots both of pair p are free; at most one per pair, per person
    and slot, ``tables`` per slot, ``cap`` per person; a slack per requester below the floor."""
    (pa, pb), (n, slots) = pairs, avail.shape
    e, s = np.nonzero(avail[pa] & avail[pb])  # (pair, slot) options
    v, who = e.size, np.flatnonzero(floor > 0)
    if not v:
        return np.full(pa.size, -1, dtype=np.intp), 0.0, -FLOOR * float(floor.sum())
    idx = np.arange(v)
    by_pair = sp.csr_matrix((np.ones(v), (e, idx)), shape=(pa.size, v))
    rows = np.concatenate([pa[e] * slots + s, pb[e] * slots + s])
    by_person_slot = sp.csr_matrix((np.ones(2 * v), (rows, np.concatenate([idx, idx]))), shape=(n * slots, v))
    by_slot = sp.csr_matrix((np.ones(v), (s, idx)), shape=(slots, v))
    by_person = (_incidence(pa, pb, n) @ by_pair).tocsr()
    slack = sp.csr_matrix((np.ones(who.size), (who, np.arange(who.size))), shape=(n, who.size))
    none = sp.csr_matrix
    a = sp.vstack(
        [
            sp.hstack([by_pair, none((pa.size, who.size))]),
            sp.hstack([by_person_slot, none((n * slots, who.size))]),
            sp.hstack([by_slot, none((slots, who.size))]),
            sp.hstack([by_person, none((n, who.size))]),
            sp.hstack([by_person[who], slack[who]]),
        ]
    ).tocsr()
    lo = np.concatenate([np.full(pa.size + n * slots + slots + n, -np.inf), floor[who]]).astype(np.float64)
    hi = np.concatenate(
        [np.ones(pa.size + n * slots), np.full(slots, tables), cap, np.full(who.size, np.inf)]
    )
    c = np.concatenate([w[e], np.full(who.size, -FLOOR)])
    res = _solve(
        c, a, lo, hi.astype(np.float64), np.concatenate([np.ones(v), np.zeros(who.size)]), seconds, gap
    )
    slot = np.full(pa.size, -1, dtype=np.intp)
    if res.x is None:
        return slot, _gap(res), float(w.sum())
    on = res.x[:v] > 0.5
    slot[e[on]] = s[on]
    bound = -float(res.mip_dual_bound) if res.mip_dual_bound is not None else float(-res.fun)
    return slot, _gap(res), bound


def _fill(
    order: Ints, pa: Ints, pb: Ints, slot: Ints, avail: Bool, tables: int, cap: NDArray[np.int64]
) -> Ints:
    """Greedy: each unplaced pair in ``order`` into the first slot where both are free."""
    busy = np.zeros(avail.shape, dtype=bool)
    used = np.zeros(avail.shape[1], dtype=np.int64)
    count = np.zeros(cap.size, dtype=np.int64)
    on = slot >= 0
    busy[pa[on], slot[on]] = busy[pb[on], slot[on]] = True
    np.add.at(used, slot[on], 1)
    np.add.at(count, np.concatenate([pa[on], pb[on]]), 1)
    for p in order:
        a, b = pa[p], pb[p]
        if slot[p] >= 0 or count[a] >= cap[a] or count[b] >= cap[b]:
            continue
        free = np.flatnonzero(avail[a] & avail[b] & ~busy[a] & ~busy[b] & (used < tables))
        if free.size:
            slot[p], busy[a, free[0]], busy[b, free[0]] = free[0], True, True
            used[free[0]] += 1
            count[[a, b]] += 1
    return slot


def _value(w: Float, pa: Ints, pb: Ints, on: Bool, floor: NDArray[np.int64]) -> tuple[float, list[int]]:
    count = np.bincount(np.concatenate([pa[on], pb[on]]), minlength=floor.size)
    short = np.clip(floor - count, 0, None)
    return float(w[on].sum() - FLOOR * short.sum()), np.flatnonzero(short).tolist()


def schedule_meetings(
    affinity: ArrayLike,
    *,
    slots: int,
    tables: int,
    max_per_person: int | ArrayLike,
    availability: ArrayLike | None = None,
    must_meet: Iterable[tuple[int, int]] = (),
    would_like: Iterable[tuple[int, int]] = (),
    no_thanks: Iterable[tuple[int, int]] = (),
    requesters: ArrayLike | None = None,
    minimum: int | ArrayLike = 1,
    eligible: ArrayLike | None = None,
    top_affinity: int = 3,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-4,
) -> Meetings:
    """Schedule 1:1 meetings among ``n`` attendees in ``slots`` slots of ``tables`` tables.

    Never a pair with a no-thanks (either direction) or outside ``eligible``; nobody in two
    meetings at once, or in a slot they are not available; at most ``max_per_person`` each and
    ``tables`` per slot. Candidates: pairs with a preference, and each person's
    ``top_affinity`` best-affinity eligible partners.

    Args:
        affinity: (n, n) finite floats (symmetrised), higher is better.
        slots: S >= 1; tables: T >= 1, meetings per slot.
        max_per_person: int or (n,) ints >= 0.
        availability: (n, S) bool, default everyone always.
        must_meet, would_like, no_thanks: directed (a, b) = a's wish about b.
        requesters: (n,) bool, who asked for meetings (their floor is ``minimum``); default
            everyone with a must-meet or would-like.
        minimum: int or (n,) ints, the floor per requester (soft: a big penalty per meeting
            short, so only missed when impossible or the time runs out).
        eligible: (n, n) bool, pairs that may meet at all (e.g. buyer x supplier).
        top_affinity: affinity candidates per person, >= 0.
        time_limit: seconds for both MILPs.
        mip_rel_gap: HiGHS's relative gap target per MILP.

    Returns:
        The :class:`Meetings`.

    Raises:
        InvalidInputError: a bad shape or value (named in the message).
    """
    began = time.perf_counter()
    aff = np.asarray(affinity, dtype=np.float64)
    if aff.ndim != 2 or aff.shape[0] != aff.shape[1] or not np.isfinite(aff).all():
        raise InvalidInputError(
            f"affinity must be a finite (n, n) array, got shape {aff.shape}", field="affinity"
        )
    n = aff.shape[0]
    for name, value in (("slots", slots), ("tables", tables), ("top_affinity", top_affinity + 1)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise InvalidInputError(f"{name} must be an int >= 1, got {value!r}", field=name, value=value)
    if not isinstance(time_limit, (int, float)) or time_limit <= 0:
        raise InvalidInputError(
            f"time_limit must be > 0, got {time_limit!r}", field="time_limit", value=time_limit
        )
    avail = np.ones((n, slots), dtype=bool) if availability is None else np.asarray(availability)
    if avail.shape != (n, slots) or avail.dtype != np.bool_:
        msg = f"availability must be bool of shape {(n, slots)}, got {avail.dtype} {avail.shape}"
        raise InvalidInputError(msg, field="availability", value=avail.shape)
    ok = np.ones((n, n), dtype=bool) if eligible is None else np.asarray(eligible)
    if ok.shape != (n, n) or ok.dtype != np.bool_:
        raise InvalidInputError(f"eligible must be bool of shape {(n, n)}", field="eligible", value=ok.shape)
    must, would = _pairs(must_meet, n, "must_meet"), _pairs(would_like, n, "would_like")
    refuse = _pairs(no_thanks, n, "no_thanks")
    cap = np.minimum(_per_person(max_per_person, n, "max_per_person"), avail.sum(axis=1))
    asked = (must | would).any(axis=1) if requesters is None else np.asarray(requesters, dtype=bool)
    if asked.shape != (n,):
        raise InvalidInputError(f"requesters must have shape ({n},)", field="requesters", value=asked.shape)
    floor = np.where(asked, np.minimum(_per_person(minimum, n, "minimum"), cap), 0)

    ok = ok & ok.T & ~refuse & ~refuse.T & ~np.eye(n, dtype=bool)
    ok &= (avail.astype(np.int64) @ avail.T.astype(np.int64) > 0) & (cap[:, None] > 0) & (cap[None, :] > 0)
    sym = (aff + aff.T) / 2
    wish = must | would | must.T | would.T
    top = np.zeros((n, n), dtype=bool)
    if top_affinity and n > 1:
        score = np.where(ok, sym, -np.inf)
        m = min(top_affinity, n - 1)
        np.put_along_axis(top, np.argpartition(-score, m - 1, axis=1)[:, :m], True, axis=1)
    pa, pb = np.nonzero(np.triu(ok & (wish | top | top.T), 1))
    mutual = must[pa, pb] & must[pb, pa]
    one_must = (must[pa, pb] | must[pb, pa]) & ~mutual
    n_would = (would[pa, pb] & ~must[pa, pb]).astype(int) + (would[pb, pa] & ~must[pb, pa])
    span = float(np.ptp(sym[ok])) if ok.any() else 0.0
    scaled = (sym[pa, pb] - (sym[ok].min() if ok.any() else 0.0)) / (span or 1.0)
    w = MUTUAL * mutual + MUST * one_must + WOULD * n_would + scaled
    reason = np.where(mutual, 3, np.where(one_must, 2, np.where(n_would > 0, 1, 0)))

    total, order = int(slots * tables), np.argsort(-w, kind="stable").astype(np.intp)
    chosen, bound, pair_gap = _choose(w, pa, pb, cap, floor, total, 0.3 * time_limit, mip_rel_gap)
    sub = np.flatnonzero(chosen)
    left = 0.5 * time_limit - (time.perf_counter() - began)
    placed, slot_gap, _ = _place(
        w[sub], (pa[sub], pb[sub]), avail, int(tables), cap, floor, left, mip_rel_gap
    )
    slot = np.full(pa.size, -1, dtype=np.intp)
    slot[sub] = placed
    slot = _fill(order, pa, pb, slot, avail, int(tables), cap)
    objective, short = _value(w, pa, pb, slot >= 0, floor)
    model = "two-stage"
    left = time_limit - (time.perf_counter() - began)
    if bound - objective > mip_rel_gap * max(abs(bound), 1.0) and left > 0.1:
        # Some chosen pairs found no common free slot: the exact model on every candidate.
        full, full_gap, full_bound = _place(w, (pa, pb), avail, int(tables), cap, floor, left, mip_rel_gap)
        full = _fill(order, pa, pb, full, avail, int(tables), cap)
        full_value, full_short = _value(w, pa, pb, full >= 0, floor)
        bound = min(bound, full_bound)
        if full_value > objective:
            slot, objective, short, slot_gap, model = full, full_value, full_short, full_gap, "full"
    on = slot >= 0
    meetings: list[Meeting] = []
    for s in range(int(slots)):
        here = np.flatnonzero(slot == s)
        meetings += [Meeting(s, t, int(pa[p]), int(pb[p]), REASONS[reason[p]]) for t, p in enumerate(here)]
    any_must = must | must.T
    all_mutual = np.triu(must & must.T, 1)
    return Meetings(
        meetings=meetings,
        objective=objective,
        bound=bound,
        gap=max(bound - objective, 0.0) / max(abs(bound), 1.0),
        pair_gap=pair_gap,
        slot_gap=slot_gap,
        model=model,
        must_meet_met=int((on & (mutual | one_must)).sum()),
        must_meet_total=int(np.triu(any_must, 1).sum()),
        mutual_met=int((on & mutual).sum()),
        mutual_total=int(all_mutual.sum()),
        below_floor=short,
        candidates=int(pa.size),
        elapsed=time.perf_counter() - began,
        time_limit=float(time_limit),
    )

"""Rounds of tables for a learning-network day: seat ``n`` attendees at ``k`` tables in each of
``R`` rounds so that nobody shares a table with the same person twice (the social golfer
problem), nor with someone met at an earlier event, colleagues sit apart and every table has the
required roles; then affinity decides (high within tables for ``similar``, low for ``mixed``).

Greedy construction round by round (each person to the cheapest table with a free seat), then a
tabu search on swaps within a round aimed at the people who break a rule, then a descent on
every swap for affinity. The rules are weighted lexicographically: one broken rule of a level
outweighs every change a single swap can make to all levels below it. Deterministic for a seed
(the iteration budget, not the clock, ends the search unless ``time_limit`` runs out first)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.roundsearch import RoundSearch
from models.errors import InfeasibleError, InvalidInputError

__all__ = ["Mode", "Rounds", "seat_rounds"]

Mode = Literal["similar", "mixed"]
Float = NDArray[np.float64]
Ints = NDArray[np.intp]
Bool = NDArray[np.bool_]
_SWEEPS = 20  # affinity descent: at most this many passes over every (round, person)


@dataclass(frozen=True)
class Rounds:
    """Result of :func:`seat_rounds`.

    Attributes:
        tables: (R, n) table index per round per attendee.
        repeated_pairs: (i, j), i < j, seated together in more than one round.
        met_before_pairs: (round, i, j) pairs who met at an earlier event, together again.
        colleague_pairs: (round, i, j) of one organisation at one table.
        colleague_floor: colleague pairs no seating avoids (an organisation with more people
            than tables), summed over rounds.
        missing_roles: (round, table, requirement) where nobody holds the required role.
        affinity: mean affinity over the pairs that share a table (nan if none).
        iterations: tabu iterations run.
        elapsed: seconds; time_limit: the limit; timed_out: the limit ended the search.
    """

    tables: Ints
    repeated_pairs: list[tuple[int, int]]
    met_before_pairs: list[tuple[int, int, int]]
    colleague_pairs: list[tuple[int, int, int]]
    colleague_floor: int
    missing_roles: list[tuple[int, int, int]]
    affinity: float
    iterations: int
    elapsed: float
    time_limit: float
    timed_out: bool


def _labels(values: ArrayLike | None, n: int, name: str) -> Ints:
    """(n,) integer codes of any labels (None: everyone apart)."""
    if values is None:
        return np.arange(n)
    arr = np.asarray(values)
    if arr.shape != (n,):
        raise InvalidInputError(
            f"{name} must have shape ({n},), got {arr.shape}", field=name, value=arr.shape
        )
    return np.unique(arr, return_inverse=True)[1].reshape(n).astype(np.intp)


def _n_tables(n: int, size_min: int, size_max: int, n_tables: int | None) -> int:
    ints = (int, np.integer)
    if not (isinstance(size_min, ints) and isinstance(size_max, ints) and 1 <= size_min <= size_max):
        msg = f"need 1 <= size_min <= size_max, got size_min={size_min!r}, size_max={size_max!r}"
        raise InvalidInputError(msg, field="size_min", value=(size_min, size_max))
    low, high = -(-n // size_max), n // size_min
    if low > high:
        raise InfeasibleError(f"{n} attendees cannot be split into tables of {size_min} to {size_max} people")
    if n_tables is None:
        target = n / ((size_min + size_max) / 2)
        return min(range(low, high + 1), key=lambda k: (abs(k - target), k))
    if not low <= n_tables <= high:
        msg = f"n_tables={n_tables} gives tables outside {size_min}-{size_max} for {n} attendees"
        raise InvalidInputError(msg, field="n_tables", value=n_tables)
    return int(n_tables)


def _pins(fixed: Iterable[tuple[int, int, int]], shape: tuple[int, int], k: int) -> Ints:
    """(R, n) pinned table (-1: free)."""
    pins = np.full(shape, -1, dtype=np.intp)
    for entry in fixed:
        r, p, t = (int(v) for v in entry)
        if not (0 <= r < shape[0] and 0 <= p < shape[1] and 0 <= t < k):
            msg = f"fixed placement (round, person, table) out of range: {(r, p, t)}"
            raise InvalidInputError(msg, field="fixed", value=(r, p, t))
        if pins[r, p] not in (-1, t):
            msg = f"person {p} is fixed to two tables in round {r}: {pins[r, p]} and {t}"
            raise InvalidInputError(msg, field="fixed", value=(r, p, t))
        pins[r, p] = t
    return pins


def _seats(pins: Ints, n: int, k: int) -> NDArray[np.int64]:
    """(R, k) balanced table sizes; the bigger tables go to the tables with most pins."""
    seats = np.full((pins.shape[0], k), n // k, dtype=np.int64)
    for r, row in enumerate(pins):
        held = np.bincount(row[row >= 0], minlength=k)
        seats[r, np.argsort(-held, kind="stable")[: n % k]] += 1
        if (over := np.flatnonzero(held > seats[r])).size:
            t = int(over[0])
            raise InfeasibleError(
                f"round {r}: {held[t]} people are fixed to table {t} of {seats[r, t]} seats"
            )
    return seats


def _construct(
    pair: Float, pins: Ints, seats: NDArray[np.int64], need: Bool, weights: tuple[float, float], seed: int
) -> Ints:
    """Round by round: pins first, then each person (random order) to the cheapest table with a
    free seat given everyone seated so far, earlier rounds included (``weights``: repeat, role)."""
    (rounds, n), k = pins.shape, seats.shape[1]
    repeat, role = weights
    rng = np.random.default_rng(seed)
    q, labels, ints = pair.copy(), np.empty((rounds, n), dtype=np.intp), need.astype(np.int64)
    for r in range(rounds):
        sums, free = np.zeros((n, k)), seats[r].copy()
        held = np.zeros((k, need.shape[1]), dtype=np.int64)
        pinned = np.flatnonzero(pins[r] >= 0)
        for i in np.concatenate([pinned, rng.permutation(np.flatnonzero(pins[r] < 0))]):
            t = int(pins[r, i])
            if t < 0:
                gain = ((held == 0) & need[i][None, :]).sum(axis=1)
                cost = sums[i] - role * gain + 1e-6 * rng.random(k)
                t = int(np.argmin(np.where(free > 0, cost, np.inf)))
            labels[r, i], free[t] = t, free[t] - 1
            sums[:, t] += q[:, i]
            held[t] += ints[i]
        q += repeat * ((labels[r][:, None] == labels[r][None, :]) & ~np.eye(n, dtype=bool))
    return labels


def _from_start(start: Ints, pins: Ints, size_min: int, size_max: int) -> Ints:
    """The organiser's seating (R, n), with each pinned person swapped onto their table."""
    labels = np.array(start, dtype=np.intp)
    if labels.shape != pins.shape or labels.min(initial=0) < 0:
        msg = f"start must be an (R, n) = {pins.shape} array of tables >= 0, got shape {labels.shape}"
        raise InvalidInputError(msg, field="start", value=labels.shape)
    k = int(labels.max()) + 1
    sizes = np.stack([np.bincount(row, minlength=k) for row in labels])
    if ((sizes < size_min) | (sizes > size_max)).any():
        r, t = (int(v) for v in np.argwhere((sizes < size_min) | (sizes > size_max))[0])
        msg = f"start: table {t} of round {r} seats {sizes[r, t]}, outside {size_min}-{size_max}"
        raise InvalidInputError(msg, field="start", value=int(sizes[r, t]))
    for r, p in np.argwhere((pins >= 0) & (pins != labels)):
        t = pins[r, p]
        free = np.flatnonzero((labels[r] == t) & (pins[r] != t))
        if not free.size:
            raise InfeasibleError(f"round {r}: table {t} has no seat left for person {p}")
        labels[r, free[0]], labels[r, p] = labels[r, p], t
    return labels


class _Found(NamedTuple):
    repeated_pairs: list[tuple[int, int]]
    met_before_pairs: list[tuple[int, int, int]]
    colleague_pairs: list[tuple[int, int, int]]
    missing_roles: list[tuple[int, int, int]]
    affinity: float


def _report(labels: Ints, aff: Float, org: Ints, met: Bool, need: Bool) -> _Found:
    """Repeated pairs, met-before and colleague (round, i, j), missing roles, mean affinity."""
    rounds, n = labels.shape
    k = int(labels.max()) + 1
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    together = np.zeros((n, n), dtype=np.int64)
    met_pairs: list[tuple[int, int, int]] = []
    colleagues: list[tuple[int, int, int]] = []
    missing: list[tuple[int, int, int]] = []
    total, pairs = 0.0, 0
    for r, row in enumerate(labels):
        same = (row[:, None] == row[None, :]) & upper
        together += same
        total, pairs = total + float(aff[same].sum()), pairs + int(same.sum())
        met_pairs += [(r, int(i), int(j)) for i, j in np.argwhere(same & met)]
        colleagues += [(r, int(i), int(j)) for i, j in np.argwhere(same & (org[:, None] == org[None, :]))]
        held = np.eye(k, dtype=np.int64)[row].T @ need.astype(np.int64)
        missing += [(r, int(t), int(m)) for t, m in np.argwhere(held == 0)]
    repeated = [(int(i), int(j)) for i, j in np.argwhere(together > 1)]
    return _Found(repeated, met_pairs, colleagues, missing, total / pairs if pairs else float("nan"))


def _floors(org: Ints, need: Bool, k: int) -> tuple[int, int]:
    """Per round: colleague pairs and (table, requirement) gaps that no seating avoids."""
    colleagues = 0
    for c in np.bincount(org):
        each, rest = divmod(int(c), k)
        colleagues += rest * (each + 1) * each // 2 + (k - rest) * each * (each - 1) // 2
    return colleagues, int(np.clip(k - need.sum(axis=0), 0, None).sum())


def _check(
    affinity: ArrayLike, met_before: ArrayLike | None, rounds: int, time_limit: float
) -> tuple[Float, Bool]:
    aff = np.asarray(affinity, dtype=np.float64)
    if aff.ndim != 2 or aff.shape[0] != aff.shape[1] or aff.shape[0] < 1 or not np.isfinite(aff).all():
        msg = f"affinity must be a finite (n, n) array with n >= 1, got shape {aff.shape}"
        raise InvalidInputError(msg, field="affinity", value=aff.shape)
    n = aff.shape[0]
    met = np.zeros((n, n), dtype=bool) if met_before is None else np.asarray(met_before) != 0
    if met.shape != (n, n):
        raise InvalidInputError(
            f"met_before must be ({n}, {n}), got {met.shape}", field="met_before", value=met.shape
        )
    if not isinstance(rounds, (int, np.integer)) or rounds < 1:
        raise InvalidInputError(f"rounds must be >= 1, got {rounds!r}", field="rounds", value=rounds)
    if not isinstance(time_limit, (int, float)) or time_limit <= 0:
        raise InvalidInputError(
            f"time_limit must be > 0, got {time_limit!r}", field="time_limit", value=time_limit
        )
    aff = (aff + aff.T) / 2
    np.fill_diagonal(aff, 0.0)
    met = (met | met.T) & ~np.eye(n, dtype=bool)
    return aff, met


def _required(roles: ArrayLike | None, require_roles: Sequence[str | Iterable[str]], n: int) -> Bool:
    """(n, m) bool: person i holds a role of requirement m."""
    if not require_roles:
        return np.zeros((n, 0), dtype=bool)
    if roles is None:
        raise InvalidInputError("require_roles needs roles", field="roles", value=None)
    held = np.asarray(roles)
    if held.shape != (n,):
        raise InvalidInputError(
            f"roles must have shape ({n},), got {held.shape}", field="roles", value=held.shape
        )
    sets = [{req} if isinstance(req, str) else set(req) for req in require_roles]
    return np.stack([np.isin(held, sorted(req)) for req in sets], axis=1)


def seat_rounds(
    affinity: ArrayLike,
    *,
    rounds: int,
    size_min: int,
    size_max: int,
    organisations: ArrayLike | None = None,
    roles: ArrayLike | None = None,
    require_roles: Sequence[str | Iterable[str]] = (),
    met_before: ArrayLike | None = None,
    mode: Mode = "similar",
    n_tables: int | None = None,
    fixed: Iterable[tuple[int, int, int]] = (),
    start: ArrayLike | None = None,
    seed: int = 0,
    time_limit: float = 20.0,
    max_iter: int | None = None,
) -> Rounds:
    """Seat ``n`` attendees at tables in each of ``rounds`` rounds.

    Priorities, in this order: (1) no pair together in two rounds, (2) no ``met_before`` pair
    together, (3) colleagues apart, (4) each table holds every ``require_roles`` entry, (5)
    affinity within tables high (``similar``) or low (``mixed``). All rounds have the same
    ``k`` tables of balanced size (``n // k`` or one more).

    Args:
        affinity: (n, n) finite floats (symmetrised; the diagonal is ignored).
        rounds: R >= 1.
        size_min, size_max: table sizes; ``k`` is the count nearest the middle size.
        organisations: (n,) labels; equal labels are colleagues. None: nobody is.
        roles: (n,) labels, needed with ``require_roles``.
        require_roles: each entry a role or a set of roles; a table needs someone holding one.
        met_before: (n, n) bool or int, nonzero = sat together at an earlier event.
        mode: ``"similar"`` or ``"mixed"``.
        n_tables: k instead of the default.
        fixed: (round, person, table) placements the organiser made; the rest is re-solved.
        start: (R, n) seating to start from (e.g. the previous solution); its table sizes are
            kept, and pinned people are swapped onto their tables first.
        seed: random seed (order of construction, tabu tie-breaks).
        time_limit: seconds; the search stops early when it runs out.
        max_iter: tabu iterations, default ``50 * R * n``.

    Returns:
        The :class:`Rounds` (``tables`` is (R, n)).

    Raises:
        InvalidInputError: a bad shape or value (named in the message).
        InfeasibleError: the sizes or the fixed placements admit no seating.
    """
    began = time.perf_counter()
    aff, met = _check(affinity, met_before, rounds, time_limit)
    n = aff.shape[0]
    if mode not in ("similar", "mixed"):
        raise InvalidInputError(f"mode must be 'similar' or 'mixed', got {mode!r}", field="mode", value=mode)
    org, need = _labels(organisations, n, "organisations"), _required(roles, require_roles, n)
    first = None if start is None else np.array(start, dtype=np.intp)
    k = _n_tables(n, size_min, size_max, n_tables) if first is None else int(first.max(initial=0)) + 1
    pins = _pins(fixed, (int(rounds), n), k)
    big = -(-n // k) if first is None else size_max
    f = 4.0 * big + 2.0 * need.shape[1] + 1.0  # > anything one swap changes on the level below
    role, colleague, met_w, repeat = f, f**2, f**3, f**4
    scale = max(float(np.abs(aff).max()), 1e-12)
    pair = (1.0 if mode == "mixed" else -1.0) * aff / scale
    pair += colleague * (org[:, None] == org[None, :]) + met_w * met
    np.fill_diagonal(pair, 0.0)
    if first is None:
        labels = _construct(pair, pins, _seats(pins, n, k), need, (repeat, role), seed)
    else:
        labels = _from_start(first, pins, size_min, size_max)
    search = RoundSearch(labels, pair, need, repeat, role, pins >= 0)
    floors = _floors(org, need, k)

    def focus(labels: Ints) -> tuple[float, bool] | None:
        found = _report(labels, aff, org, met, need)
        extra_colleagues = len(found.colleague_pairs) > floors[0] * rounds
        extra_missing = len(found.missing_roles) > floors[1] * rounds
        if not (found.repeated_pairs or found.met_before_pairs or extra_colleagues or extra_missing):
            return None  # every rule at its floor
        # rule breakers: anyone with a repeat or met-before pair, with a colleague unless those
        # are down to the unavoidable, and at a table missing a role unless that is unavoidable
        return (colleague if extra_colleagues else met_w) / 2, extra_missing

    rng, deadline = np.random.default_rng(seed), began + time_limit
    budget = 50 * int(rounds) * n if max_iter is None else int(max_iter)
    iterations, timed_out = search.tabu(rng, budget, deadline, focus)
    timed_out = timed_out or search.descend(rng, _SWEEPS, deadline)
    found = _report(search.labels, aff, org, met, need)
    return Rounds(
        tables=search.labels,
        repeated_pairs=found.repeated_pairs,
        met_before_pairs=found.met_before_pairs,
        colleague_pairs=found.colleague_pairs,
        colleague_floor=floors[0] * int(rounds),
        missing_roles=found.missing_roles,
        affinity=found.affinity,
        iterations=iterations,
        elapsed=time.perf_counter() - began,
        time_limit=float(time_limit),
        timed_out=timed_out,
    )

"""The search state behind :func:`matcher.rounds.seat_rounds`: swaps within a round, with every
table's cost for every person kept up to date, so one swap is priced for all partners at once."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

__all__ = ["RoundSearch"]

Float = NDArray[np.float64]
Ints = NDArray[np.intp]
_WIDTH = 12  # tabu: the best swap of up to this many rule breakers (any round)
_PATIENCE = 200  # tabu iterations without a new best (+ 2 per person) before a kick
_CHECK = 64  # tabu iterations between clock and rule-count checks


class RoundSearch:
    """Swap search over ``R`` rounds of ``k`` tables (table sizes stay as they are).

    Minimises ``sum over rounds of pair[i, j] for i, j at one table`` + ``repeat`` x ``C(c, 2)``
    summed over pairs seated together ``c`` times + ``role`` x (round, table, requirement) with
    nobody holding it. ``q[i, j] = pair[i, j] + repeat * c[i, j]`` is what seating ``i`` next to
    ``j`` once more costs, and ``a[r, i, t]`` the sum of ``q[i]`` over table ``t`` of round ``r``.

    Args:
        labels: (R, n) table per person per round.
        pair: (n, n) symmetric cost of one shared table (zero diagonal).
        need: (n, m) bool, person holds a role of requirement m.
        repeat: weight of a repeated pair; role: weight of a missing requirement.
        fixed: (R, n) bool, placements that never move.
    """

    def __init__(
        self,
        labels: Ints,
        pair: Float,
        need: NDArray[np.bool_],
        repeat: float,
        role: float,
        fixed: NDArray[np.bool_],
    ) -> None:
        self.pair, self.need, self.repeat, self.role = pair, need.astype(np.int64), repeat, role
        self.fixed = fixed
        self.k = int(labels.max()) + 1
        self.reset(labels)

    def reset(self, labels: Ints) -> None:
        """Recompute every running sum from ``labels`` (also clears float drift)."""
        self.labels = labels.copy()
        rounds, n = labels.shape
        onehot = np.eye(self.k)[labels]  # (R, n, k)
        self.count = sum(
            (row[:, None] == row[None, :]).astype(np.float64) for row in labels
        ) - rounds * np.eye(n)
        self.q = self.pair + self.repeat * self.count
        self.a = np.matmul(self.q, onehot)  # (R, n, k), through BLAS
        self.size = onehot.sum(axis=1).astype(np.int64)  # (R, k)
        self.held = np.matmul(onehot.transpose(0, 2, 1), self.need).astype(np.int64)  # (R, k, m)
        self.unmet = (self.held == 0).sum(axis=2)  # (R, k)

    def cost(self) -> float:
        """The objective, from scratch."""
        same = self.labels[:, :, None] == self.labels[:, None, :]
        paired = float((self.pair * same).sum() / 2)
        repeats = float((self.count * (self.count - 1) / 2).sum() / 2)
        return paired + self.repeat * repeats + self.role * float(self.unmet.sum())

    def excess(self) -> Float:
        """(R, n): each person's cost at their table beyond meeting everyone there once."""
        own = np.take_along_axis(self.a, self.labels[:, :, None], axis=2)[:, :, 0]
        first = self.repeat * (np.take_along_axis(self.size, self.labels, axis=1) - 1)
        return np.asarray(own - first)

    def deltas(self, r: int, i: int) -> Float:
        """(n,): cost change of swapping ``i`` with each person in round ``r`` (inf where not
        allowed: same table, or a fixed placement)."""
        lab, a_r, q = self.labels[r], self.a[r], self.q
        t = lab[i]
        own = a_r[np.arange(lab.size), lab]
        size = self.size[r]
        delta: Float = (
            a_r[i, lab] - q[i] - a_r[i, t] + self.repeat * (size[t] - 1)
            + a_r[:, t] - q[:, i] - own + self.repeat * (size[lab] - 1)
        )  # fmt: skip
        need = self.need
        if need.shape[1]:
            held = self.held[r]
            gone_a = (held[t] - need[i] == 0).astype(np.int64)  # (m,) t lacks them without i
            gone_b = (held[lab] - need == 0) @ (1 - need[i])  # j's table without j, with i
            after = gone_a.sum() - need @ gone_a + gone_b
            delta += self.role * (after - self.unmet[r, t] - self.unmet[r, lab])
        delta[(lab == t) | self.fixed[r]] = np.inf
        return delta

    def swap(self, r: int, i: int, j: int) -> None:
        """Swap the tables of ``i`` and ``j`` in round ``r``."""
        lab = self.labels[r]
        a, b = int(lab[i]), int(lab[j])
        at_a = np.flatnonzero(lab == a)
        at_b = np.flatnonzero(lab == b)
        at_a, at_b = at_a[at_a != i], at_b[at_b != j]
        xs = np.concatenate(
            [np.full(at_a.size, i), np.full(at_b.size, i), np.full(at_b.size, j), np.full(at_a.size, j)]
        )
        ys = np.concatenate([at_a, at_b, at_b, at_a])
        ds = np.concatenate(
            [-np.ones(at_a.size), np.ones(at_b.size), -np.ones(at_b.size), np.ones(at_a.size)]
        )
        self.count[xs, ys] += ds
        self.count[ys, xs] += ds
        self.q[xs, ys] += self.repeat * ds
        self.q[ys, xs] += self.repeat * ds
        rr = np.arange(self.labels.shape[0])[:, None]
        add = np.broadcast_to(self.repeat * ds, (rr.size, ds.size))
        np.add.at(self.a, (rr, xs[None, :], self.labels[:, ys]), add)
        np.add.at(self.a, (rr, ys[None, :], self.labels[:, xs]), add)
        lab[i], lab[j] = b, a
        move = self.q[:, j] - self.q[:, i]
        self.a[r, :, a] += move
        self.a[r, :, b] -= move
        self.held[r, a] += self.need[j] - self.need[i]
        self.held[r, b] += self.need[i] - self.need[j]
        self.unmet[r, [a, b]] = (self.held[r, [a, b]] == 0).sum(axis=1)

    def tabu(
        self,
        rng: np.random.Generator,
        budget: int,
        deadline: float,
        focus: Callable[[Ints], tuple[float, bool] | None],
    ) -> tuple[int, bool]:
        """Tabu search on swaps, aimed at rule breakers; ends on the best seating found.

        Every ``_CHECK`` iterations ``focus(labels)`` says what is still open: None when every
        rule is at its floor (stop), else (excess that marks a person as breaking a rule, some
        table lacks a role it could have). Each iteration makes the best swap (even a worse
        one) of up to ``_WIDTH`` random rule breakers, any round; a swapped person stays put in
        that round for 4-11 iterations unless moving beats the best.

        Returns:
            (iterations run, the deadline ended the search).
        """
        n = self.labels.shape[1]
        cost = best_cost = self.cost()
        best, tabu = self.labels.copy(), np.zeros(self.labels.shape, dtype=np.int64)
        threshold, roles_open, timed_out, it, since = np.inf, False, False, 0, 0
        patience = _PATIENCE + 2 * n
        for it in range(budget):  # noqa: B007  (the count is returned)
            if it % _CHECK == 0:
                if time.perf_counter() > deadline:
                    timed_out = True
                    break
                if (open_ := focus(self.labels)) is None:
                    break
                threshold, roles_open = open_
            bad = self.excess() >= threshold
            if roles_open:
                bad |= self._role_movers()
            cand = np.argwhere(bad & ~self.fixed)
            if not cand.size:
                continue
            pick, r, i, j = np.inf, -1, -1, -1
            for rc, c in cand[rng.permutation(len(cand))[:_WIDTH]]:
                delta = self.deltas(int(rc), int(c))
                delta[(tabu[rc] > it) & (cost + delta >= best_cost - 1e-7)] = np.inf
                m = int(np.argmin(delta + 1e-6 * rng.random(n)))
                if delta[m] < pick:
                    pick, r, i, j = float(delta[m]), int(rc), int(c), m
            if not np.isfinite(pick):
                continue
            self.swap(r, i, j)
            tabu[r, [i, j]] = it + 4 + rng.integers(8)
            cost, since = cost + pick, since + 1
            if cost < best_cost - 1e-7:
                best, best_cost, since = self.labels.copy(), cost, 0
            elif since > patience:  # stuck: back to the best, shaken by a few random swaps
                self.reset(best)
                cost, since = self._kick(rng, cand), 0
        self.reset(best)
        return it, timed_out

    def _role_movers(self) -> NDArray[np.bool_]:
        """(R, n): who sits at a table lacking a role, or could give one to it (holds a role of
        a requirement some table of the round lacks, at a table with two or more holders)."""
        lab = self.labels
        at_own = np.take_along_axis(self.held, lab[:, :, None], axis=1)  # (R, n, m)
        lacking = (self.held == 0).any(axis=1)  # (R, m)
        donors = ((self.need[None] > 0) & (at_own >= 2) & lacking[:, None, :]).any(axis=2)
        return np.asarray((np.take_along_axis(self.unmet, lab, axis=1) > 0) | donors)

    def _kick(self, rng: np.random.Generator, cand: Ints) -> float:
        """Swap a few rule breakers (``cand``: (round, person) rows) with random others of their
        round; returns the new cost."""
        for r, i in cand[rng.permutation(len(cand))[: max(2, len(cand) // 4)]]:
            others = np.flatnonzero((self.labels[r] != self.labels[r, i]) & ~self.fixed[r])
            if others.size:
                self.swap(int(r), int(i), int(rng.choice(others)))
        return self.cost()

    def descend(self, rng: np.random.Generator, sweeps: int, deadline: float) -> bool:
        """Improving swaps only, every movable (round, person) in random order per sweep, until
        a sweep finds none. Returns True when the deadline ended it."""
        movable = np.argwhere(~self.fixed)
        for _ in range(sweeps):
            if time.perf_counter() > deadline:
                return True
            improved = False
            for r, i in movable[rng.permutation(len(movable))]:
                delta = self.deltas(int(r), int(i))
                if delta[j := int(np.argmin(delta))] < -1e-7:
                    self.swap(int(r), int(i), j)
                    improved = True
            if not improved:
                break
        return False

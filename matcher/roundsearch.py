"""The search state behind :func:`matcher.rounds.seat_rounds`: swaps within a round, with every
table's cost for every person kept up to date, so one swap is priced for all partners at once."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["RoundSearch"]

Float = NDArray[np.float64]
Ints = NDArray[np.intp]


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
        self.count = np.einsum("rik,rjk->ij", onehot, onehot) - rounds * np.eye(n)
        self.q = self.pair + self.repeat * self.count
        self.a = np.einsum("ij,rjk->rik", self.q, onehot)
        self.size = onehot.sum(axis=1).astype(np.int64)  # (R, k)
        self.held = np.einsum("rik,im->rkm", onehot, self.need).astype(np.int64)  # (R, k, m)
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

"""Workshop tables: seat participants by theme (or across themes) under seating rules: balanced
k-means start, then a swap local search that first removes rule violations, then optimises."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from models.errors import InfeasibleError, InvalidInputError

__all__ = ["Mode", "Seating", "TableSeater", "seat_tables", "table_themes"]

Mode = Literal["similar", "mixed"]
ROLES = frozenset({"buyer", "facilitator", "supplier"})
Float = NDArray[np.float64]
Bool = NDArray[np.bool_]
Ints = NDArray[np.intp]
_MAX_SWEEPS = 40
_KICKS = 200  # random swaps tried to escape a local minimum that still breaks a rule
_STOPWORDS = frozenset(
    """de het een en van in op te voor met is zijn aan om als dat die dit er of ook bij door
    naar uit tot we wij ze zij hun ons onze je jullie niet geen wordt worden kan kunnen moet
    hoe wat welke wie waar nog maar meer zo al dan over onder na per deze ook hebben heeft
    the a an and of in on to for with is are be by as at from or that this these those we our
    you your it its not no can will would should how what which who where into about has have
    le la les un une des et du en pour avec est sont dans sur par au aux ou que qui nous vous
    notre nos votre vos ce cette ces ne pas plus comme être avoir leur leurs son sa ses""".split()
)


@dataclass(frozen=True)
class Seating:
    """Result of :func:`seat_tables`.

    Attributes:
        labels: (n,) table index per participant.
        tables: participant indices per table, sorted.
        cohesion: (n_tables,) mean pairwise cosine within each table (nan below 2 people).
        mean_similarity: mean cosine over all pairs that share a table.
        baseline_similarity: the same for a random seating repaired to satisfy the same rules.
        violations: each broken seating rule in plain words (empty when all are met).
        repeated_pairs: ``met_before`` pairs seated together again (avoided when possible).
    """

    labels: Ints
    tables: list[list[int]]
    cohesion: Float
    mean_similarity: float
    baseline_similarity: float
    violations: list[str]
    repeated_pairs: list[tuple[int, int]]


class _Search:
    """Swap local search (table sizes fixed). Minimises the sum of ``pair`` over same-table
    pairs + ``hard`` x the number of (table, role requirement) without anyone of those roles."""

    def __init__(self, labels: Ints, pair: Float, need: Bool, hard: float) -> None:
        self.pair, self.need, self.hard = pair, need.astype(np.int64), hard
        self.reset(labels)

    def reset(self, labels: Ints) -> None:
        self.labels = labels.copy()
        onehot = np.eye(int(labels.max()) + 1)[labels]
        self.sums = self.pair @ onehot  # (n, k): cost of each participant with each table
        self.own = self.sums[np.arange(labels.size), labels]  # (n,): ... with their own table
        self.count = (onehot.T @ self.need).astype(np.int64)  # (k, r): role holders per table
        self.unmet = (self.count == 0).sum(axis=1)  # (k,)

    def cost(self) -> float:
        return float(self.own.sum() / 2 + self.hard * self.unmet.sum())

    def deltas(self, i: int) -> Float:
        """Cost change of swapping ``i`` with every participant (inf within i's table)."""
        lab, a, s, need = self.labels, self.labels[i], self.sums, self.need
        delta: Float = s[i, lab] - s[i, a] + s[:, a] - self.own - 2 * self.pair[i]
        if need.shape[1]:  # role sets unmet at a and at j's table after the swap, minus before
            gone_a = (self.count[a] - need[i] == 0).astype(np.int64)  # (r,) a lacks them w/o i
            gone_b = (self.count[lab] - need == 0) @ (1 - need[i])  # j's table w/o j, with i
            after = gone_a.sum() - need @ gone_a + gone_b
            delta += self.hard * (after - self.unmet[a] - self.unmet[lab])
        delta[lab == a] = np.inf
        return delta

    def swap(self, i: int, j: int) -> None:
        a, b = self.labels[i], self.labels[j]
        self.labels[i], self.labels[j] = b, a
        move = self.pair[:, j] - self.pair[:, i]
        self.sums[:, a] += move
        self.sums[:, b] -= move
        self.count[a] += self.need[j] - self.need[i]
        self.count[b] += self.need[i] - self.need[j]
        self.unmet[[a, b]] = (self.count[[a, b]] == 0).sum(axis=1)
        moved = np.flatnonzero((self.labels == a) | (self.labels == b))
        self.own[moved] = self.sums[moved, self.labels[moved]]

    def descend(self, order: Iterable[int]) -> bool:
        """One pass: for each i, the best improving swap. True when something improved."""
        improved = False
        for i in order:
            delta = self.deltas(i)
            j = int(np.argmin(delta))
            if delta[j] < -1e-9:
                self.swap(i, j)
                improved = True
        return improved

    def broken(self) -> Ints:
        """Who breaks a rule: has a hard pair at the table, or sits at a table lacking a role.
        (Only for ``pair`` = rules: soft terms of a table stay below ``hard``.)"""
        return np.flatnonzero((self.own >= self.hard) | (self.unmet > 0)[self.labels])

    def repair(self, rng: np.random.Generator, kicks: int) -> None:
        """Remove rule violations: best swaps for the offenders, random kicks when stuck."""
        best, best_cost = self.labels.copy(), np.inf
        for attempt in range(kicks + 1):  # (kicks > 0 with 1 table: nothing can break)
            while self.descend(self.broken()):
                pass
            if (cost := self.cost()) < best_cost - 1e-9:
                best, best_cost = self.labels.copy(), cost
            if attempt == kicks or not (culprits := self.broken()).size:
                break
            i = int(rng.choice(culprits))
            self.swap(i, int(rng.choice(np.flatnonzero(self.labels != self.labels[i]))))
        self.reset(best)


def _sizes(n: int, size_min: int, size_max: int, n_tables: int | None, fits: list[int]) -> int:
    """Number of tables: ``n_tables``, or the feasible count nearest a mid size that passes
    the cheap rule checks (``fits``) when one does."""
    if not (isinstance(size_min, int) and isinstance(size_max, int) and 1 <= size_min <= size_max):
        msg = f"need 1 <= size_min <= size_max, got size_min={size_min!r}, size_max={size_max!r}"
        raise InvalidInputError(msg, field="size_min", value=(size_min, size_max))
    low, high = -(-n // size_max), n // size_min
    if low > high:
        raise InfeasibleError(
            f"{n} participants cannot be split into tables of {size_min} to {size_max} people"
        )
    if n_tables is not None:
        if not low <= n_tables <= high:
            msg = f"n_tables={n_tables} gives tables outside {size_min}-{size_max} for {n} people"
            raise InvalidInputError(msg, field="n_tables", value=n_tables)
        return n_tables
    target = n / ((size_min + size_max) / 2)
    options = [k for k in range(low, high + 1) if k in fits] or list(range(low, high + 1))
    return min(options, key=lambda k: (abs(k - target), k))


def _deal(order: Ints, k: int) -> Ints:
    """Round-robin: the p-th participant of ``order`` goes to table p mod k (balanced sizes)."""
    labels = np.empty(order.size, dtype=np.intp)
    labels[order] = np.arange(order.size) % k
    return labels


def _initial(x: Float, k: int, mode: Mode, seed: int) -> Ints:
    """Balanced k-means tables (``similar``) or tables dealt across k-means themes (``mixed``)."""
    n = x.shape[0]
    if mode == "mixed":
        themes = KMeans(min(-(-n // k), n), init="random", n_init=1, random_state=seed).fit(x)
        return _deal(np.lexsort((np.arange(n), themes.labels_)), k)
    km = KMeans(k, init="random", n_init=1, random_state=seed).fit(x)
    slots = np.sort(_deal(np.arange(n), k))  # table of each seat, tables of balanced size
    rows, cols = linear_sum_assignment(-(x @ km.cluster_centers_.T)[:, slots])
    labels = np.empty(n, dtype=np.intp)
    labels[rows] = slots[cols]
    return labels


def _similarity(sim: Float, labels: Ints) -> tuple[Float, float]:
    """Per-table mean pairwise similarity and the mean over all same-table pairs."""
    k, n = int(labels.max()) + 1, labels.size
    row = (sim @ np.eye(k)[labels])[np.arange(n), labels]  # diagonal of sim is 0
    within, sizes = np.bincount(labels, row, k), np.bincount(labels, minlength=k)
    pairs = sizes * (sizes - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cohesion = np.where(pairs > 0, within / pairs, np.nan)
    return cohesion, float(within.sum() / pairs.sum()) if pairs.sum() else float("nan")


def _violations(
    labels: Ints, names: list[str], org: Ints, need: Bool, reqs: list[frozenset[str]], sep: bool
) -> list[str]:
    """Each broken rule in plain words, with the reason when the numbers make it unavoidable."""
    out, k = [], int(labels.max()) + 1
    for t in range(k):
        seated = np.flatnonzero(labels == t)
        for o in np.unique(org[seated]) if sep else []:
            who, size = seated[org[seated] == o], int((org == o).sum())
            if who.size > 1 and names[who[0]]:
                why = f" (it has {size} people for {k} tables)" if size > k else ""
                msg = f"table {t} seats {who.size} people of {names[who[0]]!r}{why}: {who.tolist()}"
                out.append(msg)
        for q, req in enumerate(reqs):
            if not need[seated, q].any():
                have = int(need[:, q].sum())
                why = f" (only {have} for {k} tables)" if have < k else ""
                out.append(f"table {t} has no {' or '.join(sorted(req))}{why}")
    return out


def _check(
    embeddings: ArrayLike, orgs: Sequence[str], roles: Sequence[str], req: Iterable[set[str]]
) -> tuple[Float, list[frozenset[str]]]:
    x = np.asarray(embeddings, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0 or not np.isfinite(x).all():
        msg = f"embeddings must be a finite (n, d) array with n >= 1, got shape {x.shape}"
        raise InvalidInputError(msg, field="embeddings", value=x.shape)
    norms = np.linalg.norm(x, axis=1)
    if (bad := np.flatnonzero(np.abs(norms - 1.0) > 1e-3)).size:
        msg = f"embeddings must be L2-normalised; row {bad[0]} has norm {norms[bad[0]]:.4g}"
        raise InvalidInputError(msg, field="embeddings", value=float(norms[bad[0]]))
    for name, seq in (("organisations", orgs), ("roles", roles)):
        if len(seq) != x.shape[0] or not all(isinstance(v, str) for v in seq):
            msg = f"{name} must be {x.shape[0]} strings, got {len(seq)}"
            raise InvalidInputError(msg, field=name, value=len(seq))
    if bad_role := sorted(set(roles) - ROLES):
        msg = f"roles must be one of {sorted(ROLES)}, got {bad_role[0]!r}"
        raise InvalidInputError(msg, field="roles", value=bad_role[0])
    reqs = [frozenset(r) for r in req]
    if any(not r or not r <= ROLES for r in reqs):
        msg = f"require_roles must be non-empty sets of {sorted(ROLES)}, got {req!r}"
        raise InvalidInputError(msg, field="require_roles", value=req)
    return x, reqs


def seat_tables(
    embeddings: ArrayLike,
    *,
    organisations: Sequence[str],
    roles: Sequence[str],
    size_min: int,
    size_max: int,
    mode: Mode = "similar",
    separate_organisations: bool = True,
    require_roles: Sequence[set[str]] | None = None,
    met_before: Iterable[tuple[int, int]] = (),
    seed: int = 0,
    n_tables: int | None = None,
) -> Seating:
    """Seat ``n`` participants at tables of ``size_min`` to ``size_max`` people.

    Rules (hard): table sizes; no colleagues (same organisation, blank never clashes) at a table
    when ``separate_organisations``; at every table someone of each ``require_roles`` set.
    ``met_before`` pairs are avoided (soft, outweighing any similarity gain). ``similar``
    maximises the within-table cosine (tables share a theme), ``mixed`` minimises it.

    Method: k tables of balanced size, k nearest the mid size among those passing the cheap
    checks (no organisation larger than k, k holders of each required role); scikit-learn
    k-means start (``similar``: k clusters, exact balanced assignment to the centroids;
    ``mixed``: participants sorted by theme, dealt round-robin); swap local search: best swaps
    of rule-breakers with random kicks when stuck, then best-swap sweeps on the full cost
    (rules outweigh any soft gain, so they never break again). Deterministic given ``seed``.

    Args:
        embeddings: (n, d) L2-normalised rows (cosine = dot product).
        organisations: n organisation names (compared case- and space-insensitively).
        roles: n roles, each ``"buyer"``, ``"facilitator"`` or ``"supplier"``.
        size_min: smallest table, >= 1.
        size_max: largest table, >= ``size_min``.
        mode: ``"similar"`` or ``"mixed"``.
        separate_organisations: forbid colleagues at one table.
        require_roles: role sets; each table needs someone with a role in each set.
        met_before: participant index pairs who already shared a table.
        seed: random seed (k-means, kicks, baseline).
        n_tables: force the number of tables (must allow the size bounds).

    Returns:
        The :class:`Seating`; ``violations`` lists the rules no seating found could meet.

    Raises:
        InvalidInputError: a bad argument.
        InfeasibleError: ``n`` cannot be split into tables within the size bounds.
    """
    if mode not in ("similar", "mixed"):
        msg = f"mode must be 'similar' or 'mixed', got {mode!r}"
        raise InvalidInputError(msg, field="mode", value=mode)
    x, reqs = _check(embeddings, organisations, roles, require_roles or [])
    n = x.shape[0]
    keys = [" ".join(o.casefold().split()) for o in organisations]
    org = np.unique(np.asarray(keys), return_inverse=True)[1]
    colleague = (org[:, None] == org[None, :]) & (np.asarray(keys) != "")[:, None]
    np.fill_diagonal(colleague, False)
    met = np.zeros((n, n), dtype=bool)
    for pair in met_before:
        i, j = (int(v) for v in pair) if len(pair) == 2 else (-1, -1)
        if not (0 <= i < n and 0 <= j < n and i != j):
            msg = f"met_before pairs must be two different indices below {n}, got {pair!r}"
            raise InvalidInputError(msg, field="met_before", value=pair)
        met[i, j] = met[j, i] = True
    need = np.array([[r in req for req in reqs] for r in roles], dtype=bool).reshape(n, len(reqs))
    biggest = int(colleague.sum(axis=1).max(initial=0)) + 1 if separate_organisations else 1
    fits = [k for k in range(biggest, n + 1) if (need.sum(axis=0) >= k).all()]
    k = _sizes(n, size_min, size_max, n_tables, fits)
    soft = 4.0 * size_max + 3.0  # one repeated meeting outweighs any similarity change of a swap
    hard = soft * (4.0 * size_max + 3.0) + 1.0  # one broken rule outweighs any soft change
    sim = x @ x.T
    np.fill_diagonal(sim, 0.0)
    rules = soft * met + (hard * colleague if separate_organisations else 0.0)
    kicks = _KICKS if k in fits else 0  # kicks only when the cheap checks allow a clean seating
    rng = np.random.default_rng(seed)
    base = _Search(_deal(rng.permutation(n), k), rules, need, hard)
    base.repair(rng, kicks)
    search = _Search(_initial(x, k, mode, seed), rules, need, hard)
    search.repair(rng, kicks)
    search = _Search(search.labels, rules + (-sim if mode == "similar" else sim), need, hard)
    for _ in range(_MAX_SWEEPS):
        if not search.descend(rng.permutation(n)):
            break
    labels = search.labels
    cohesion, mean = _similarity(sim, labels)
    names = [o if key else "" for o, key in zip(organisations, keys, strict=True)]
    violations = _violations(labels, names, org, need, reqs, separate_organisations)
    same = labels[:, None] == labels[None, :]
    return Seating(
        labels=labels,
        tables=[np.flatnonzero(labels == t).tolist() for t in range(k)],
        cohesion=cohesion,
        mean_similarity=mean,
        baseline_similarity=_similarity(sim, base.labels)[1],
        violations=violations,
        repeated_pairs=[(int(i), int(j)) for i, j in np.argwhere(np.triu(met & same))],
    )


def table_themes(texts_per_table: list[list[str]], *, top_n: int = 3) -> list[list[str]]:
    """Short theme label per table: the top TF-IDF terms of its texts against the other tables
    (words of 3+ letters, Dutch/English/French stopwords removed, ties broken alphabetically).

    Args:
        texts_per_table: per table, the texts of its participants.
        top_n: terms per table, >= 1.

    Returns:
        Per table up to ``top_n`` terms, best first (empty for a table without words).
    """
    if not isinstance(top_n, int) or top_n < 1:
        raise InvalidInputError(f"top_n must be >= 1, got {top_n!r}", field="top_n", value=top_n)
    docs = [" ".join(texts) for texts in texts_per_table]
    vectorizer = TfidfVectorizer(
        stop_words=sorted(_STOPWORDS), token_pattern=r"(?u)\b[^\W\d_]{3,}\b", sublinear_tf=True
    )
    try:
        weights = vectorizer.fit_transform(docs).toarray()
    except ValueError:  # no words at all
        return [[] for _ in docs]
    terms = vectorizer.get_feature_names_out()  # sorted, so a stable sort breaks ties by term
    order = np.argsort(-weights, axis=1, kind="stable")
    return [[str(terms[j]) for j in row[:top_n] if weights[i, j] > 0] for i, row in enumerate(order)]


class TableSeater:
    """scikit-learn style wrapper of :func:`seat_tables`; ``fit`` sets ``seating_``, ``labels_``."""

    def __init__(
        self,
        *,
        size_min: int,
        size_max: int,
        mode: Mode = "similar",
        separate_organisations: bool = True,
        require_roles: Sequence[set[str]] | None = None,
        seed: int = 0,
    ) -> None:
        self.size_min, self.size_max, self.mode, self.seed = size_min, size_max, mode, seed
        self.separate_organisations, self.require_roles = separate_organisations, require_roles

    def fit(
        self,
        x: ArrayLike,
        *,
        organisations: Sequence[str],
        roles: Sequence[str],
        met_before: Iterable[tuple[int, int]] = (),
    ) -> TableSeater:
        """Seat the participants of ``x`` (n, d); returns self."""
        self.seating_ = seat_tables(
            x,
            organisations=organisations,
            roles=roles,
            size_min=self.size_min,
            size_max=self.size_max,
            mode=self.mode,
            separate_organisations=self.separate_organisations,
            require_roles=self.require_roles,
            met_before=met_before,
            seed=self.seed,
        )
        self.labels_ = self.seating_.labels
        return self

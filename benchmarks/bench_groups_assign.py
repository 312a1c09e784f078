"""Workshop tables and facilitator assignment at event scale, against baselines from the same run.

    python benchmarks/bench_groups_assign.py [--seed 0] [--threads 2]

1. 1,000 participants (synthetic clustered 384-d unit vectors: 25 themes, ~150 organisations,
   40% buyers / 20% facilitators / 40% suppliers, 300 earlier meetings) at tables of 5-7, every
   table with a buyer and a facilitator-or-supplier, no colleagues together. Printed per mode:
   time, rule violations, mean within-table cosine against the random seating repaired to the
   same rules (``baseline_similarity``), and the theme purity of the tables.
2. 2,000 projects x 500 facilitators (capacity 8 each, so capacity equals demand), 2 per
   project, affinity = cosine of clustered vectors, 2% conflicts. Printed for ``total`` and
   ``fair``: time, total, minimum, gap, bound; and a greedy assignment (best pairs first while
   capacity lasts) as the baseline.

Targets: seating < 5 s, assignment < 10 s (wall clock; CPU time is printed too, as the wall clock
depends on the machine's load, which is printed). Thread pools are capped before numpy loads.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--seed", type=int, default=0)
ARGS.add_argument("--threads", type=int, default=2)
OPTIONS = ARGS.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(OPTIONS.threads)

import numpy as np  # noqa: E402  (after the thread limits)

from matcher.assignment import assign  # noqa: E402
from matcher.grouping import seat_tables  # noqa: E402


def unit_rows(x: np.ndarray) -> np.ndarray:
    rows: np.ndarray = x / np.linalg.norm(x, axis=1, keepdims=True)
    return rows


def clustered(
    rng: np.random.Generator, n: int, centres: np.ndarray, noise: float
) -> tuple[np.ndarray, np.ndarray]:
    labels = rng.integers(len(centres), size=n)
    return unit_rows(centres[labels] + noise * rng.normal(size=(n, centres.shape[1]))), labels


def bench_seating(rng: np.random.Generator) -> None:
    n, themes = 1000, 25
    x, theme = clustered(rng, n, unit_rows(rng.normal(size=(themes, 384))), noise=0.06)
    organisations = [f"org-{o}" for o in rng.integers(150, size=n)]
    roles = list(rng.choice(["buyer", "facilitator", "supplier"], size=n, p=[0.4, 0.2, 0.4]))
    met = [(int(i), int(j)) for i, j in rng.integers(n, size=(300, 2)) if i != j]
    n_orgs = len(set(organisations))
    print(f"== seating: {n} participants, 384-d, {themes} themes, {n_orgs} organisations")
    for mode in ("similar", "mixed"):
        start, cpu = time.perf_counter(), time.process_time()
        seating = seat_tables(
            x,
            organisations=organisations,
            roles=roles,
            size_min=5,
            size_max=7,
            mode=mode,
            require_roles=[{"buyer"}, {"facilitator", "supplier"}],
            met_before=met,
            seed=OPTIONS.seed,
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        purity = np.mean([np.bincount(theme[t]).max() / len(t) for t in seating.tables])
        print(
            f"{mode:8s} {seconds:5.2f} s (cpu {cpu:5.2f} s)  tables={len(seating.tables)}"
            f"  violations={len(seating.violations)}  repeats={len(seating.repeated_pairs)}"
            f"  mean cosine={seating.mean_similarity:.4f}"
            f"  random baseline={seating.baseline_similarity:.4f}  theme purity={purity:.2f}"
            f"  [{'ok' if seconds < 5 else 'SLOW'}: target < 5 s]"
        )


def greedy(
    affinity: np.ndarray, capacities: np.ndarray, conflicts: np.ndarray, per_project: int
) -> tuple[float, int]:
    """Best remaining pair first while the project needs one and the facilitator has room."""
    need = np.full(affinity.shape[0], per_project)
    room = capacities.copy()
    total, left = 0.0, int(need.sum())
    for flat in np.argsort(-np.where(conflicts, -np.inf, affinity), axis=None):
        i, j = divmod(int(flat), affinity.shape[1])
        if need[i] and room[j] and not conflicts[i, j]:
            need[i], room[j], total, left = (
                need[i] - 1,
                room[j] - 1,
                total + affinity[i, j],
                left - 1,
            )
            if not left:
                break
    return total, left


def bench_assignment(rng: np.random.Generator) -> None:
    n_p, n_f, capacity, per_project = 2000, 500, 8, 2
    centres = rng.normal(size=(20, 64))
    projects, _ = clustered(rng, n_p, centres, noise=0.8)
    facilitators, _ = clustered(rng, n_f, centres, noise=0.8)
    affinity = projects @ facilitators.T
    conflicts = rng.random((n_p, n_f)) < 0.02
    capacities = np.full(n_f, capacity)
    print(f"== assignment: {n_p} projects x {n_f} facilitators, capacity {capacity}, per_project=2")
    start = time.perf_counter()
    greedy_total, unfilled = greedy(affinity, capacities, conflicts, per_project)
    seconds = time.perf_counter() - start
    print(f"greedy   {seconds:5.2f} s  total={greedy_total:.3f}  unfilled slots={unfilled}")
    for objective in ("total", "fair"):
        start, cpu = time.perf_counter(), time.process_time()
        result = assign(
            affinity,
            capacities=capacities,
            per_project=per_project,
            conflicts=conflicts,
            objective=objective,
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"{objective:8s} {seconds:5.2f} s (cpu {cpu:5.2f} s)  total={result.total:.3f}"
            f"  minimum={result.minimum:.4f}  gap={result.gap:.2e}  bound={result.bound:.4f}"
            f"  [{'ok' if seconds < 10 else 'SLOW'}: target < 10 s]"
        )
        if objective == "total":
            print(f"         optimal total - greedy total = {result.total - greedy_total:.3f}")


def main() -> None:
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, threads {OPTIONS.threads}, load average {load:.1f}")
    bench_seating(np.random.default_rng(OPTIONS.seed))
    bench_assignment(np.random.default_rng(OPTIONS.seed + 1))


if __name__ == "__main__":
    main()

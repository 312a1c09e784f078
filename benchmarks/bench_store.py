"""Store backends at scale: build and load time, memory, query latency and recall@10.

    python benchmarks/bench_store.py [--sizes 100000,1000000] [--queries 200] [--budget 600]
                                     [--postgres-url URL]   (default: $KRINGMATCH_TEST_POSTGRES_URL)

For each size, N synthetic profiles get 384-d random unit vectors, written straight into each
store's embedding table (nothing is embedded: the point is storage and search cost). Per backend:

- build: writing the N profiles (one ``add_many``) and their N vectors (``put_vectors``);
- load: what a replica does at start: read every profile and its vector back into one (N, 384)
  float32 matrix; memory is the process's RSS growth while loading (records + matrix);
- search: p50/p95 latency of one question against the in-memory matrix, exact (the engine's
  ``cos_sim`` + ``top_k``), unfiltered and with a region filter, and recall@10 against exact
  search (1.0 by construction for an exact index; the column is there for an approximate one).

Backends: SQLite + in-memory exact, PostgreSQL + in-memory exact (when a server is given), and
pgvector HNSW when the server has the ``vector`` extension. Debian 12's PostgreSQL has none (no
postgresql-15-pgvector package), so on such a server that row says so instead of a figure.

Each size has a time budget (``--budget`` seconds, default 600): a phase whose estimate would
overrun it is skipped and reported as such, and what was measured is printed.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from matcher.ranking import top_k
from matcher.scoring import cos_sim
from models import Profile
from store import Store, open_store

DIM = 384
MODEL = f"bench-random-{DIM}"
REGIONS = [
    "Utrecht",
    "Gelderland",
    "Noord-Brabant",
    "Zeeland",
    "Friesland",
    "Limburg",
    "Drenthe",
    "Overijssel",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):  # in slices: no float64 copy of the whole matrix
        block = rng.standard_normal((min(100_000, n - start), DIM), dtype=np.float32)
        out[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def profiles(n: int) -> list[Profile]:
    return [
        Profile(
            id=f"p{i:07d}",
            name=f"Profiel {i}",
            organisation=f"Org {i % 5000}",
            role="facilitator" if i % 3 == 0 else "supplier",
            region=REGIONS[i % len(REGIONS)],
            expertise=f"Synthetisch profiel {i}: circulair hergebruik van meubilair en textiel.",
        )
        for i in range(n)
    ]


@contextmanager
def timed(into: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    into[key] = time.perf_counter() - start


def exact(matrix: np.ndarray, ids: list[str], q: np.ndarray, mask: np.ndarray | None = None) -> list[int]:
    scores = cos_sim(q[np.newaxis, :], matrix)[0]
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return [int(i) for i in top_k(scores, ids, 10)]


def search_figures(
    matrix: np.ndarray, ids: list[str], region: np.ndarray, queries: np.ndarray
) -> dict[str, float]:
    """Exact in-memory search over ``matrix``: latencies, and recall@10 against itself (1.0)."""
    p50, p95 = latency(lambda q: exact(matrix, ids, q), queries)
    p50_filtered, _ = latency(lambda q: exact(matrix, ids, q, region), queries)
    return {"p50_ms": p50, "p95_ms": p95, "p50_filtered_ms": p50_filtered, "recall@10": 1.0}


def latency(search: Callable[[np.ndarray], list[int]], queries: np.ndarray) -> tuple[float, float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        search(q)
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.skipped: list[str] = []

    def allows(self, what: str, estimate: float) -> bool:
        if time.monotonic() + estimate > self.deadline:
            self.skipped.append(f"{what} (estimated {estimate:.0f}s, over the time budget)")
            return False
        return True


def run_backend(
    name: str,
    store: Store,
    records: list[Profile],
    vectors: np.ndarray,
    queries: np.ndarray,
    budget: Budget,
    estimates: dict[str, float],
) -> dict[str, Any]:
    n = len(records)
    row: dict[str, Any] = {"backend": name, "n": n}
    times: dict[str, float] = {}
    if not budget.allows(f"{name}: build", estimates.get(f"{name}:build", 0) * n):
        return row
    with timed(times, "build_records"):
        store.profiles.add_many(records)
    with timed(times, "build_vectors"):
        for start in range(0, n, 50_000):
            chunk = records[start : start + 50_000]
            store.put_vectors(MODEL, {p.id: vectors[start + k] for k, p in enumerate(chunk)})
    row["build_s"] = times["build_records"] + times["build_vectors"]
    estimates[f"{name}:build"] = row["build_s"] / n
    if not budget.allows(f"{name}: load", estimates.get(f"{name}:load", 0) * n):
        return row
    gc.collect()
    before = rss_mb()
    with timed(times, "load"):
        loaded = store.profiles.list()
        ids = [p.id for p in loaded]
        found = store.get_vectors(MODEL, ids)
        matrix = np.stack([found[i] for i in ids])
        del found
    row["load_s"] = times["load"]
    row["rss_mb"] = rss_mb() - before
    row["matrix_mb"] = matrix.nbytes / 2**20
    estimates[f"{name}:load"] = row["load_s"] / n
    assert matrix.shape == (n, DIM) and np.array_equal(matrix, vectors), "vectors must round-trip exactly"
    region = np.asarray([p.region == "Zeeland" for p in loaded])
    del loaded
    row.update(search_figures(matrix, ids, region, queries))
    del matrix
    gc.collect()
    return row


def pgvector_row(url: str, n: int) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'"
        ).fetchone()
        version = conn.execute("SHOW server_version").fetchone()
    if found is None:
        return {
            "backend": "pgvector HNSW",
            "n": n,
            "note": f"not measured: the server (PostgreSQL {version[0] if version else '?'}) has no vector "
            "extension (Debian 12 ships no postgresql-15-pgvector package)",
        }
    # Reaching this needs a server with pgvector; the HNSW path is not implemented in the store yet.
    return {
        "backend": "pgvector HNSW",
        "n": n,
        "note": f"vector {found[0]} available; no HNSW path to measure",
    }


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    import psycopg

    name = f"kringmatch_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fmt(row: dict[str, Any]) -> str:
    if "note" in row:
        return f"  {row['backend']:<34} {row['note']}"
    cells = [f"{row['backend']:<34}"]
    for key, unit in [
        ("build_s", "s build"),
        ("load_s", "s load"),
        ("rss_mb", "MB RSS"),
        ("matrix_mb", "MB vectors"),
        ("p50_ms", "ms p50"),
        ("p95_ms", "ms p95"),
        ("p50_filtered_ms", "ms p50 filtered"),
        ("recall@10", "recall@10"),
    ]:
        if key in row:
            cells.append(f"{row[key]:.3f} {unit}" if key == "recall@10" else f"{row[key]:.1f} {unit}")
        else:
            cells.append(f"- {unit}")
    return "  " + " | ".join(cells)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--budget", type=float, default=600.0, help="seconds per size")
    ap.add_argument("--postgres-url", default=os.environ.get("KRINGMATCH_TEST_POSTGRES_URL"))
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cores, dim {DIM}")
    rng = np.random.default_rng(7)
    queries = unit_rows(rng, args.queries)
    estimates: dict[str, float] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        budget = Budget(args.budget)
        start = time.monotonic()
        print(f"\n{n:,} profiles (budget {args.budget:.0f}s)", flush=True)
        vectors, records = unit_rows(rng, n), profiles(n)
        rows = []
        with TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
            try:
                rows.append(
                    run_backend(
                        "SQLite + in-memory exact", store, records, vectors, queries, budget, estimates
                    )
                )
            finally:
                store.close()
            print(fmt(rows[-1]), flush=True)
        if args.postgres_url:
            with fresh_database(args.postgres_url) as url:
                store = open_store(url)
                try:
                    rows.append(
                        run_backend(
                            "PostgreSQL + in-memory exact",
                            store,
                            records,
                            vectors,
                            queries,
                            budget,
                            estimates,
                        )
                    )
                finally:
                    store.close()
                print(fmt(rows[-1]), flush=True)
                print(fmt(pgvector_row(url, n)), flush=True)
        else:
            print("  PostgreSQL: not measured (no --postgres-url / KRINGMATCH_TEST_POSTGRES_URL)")
        for skipped in budget.skipped:
            print(f"  skipped: {skipped}")
        print(f"  ({time.monotonic() - start:.0f}s for this size)", flush=True)
        del vectors, records
        gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())

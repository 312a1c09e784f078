"""Replicas on one PostgreSQL: write throughput and how soon a write is seen by the others (issue 16).

    python benchmarks/bench_replicas.py --database-url postgresql://... [--replicas 1,2,4]
        [--seconds 20] [--writers 4] [--embedder fake] [--json]

For each replica count, that many ``kringmatch serve`` processes are started on 127.0.0.1 against
the same database. ``--writers`` threads post profiles for ``--seconds``, each write to the next
replica in turn. Meanwhile every tenth acknowledged write is looked for on every *other* replica
with ``GET /profiles/{id}`` until it answers 200; the time from the acknowledgement to that answer
is the visibility delay. Printed per count, one JSON line: ``replicas``, ``writes``,
``writes_per_s``, ``visible_p50_ms``, ``visible_p99_ms``, ``not_visible`` (still missing after
10 s), and ``throughput_ratio``: writes per second against the single replica of the same run
(these machines are noisy; compare ratios, not absolute figures).

The default embedder is the fake one, so what is measured is the store and the replicas'
change feed, not the model (``--embedder e5-small`` for the real thing: every replica loads it).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench_load import start_server  # type: ignore[import-not-found]  # same folder

ROOT = Path(__file__).resolve().parents[1]
LOOK_FOR = 10.0  # seconds a write may take to show on another replica before it counts as not visible


@dataclass
class Written:
    """Acknowledged writes, and the visibility delays of the sampled ones (guarded by ``lock``)."""

    count: int = 0
    delays_ms: list[float] = field(default_factory=list)
    not_visible: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _watch(urls: list[str], samples: queue.Queue[tuple[str, int, float] | None], written: Written) -> None:
    """Poll every other replica for each sampled write until it serves it (or LOOK_FOR passes)."""
    clients = [httpx.Client(base_url=u, timeout=10) for u in urls]
    while (sample := samples.get()) is not None:
        pid, replica, acked = sample
        for other, client in enumerate(clients):
            if other == replica:
                continue
            while client.get(f"/profiles/{pid}").status_code != 200:
                if time.monotonic() - acked > LOOK_FOR:
                    with written.lock:
                        written.not_visible += 1
                    break
                time.sleep(0.002)
            else:
                with written.lock:
                    written.delays_ms.append((time.monotonic() - acked) * 1000)
    for c in clients:
        c.close()


def write_for(urls: list[str], seconds: float, writers: int, run: str) -> Written:
    """``writers`` threads post profiles for ``seconds``, round robin over the replicas; every tenth
    acknowledged write is watched for on the other replicas while the writing goes on."""
    written = Written()
    samples: queue.Queue[tuple[str, int, float] | None] = queue.Queue()
    watchers = [threading.Thread(target=_watch, args=(urls, samples, written)) for _ in range(4)]
    stop = time.monotonic() + seconds

    def writer(n: int) -> None:
        clients = [httpx.Client(base_url=u, timeout=30) for u in urls]
        step = 0
        while time.monotonic() < stop:
            replica = (n + step) % len(urls)
            pid = f"{run}-{n}-{step}"
            body = {
                "id": pid,
                "name": pid,
                "organisation": f"Replica Org {n}",
                "role": "supplier",
                "expertise": f"Wij leveren herbruikbare pallets, aanbod {pid}.",
            }
            if clients[replica].post("/profiles", json=body).status_code == 201:
                with written.lock:
                    written.count += 1
                    sampled = written.count % 10 == 0
                if sampled and len(urls) > 1:
                    samples.put((pid, replica, time.monotonic()))
            step += 1
        for c in clients:
            c.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads + watchers:
        t.start()
    for t in threads:
        t.join()
    for _ in watchers:
        samples.put(None)
    for t in watchers:
        t.join()
    return written


def measure(database_url: str, replicas: int, seconds: float, writers: int, embedder: str) -> dict[str, Any]:
    env = {"OMP_NUM_THREADS": "1", "KRINGMATCH_OPEN_ACCESS": "true"}
    started = [
        start_server(database_url=database_url, embedder=embedder, demo=False, env=env)
        for _ in range(replicas)
    ]
    try:
        urls = [url for _, url in started]
        written = write_for(urls, seconds, writers, "r" + uuid.uuid4().hex[:8])
    finally:
        for proc, _ in started:
            proc.terminate()
            proc.wait(timeout=30)

    delays = written.delays_ms

    def pct(q: int) -> float | None:
        if len(delays) < 2:
            return None
        return round(statistics.quantiles(delays, n=100, method="inclusive")[q - 1], 1)

    return {
        "replicas": replicas,
        "writes": written.count,
        "writes_per_s": round(written.count / seconds, 1),
        "visible_p50_ms": pct(50),
        "visible_p99_ms": pct(99),
        "not_visible": written.not_visible,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("KRINGMATCH_TEST_POSTGRES_URL"))
    parser.add_argument("--replicas", default="1,2,4")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--embedder", default="fake")
    parser.add_argument("--json", action="store_true", help="only the JSON lines")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("give --database-url postgresql://... (replicas share one PostgreSQL)")
    counts = [int(s) for s in args.replicas.split(",")]
    rows = [measure(args.database_url, n, args.seconds, args.writers, args.embedder) for n in counts]
    baseline = next((r["writes_per_s"] for r in rows if r["replicas"] == 1), None)
    for row in rows:
        row["throughput_ratio"] = round(row["writes_per_s"] / baseline, 2) if baseline else None
        print(json.dumps(row))
        if not args.json:
            print(
                f"# {row['replicas']} replica(s): {row['throughput_ratio']}x the single replica's writes/s, "
                f"seen by the others after {row['visible_p50_ms']} ms (p50), {row['visible_p99_ms']} ms (p99)"
            )


if __name__ == "__main__":
    main()

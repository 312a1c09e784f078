"""Load on a real server process on 127.0.0.1: N concurrent clients mixing /match and writes.

    python benchmarks/bench_load.py [--clients 8] [--requests 400] [--writes 0.3] [--url URL]

Without ``--url`` a ``kringmatch serve --embedder fake`` is started on a free port with a fresh
SQLite file and stopped afterwards (use ``--embedder e5-small`` for the real model). Printed:
requests, throughput, p50/p99 latency for matches and writes, and every status code seen; 429
and 503 count as deliberate refusals, anything else that is not 2xx is an error.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "circulair kantoormeubilair en bureaustoelen",
    "hergebruik van betonelementen uit sloop",
    "werkkleding van gerecycled textiel",
    "advice on circular construction tenders",
    "marktconsultatie voor circulaire inkoop",
    "tweedehands meubilair voor het gemeentehuis",
]
DELIBERATE = {429, 503}


@dataclass
class LoadReport:
    seconds: float = 0.0
    match_ms: list[float] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len(self.failures)

    @property
    def errors(self) -> int:
        bad = sum(n for s, n in self.statuses.items() if s >= 300 and s not in DELIBERATE)
        return bad + len(self.failures)

    def describe(self) -> str:
        def pct(values: list[float], q: float) -> float:
            return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0.0

        lines = [
            f"{self.requests} requests in {self.seconds:.1f} s: "
            f"{self.requests / self.seconds:.1f} requests/s",
            f"  /match   n={len(self.match_ms):<5} p50 {pct(self.match_ms, 50):7.1f} ms  "
            f"p99 {pct(self.match_ms, 99):7.1f} ms",
            f"  writes   n={len(self.write_ms):<5} p50 {pct(self.write_ms, 50):7.1f} ms  "
            f"p99 {pct(self.write_ms, 99):7.1f} ms",
            f"  statuses {dict(sorted(self.statuses.items()))}; errors {self.errors}",
        ]
        return "\n".join(lines + [f"  failure: {f}" for f in self.failures[:5]])


def run_load(
    url: str,
    *,
    clients: int = 8,
    requests: int = 400,
    writes: float = 0.3,
    seed: int = 0,
    budget: float = 120,
) -> LoadReport:
    """``requests`` spread over ``clients`` threads; stops early after ``budget`` seconds."""
    report = LoadReport()
    lock = threading.Lock()
    deadline = time.monotonic() + budget
    per_client = max(1, requests // clients)

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        with httpx.Client(base_url=url, timeout=60) as http:
            for step in range(per_client):
                if time.monotonic() > deadline:
                    return
                write = rng.random() < writes
                started = time.perf_counter()
                try:
                    if write:
                        body = {
                            "name": f"Load {n}-{step}",
                            "organisation": f"Load Org {n}",
                            "role": rng.choice(["facilitator", "supplier"]),
                            "expertise": f"Wij leveren {rng.choice(QUESTIONS)} (aanbod {n}-{step}).",
                        }
                        status = http.post("/profiles", json=body).status_code
                    else:
                        body = {"text": rng.choice(QUESTIONS) + f" {step}", "top_k": 5}
                        status = http.post("/match", json=body).status_code
                except httpx.HTTPError as exc:
                    with lock:
                        report.failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    report.statuses[status] = report.statuses.get(status, 0) + 1
                    if status < 300:
                        (report.write_ms if write else report.match_ms).append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report.seconds = time.perf_counter() - started
    return report


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db: Path | None = None,
    *,
    database_url: str | None = None,
    embedder: str = "fake",
    demo: bool = True,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """``kringmatch serve`` on 127.0.0.1 (the only address the benchmarks ever use), on the SQLite
    file ``db`` or the store at ``database_url``; ``env`` adds to the inherited environment."""
    port = _free_port()
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KRINGMATCH_") or k.startswith("KRINGMATCH_TEST")
    }
    store = ["--db", str(db)] if db is not None else ["--database-url", str(database_url)]
    cmd = [sys.executable, "-m", "api.cli", "serve", "--embedder", embedder, *store]
    cmd += ["--host", "127.0.0.1", "--port", str(port)] + (["--demo"] if demo else [])
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**inherited, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--writes", type=float, default=0.3, help="share of requests that are writes")
    parser.add_argument("--budget", type=float, default=120, help="stop after this many seconds")
    parser.add_argument("--url", help="an already running server (127.0.0.1 only)")
    parser.add_argument("--embedder", default="fake")
    args = parser.parse_args()
    if args.url:
        host = httpx.URL(args.url).host
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("bench_load only loads servers on 127.0.0.1")
        report = run_load(args.url, clients=args.clients, requests=args.requests, writes=args.writes)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            proc, url = start_server(Path(tmp) / "load.db", embedder=args.embedder)
            try:
                run_load(url, clients=2, requests=20, writes=0.0)  # warm up
                report = run_load(
                    url, clients=args.clients, requests=args.requests, writes=args.writes, budget=args.budget
                )
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    print(f"load: {args.clients} clients, {args.writes:.0%} writes, embedder {args.embedder}")
    print(report.describe())


if __name__ == "__main__":
    main()

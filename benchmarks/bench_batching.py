"""Concurrent /match: one model call per request against batched calls (api/batching.py).

    python benchmarks/bench_batching.py [--embedder e5-small] [--clients 8] [--questions 12]

The demo network is loaded into a file store (its vectors cached, as in production); then
``clients`` threads each ask ``questions`` different questions at once, first through
``Network.match`` (one model call each), then through ``MatchBatcher`` (questions that arrive
while the model is busy are embedded together). Printed: wall time of each, the ratio
per-request / batched (> 1: batching is faster), the mean batch size, and whether the answers
were identical.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from api.app.config import Settings
from api.app.demo import load_demo
from api.app.network import Network
from api.http.admission import MatchBatcher
from matcher.embedding import create_embedders
from models import MatchesPublic, MatchRequest
from store.sqlite import SQLiteStore

WORDS = "circulair meubilair beton textiel inkoop hergebruik advies bouw kleding stoelen sloop".split()


def questions(n: int, offset: int) -> list[MatchRequest]:
    return [
        MatchRequest(
            text=f"Wij zoeken {WORDS[(i + offset) % len(WORDS)]} en {WORDS[i % 7]} nummer {i + offset}"
        )
        for i in range(n)
    ]


def run(
    clients: int, asked: list[list[MatchRequest]], answer: Callable[[MatchRequest], MatchesPublic]
) -> float:
    results: list[list[MatchesPublic]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        barrier.wait()
        results[n] = [answer(q) for q in asked[n]]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    run.results = results  # type: ignore[attr-defined]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--embedder", default="fake")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--questions", type=int, default=12, help="per client")
    parser.add_argument("--threads", type=int, default=1, help="threads per model")
    args = parser.parse_args()
    settings = Settings(_env_file=None, embedder=args.embedder, threads=args.threads)  # type: ignore[call-arg]
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        embedders = create_embedders(args.embedder, num_threads=args.threads)
        network = Network(store, embedders, config=settings.rank_config())
        load_demo(network)
        warm = questions(4, 1000)
        for q in warm:
            network.match(q)
        # different questions per mode (no query cache either way: /match does not remember them)
        single_q = [questions(args.questions, 100 * n) for n in range(args.clients)]
        batch_q = [questions(args.questions, 100 * n + 50) for n in range(args.clients)]
        single = run(args.clients, single_q, network.match)
        single_answers = run.results  # type: ignore[attr-defined]
        batcher = MatchBatcher(network)
        batched = run(args.clients, batch_q, batcher.match)
        same = all(
            batcher.match(q) == network.match(q) for q in [single_q[0][0], single_q[-1][-1], batch_q[1][2]]
        )
        total = args.clients * args.questions
        print(f"{total} questions from {args.clients} concurrent clients, embedder {args.embedder}")
        print(f"  one model call per request: {single:6.2f} s ({total / single:6.1f} questions/s)")
        print(f"  batched                   : {batched:6.2f} s ({total / batched:6.1f} questions/s)")
        mean = batcher.questions / max(1, batcher.batches)
        print(f"  mean batch size {mean:.1f} ({batcher.batches} model calls)")
        print(f"  ratio per-request / batched = {single / batched:.2f} (> 1: batching is faster)")
        answered = sum(len(a) for a in single_answers)
        print(f"  identical answers: {same}; answered {answered} + {batcher.questions}")
        store.close()


if __name__ == "__main__":
    main()

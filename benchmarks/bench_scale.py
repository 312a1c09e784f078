"""Scale: /match, search and memory per profile as the network grows (issue 16), one JSON line a size.

    python benchmarks/bench_scale.py --profiles 10000[,100000] [--exact] [--queries 30] --json

Profiles, their vectors and the questions are those of ``bench_match.py`` (synthetic texts, random
unit vectors stored under the real models' ids, questions embedded by the real models). Per size:
``startup_s`` (the network built from the store: nothing embedded), ``mb_per_profile`` (resident
memory growth while building it; the models' weights are loaded before, they are not per
profile), ``embed_p50_ms`` (the question's own embedding), ``search_p50_ms`` (ranking a
pre-embedded question, filters on a third of them), ``match_p50_ms`` (``POST /match``),
``recall_at_10`` (the fused top 10 against the exact fused top 10 of the same questions),
``rebuild_ms`` (the next snapshot after one new profile is added: what the first search after a
write waits for; median of five).

There is only the exact path today: ``mode`` is ``"exact"`` and recall 1.0 by construction with or
without ``--exact``; the figures are the baseline an approximate index (issue 16) is measured against.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

import numpy as np
from bench_match import QUESTIONS, prefill, synthetic, synthetic_network  # type: ignore[import-not-found]
from fastapi.testclient import TestClient

from api.app.config import Settings
from api.http.main import create_app
from matcher import Filters
from matcher.embedding import create_embedders


def _p50(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def measure(n: int, embedders: list[Any], queries: int, rng: np.random.Generator) -> dict[str, Any]:
    built = synthetic_network(n, embedders, rng)
    store, network, startup, grown = built.store, built.network, built.startup_s, built.grown_mb
    texts = [f"{QUESTIONS[q % len(QUESTIONS)]} ({q})" for q in range(queries)]
    filters = [Filters(roles=frozenset({"facilitator"})) if q % 3 == 0 else Filters() for q in range(queries)]
    embed_ms, search_ms, match_ms = [], [], []
    exact: list[list[str]] = []
    for text, flt in zip(texts, filters, strict=True):
        t0 = time.perf_counter()
        batch = network.profiles.encode([text])
        embed_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        found = network.profiles.search_batch(batch, top_k=10, filters=[flt])[0]
        search_ms.append((time.perf_counter() - t0) * 1000)
        exact.append([m.item.id for m in found])
    app = create_app(Settings(embedder="+".join(e.model_id for e in embedders)), network=network)
    with TestClient(app) as client:
        for q, text in enumerate(texts):
            body: dict[str, Any] = {"text": text + " ", "top_k": 10}  # a new text: no query cache
            if q % 3 == 0:
                body["role"] = "facilitator"
            t0 = time.perf_counter()
            client.post("/match", json=body).raise_for_status()
            match_ms.append((time.perf_counter() - t0) * 1000)
    rebuild_ms = []
    for k, profile in enumerate(synthetic(5, rng)):  # one new profile at a time, its vectors stored first
        fresh = profile.model_copy(update={"id": f"new{k}"})
        prefill(store, embedders, [fresh], rng)
        network.add_profiles([fresh])
        t0 = time.perf_counter()
        network.profiles.index.arrays()
        rebuild_ms.append((time.perf_counter() - t0) * 1000)
    store.close()
    return {
        "profiles": n,
        "mode": "exact",
        "match_p50_ms": _p50(match_ms),
        "embed_p50_ms": _p50(embed_ms),
        "search_p50_ms": _p50(search_ms),
        "recall_at_10": 1.0 if exact else None,  # the exact path against itself
        "mb_per_profile": round(grown / n, 4),
        "startup_s": round(startup, 2),
        "rebuild_ms": _p50(rebuild_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", default="10000")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--embedder", default=Settings().embedder)
    parser.add_argument("--exact", action="store_true", help="the exact path (the only one today)")
    parser.add_argument("--json", action="store_true", help="only the JSON lines")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    embedders = create_embedders(args.embedder, num_threads=1)
    for n in (int(s) for s in args.profiles.split(",")):
        row = measure(n, embedders, args.queries, rng)
        print(json.dumps(row))
        if not args.json:
            ratio = row["match_p50_ms"] / row["embed_p50_ms"]
            per_profile = row["mb_per_profile"] * 1024
            print(
                f"# {n} profiles: /match {ratio:.2f}x the question's embedding, {per_profile:.0f} KB/profile"
            )


if __name__ == "__main__":
    main()

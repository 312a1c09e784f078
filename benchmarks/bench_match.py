"""POST /match latency against the time to embed the question alone, at 1,000 and 10,000 profiles.

    python benchmarks/bench_match.py [--sizes 1000,10000] [--queries 30]

Profiles are synthetic (texts built from a domain vocabulary, 1–3 texts each). Their vectors are
written into the embedding cache as random unit vectors under the real model's id, so loading
them embeds nothing; the question is embedded by the real model on every request, as in
production. Printed: median /match latency, median embedding time of the same questions in the
same run, the ratio (ranking overhead), and memory per profile (RSS growth while loading).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from dataclasses import dataclass

import numpy as np
from fastapi.testclient import TestClient

from api.app.config import Settings
from api.app.network import Network
from api.app.records import profile_item, to_profile
from api.http.main import create_app
from matcher.embedding import create_embedders, text_key
from models import Document, ProfileCreate
from store.sqlite import SQLiteStore

WORDS = (
    "circulair hergebruik refurbished meubilair werkkledij textiel laptops servers verlichting licht dienst "
    "bouwmaterialen renovatie afval catering bekers servies schoonmaak mobiliteit deelfietsen wagens "
    "aanbesteding gunningscriteria marktconsultatie levenscycluskosten impact CO2 LCA materialenpaspoort "
    "leasing terugname reparatie recyclage onderhoud kwaliteit scholen ziekenhuizen steden provincies"
).split()
QUESTIONS = [
    "We willen kantoormeubilair als dienst aankopen",
    "Nous cherchons des vêtements de travail circulaires pour nos ouvriers",
    "Which suppliers refurbish laptops for schools?",
    "Hoe schrijven we gunningscriteria voor herbruikbare bekers op evenementen?",
    "Licht als dienst voor onze kantoorgebouwen",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def synthetic(n: int, rng: np.random.Generator) -> list[ProfileCreate]:
    out = []
    for i in range(n):
        docs = [
            Document(title=f"Project {i}-{d}", text=" ".join(rng.choice(WORDS, 25)) + ".")
            for d in range(int(rng.integers(0, 3)))
        ]
        out.append(
            ProfileCreate(
                id=f"p{i:06d}",
                name=f"Profiel {i}",
                organisation=f"Org {i % (n // 3 + 1)}",
                role="facilitator" if i % 3 == 0 else "supplier",
                expertise=" ".join(rng.choice(WORDS, 40)) + ".",
                documents=docs,
            )
        )
    return out


def prefill(
    store: SQLiteStore, network_embedders: list, profiles: list[ProfileCreate], rng: np.random.Generator
) -> None:
    """Write random unit vectors for every text and sentence under each model's id."""
    from matcher.index import ItemIndex

    texts = []
    for p in profiles:
        item = profile_item(to_profile(p))
        texts += [t for _, t in item.texts] + ItemIndex._sentences(item)
    keys = sorted({text_key(t) for t in texts})
    for emb in network_embedders:
        vectors = rng.standard_normal((len(keys), emb.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.put_vectors(emb.model_id, dict(zip(keys, vectors, strict=True)))


@dataclass
class SyntheticNetwork:
    """A network of ``n`` synthetic profiles started from its store, and what starting it cost."""

    store: SQLiteStore
    network: Network
    startup_s: float  # the network built from the store (nothing embedded)
    grown_mb: float  # resident memory growth while building it


def synthetic_network(n: int, embedders: list, rng: np.random.Generator) -> SyntheticNetwork:
    """:func:`synthetic` profiles in an in-memory store with :func:`prefill` vectors, then a
    :class:`Network` started from that store with its index built."""
    profiles = synthetic(n, rng)
    store = SQLiteStore(":memory:")
    store.profiles.add_many([to_profile(p) for p in profiles])
    prefill(store, embedders, profiles, rng)
    for emb in embedders:  # the models' weights load before the measurement: they are not per profile
        emb.encode_passages(["warm-up"])
        emb.encode_queries(["warm-up"])
    before, start = rss_mb(), time.perf_counter()
    network = Network(store, embedders, config=Settings().rank_config())
    network.profiles.index.arrays()
    return SyntheticNetwork(store, network, time.perf_counter() - start, rss_mb() - before)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--embedder", default=Settings().embedder)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    embedders = create_embedders(args.embedder, num_threads=1)
    print(f"embedder={args.embedder}; one thread per model; {args.queries} requests per size")
    header = ("profiles", "match p50 ms", "embed p50 ms", "overhead", "MB/profile", "load s")
    print("{:>9} {:>13} {:>13} {:>9} {:>11} {:>7}".format(*header))
    for n in (int(s) for s in args.sizes.split(",")):
        built = synthetic_network(n, embedders, rng)
        load, grown = built.startup_s, built.grown_mb
        app = create_app(Settings(embedder=args.embedder), network=built.network)
        match_ms, embed_ms = [], []
        with TestClient(app) as client:
            for q in range(args.queries):
                text = f"{QUESTIONS[q % len(QUESTIONS)]} ({q})"  # distinct texts: no query cache
                t0 = time.perf_counter()
                for emb in embedders:
                    emb.encode_queries([text + " "])
                embed_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                response = client.post("/match", json={"text": text, "top_k": 10})
                match_ms.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
        m, e = statistics.median(match_ms), statistics.median(embed_ms)
        print(f"{n:>9} {m:>13.1f} {e:>13.1f} {m / e - 1:>8.0%} {grown / n:>11.4f} {load:>7.1f}")
        built.store.close()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

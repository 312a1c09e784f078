"""What document mode costs: index build, lexical memory and /match-path latency, on vs off.

    python benchmarks/bench_documents.py [--sizes 1000,10000] [--repeat 5]

Synthetic profiles as in ``bench_match.py`` (their vectors are random unit vectors written into the
cache under the real model's id, so indexing embeds nothing). Questions: the 45 short domain
questions' first five and the first five long briefs of ``evaluation/data/domain_documents.json``,
embedded by the real model on every search, as in production. Printed per size: index build time and
lexical-matrix memory, and the median search time for short questions and for long briefs, with
document mode off (``document_words=0``, the baseline) and on (the default), and their ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
from bench_match import synthetic  # type: ignore[import-not-found]  # same folder

from api.app.records import profile_item, to_profile
from evaluation.runner import load_domain_questions
from matcher import Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, MemoryVectorCache, create_embedders, text_key
from matcher.index import IndexArrays


def lexical_mb(arrays: IndexArrays) -> float:
    scorers = {id(arrays.lexical): arrays.lexical, id(arrays.document_lexical): arrays.document_lexical}
    total = 0
    for s in scorers.values():
        for m in (s.matrix_, s.tf_):
            total += m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
    return total / 2**20


def timed_search(engine: MatchEngine, texts: Sequence[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            engine.search(text, top_k=10)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    model = create_embedders("e5-small", num_threads=1)[0]
    short = [q.text for q in load_domain_questions()][:5]
    briefs = [q.text for q in load_domain_questions(_briefs_path())][:5]
    rng = np.random.default_rng(0)
    for n in [int(s) for s in args.sizes.split(",")]:
        items: list[Item] = [profile_item(to_profile(p)) for p in synthetic(n, rng)]
        cache = MemoryVectorCache()
        texts = {t for item in items for _, t in item.texts}
        random = rng.standard_normal((len(texts), model.dim)).astype(np.float32)
        random /= np.linalg.norm(random, axis=1, keepdims=True)
        cache.put_vectors(
            model.model_id, {text_key(t): v for t, v in zip(sorted(texts), random, strict=True)}
        )
        row: dict[str, dict[str, float]] = {}
        for label, config in (("off", RankConfig(document_words=0)), ("on", RankConfig())):
            engine = MatchEngine([CachedEmbedder(model, cache)], config=config, embed_sentences=False)
            start = time.perf_counter()
            engine.index.upsert(items)
            arrays = engine.index.arrays()
            build = time.perf_counter() - start
            for text in short + briefs:  # warm-up (questions are never cached: each search embeds)
                engine.search(text)
            row[label] = {
                "build_s": build,
                "lexical_mb": lexical_mb(arrays),
                "short_ms": timed_search(engine, short, args.repeat),
                "brief_ms": timed_search(engine, briefs, args.repeat),
            }
        off, on = row["off"], row["on"]
        print(f"{n} profiles ({len(texts)} texts)")
        for key in ("build_s", "lexical_mb", "short_ms", "brief_ms"):
            print(f"  {key:<11} off {off[key]:9.2f}  on {on[key]:9.2f}  ratio {on[key] / off[key]:5.2f}")


def _briefs_path() -> Path:
    return Path(str(resources.files("evaluation").joinpath("data/domain_documents.json")))


if __name__ == "__main__":
    main()

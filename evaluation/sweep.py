"""Compare ranking configurations on the evaluation sets; prints Markdown rows for EVALUATION.md.

    python -m evaluation.sweep domain [--grid NAME] [--questions FILE]
    python -m evaluation.sweep gold DATA_DIR [--indices 1,2] [--grid NAME]

Embeddings come from the shared cache (``eval-out/embeddings.db``), so a sweep re-embeds nothing
that any earlier run embedded.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from evaluation.goldstandard import evaluate_goldstandard
from evaluation.ranking_metrics import summarise
from evaluation.runner import domain_rows, gold_score_fn, load_domain_questions, make_engine
from matcher import RankConfig
from matcher.embedding import Embedder, create_embedders
from store.sqlite import SQLiteStore

__all__ = ["GRIDS", "main"]

Config = tuple[str, str, dict[str, Any]]

_BACKENDS = ["e5-small", "e5-small-symmetric", "use-multilingual", "st:all-MiniLM-L6-v2"]

GRIDS: dict[str, list[Config]] = {
    "backends": [
        *[(f"{b}, dense only", b, {"lexical_weight": 0.0}) for b in _BACKENDS],
        ("lexical only (char 3-5)", "use-multilingual", {"lexical_weight": 1.0}),
        ("lexical only (word)", "use-multilingual", {"lexical_weight": 1.0, "lexical_analyzer": "word"}),
        *[(f"{b} + char TF-IDF 0.2", b, {"lexical_weight": 0.2}) for b in _BACKENDS],
        ("e5 + USE, dense only", "e5-small+use-multilingual", {"lexical_weight": 0.0}),
        ("e5 + USE + char TF-IDF 0.2", "e5-small+use-multilingual", {"lexical_weight": 0.2}),
        (
            "e5 + USE, z-norm, dense only",
            "e5-small+use-multilingual",
            {"lexical_weight": 0.0, "normalisation": "z"},
        ),
        (
            "e5 + USE + char 0.2, z-norm",
            "e5-small+use-multilingual",
            {"lexical_weight": 0.2, "normalisation": "z"},
        ),
        ("e5 + USE + char, RRF", "e5-small+use-multilingual", {"lexical_weight": 0.2, "fusion": "rrf"}),
    ],
    "centering": [
        (f"{label}, {c}", spec, {**kw, "centering": c})
        for label, spec, kw in list[Config](
            [
                ("e5, dense", "e5-small", {"lexical_weight": 0.0}),
                ("USE, dense", "use-multilingual", {"lexical_weight": 0.0}),
                ("e5 + USE, dense", "e5-small+use-multilingual", {"lexical_weight": 0.0}),
                (
                    "e5 + USE, dense, z",
                    "e5-small+use-multilingual",
                    {"lexical_weight": 0.0, "normalisation": "z"},
                ),
                ("e5 + USE + char 0.2", "e5-small+use-multilingual", {"lexical_weight": 0.2}),
                (
                    "e5 + USE + char 0.2, z",
                    "e5-small+use-multilingual",
                    {"lexical_weight": 0.2, "normalisation": "z"},
                ),
                (
                    "e5 + USE + char 0.1, z",
                    "e5-small+use-multilingual",
                    {"lexical_weight": 0.1, "normalisation": "z"},
                ),
                (
                    "e5 + USE + char 0.2, RRF",
                    "e5-small+use-multilingual",
                    {"lexical_weight": 0.2, "fusion": "rrf"},
                ),
            ]
        )
        for c in ("none", "language")
    ],
    # the table in EVALUATION.md: every backend and scorer, on both the domain set and the gold standard
    "report": [
        ("char TF-IDF only", "e5-small", {"lexical_weight": 1.0}),
        ("word TF-IDF only", "e5-small", {"lexical_weight": 1.0, "lexical_analyzer": "word"}),
        ("e5-small, dense", "e5-small", {"lexical_weight": 0.0}),
        ("e5-small-symmetric, dense", "e5-small-symmetric", {"lexical_weight": 0.0}),
        ("use-multilingual, dense", "use-multilingual", {"lexical_weight": 0.0}),
        ("st:all-MiniLM-L6-v2, dense", "st:all-MiniLM-L6-v2", {"lexical_weight": 0.0}),
        ("e5-small + char 0.2 (default)", "e5-small", {}),
        ("  same, no language centring", "e5-small", {"centering": "none"}),
        ("  same, max aggregation", "e5-small", {"aggregation": "max"}),
        ("  same, mean aggregation", "e5-small", {"aggregation": "mean"}),
        ("  same, z-normalised", "e5-small", {"normalisation": "z"}),
        ("  same, RRF", "e5-small", {"fusion": "rrf"}),
        ("e5-small + word 0.5", "e5-small", {"lexical_weight": 0.5, "lexical_analyzer": "word"}),
        (
            "e5-small-symmetric + word 0.5",
            "e5-small-symmetric",
            {"lexical_weight": 0.5, "lexical_analyzer": "word"},
        ),
        ("use-multilingual + char 0.2", "use-multilingual", {}),
        ("MiniLM + char 0.2", "st:all-MiniLM-L6-v2", {}),
        ("MiniLM + word 0.5", "st:all-MiniLM-L6-v2", {"lexical_weight": 0.5, "lexical_analyzer": "word"}),
        ("ensemble e5 + USE, dense", "e5-small+use-multilingual", {"lexical_weight": 0.0}),
        ("ensemble e5 + USE + char 0.2", "e5-small+use-multilingual", {}),
        ("ensemble e5 + USE + char 0.2, z", "e5-small+use-multilingual", {"normalisation": "z"}),
        ("ensemble e5 + USE + char 0.2, RRF", "e5-small+use-multilingual", {"fusion": "rrf"}),
        ("ensemble e5 + MiniLM + char 0.2", "e5-small+st:all-MiniLM-L6-v2", {}),
        (
            "ensemble e5-sym + USE + MiniLM + word, z",
            "e5-small-symmetric+use-multilingual+st:all-MiniLM-L6-v2",
            {"lexical_weight": 0.25, "lexical_analyzer": "word", "normalisation": "z"},
        ),
    ],
    "gold": [
        ("lexical only, word TF-IDF, top3", "e5-small", {"lexical_weight": 1.0, "lexical_analyzer": "word"}),
        ("lexical only, char TF-IDF, top3", "e5-small", {"lexical_weight": 1.0}),
        ("e5-small (query prompt), dense, top3", "e5-small", {"lexical_weight": 0.0}),
        ("e5-small-symmetric, dense, top3", "e5-small-symmetric", {"lexical_weight": 0.0}),
        ("e5-small, dense, top3, centred", "e5-small", {"lexical_weight": 0.0, "centering": "language"}),
        ("use-multilingual, dense, top3", "use-multilingual", {"lexical_weight": 0.0}),
        ("st:all-MiniLM-L6-v2, dense, top3", "st:all-MiniLM-L6-v2", {"lexical_weight": 0.0}),
        (
            "e5-sym + word TF-IDF 0.5, top3",
            "e5-small-symmetric",
            {"lexical_weight": 0.5, "lexical_analyzer": "word"},
        ),
        (
            "e5 + char TF-IDF 0.2, top3, centred (domain default)",
            "e5-small",
            {"lexical_weight": 0.2, "centering": "language"},
        ),
        (
            "e5 + word TF-IDF 0.5, top3, centred, z",
            "e5-small",
            {
                "lexical_weight": 0.5,
                "lexical_analyzer": "word",
                "centering": "language",
                "normalisation": "z",
            },
        ),
        (
            "e5 + USE + word TF-IDF, RRF",
            "e5-small+use-multilingual",
            {"lexical_weight": 0.34, "lexical_analyzer": "word", "fusion": "rrf"},
        ),
        (
            "e5-sym + USE + MiniLM + word TF-IDF, z",
            "e5-small-symmetric+use-multilingual+st:all-MiniLM-L6-v2",
            {"lexical_weight": 0.25, "lexical_analyzer": "word", "normalisation": "z"},
        ),
        # eval-out/gold-findings.md: harmonic aggregation over 10 papers, stemmed word TF-IDF
        ("domain default (e5 + char 0.2, harmonic 10)", "e5-small", {"aggregation": "harmonic"}),
        (
            "e5-sym + word TF-IDF 0.5, harmonic 10 (best multilingual, unstemmed)",
            "e5-small-symmetric",
            {"lexical_weight": 0.5, "lexical_analyzer": "word", "aggregation": "harmonic"},
        ),
        (
            "e5-sym + stemmed word 1-2-gram TF-IDF 0.6, harmonic 10 (best multilingual)",
            "e5-small-symmetric",
            {
                "lexical_weight": 0.6,
                "lexical_analyzer": "word",
                "ngram_max": 2,
                "lexical_stemmer": "english",
                "aggregation": "harmonic",
            },
        ),
        (
            "MiniLM (English), dense, harmonic 10",
            "st:all-MiniLM-L6-v2",
            {"lexical_weight": 0.0, "aggregation": "harmonic"},
        ),
        (
            "MiniLM (English) + stemmed word TF-IDF 0.4, harmonic 10 (best overall)",
            "st:all-MiniLM-L6-v2",
            {
                "lexical_weight": 0.4,
                "lexical_analyzer": "word",
                "lexical_stemmer": "english",
                "aggregation": "harmonic",
            },
        ),
    ],
    # document mode (RankConfig.document_words): long questions matched as documents
    "documents": [
        ("default (document mode on)", "e5-small", {}),
        ("default, document mode off", "e5-small", {"document_words": 0}),
        ("every question a document (document_words 1)", "e5-small", {"document_words": 1}),
        (
            "  same, cross-language lexical raw",
            "e5-small",
            {"document_words": 1, "document_cross_language": "raw"},
        ),
        ("documents: cross-language lexical raw", "e5-small", {"document_cross_language": "raw"}),
        ("documents: unstemmed", "e5-small", {"document_stemmer": "none"}),
        ("documents: word unigrams", "e5-small", {"document_ngram_max": 1}),
        ("documents: lexical weight 0.5", "e5-small", {"document_lexical_weight": 0.5}),
        ("documents: lexical weight 0.7", "e5-small", {"document_lexical_weight": 0.7}),
        (
            "documents: char 3-5 TF-IDF 0.4 (the question channel)",
            "e5-small",
            {
                "document_analyzer": "char_wb",
                "document_ngram_max": 5,
                "document_stemmer": "none",
                "document_lexical_weight": 0.4,
            },
        ),
        ("documents: lexical weight 0.4", "e5-small", {"document_lexical_weight": 0.4}),
        ("documents: dense only", "e5-small", {"document_lexical_weight": 0.0}),
        ("questions: auto stemmer (char)", "e5-small", {"lexical_stemmer": "auto"}),
    ],
    "aggregation": [
        (
            f"e5 + USE + char 0.2, {agg}",
            "e5-small+use-multilingual",
            {"lexical_weight": 0.2, "aggregation": agg},
        )
        for agg in ("max", "mean", "top3")
    ],
    "lexical": [
        (f"e5 + USE + char, w={w}", "e5-small+use-multilingual", {"lexical_weight": w})
        for w in (0.0, 0.1, 0.2, 0.3, 0.5)
    ],
}


# Rows measured before document mode existed keep document mode off, as they were measured.
for _name in [n for n in GRIDS if n != "documents"]:
    GRIDS[_name] = [(label, spec, {"document_words": 0, **kw}) for label, spec, kw in GRIDS[_name]]


@cache
def _embedders(spec: str) -> tuple[Embedder, ...]:
    return tuple(create_embedders(spec, num_threads=1))


def _domain(configs: Sequence[Config], cache_path: str, questions_file: str | None = None) -> None:
    from api.app.demo import demo_profiles
    from api.app.records import profile_item

    store = SQLiteStore(cache_path)
    questions = load_domain_questions(Path(questions_file) if questions_file else None)
    items = [profile_item(p) for p in demo_profiles()]
    columns = [
        "nDCG@10",
        "MRR",
        "top-1",
        "cross-lingual nDCG@10",
        "cross-lingual top-1",
        "same-language nDCG@10",
    ]
    print("| configuration | " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|")
    for label, spec, kwargs in configs:
        engine = make_engine(_embedders(spec), RankConfig(**kwargs), store, sentences=True)
        engine.index.upsert(items)
        s = summarise(domain_rows(engine, questions), metrics=["ndcg@10", "mrr", "top1"])
        xl, mono = s["cross_lingual=True"], s["cross_lingual=False"]
        o = s["overall"]
        print(
            f"| {label} | {o['ndcg@10']:.3f} | {o['mrr']:.3f} | {o['top1']:.3f} | "
            f"{xl['ndcg@10']:.3f} | {xl['top1']:.3f} | {mono['ndcg@10']:.3f} |",
            flush=True,
        )


def _gold(configs: Sequence[Config], cache_path: str, data_dir: Path, indices: Sequence[int]) -> None:
    store = SQLiteStore(cache_path)
    print("| configuration | loss | easy | hard |")
    print("|---|---|---|---|")
    for label, spec, kwargs in configs:
        report = evaluate_goldstandard(
            data_dir, gold_score_fn(_embedders(spec), RankConfig(**kwargs), store), indices=indices
        )
        m = report.mean
        print(f"| {label} | {m.loss:.3f} | {m.easy:.3f} | {m.hard:.3f} |", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.sweep", description=__doc__)
    parser.add_argument("task", choices=["domain", "gold"])
    parser.add_argument("data_dir", nargs="?", help="reviewer-goldstandard folder (gold)")
    parser.add_argument("--grid", default="backends", choices=sorted(GRIDS))
    parser.add_argument("--indices", default="1,2,3,4,5,6,7,8,9,10")
    parser.add_argument("--cache", default="eval-out/embeddings.db")
    parser.add_argument(
        "--questions", help="domain: another labelled set, e.g. evaluation/data/domain_documents.json"
    )
    args = parser.parse_args(argv)
    configs = GRIDS[args.grid]
    if args.task == "domain":
        _domain(configs, args.cache, args.questions)
    else:
        if not args.data_dir:
            parser.error("gold needs DATA_DIR")
        _gold(configs, args.cache, Path(args.data_dir), [int(i) for i in args.indices.split(",")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run Kringmatch's own ranking code on the evaluation sets (the service's engine, unchanged).

Embeddings are cached in a SQLite file keyed by (model id, text hash), so a rerun with other
fusion settings, or another dataset holding the same papers, embeds nothing again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from evaluation.goldstandard import GoldDataset
from evaluation.ranking_metrics import ndcg_at_k, reciprocal_rank, top1_hit
from matcher import Filters, Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, Embedder, VectorCache

__all__ = ["DomainQuestion", "domain_rows", "gold_score_fn", "load_domain_questions", "make_engine"]


def make_engine(
    embedders: Sequence[Embedder], config: RankConfig, cache: VectorCache | None, *, sentences: bool = False
) -> MatchEngine:
    """A fresh engine over cached embedders (sentences embedded only when asked)."""
    return MatchEngine(
        [CachedEmbedder(e, cache) for e in embedders], config=config, embed_sentences=sentences
    )


def gold_score_fn(
    embedders: Sequence[Embedder], config: RankConfig, cache: VectorCache | None
) -> Callable[[GoldDataset], dict[str, dict[str, float]]]:
    """``dataset -> {researcher: {paper: affinity}}``: each researcher a multi-document profile."""

    def score(dataset: GoldDataset) -> dict[str, dict[str, float]]:
        engine = make_engine(embedders, config, cache, sentences=config.sentence_weight > 0)
        engine.index.upsert(
            Item(
                id=rid,
                name=rid,
                organisation=rid,
                role="researcher",
                texts=tuple(("paper", p.text) for p in papers),
            )
            for rid, papers in dataset.profiles.items()
            if papers
        )
        paper_ids = sorted(dataset.submissions)
        batch = engine.encode([dataset.submissions[p].text for p in paper_ids], remember=True)
        arrays = engine.index.arrays()
        total = engine.score(batch, arrays).total  # (n_papers, n_researchers)
        return {
            rid: {pid: float(total[q, n]) for q, pid in enumerate(paper_ids)}
            for n, rid in enumerate(arrays.ids)
        }

    return score


@dataclass(frozen=True)
class DomainQuestion:
    """A labelled buyer question: grades 0–3 per profile id (unlisted = 0)."""

    id: str
    text: str
    language: str
    cross_lingual: bool
    kind: str
    relevance: dict[str, int]


def load_domain_questions(path: Path | None = None) -> list[DomainQuestion]:
    """The shipped labelled domain set (or another file of the same shape)."""
    if path is None:
        raw = resources.files("evaluation").joinpath("data/domain_questions.json").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(raw)
    return [
        DomainQuestion(
            id=r["id"],
            text=r["text"],
            language=r["language"],
            cross_lingual=bool(r["cross_lingual"]),
            kind=r.get("kind", "product"),
            relevance={k: int(v) for k, v in r["relevance"].items()},
        )
        for r in rows
    ]


def domain_rows(
    engine: MatchEngine, questions: Sequence[DomainQuestion], *, k: int = 10
) -> list[dict[str, Any]]:
    """Rank the indexed profiles for each question, as ``POST /match`` does; one metrics row each."""
    found = engine.search_many([q.text for q in questions], top_k=k, filters=Filters())
    rows = []
    for question, matches in zip(questions, found, strict=True):
        ranked = [m.item.id for m in matches]
        rows.append(
            {
                "id": question.id,
                "language": question.language,
                "cross_lingual": question.cross_lingual,
                "kind": question.kind,
                "ndcg@10": ndcg_at_k(ranked, question.relevance, k=k),
                "mrr": reciprocal_rank(ranked, question.relevance),
                "top1": float(top1_hit(ranked, question.relevance)),
                "top": ranked[:3],
            }
        )
    return rows


def sick_similarities(
    embedder: Embedder, cache: VectorCache | None, a: Sequence[str], b: Sequence[str]
) -> np.ndarray:
    """Cosine of each pair (a[i], b[i]) under one backend (passages on both sides). Returns (n,)."""
    cached = CachedEmbedder(embedder, cache)
    va, vb = cached.passages(a), cached.passages(b)
    sims: np.ndarray = np.einsum("ij,ij->i", va, vb)
    return sims

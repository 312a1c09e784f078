"""Labelled evaluation networks: profiles, projects, buyer questions and their grades, run through the
application's own use cases (``Network.match``, ``.suggestions``, workshop tables, assignment).

A network file (``evaluation/networks/*.json``, written by people who never saw the engine's output)
holds ``profiles`` and ``projects`` as the API takes them, each with a ``theme``; ``questions`` graded
0–3 per profile (``cross_lingual``: every grade-3 profile is in another language; ``kind``: product
or process); and ``project_relevance``: for each open project, grades per profile (read as a column,
the reverse labels: which projects fit a profile). Which files are tuned on (dev) and which are only
reported (test) is fixed in ``SPLITS``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

from evaluation.ranking_metrics import ndcg_at_k, reciprocal_rank, summarise, top1_hit
from evaluation.runner import DomainQuestion

__all__ = [
    "NETWORK_DIR",
    "SPLITS",
    "LabelledNetwork",
    "hubness",
    "load_network",
    "question_rows",
    "split_files",
]

NETWORK_DIR = Path(__file__).resolve().parent / "networks"

SPLITS: dict[str, tuple[str, ...]] = {
    # defaults are chosen on these ...
    "dev": ("domain", "briefs", "vlaanderen-bouw", "zorg-onderwijs"),
    # ... and these are only scored, to report, once per default change
    "test": ("brussel-mix", "gemeenten-informeel"),
}
"""The frozen split. ``domain`` and ``briefs`` are the demo network with its 45 labelled questions
and its 24 labelled long briefs (``evaluation/data``)."""

DEMO_SETS: dict[str, Path | None] = {
    "domain": None,
    "briefs": Path(__file__).resolve().parent / "data" / "domain_documents.json",
}
"""Question sets on the demo network: name -> file (``None``: the shipped 45 questions)."""


@dataclass(frozen=True)
class LabelledNetwork:
    """One labelled network.

    Attributes:
        name: its file's stem.
        profiles: as ``POST /profiles/bulk`` takes them (``theme`` removed).
        projects: as ``POST /projects/bulk`` takes them (``theme`` removed).
        questions: graded buyer questions.
        project_relevance: open project id -> {profile id: grade}.
        themes: profile or project id -> its theme (for tables).
    """

    name: str
    profiles: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    questions: list[DomainQuestion]
    project_relevance: dict[str, dict[str, int]]
    themes: dict[str, str]

    def languages(self) -> dict[str, str]:
        """Profile id -> declared language."""
        return {p["id"]: p.get("language") or "" for p in self.profiles}


def _question(row: Mapping[str, Any]) -> DomainQuestion:
    return DomainQuestion(
        id=row["id"],
        text=row["text"],
        language=row["language"],
        cross_lingual=bool(row["cross_lingual"]),
        kind=row.get("kind", "product"),
        relevance={k: int(v) for k, v in row["relevance"].items() if int(v) > 0},
    )


def load_network(path: Path | str) -> LabelledNetwork:
    """Read a network file by path or name; ``domain`` and ``briefs`` are the demo's (``DEMO_SETS``)."""
    if str(path) in DEMO_SETS:
        from api.app.demo import demo_data
        from evaluation.runner import load_domain_questions

        raw = demo_data()
        questions = load_domain_questions(DEMO_SETS[str(path)])
        return LabelledNetwork(str(path), raw["profiles"], raw["projects"], questions, {}, {})
    file = Path(path)
    if not file.suffix:
        file = NETWORK_DIR / f"{file}.json"
    raw = json.loads(file.read_text(encoding="utf-8"))
    themes = {r["id"]: r["theme"] for r in [*raw["profiles"], *raw["projects"]] if r.get("theme")}
    strip = [{k: v for k, v in r.items() if k != "theme"} for r in raw["profiles"]]
    projects = [{k: v for k, v in r.items() if k != "theme"} for r in raw["projects"]]
    relevance = {
        p: {i: int(g) for i, g in grades.items() if int(g) > 0}
        for p, grades in raw.get("project_relevance", {}).items()
    }
    return LabelledNetwork(
        file.stem, strip, projects, [_question(q) for q in raw["questions"]], relevance, themes
    )


def split_files(split: str) -> list[str]:
    """The network names of a split (``dev``, ``test`` or ``all``)."""
    if split == "all":
        return [*SPLITS["dev"], *SPLITS["test"]]
    if split not in SPLITS:
        raise ValueError(f"split must be dev, test or all, got {split!r}")
    return list(SPLITS[split])


def question_rows(
    ranked: Sequence[Sequence[str]], questions: Sequence[DomainQuestion], *, k: int = 10
) -> list[dict[str, Any]]:
    """One metrics row per question from its ranked profile ids (best first)."""
    rows = []
    for question, ids in zip(questions, ranked, strict=True):
        rows.append(
            {
                "id": question.id,
                "language": question.language,
                "cross_lingual": question.cross_lingual,
                "kind": "process" if question.kind == "process" else "product",
                "ndcg@10": ndcg_at_k(list(ids), question.relevance, k=k),
                "mrr": reciprocal_rank(list(ids), question.relevance),
                "top1": float(top1_hit(list(ids), question.relevance)),
                "top": list(ids[:5]),
            }
        )
    return rows


def hubness(ranked: Sequence[Sequence[str]], *, k: int = 5) -> dict[str, Any]:
    """How often each profile reaches a top ``k``: the most frequent one's share of the questions.

    Returns:
        ``{"hub": id, "hub_share": float, "n5_max": int, "n5_skew": float}``; the skew is that of
        the k-occurrence counts over the profiles that occur (0 for a uniform spread).
    """
    counts: dict[str, int] = {}
    for ids in ranked:
        for i in ids[:k]:
            counts[i] = counts.get(i, 0) + 1
    if not counts:
        return {"hub": None, "hub_share": 0.0, "n5_max": 0, "n5_skew": 0.0}
    hub = max(sorted(counts), key=lambda i: counts[i])
    values = np.array(list(counts.values()), dtype=float)
    spread = values.std()
    skew = float(((values - values.mean()) ** 3).mean() / spread**3) if spread > 0 else 0.0
    return {"hub": hub, "hub_share": counts[hub] / len(ranked), "n5_max": counts[hub], "n5_skew": skew}


def summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """nDCG@10, MRR, top-1: all, same-language / cross-lingual, product / process."""
    out = summarise(rows, metrics=["ndcg@10", "mrr", "top1"])
    for kind in ("product", "process"):
        chosen = [r for r in rows if r["kind"] == kind]
        if chosen:
            out[f"kind={kind}"] = summarise(chosen, metrics=["ndcg@10", "mrr", "top1"])["overall"]
    return out


def table_ari(tables: Sequence[Sequence[str]], themes: Mapping[str, str]) -> float:
    """Adjusted Rand index of a seating (tables of ids) against the ids' true themes."""
    ids = [i for table in tables for i in table if i in themes]
    table_of = {i: n for n, table in enumerate(tables) for i in table}
    return float(adjusted_rand_score([themes[i] for i in ids], [table_of[i] for i in ids]))

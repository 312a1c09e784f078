"""Score labelled networks through the application's use cases, as a buyer, a provider and an organiser.

    kringmatch eval networks [NAME ...] [--split dev|test|all] [--json] [--<ranking option> VALUE ...]

Each network is loaded into its own SQLite store under ``--out`` (the store caches the embeddings,
so a rerun with other ranking settings embeds only the questions), through ``Network.add_profiles``
and ``add_projects`` as ``POST /profiles/bulk`` does; then:

* **match** (``POST /match``): every question, nDCG@10 / MRR / top-1, split by same-language vs
  cross-lingual and product vs process, and hubness (the profile most often in a top 5);
* **suggestions** (``GET /profiles/{id}/suggestions``): for every profile that some open project
  grades, nDCG@10 of its suggested projects and whether the best one comes first;
* **tables** (``POST /groups``, mode similar): adjusted Rand index of the tables against the themes;
* **assignment** (``POST /assignments``, one facilitator per project): share of projects whose
  facilitator is graded >= 2 (over projects that grade some facilitator >= 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from api.app.network import Network
from evaluation.networks import LabelledNetwork, hubness, question_rows, summary, table_ari
from evaluation.ranking_metrics import ndcg_at_k, top1_hit
from matcher import RankConfig
from matcher.embedding import Embedder
from models import AssignmentRequest, GroupRequest, MatchRequest, ProfileCreate, ProjectCreate
from store.sqlite import SQLiteStore

__all__ = ["MARKDOWN_HEADER", "evaluate_network", "format_report", "load_into", "markdown_row"]


def load_into(
    data: LabelledNetwork, store_path: Path, embedders: Sequence[Embedder], config: RankConfig
) -> Network:
    """A :class:`Network` over ``store_path`` holding exactly the network's profiles and projects."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store = SQLiteStore(str(store_path))
    for collection in (store.profiles, store.projects):
        for record_id in collection.ids():
            collection.delete(record_id)
    network = Network(store, embedders, config=config)
    network.add_profiles([ProfileCreate.model_validate(p) for p in data.profiles])
    network.add_projects([ProjectCreate.model_validate(p) for p in data.projects])
    return network


def _suggestions(network: Network, data: LabelledNetwork) -> dict[str, float] | None:
    columns: dict[str, dict[str, int]] = {}
    for project, grades in data.project_relevance.items():
        for profile, grade in grades.items():
            columns.setdefault(profile, {})[project] = grade
    if not columns:
        return None
    ndcg, first = [], []
    for profile in sorted(columns):
        ranked = [m.id for m in network.suggestions(profile, top_k=10).data]
        ndcg.append(ndcg_at_k(ranked, columns[profile], k=10))
        first.append(float(top1_hit(ranked, columns[profile])))
    return {"n": len(ndcg), "ndcg@10": sum(ndcg) / len(ndcg), "best_first": sum(first) / len(first)}


def _tables(network: Network, data: LabelledNetwork, seeds: int = 1) -> dict[str, float] | None:
    """Tables of 5–8 by theme, seated with seeds 0 … ``seeds - 1``: ARI of seed 0, mean and sd (ddof 0)."""
    if not data.themes:
        return None
    ids = sorted(data.themes)
    scores, tables = [], 0
    for seed in range(seeds):
        request = GroupRequest(participants=list(ids), size_min=5, size_max=8, seed=seed)
        seated = [[m.id for m in t.members] for t in network.seat_participants(request).tables]
        scores.append(table_ari(seated, data.themes))
        tables = tables or len(seated)
    return {
        "n": len(ids),
        "tables": tables,
        "ari": scores[0],
        "seeds": seeds,
        "ari_mean": float(np.mean(scores)),
        "ari_sd": float(np.std(scores)),
    }


def _assignment(network: Network, data: LabelledNetwork) -> dict[str, float] | None:
    facilitators = {p["id"] for p in data.profiles if p["role"] == "facilitator"}
    wanted = [
        p
        for p, grades in data.project_relevance.items()
        if any(g >= 2 for i, g in grades.items() if i in facilitators)
    ]
    if not wanted:
        return None
    result = network.assign_facilitators(AssignmentRequest(projects=wanted, per_project=1))
    good = [
        any(data.project_relevance[row.project.id].get(f.id, 0) >= 2 for f in row.facilitators)
        for row in result.data
    ]
    return {"n": len(good), "graded_2_plus": sum(good) / len(good)}


def evaluate_network(
    data: LabelledNetwork,
    embedders: Sequence[Embedder],
    config: RankConfig,
    *,
    out: Path,
    table_seeds: int = 1,
) -> dict[str, Any]:
    """Every figure of one network (see the module docstring); tables seated ``table_seeds`` times."""
    network = load_into(data, out / f"{data.name}.db", embedders, config)
    answers = network.match_many([(MatchRequest(text=q.text, top_k=10), frozenset()) for q in data.questions])
    ranked = [[m.id for m in a.data] for a in answers]
    rows = question_rows(ranked, data.questions)
    report: dict[str, Any] = {
        "network": data.name,
        "match": summary(rows),
        "hubness": hubness(ranked),
        "suggestions": _suggestions(network, data),
        "tables": _tables(network, data, table_seeds),
        "assignment": _assignment(network, data),
        "rows": rows,
    }
    network.store.close()
    return report


def format_report(report: dict[str, Any]) -> str:
    """A few aligned lines per network."""
    lines = [f"{report['network']}"]
    for key in ("overall", "cross_lingual=False", "cross_lingual=True", "kind=product", "kind=process"):
        if key in report["match"]:
            m = report["match"][key]
            lines.append(
                f"  {key:<21} n={int(m['n']):>3}  nDCG@10 {m['ndcg@10']:.3f}  MRR {m['mrr']:.3f}  "
                f"top-1 {m['top1']:.3f}"
            )
    h = report["hubness"]
    lines.append(
        f"  hub {h['hub']} in the top 5 of {h['hub_share']:.0%} of questions (skew {h['n5_skew']:.2f})"
    )
    if report["suggestions"]:
        s = report["suggestions"]
        lines.append(
            f"  suggestions n={s['n']}  nDCG@10 {s['ndcg@10']:.3f}  best first {s['best_first']:.3f}"
        )
    if report["tables"]:
        t = report["tables"]
        spread = (
            f" (seeds 0-{t['seeds'] - 1}: mean {t['ari_mean']:.3f} ± {t['ari_sd']:.3f})"
            if t["seeds"] > 1
            else ""
        )
        lines.append(f"  tables {t['n']} people at {t['tables']} tables: ARI {t['ari']:.3f}{spread}")
    if report["assignment"]:
        a = report["assignment"]
        lines.append(f"  assignment n={a['n']}: facilitator graded >= 2 for {a['graded_2_plus']:.3f}")
    return "\n".join(lines)


MARKDOWN_HEADER = (
    "| network | split | nDCG@10 | top-1 | same-language top-1 | cross-lingual top-1 | product top-1 "
    "| process top-1 | hub share | suggestions nDCG@10 / best first | tables ARI | assignment ≥ 2 |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)
"""The header of :func:`markdown_row`'s table (EVALUATION.md)."""


def markdown_row(report: dict[str, Any], split: str) -> str:
    """One network's figures as a row under :data:`MARKDOWN_HEADER`."""
    m = report["match"]

    def cell(key: str, metric: str = "top1") -> str:
        return f"{m[key][metric]:.3f}" if key in m else "–"

    s, t, a = report["suggestions"], report["tables"], report["assignment"]
    suggestions = f"{s['ndcg@10']:.3f} / {s['best_first']:.3f}" if s else "–"
    tables = "–" if not t else f"{t['ari']:.3f}" + (f" (mean {t['ari_mean']:.3f})" if t["seeds"] > 1 else "")
    assignment = f"{a['graded_2_plus']:.3f}" if a else "–"
    cells = [
        report["network"],
        split,
        cell("overall", "ndcg@10"),
        cell("overall"),
        cell("cross_lingual=False"),
        cell("cross_lingual=True"),
        cell("kind=product"),
        cell("kind=process"),
        f"{report['hubness']['hub_share']:.2f}",
        suggestions,
        tables,
        assignment,
    ]
    return "| " + " | ".join(cells) + " |"

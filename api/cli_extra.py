"""``kringmatch eval ...``: the evaluation commands, registered by ``cli.parser``.

Every ranking option of the service is also an option here, so a configuration measured here
is exactly the one the service runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api.config import RANK_SETTINGS, Settings

__all__ = ["add_commands"]


def _rank_args(p: argparse.ArgumentParser) -> None:
    d = Settings.model_fields
    p.add_argument("--embedder", default=d["embedder"].default, help="backend(s), '+' joins an ensemble")
    p.add_argument("--lexical-weight", type=float, default=d["lexical_weight"].default)
    p.add_argument(
        "--aggregation", choices=["max", "mean", "top3", "harmonic"], default=d["aggregation"].default
    )
    p.add_argument("--aggregation-depth", type=int, default=d["aggregation_depth"].default)
    p.add_argument("--normalisation", choices=["none", "z"], default=d["normalisation"].default)
    p.add_argument("--fusion", choices=["weighted", "rrf"], default=d["fusion"].default)
    p.add_argument("--lexical-analyzer", choices=["char_wb", "word"], default=d["lexical_analyzer"].default)
    p.add_argument("--lexical-stemmer", default=d["lexical_stemmer"].default, help="Snowball language")
    p.add_argument("--sentence-weight", type=float, default=d["sentence_weight"].default)
    p.add_argument("--centering", choices=["none", "language"], default=d["centering"].default)
    p.add_argument("--document-words", type=int, default=d["document_words"].default, help="0 = never")
    p.add_argument("--document-lexical-weight", type=float, default=d["document_lexical_weight"].default)
    p.add_argument("--document-analyzer", choices=["char_wb", "word"], default=d["document_analyzer"].default)
    p.add_argument("--document-ngram-max", type=int, default=d["document_ngram_max"].default)
    p.add_argument("--document-stemmer", default=d["document_stemmer"].default, help="auto, none, a language")
    p.add_argument(
        "--document-cross-language", choices=["raw", "impute"], default=d["document_cross_language"].default
    )
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--cache", default="eval-out/embeddings.db", help="SQLite embedding cache")


def _ranking(args: argparse.Namespace) -> tuple[Settings, Any, Any]:
    from matcher.embedding import create_embedders
    from store.sqlite import SQLiteStore

    settings = Settings(
        embedder=args.embedder,
        threads=args.threads,
        **{name: getattr(args, name) for name in RANK_SETTINGS},
    )
    embedders = create_embedders(settings.embedder, num_threads=settings.threads)
    return settings, embedders, SQLiteStore(args.cache)


def _describe(settings: Settings) -> str:
    return (
        f"embedder={settings.embedder} lexical_weight={settings.lexical_weight} "
        f"aggregation={settings.aggregation} depth={settings.aggregation_depth} "
        f"stemmer={settings.lexical_stemmer} normalisation={settings.normalisation} fusion={settings.fusion} "
        f"analyzer={settings.lexical_analyzer} sentence_weight={settings.sentence_weight} "
        f"centering={settings.centering}\n"
        f"documents (>= {settings.document_words} words): lexical_weight={settings.document_lexical_weight} "
        f"analyzer={settings.document_analyzer} ngram_max={settings.document_ngram_max} "
        f"stemmer={settings.document_stemmer} cross_language={settings.document_cross_language}"
    )


def cmd_gold(args: argparse.Namespace) -> int:
    from evaluation.goldstandard import evaluate_goldstandard, format_report
    from evaluation.runner import gold_score_fn

    settings, embedders, cache = _ranking(args)
    indices = [int(i) for i in args.indices.split(",")] if args.indices else range(1, 11)
    report = evaluate_goldstandard(
        Path(args.data_dir),
        gold_score_fn(embedders, settings.rank_config(), cache),
        indices=indices,
        out_dir=Path(args.out),
        name=args.name,
    )
    print(_describe(settings))
    print(format_report(report))
    return 0


def cmd_sick(args: argparse.Namespace) -> int:
    from evaluation.runner import sick_similarities
    from evaluation.sick import load_sick_nl, spearman_relatedness
    from matcher.embedding import create_embedder
    from store.sqlite import SQLiteStore

    pairs = load_sick_nl(Path(args.file), split=args.split or None)
    if args.limit:
        pairs = pairs[: args.limit]
    cache = SQLiteStore(args.cache)
    print(f"SICK-NL {args.split or 'all'}: {len(pairs)} pairs, Spearman(cosine, human relatedness)")
    for spec in args.backends.split(","):
        sims = sick_similarities(
            create_embedder(spec, num_threads=args.threads),
            cache,
            [p.sentence_a for p in pairs],
            [p.sentence_b for p in pairs],
        )
        rho = spearman_relatedness(sims.tolist(), [p.relatedness for p in pairs])
        print(f"  {spec:<28} {rho:.4f}")
    return 0


def cmd_domain(args: argparse.Namespace) -> int:
    from api.convert import profile_item
    from api.demo import demo_profiles
    from evaluation.ranking_metrics import summarise
    from evaluation.runner import domain_rows, load_domain_questions, make_engine

    settings, embedders, cache = _ranking(args)
    engine = make_engine(embedders, settings.rank_config(), cache, sentences=True)
    engine.index.upsert(profile_item(p) for p in demo_profiles())
    questions = load_domain_questions(Path(args.file) if args.file else None)
    rows = domain_rows(engine, questions)
    print(_describe(settings))
    summary = summarise(rows, metrics=["ndcg@10", "mrr", "top1"])
    print(f"  {'questions':<22} {'n':>3} {'nDCG@10':>8} {'MRR':>6} {'top-1':>6}")
    for key, value in summary.items():
        n, ndcg, mrr, top1 = int(value["n"]), value["ndcg@10"], value["mrr"], value["top1"]
        print(f"  {key:<22} {n:>3} {ndcg:>8.3f} {mrr:>6.3f} {top1:>6.3f}")
    if args.verbose:
        for row in rows:
            flag = "cross-lingual" if row["cross_lingual"] else "same-language"
            print(
                f"  {row['id']} {row['language']} {flag:<13} nDCG@10={row['ndcg@10']:.3f} top-3={row['top']}"
            )
    return 0


def _network(args: argparse.Namespace) -> Any:
    from api.build import build_network

    overrides: dict[str, Any] = {}
    if args.db:
        overrides["database_url"] = f"sqlite:///{args.db}"
    if args.database_url:
        overrides["database_url"] = args.database_url
    if args.embedder:
        overrides["embedder"] = args.embedder
    return build_network(Settings(**overrides))


def cmd_groups(args: argparse.Namespace) -> int:
    import json

    from api.workshop import seat_participants
    from models import GroupRequest

    raw = json.loads(Path(args.file).read_text(encoding="utf-8")) if args.file != "-" else {}
    request = GroupRequest.model_validate(raw)
    result = seat_participants(_network(args), request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    for table in result.tables:
        cohesion = "-" if table.cohesion is None else f"{table.cohesion:.2f}"
        print(f"Table {table.table} ({', '.join(table.theme)}; cohesion {cohesion})")
        for m in table.members:
            print(f"  - {m.name} ({m.organisation}, {m.role})")
    r = result.report
    print(f"mean similarity {r.mean_similarity:.3f} vs random seating {r.baseline_similarity:.3f}")
    print("violations: " + ("; ".join(r.violations) if r.violations else "none"))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from api.workshop import assign_facilitators
    from models import AssignmentRequest

    request = AssignmentRequest(
        projects=args.projects.split(",") if args.projects else None,
        facilitators=args.facilitators.split(",") if args.facilitators else None,
        per_project=args.per_project,
        objective=args.objective,
    )
    result = assign_facilitators(_network(args), request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    for row in result.data:
        chosen = ", ".join(f"{f.name} ({f.affinity:.2f})" for f in row.facilitators)
        spare = ", ".join(f.name for f in row.alternates) or "-"
        print(f"{row.project.name} [{row.project.organisation}]\n    → {chosen}\n    alternates: {spare}")
    print(f"total affinity {result.total:.3f}, worst project {result.minimum:.3f}, gap {result.gap:.1e}")
    return 0


def add_commands(sub: Any, store_args: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``eval goldstandard``/``sick-nl``/``domain``, ``groups``, ``assign``, ``migrate``."""
    p = sub.add_parser("groups", help="seat participants at workshop tables")
    store_args(p)
    p.add_argument("file", help="JSON request as for POST /groups ('-' = every profile and open project)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_groups)

    p = sub.add_parser("assign", help="assign facilitators to projects within their capacity")
    store_args(p)
    p.add_argument("--projects", help="comma-separated project ids (default: every open project)")
    p.add_argument("--facilitators", help="comma-separated profile ids (default: every facilitator)")
    p.add_argument("--per-project", type=int, default=1)
    p.add_argument("--objective", choices=["total", "fair"], default="total")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assign)

    ev = sub.add_parser("eval", help="measure ranking quality").add_subparsers(dest="eval", required=True)

    p = ev.add_parser("goldstandard", help="reviewer-paper gold standard (loss, easy, hard)")
    p.add_argument("data_dir", help="the reviewer-goldstandard folder")
    p.add_argument("--out", required=True, help="folder for {NAME}_d_20_{x}_ta.json predictions")
    p.add_argument("--name", default="kringmatch")
    p.add_argument("--indices", help="comma-separated dataset numbers (default 1..10)")
    _rank_args(p)
    p.set_defaults(func=cmd_gold)

    p = ev.add_parser("sick-nl", help="Spearman correlation on Dutch SICK-NL, per backend")
    p.add_argument("file", help="SICK_NL.txt")
    p.add_argument("--backends", default="e5-small-symmetric,use-multilingual,st:all-MiniLM-L6-v2")
    p.add_argument("--split", default="TEST", help="TRAIN, TRIAL, TEST, or '' for all (default TEST)")
    p.add_argument("--limit", type=int, default=0, help="first N pairs only (0 = all)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--cache", default="eval-out/embeddings.db")
    p.set_defaults(func=cmd_sick)

    p = ev.add_parser("domain", help="labelled buyer questions against the demo network")
    p.add_argument("--file", help="questions JSON (default: the shipped set)")
    p.add_argument("--verbose", action="store_true")
    _rank_args(p)
    p.set_defaults(func=cmd_domain)

    from api.migrate import add_migrate_command

    add_migrate_command(sub)

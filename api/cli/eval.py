"""``kringmatch eval ...``: the evaluation commands, registered by ``api.cli.parser``.

Every ranking option of the service is also an option here, so a configuration measured here
is exactly the one the service runs.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from api.app.config import RANK_SETTINGS, Settings, rank_options
from api.cli.progress import quiet_arg, terminal_progress, track
from api.cli.tables import json_arg, print_json, print_table

__all__ = ["add_eval_commands"]


def _flag_type(hint: Any) -> tuple[Any, list[str] | None]:
    """``(type, choices)`` for a RankConfig type: Literal -> choices, ``int | None`` -> int."""
    if get_origin(hint) is Literal:
        return str, [str(c) for c in get_args(hint)]
    if get_origin(hint) in (Union, UnionType):
        hint = next(a for a in get_args(hint) if a is not type(None))
    return hint, None


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


def _rank_args(p: argparse.ArgumentParser) -> None:
    """``--embedder``, ``--threads``, ``--cache`` and one flag per ranking setting (RankConfig)."""
    d = Settings.model_fields
    p.add_argument("--embedder", default=d["embedder"].default, help="backend(s), '+' joins an ensemble")
    for option, hint in rank_options():
        kind, choices = _flag_type(hint)
        flag = "--" + option.name.replace("_", "-")
        p.add_argument(
            flag, type=kind, choices=choices, default=d[option.name].default, help=option.metadata["help"]
        )
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--cache", default="eval-out/embeddings.db", help="SQLite embedding cache")
    quiet_arg(p)


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


def cmd_gold(args: argparse.Namespace) -> int:
    from evaluation.goldstandard import evaluate_goldstandard, format_report
    from evaluation.runner import gold_score_fn

    settings, embedders, cache = _ranking(args)
    indices = [int(i) for i in args.indices.split(",")] if args.indices else list(range(1, 11))
    with terminal_progress(args) as bar:
        report = evaluate_goldstandard(
            Path(args.data_dir),
            gold_score_fn(embedders, settings.rank_config(), cache),
            indices=track(bar, indices, "goldstandard datasets"),
            out_dir=Path(args.out),
            name=args.name,
        )
    if args.json:
        print_json(
            {
                "name": report.name,
                "per_dataset": {str(i): dataclasses.asdict(s) for i, s in report.per_dataset.items()},
                "mean": dataclasses.asdict(report.mean),
            }
        )
        return 0
    print(settings.describe_ranking())
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
    results: dict[str, float] = {}
    with terminal_progress(args) as bar:
        for spec in track(bar, args.backends.split(","), "SICK-NL backends"):
            sims = sick_similarities(
                create_embedder(spec, num_threads=args.threads),
                cache,
                [p.sentence_a for p in pairs],
                [p.sentence_b for p in pairs],
            )
            results[spec] = spearman_relatedness(sims.tolist(), [p.relatedness for p in pairs])
    if args.json:
        print_json({"split": args.split or "all", "pairs": len(pairs), "spearman": results})
        return 0
    title = f"SICK-NL {args.split or 'all'}: {len(pairs)} pairs, Spearman(cosine, human relatedness)"
    print_table(
        ["backend", "Spearman"],
        [(k, f"{v:.4f}") for k, v in results.items()],
        title=title,
        numeric=["Spearman"],
    )
    return 0


def cmd_domain(args: argparse.Namespace) -> int:
    from api.app.demo import demo_profiles
    from api.app.records import profile_item
    from evaluation.ranking_metrics import summarise
    from evaluation.runner import domain_rows, load_domain_questions, make_engine

    settings, embedders, cache = _ranking(args)
    engine = make_engine(embedders, settings.rank_config(), cache, sentences=True)
    engine.index.upsert(profile_item(p) for p in demo_profiles())
    questions = load_domain_questions(Path(args.file) if args.file else None)
    rows = domain_rows(engine, questions)
    summary = summarise(rows, metrics=["ndcg@10", "mrr", "top1"])
    if args.json:
        print_json({"summary": summary, **({"rows": rows} if args.verbose else {})})
        return 0
    print(settings.describe_ranking())
    print_table(
        ["questions", "n", "nDCG@10", "MRR", "top-1"],
        [
            (key, int(v["n"]), f"{v['ndcg@10']:.3f}", f"{v['mrr']:.3f}", f"{v['top1']:.3f}")
            for key, v in summary.items()
        ],
        numeric=["n", "nDCG@10", "MRR", "top-1"],
    )
    if args.verbose:
        print_table(
            ["id", "language", "", "nDCG@10", "top-3"],
            [
                (
                    row["id"],
                    row["language"],
                    "cross-lingual" if row["cross_lingual"] else "same-language",
                    f"{row['ndcg@10']:.3f}",
                    ", ".join(row["top"]),
                )
                for row in rows
            ],
            numeric=["nDCG@10"],
        )
    return 0


def cmd_networks(args: argparse.Namespace) -> int:
    import json

    from evaluation.network_eval import MARKDOWN_HEADER, evaluate_network, format_report, markdown_row
    from evaluation.networks import SPLITS, load_network, split_files

    settings, embedders, _ = _ranking(args)
    if not args.json:
        print(settings.describe_ranking())
    if args.markdown and not args.json:
        print(MARKDOWN_HEADER)
    names = list(args.names or split_files(args.split))
    with terminal_progress(args) as bar:
        for name in track(bar, names, "networks"):
            config = settings.rank_config()
            report = evaluate_network(
                load_network(name), embedders, config, out=Path(args.out), table_seeds=args.table_seeds
            )
            if args.json:
                print(json.dumps({k: v for k, v in report.items() if k != "rows"}))
            elif args.markdown:
                print(markdown_row(report, "dev" if name in SPLITS["dev"] else "test"))
            else:
                print(format_report(report))
    return 0


TUNING_GRIDS: dict[str, dict[str, list[Any]]] = {
    "broad": {
        "weight": [0.0, 0.1, 0.2, 0.3],
        "C": [0.1, 1.0, 10.0],
        "mode": ["pointwise", "pairwise"],
        "min_feedback": [10, 20, 40],
        "depth": [15, 30],
    },
    "fine": {
        "weight": [0.1, 0.2, 0.3],
        "C": [1.0],
        "mode": ["pointwise", "pairwise"],
        "min_feedback": [10, 25, 50, 100],
        "depth": [15],
    },
}
"""``eval feedback --tune --grid NAME``: the reranker settings tried (EVALUATION.md, issue 14)."""


def cmd_feedback(args: argparse.Namespace) -> int:
    import json

    from evaluation.feedback_sim import (
        curve_markdown,
        evaluate_feedback,
        format_curve,
        mean_curves,
        networks_markdown,
        simulate,
        tune,
    )
    from evaluation.networks import SPLITS, load_network, split_files
    from matcher.reranker import FeedbackReranker

    settings, embedders, _ = _ranking(args)
    params = {"weight": args.weight, "C": args.C, "min_feedback": args.min_feedback, "mode": args.mode}
    print(settings.describe_ranking())
    print(
        "reranker "
        + " ".join(f"{k}={v}" for k, v in params.items())
        + f" depth={args.depth} per_question={args.per_question}"
    )
    names = args.names or split_files(args.split)
    found = {
        name: evaluate_feedback(
            load_network(name),
            embedders,
            settings.rank_config(),
            out=Path(args.out),
            depth=max(args.depth, 30),
        )
        for name in names
    }
    if args.tune:
        dev = [c for name, c in found.items() if name in SPLITS["dev"]]
        if not dev:
            print("--tune chooses on dev networks only; none was given")
            return 1
        grid = TUNING_GRIDS[args.grid]
        print(f"tuning on {', '.join(c.name for c in dev)}: held-out change, mean over budgets with feedback")
        for chosen, ndcg, top1, loss in tune(dev, grid, splits=args.splits)[: args.show]:
            print(f"  {chosen}  nDCG@10 {ndcg:+.4f}  top-1 {top1:+.4f}  worst network/budget {loss:+.4f}")
        return 0
    reranker = FeedbackReranker(**params)
    curves: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    for name, cands in found.items():
        report = simulate(
            cands, reranker, splits=args.splits, per_question=args.per_question, depth=args.depth
        )
        curves["dev" if name in SPLITS["dev"] else "test"].append(report)
        if args.json:
            print(json.dumps(report))
        elif not args.markdown:
            print(format_curve(report))
    means = {split: mean_curves(reports) for split, reports in curves.items() if reports}
    if args.markdown:
        print(curve_markdown(means))
        reports = [*curves["dev"], *curves["test"]]
        print("\n" + networks_markdown(reports, {r["network"]: s for s, rs in curves.items() for r in rs}))
    elif not args.json:
        for split, curve in means.items():
            n = len(curves[split])
            print(
                format_curve(
                    {"network": f"{split}: mean of {n} networks", "splits": args.splits, "curve": curve}
                )
            )
    return 0


def cmd_crosslingual(args: argparse.Namespace) -> int:
    from evaluation.crosslingual import crosslingual_report

    settings, embedders, cache = _ranking(args)
    config = settings.rank_config()
    results = {}
    with terminal_progress(args) as bar:
        for embedder in track(bar, embedders, "models"):
            report = crosslingual_report(Path(args.data_dir), embedder, config, cache, limit=args.limit)
            results[embedder.model_id] = report
    if args.json:
        print_json(results)
        return 0
    for model_id, report in results.items():
        print(f"{model_id}: centering {config.centering}, {config.alignment_components} components")
        for name, result in report.items():
            print(f"  {name:<14} " + "  ".join(f"{k} {v:.3f}" for k, v in result.items()))
    return 0


def add_eval_commands(sub: Any) -> None:
    """Register the ``eval`` commands: goldstandard, sick-nl, domain, networks, feedback, crosslingual."""
    from matcher.reranker import FeedbackReranker

    reranker_defaults = FeedbackReranker().get_params()
    ev = sub.add_parser("eval", help="measure ranking quality").add_subparsers(dest="eval", required=True)

    p = ev.add_parser("goldstandard", help="reviewer-paper gold standard (loss, easy, hard)")
    p.add_argument("data_dir", help="the reviewer-goldstandard folder")
    p.add_argument("--out", required=True, help="folder for {NAME}_d_20_{x}_ta.json predictions")
    p.add_argument("--name", default="kringmatch")
    p.add_argument("--indices", help="comma-separated dataset numbers (default 1..10)")
    json_arg(p, "the scores")
    _rank_args(p)
    p.set_defaults(func=cmd_gold)

    p = ev.add_parser("sick-nl", help="Spearman correlation on Dutch SICK-NL, per backend")
    p.add_argument("file", help="SICK_NL.txt")
    p.add_argument("--backends", default="e5-small-symmetric,use-multilingual,st:all-MiniLM-L6-v2")
    p.add_argument("--split", default="TEST", help="TRAIN, TRIAL, TEST, or '' for all (default TEST)")
    p.add_argument("--limit", type=int, default=0, help="first N pairs only (0 = all)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--cache", default="eval-out/embeddings.db")
    json_arg(p, "the correlations")
    quiet_arg(p)
    p.set_defaults(func=cmd_sick)

    p = ev.add_parser("domain", help="labelled buyer questions against the demo network")
    p.add_argument("--file", help="questions JSON (default: the shipped set)")
    p.add_argument("--verbose", action="store_true", help="also one row per question")
    json_arg(p, "the summary (and with --verbose the rows)")
    _rank_args(p)
    p.set_defaults(func=cmd_domain)

    p = ev.add_parser("networks", help="labelled networks: match, suggestions, tables, assignment (dev/test)")
    p.add_argument("names", nargs="*", help="network names or files (default: the split's)")
    p.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    p.add_argument("--out", default="eval-out/networks", help="folder for each network's SQLite store")
    p.add_argument("--json", action="store_true", help="one JSON report per network")
    p.add_argument("--markdown", action="store_true", help="one table row per network (EVALUATION.md)")
    p.add_argument(
        "--table-seeds",
        type=_positive,
        default=1,
        help="seat the workshop's tables with seeds 0..N-1 and report the mean ARI beside seed 0's",
    )
    _rank_args(p)
    p.set_defaults(func=cmd_networks)

    defaults = reranker_defaults
    p = ev.add_parser("feedback", help="simulated buyer feedback: held-out nDCG@10 against verdicts given")
    p.add_argument("names", nargs="*", help="network names or files (default: the split's)")
    p.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    p.add_argument("--out", default="eval-out/networks", help="folder for each network's SQLite store")
    p.add_argument(
        "--markdown", action="store_true", help="the curve tables, dev beside test (EVALUATION.md)"
    )
    p.add_argument("--json", action="store_true", help="one JSON curve per network")
    p.add_argument(
        "--tune", action="store_true", help="grid over the reranker's parameters, dev networks only"
    )
    p.add_argument("--grid", default="fine", choices=sorted(TUNING_GRIDS), help="with --tune: settings tried")
    p.add_argument("--show", type=int, default=10, help="with --tune: how many settings to print")
    p.add_argument("--splits", type=int, default=20, help="random feedback/held-out splits per network")
    p.add_argument("--per-question", type=int, default=5, help="most verdicts a buyer gives per question")
    p.add_argument("--weight", type=float, default=defaults["weight"], help="reranker: spread per log-odds")
    p.add_argument("--C", type=float, default=defaults["C"], help="reranker: inverse regularisation")
    p.add_argument(
        "--min-feedback", type=int, default=defaults["min_feedback"], help="reranker: fewest verdicts"
    )
    p.add_argument(
        "--mode", default=defaults["mode"], choices=["pointwise", "pairwise"], help="reranker: loss"
    )
    p.add_argument("--depth", type=int, default=15, help="candidates of a question the reranker reorders")
    _rank_args(p)
    p.set_defaults(func=cmd_feedback)

    p = ev.add_parser("crosslingual", help="Tatoeba, FLORES-200 and STS-B multi-MT cross-lingual checks")
    p.add_argument("data_dir", help="shared/datasets")
    p.add_argument("--limit", type=int, default=1000, help="sentences (pairs) per set")
    json_arg(p, "the scores per model")
    _rank_args(p)
    p.set_defaults(func=cmd_crosslingual)

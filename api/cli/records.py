"""``kringmatch import``, ``match`` and ``export``: records in, questions answered, records out."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

from api.cli.options import network_from, store_args
from models import MatchRequest

__all__ = ["add_record_commands"]


def cmd_import(args: argparse.Namespace) -> int:
    from api.app.record_files import read_records

    profiles, projects = read_records(Path(args.file))
    network = network_from(args)
    network.add_profiles(profiles, replace=args.replace)
    network.add_projects(projects, replace=args.replace)
    print(f"imported {len(profiles)} profiles and {len(projects)} projects")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    network = network_from(args)
    request = MatchRequest(
        text=args.question, top_k=args.top_k, role=args.role, region=args.region, kind=args.kind
    )
    result = network.match(request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    if not result.data:
        print("no matches (is the store empty? try `kringmatch import` or `serve --demo`)")
    for rank, m in enumerate(result.data, start=1):
        e = m.explanation
        print(f"{rank:>2}. {m.score:6.3f}  {m.name} ({m.organisation}, {m.role})  [{m.id}]")
        terms = ", ".join(e.matched_terms) or "-"
        help_types = f"; needs {e.needs}, offers {e.offers}" if e.needs else ""
        scores = f"dense {e.dense:.3f}, lexical {e.lexical:.3f}"
        print(f"      why: {e.best_source}; {scores}; terms: {terms}{help_types}")
        print(textwrap.indent(textwrap.fill(f"“{e.best_passage}”", 96), "      "))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    text = json.dumps(network_from(args).export(), ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def add_record_commands(sub: Any) -> None:
    """Register ``import``, ``match`` and ``export``."""
    p = sub.add_parser("import", help="import profiles/projects from JSON or CSV (all or nothing)")
    store_args(p)
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="replace records whose id exists")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("match", help="rank stored profiles for a question")
    store_args(p)
    p.add_argument("question")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--role", choices=["facilitator", "supplier"])
    p.add_argument("--region")
    p.add_argument("--kind", choices=["profiles", "projects"], default="profiles")
    p.add_argument("--json", action="store_true", help="print the API's JSON instead of a table")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("export", help="write every profile and project as JSON")
    store_args(p)
    p.add_argument("--out", help="file (default: standard output)")
    p.set_defaults(func=cmd_export)

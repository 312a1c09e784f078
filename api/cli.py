"""The ``kringmatch`` command: serve, import, match, export, eval."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from api.config import Settings
from matcher import KringmatchError
from models import MatchRequest

__all__ = ["main"]


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "db", None):
        overrides["database_url"] = f"sqlite:///{args.db}"
    if getattr(args, "database_url", None):
        overrides["database_url"] = args.database_url
    if getattr(args, "embedder", None):
        overrides["embedder"] = args.embedder
    return Settings(**overrides)  # type: ignore[arg-type]


def _network(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from api.build import build_network

    return build_network(_settings(args))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = _settings(args).model_copy(update={"demo": args.demo, "host": args.host})
    app = create_app(settings)  # AccessConfigError: a public address without keys
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="info", limit_concurrency=settings.max_connections
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from api.io import read_records

    profiles, projects = read_records(Path(args.file))
    network = _network(args)
    network.add_profiles(profiles, replace=args.replace)
    network.add_projects(projects, replace=args.replace)
    print(f"imported {len(profiles)} profiles and {len(projects)} projects")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    network = _network(args)
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
        print(f"      why: {e.best_source}; dense {e.dense:.3f}, lexical {e.lexical:.3f}; terms: {terms}")
        print(textwrap.indent(textwrap.fill(f"“{e.best_passage}”", 96), "      "))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    network = _network(args)
    data = {
        "profiles": [p.model_dump(exclude_none=True) for p in network.store.profiles.list()],
        "projects": [p.model_dump(exclude_none=True) for p in network.store.projects.list()],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def _store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite file (default: kringmatch.db, or KRINGMATCH_DATABASE_URL)")
    p.add_argument("--database-url", help="store URL, e.g. sqlite:///path.db or postgresql://user@host/db")
    p.add_argument("--embedder", help="embedding backend(s), e.g. e5-small+use-multilingual")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="kringmatch", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the HTTP service")
    _store_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help="load the demo network into an empty store")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("import", help="import profiles/projects from JSON or CSV (all or nothing)")
    _store_args(p)
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="replace records whose id exists")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("match", help="rank stored profiles for a question")
    _store_args(p)
    p.add_argument("question")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--role", choices=["facilitator", "supplier"])
    p.add_argument("--region")
    p.add_argument("--kind", choices=["profiles", "projects"], default="profiles")
    p.add_argument("--json", action="store_true", help="print the API's JSON instead of a table")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("export", help="write every profile and project as JSON")
    _store_args(p)
    p.add_argument("--out", help="file (default: standard output)")
    p.set_defaults(func=cmd_export)

    from api.cli_extra import add_commands

    add_commands(sub, _store_args)
    from api.cli_ops import add_ops_commands

    add_ops_commands(sub, _store_args, _settings)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KringmatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # pydantic validation of CLI arguments
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

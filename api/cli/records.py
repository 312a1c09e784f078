"""``kringmatch import``, ``match`` and ``export``: records in, questions answered, records out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from api.app.exports import FORMATS, LISTS, REPORTS, csv_text, export_file
from api.app.progress import with_progress
from api.cli.options import network_from, store_args
from api.cli.progress import quiet_arg, terminal_progress
from api.cli.tables import json_arg, print_json, print_table
from models import MatchRequest
from models.errors import InvalidInputError

__all__ = ["add_record_commands"]


def cmd_import(args: argparse.Namespace) -> int:
    from api.app.record_files import read_records

    profiles, projects = read_records(Path(args.file))
    with terminal_progress(args) as bar:
        network = network_from(args, progress=bar)
        with with_progress(bar, Path(args.file).name):
            network.add_profiles(profiles, replace=args.replace)
            network.add_projects(projects, replace=args.replace)
    if args.json:
        print_json({"profiles": len(profiles), "projects": len(projects)})
    else:
        print(f"imported {len(profiles)} profiles and {len(projects)} projects")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    request = MatchRequest(
        text=args.question, top_k=args.top_k, role=args.role, region=args.region, kind=args.kind
    )
    with terminal_progress(args) as bar:
        result = network_from(args, progress=bar).match(request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    if not result.data:
        print("no matches (is the store empty? try `kringmatch import` or `serve --demo`)")
        return 0
    rows = []
    for rank, m in enumerate(result.data, start=1):
        e = m.explanation
        terms = ", ".join(e.matched_terms) or "-"
        help_types = f"; needs {e.needs}, offers {e.offers}" if e.needs else ""
        help_types += f"; {e.concept}" if e.concept else ""
        why = f"{e.best_source}; dense {e.dense:.3f}, lexical {e.lexical:.3f}; terms: {terms}{help_types}"
        rows.append(
            (rank, f"{m.score:.3f}", m.name, m.organisation, m.role, m.id, f"{why}\n“{e.best_passage}”")
        )
    print_table(
        ["#", "score", "name", "organisation", "role", "id", "why"], rows, numeric=["#", "score"], lines=True
    )
    return 0


def _write_csv_lists(data: dict[str, Any], lists: list[str], lang: str, out: Path) -> list[Path]:
    """One CSV file per list into the folder ``out`` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in lists:
        path = out / f"{name}.csv"
        path.write_text(csv_text(data[name], name, lang), encoding="utf-8-sig", newline="")
        written.append(path)
    return written


def cmd_export(args: argparse.Namespace) -> int:
    lists = [args.list] if args.list else list(LISTS)
    with terminal_progress(args) as bar:
        data = network_from(args, progress=bar).export()
    out = Path(args.out) if args.out else None
    if args.format == "csv" and (out is None or out.suffix.lower() != ".zip"):
        if out is None:
            if len(lists) > 1:
                raise InvalidInputError(
                    "a CSV export of both lists needs --out (a folder, or a .zip file); "
                    "or choose one with --list",
                    field="out",
                    value=None,
                )
            sys.stdout.write(csv_text(data[lists[0]], lists[0], args.lang))
            return 0
        written = _write_csv_lists(data, lists, args.lang, out)
        print(f"exported {', '.join(str(p) for p in written)}", file=sys.stderr)
        return 0
    file = export_file(data, format=args.format, lists=lists, lang=args.lang)
    if out is None:
        if args.format != "json":
            raise InvalidInputError("an XLSX export needs --out FILE", field="out", value=None)
        sys.stdout.write(file.content.decode("utf-8"))
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(file.content)
    counts = ", ".join(f"{len(data[name])} {name}" for name in lists)
    print(f"exported {counts} to {out}", file=sys.stderr)
    return 0


def add_record_commands(sub: Any) -> None:
    """Register ``import``, ``match`` and ``export``."""
    p = sub.add_parser("import", help="import profiles/projects from JSON, CSV or XLSX (all or nothing)")
    store_args(p)
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="replace records whose id exists")
    json_arg(p, "the counts")
    quiet_arg(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("match", help="rank stored profiles for a question")
    store_args(p)
    p.add_argument("question")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--role", choices=["facilitator", "supplier"])
    p.add_argument("--region")
    p.add_argument("--kind", choices=["profiles", "projects"], default="profiles")
    json_arg(p, "the API's JSON")
    quiet_arg(p)
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("export", help="write every profile and project as JSON, CSV or XLSX")
    store_args(p)
    p.add_argument("--format", choices=FORMATS, default="json", help="json (default), csv or xlsx")
    p.add_argument(
        "--list",
        choices=LISTS + REPORTS,
        help="only profiles, only projects, or the introductions log (default: profiles and projects)",
    )
    p.add_argument("--lang", choices=["nl", "en", "fr"], default="en", help="CSV/XLSX header language")
    p.add_argument(
        "--out",
        help="file (default: standard output); csv: a folder for profiles.csv and projects.csv, "
        "or a .zip file holding them",
    )
    quiet_arg(p)
    p.set_defaults(func=cmd_export)

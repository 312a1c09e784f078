"""``kringmatch groups`` and ``assign``: workshop tables and facilitator assignment."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from api.cli.options import network_from, store_args
from api.cli.progress import quiet_arg, terminal_progress
from api.cli.tables import json_arg, print_table
from models import AssignmentRequest, GroupRequest

__all__ = ["add_workshop_commands"]


def cmd_groups(args: argparse.Namespace) -> int:
    raw = json.loads(Path(args.file).read_text(encoding="utf-8")) if args.file != "-" else {}
    request = GroupRequest.model_validate(raw)
    with terminal_progress(args) as bar:
        result = network_from(args, progress=bar).seat_participants(request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    rows = []
    for table in result.tables:
        cohesion = "-" if table.cohesion is None else f"{table.cohesion:.2f}"
        for n, m in enumerate(table.members):
            first = n == 0
            rows.append(
                (table.table if first else "", ", ".join(table.theme) if first else "",
                 cohesion if first else "", m.name, m.organisation, m.role)
            )  # fmt: skip
    print_table(["table", "theme", "cohesion", "name", "organisation", "role"], rows, numeric=["table"])
    r = result.report
    print(f"mean similarity {r.mean_similarity:.3f} vs random seating {r.baseline_similarity:.3f}")
    print("violations: " + ("; ".join(r.violations) if r.violations else "none"))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    request = AssignmentRequest(
        projects=args.projects.split(",") if args.projects else None,
        facilitators=args.facilitators.split(",") if args.facilitators else None,
        per_project=args.per_project,
        objective=args.objective,
    )
    with terminal_progress(args) as bar:
        result = network_from(args, progress=bar).assign_facilitators(request)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    rows = [
        (
            row.project.name,
            row.project.organisation,
            ", ".join(f"{f.name} ({f.affinity:.2f})" for f in row.facilitators) or "-",
            ", ".join(f.name for f in row.alternates) or "-",
        )
        for row in result.data
    ]
    print_table(["project", "buyer", "facilitators (affinity)", "alternates"], rows)
    print(f"total affinity {result.total:.3f}, worst project {result.minimum:.3f}, gap {result.gap:.1e}")
    return 0


def add_workshop_commands(sub: Any) -> None:
    """Register ``groups`` and ``assign``."""
    p = sub.add_parser("groups", help="seat participants at workshop tables")
    store_args(p)
    p.add_argument("file", help="JSON request as for POST /groups ('-' = every profile and open project)")
    json_arg(p, "the API's JSON")
    quiet_arg(p)
    p.set_defaults(func=cmd_groups)

    p = sub.add_parser("assign", help="assign facilitators to projects within their capacity")
    store_args(p)
    p.add_argument("--projects", help="comma-separated project ids (default: every open project)")
    p.add_argument("--facilitators", help="comma-separated profile ids (default: every facilitator)")
    p.add_argument("--per-project", type=int, default=1)
    p.add_argument("--objective", choices=["total", "fair"], default="total")
    json_arg(p, "the API's JSON")
    quiet_arg(p)
    p.set_defaults(func=cmd_assign)

"""``kringmatch migrate --from URL --to URL``: copy a whole network to another store (store/copy.py)."""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
from typing import Any, TextIO

from api.cli.tables import json_arg, print_json
from models.errors import InvalidInputError
from store import open_store
from store.copy import MigrationCounts, copy_network, open_source
from store.urls import redact_url

__all__ = ["add_migrate_command", "run_migrate"]


def run_migrate(
    source_url: str, target_url: str, *, replace: bool, batch: int, out: TextIO
) -> MigrationCounts:
    if batch < 1:
        raise InvalidInputError(f"--batch must be at least 1, got {batch}", field="batch", value=batch)
    if source_url == target_url:
        raise InvalidInputError(
            "--from and --to name the same store", field="to", value=redact_url(target_url)
        )
    source = open_source(source_url)
    try:
        target = open_store(target_url)
        try:
            counts = copy_network(source, target, replace=replace, batch=batch)
        finally:
            target.close()
    finally:
        source.close()
    print(
        f"migrated {counts.profiles} profiles, {counts.projects} projects and {counts.embeddings} embeddings "
        f"from {redact_url(source_url)} to {redact_url(target_url)}"
        + (f" ({counts.deleted} records only the target had were deleted)" if counts.deleted else ""),
        file=out,
    )
    return counts


def cmd_migrate(args: argparse.Namespace) -> int:
    out = io.StringIO() if args.json else sys.stdout
    counts = run_migrate(args.source, args.target, replace=args.replace, batch=args.batch, out=out)
    if args.json:
        print_json(dataclasses.asdict(counts))
    return 0


def add_migrate_command(sub: Any) -> None:
    """Register ``kringmatch migrate`` on the CLI's subparsers."""
    p = sub.add_parser("migrate", help="copy a whole network (records and embeddings) to another store")
    p.add_argument("--from", dest="source", required=True, help="source URL, e.g. sqlite:///kringmatch.db")
    p.add_argument("--to", dest="target", required=True, help="target URL, e.g. postgresql://user@host/db")
    p.add_argument("--replace", action="store_true", help="overwrite a non-empty target")
    p.add_argument("--batch", type=int, default=10_000, help="records per transaction")
    json_arg(p, "the counts")
    p.set_defaults(func=cmd_migrate)

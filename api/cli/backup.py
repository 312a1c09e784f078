"""``kringmatch backup`` and ``restore``: snapshots of the SQLite store (store/backup.py)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from api.cli.options import settings_from, store_args
from api.cli.tables import json_arg, print_json

__all__ = ["add_backup_commands"]


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import backup

    report = backup(settings_from(args).database_url, Path(args.file))
    if args.json:
        print_json(dataclasses.asdict(report))
        return 0
    print(f"backup written: {report.describe()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from store.backup import restore

    report = restore(Path(args.file), settings_from(args).database_url, force=args.force)
    if args.json:
        print_json(dataclasses.asdict(report))
        return 0
    print(f"restored into {report.describe()}; start the server again to index them")
    return 0


def add_backup_commands(sub: Any) -> None:
    """Register ``backup`` and ``restore``."""
    p = sub.add_parser("backup", help="consistent snapshot of the SQLite store, safe while serving")
    store_args(p)
    p.add_argument("file", help="the backup file to write")
    json_arg(p, "what was written")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the store with a backup (stop the server first)")
    store_args(p)
    p.add_argument("file", help="a file written by `kringmatch backup`")
    p.add_argument("--force", action="store_true", help="overwrite a store that holds records")
    json_arg(p, "what was restored")
    p.set_defaults(func=cmd_restore)

"""``kringmatch keys``, ``backup`` and ``restore``: registered by ``cli.parser``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api.config import Settings

__all__ = ["add_ops_commands"]

SettingsFn = Callable[[argparse.Namespace], Settings]


def _keys_file(args: argparse.Namespace) -> Path:
    if args.file:
        return Path(args.file)
    configured = Settings().keys_file
    return configured if configured is not None else Path("keys.json")


def cmd_keys_create(args: argparse.Namespace) -> int:
    from api.keys import add_key

    path = _keys_file(args)
    key = add_key(path, name=args.name, role=args.role, organisation=args.organisation, scheme=args.hash)
    scope = f" of {args.organisation!r}" if args.organisation else ""
    print(f"created {args.role} key {args.name!r}{scope} in {path} (only its hash is kept);", file=sys.stderr)
    print("this is the only time the key is shown:", file=sys.stderr)
    print(key)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from api.keys import read_keys_file

    path = _keys_file(args)
    for entry in read_keys_file(path):
        scope = f" ({entry.organisation})" if entry.organisation else ""
        scheme = entry.hash.split("$")[0] if "$" in entry.hash else "sha256"
        print(f"{entry.name}: {entry.role}{scope} [{scheme}]")
    return 0


def cmd_backup(args: argparse.Namespace, settings_fn: SettingsFn) -> int:
    from api.backup import backup

    report = backup(settings_fn(args).database_url, Path(args.file))
    print(f"backup written: {report.describe()}")
    return 0


def cmd_restore(args: argparse.Namespace, settings_fn: SettingsFn) -> int:
    from api.backup import restore

    report = restore(Path(args.file), settings_fn(args).database_url, force=args.force)
    print(f"restored into {report.describe()}; start the server again to index them")
    return 0


def add_ops_commands(
    sub: Any, store_args: Callable[[argparse.ArgumentParser], None], settings_fn: SettingsFn
) -> None:
    """Register ``keys create``, ``keys list``, ``backup`` and ``restore``."""
    keys_parser = sub.add_parser("keys", help="API keys (docs/security.md)")
    keys = keys_parser.add_subparsers(dest="keys", required=True)
    p = keys.add_parser("create", help="create a key: prints it once, stores only its hash")
    p.add_argument("--name", required=True, help="who holds it (unique; shown in the logs, never the key)")
    p.add_argument("--role", required=True, choices=["admin", "organiser", "member"])
    p.add_argument("--organisation", help="the organisation a member key acts for (required for members)")
    p.add_argument("--file", help="keys file (default: KRINGMATCH_KEYS_FILE, else keys.json)")
    p.add_argument("--hash", choices=["sha256", "pbkdf2", "scrypt"], default="sha256")
    p.set_defaults(func=cmd_keys_create)
    p = keys.add_parser("list", help="names, roles and organisations of the configured keys")
    p.add_argument("--file", help="keys file (default: KRINGMATCH_KEYS_FILE, else keys.json)")
    p.set_defaults(func=cmd_keys_list)

    p = sub.add_parser("backup", help="consistent snapshot of the SQLite store, safe while serving")
    store_args(p)
    p.add_argument("file", help="the backup file to write")
    p.set_defaults(func=lambda a: cmd_backup(a, settings_fn))

    p = sub.add_parser("restore", help="replace the store with a backup (stop the server first)")
    store_args(p)
    p.add_argument("file", help="a file written by `kringmatch backup`")
    p.add_argument("--force", action="store_true", help="overwrite a store that holds records")
    p.set_defaults(func=lambda a: cmd_restore(a, settings_fn))

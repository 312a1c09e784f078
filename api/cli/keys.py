"""``kringmatch keys create`` and ``keys list``: API keys (docs/security.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from api.app.config import Settings
from api.cli.tables import json_arg, print_json, print_table

__all__ = ["add_keys_commands"]


def _keys_file(args: argparse.Namespace) -> Path:
    if args.file:
        return Path(args.file)
    configured = Settings().keys_file
    return configured if configured is not None else Path("keys.json")


def cmd_keys_create(args: argparse.Namespace) -> int:
    from api.app.keys import add_key

    path = _keys_file(args)
    key = add_key(path, name=args.name, role=args.role, organisation=args.organisation, scheme=args.hash)
    scope = f" of {args.organisation!r}" if args.organisation else ""
    print(f"created {args.role} key {args.name!r}{scope} in {path} (only its hash is kept);", file=sys.stderr)
    print("this is the only time the key is shown:", file=sys.stderr)
    print(key)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from api.app.keys import read_keys_file

    path = _keys_file(args)
    rows = [
        (
            entry.name,
            entry.role,
            entry.organisation,
            entry.hash.split("$")[0] if "$" in entry.hash else "sha256",
        )
        for entry in read_keys_file(path)
    ]
    if args.json:
        print_json([dict(zip(("name", "role", "organisation", "scheme"), row, strict=True)) for row in rows])
    else:
        print_table(["name", "role", "organisation", "scheme"], rows)
    return 0


def add_keys_commands(sub: Any) -> None:
    """Register ``keys create`` and ``keys list``."""
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
    json_arg(p, "the keys (never the keys themselves: names, roles, hash schemes)")
    p.set_defaults(func=cmd_keys_list)

"""The ``kringmatch`` command: one module per command group, each registering its subcommands.

``serve`` (serve.py) · ``import``/``match``/``export`` (records.py) · ``groups``/``assign``
(workshop.py) · ``keys`` (keys.py) · ``backup``/``restore`` (backup.py) · ``migrate``
(migrate.py) · ``eval`` (eval.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from api.cli.backup import add_backup_commands
from api.cli.eval import add_eval_commands
from api.cli.keys import add_keys_commands
from api.cli.migrate import add_migrate_command
from api.cli.records import add_record_commands
from api.cli.serve import add_serve_command
from api.cli.workshop import add_workshop_commands
from models.errors import KringmatchError

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="kringmatch", description="The ``kringmatch`` command: serve, import, match, export, eval."
    )
    sub = root.add_subparsers(dest="command", required=True)
    add_serve_command(sub)
    add_record_commands(sub)
    add_workshop_commands(sub)
    add_eval_commands(sub)
    add_migrate_command(sub)
    add_keys_commands(sub)
    add_backup_commands(sub)
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

"""Aligned tables for the human output of the commands (``--json`` gives the machine one)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["json_arg", "print_json", "print_table", "stdout_console"]

PIPE_WIDTH = 160
"""Columns of a table written to a file or a pipe (a terminal's own width is used otherwise)."""


def stdout_console() -> Console:
    """Standard output; off a terminal no colours and a fixed width, so the text is stable."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPE_WIDTH, no_color=True, highlight=False)
    return console


def json_arg(p: Any, what: str = "the results") -> None:
    """``--json``: machine-readable output instead of the table."""
    p.add_argument("--json", action="store_true", help=f"print {what} as JSON instead of a table")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def print_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    numeric: Sequence[str] = (),
    lines: bool = False,
) -> None:
    """Print ``rows`` under ``columns``; columns named in ``numeric`` are right-aligned."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=lines, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column in numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text("-" if v is None else str(v)) for v in row))  # text, never markup
    stdout_console().print(table)

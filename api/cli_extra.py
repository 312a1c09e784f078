"""Further ``kringmatch`` commands (evaluation, tables, assignment), registered by ``cli.parser``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["add_commands"]


def add_commands(sub: Any, store_args: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register the extra sub-commands on ``sub``."""
    return None

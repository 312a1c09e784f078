"""What every command that opens a store shares: its options, and the settings they make."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from api.app.config import Settings

if TYPE_CHECKING:
    from api.app.network import Network
    from api.app.progress import ProgressSink

__all__ = ["network_from", "settings_from", "store_args"]


def store_args(p: argparse.ArgumentParser) -> None:
    """``--db``, ``--database-url`` and ``--embedder``."""
    p.add_argument("--db", help="SQLite file (default: kringmatch.db, or KRINGMATCH_DATABASE_URL)")
    p.add_argument("--database-url", help="store URL, e.g. sqlite:///path.db or postgresql://user@host/db")
    p.add_argument("--embedder", help="embedding backend(s), e.g. e5-small+use-multilingual")


def settings_from(args: argparse.Namespace) -> Settings:
    """The environment's settings with the command's store options on top."""
    overrides: dict[str, object] = {}
    if getattr(args, "db", None):
        overrides["database_url"] = f"sqlite:///{args.db}"
    if getattr(args, "database_url", None):
        overrides["database_url"] = args.database_url
    if getattr(args, "embedder", None):
        overrides["embedder"] = args.embedder
    return Settings(**overrides)


def network_from(args: argparse.Namespace, *, progress: ProgressSink | None = None) -> Network:
    """The network of :func:`settings_from` (models loaded, store indexed; ``progress`` sees embedding)."""
    from api.app.startup import build_network

    return build_network(settings_from(args), progress=progress)

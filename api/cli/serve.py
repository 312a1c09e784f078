"""``kringmatch serve``: the HTTP service and the web page."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from api.cli.options import settings_from, store_args
from api.cli.progress import quiet_arg

__all__ = ["add_serve_command"]


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.http.main import create_app

    logger = logging.getLogger("kringmatch")  # start-up: the store check, embedding progress
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if args.quiet else logging.INFO)
    settings = settings_from(args).model_copy(update={"demo": args.demo, "host": args.host})
    app = create_app(settings)  # AccessConfigError: a public address without keys
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="info", limit_concurrency=settings.max_connections
    )
    return 0


def add_serve_command(sub: Any) -> None:
    """Register ``kringmatch serve``."""
    p = sub.add_parser("serve", help="run the HTTP service")
    store_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help="load the demo network into an empty store")
    quiet_arg(p)
    p.set_defaults(func=cmd_serve)

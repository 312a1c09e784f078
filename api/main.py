"""The FastAPI application: ``create_app(settings)``; the model loads once, in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.batching import MatchBatcher
from api.build import build_network
from api.config import Settings, get_settings
from api.demo import load_demo
from api.errors import ERROR_RESPONSES, install_error_handlers
from api.limits import BodyLimit
from api.network import Network
from api.routes import health, matches, profiles, projects, web, workshop
from api.security import Access
from api.startup import check_store
from api.workqueue import WorkQueue

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, network: Network | None = None) -> FastAPI:
    """Build the app.

    Args:
        settings: configuration (default: from the environment).
        network: a ready network (tests); otherwise one is built from ``settings`` at start-up.
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.network = network or build_network(settings)
        if settings.demo:
            load_demo(app.state.network)
        app.state.store_check = check_store(app.state.network)
        if settings.batch_match:
            app.state.match_batcher = MatchBatcher(app.state.network)
        # Shared stores (PostgreSQL) report other replicas' writes; the index follows them.
        stop_listening = app.state.network.store.subscribe(app.state.network.apply_changes)
        try:
            yield
        finally:
            stop_listening()
        if network is None:
            app.state.network.store.close()

    app = FastAPI(
        title="Kringmatch",
        summary="Matchmaking for circular procurement networks.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.access = Access.from_settings(settings)  # refuses an unprotected public server
    app.state.work_queue = WorkQueue(settings.embed_queue, retry_after=settings.retry_after)
    install_error_handlers(app)

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    for router in (
        matches.router,
        profiles.router,
        projects.router,
        projects.pools_router,
        workshop.router,
        health.router,
        web.router,
    ):
        app.include_router(router, responses=ERROR_RESPONSES)
    return app

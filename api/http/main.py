"""The FastAPI application: ``create_app(settings)``; the model loads once, in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app.access import Access
from api.app.config import Settings, get_settings
from api.app.demo import load_demo
from api.app.network import Network
from api.app.startup import build_network, check_store
from api.http.admission import MatchBatcher, WorkQueue
from api.http.deps import Matcher
from api.http.errors import ERROR_RESPONSES, install_error_handlers
from api.http.limits import BodyLimit
from api.http.openapi import install_openapi
from api.http.routes import (
    events,
    exports,
    feedback,
    health,
    introductions,
    jobs,
    matches,
    me,
    organiser,
    profiles,
    projects,
    web,
    workshop,
)

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
        live = network or build_network(settings)
        if settings.demo:
            load_demo(live)
        app.state.network = live
        app.state.store_check = check_store(live)
        matcher: Matcher = MatchBatcher(live) if settings.batch_match else live
        app.state.matcher = matcher

        # Shared stores (PostgreSQL) report other replicas' writes; the index follows them.
        def follow(table: str, ids: Sequence[str] | None) -> None:
            live.apply_changes(table, ids)

        stop_listening = live.store.subscribe(follow)
        try:
            yield
        finally:
            stop_listening()
        if network is None:
            live.store.close()

    app = FastAPI(
        title="Kringmatch",
        summary="Matchmaking for circular procurement networks.",
        version="0.1.0",
        lifespan=lifespan,
    )
    access = Access.from_settings(settings)  # refuses an unprotected public server
    app.state.settings = settings
    app.state.access = access
    app.state.work_queue = WorkQueue(settings.embed_queue, retry_after=settings.retry_after)
    install_error_handlers(app)

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    for router in (
        matches.router,
        profiles.router,
        projects.router,
        projects.pools_router,
        introductions.router,
        feedback.router,
        feedback.digest_router,
        events.router,
        jobs.router,
        workshop.router,
        exports.router,
        health.router,
        me.router,
        web.router,
        organiser.router,
    ):
        app.include_router(router, responses=ERROR_RESPONSES)
    install_openapi(app, open_access=access.open)
    return app

"""Application factory: ``create_app(service)`` wires pages, API, static files and errors."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlmasters import settings
from mlmasters._memory import release_memory
from mlmasters._version import __version__
from mlmasters.render import templates as render_templates
from mlmasters.service import Service
from mlmasters.storage import Store, default_database_url
from mlmasters.web import (
    api,
    apidocs,
    decision,
    methods,
    pages,
    profiles,
    program_page,
    shortlist,
    space_pages,
    whatif,
)
from mlmasters.web.cache import ResultCache
from mlmasters.web.errors import ERROR_RESPONSES, install_error_handlers
from mlmasters.web.limits import BodyLimit
from mlmasters.web.ratelimit import install as install_rate_limits
from mlmasters.web.routes import assess, plan, rank, roi
from mlmasters.web.spaces import SpacesGate
from mlmasters.web.timeout import TimeBudget

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers.setdefault(k, v)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _App(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        # Security headers outside everything, so that the 500 page (sent by Starlette's
        # outermost error middleware) and the 413 of the body cap carry them too.
        return SecurityHeaders(super().build_middleware_stack())


def _program_names(request: Any, ids: list[str]) -> list[tuple[str, str]]:
    """(id, the program's name as a person reads it) for saved shortlists."""
    catalog = request.app.state.service.catalog
    out = []
    for i in ids:
        try:
            p = catalog.get(i)
            out.append((i, f"{p.name}, {p.institution}"))
        except Exception:  # a program no longer in the catalog
            out.append((i, "a program no longer in the catalog"))
    return out


def templates_env() -> Environment:
    """The shared environment (render/templates.py) with the web pages' own globals."""
    env = render_templates.templates_env()
    env.globals["program_names"] = _program_names
    env.globals["whatif_active"] = whatif.active
    env.globals["whatif_baseline"] = whatif.baseline
    env.globals["delta_money"] = whatif.delta_money
    env.globals["delta_points"] = whatif.delta_points
    return env


#: Worker threads for sync endpoints (anyio's default is 40).
WORKER_THREADS = 8


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Sync endpoints run in anyio's worker threads (40 by default). The heavy ones are
    # CPU-bound on 2 cores, so more threads add memory, not throughput.
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    # Build what every page needs before the first request, then move those long-lived
    # objects out of the garbage collector's sight: full collections otherwise walk the
    # whole catalog and show up as latency spikes under load.
    service = app.state.service
    await anyio.to_thread.run_sync(lambda: (service.catalog, service.wages))
    release_memory()
    gc.collect()
    gc.freeze()
    yield


def create_app(
    service: Service,
    database_url: str | None = None,
    *,
    private: bool = False,
    signup_code: str | None = None,
    request_timeout: float | None = None,
) -> FastAPI:
    """The web app and JSON API on ``service``.

    ``private``: saved profiles and shortlists belong to private spaces, each opened by a
    person's key (``mlmasters serve`` turns it on with ``--private`` and whenever it binds a
    non-loopback address; see web/spaces.py). Off, the app is the single-person app of a
    loopback server, with no sign-in. ``signup_code``: making a space then needs it.
    ``request_timeout``: the per-request time budget in seconds (default: the
    ``request_timeout`` setting, 20 s; 0 = none).
    """
    app = _App(
        lifespan=_lifespan,
        title="mlmasters",
        version=__version__,
        description="Decide whether, where and how to do a machine learning master's degree, "
        "with real public data. Errors share one shape: {error: {code, message, problems, hint}}.",
        docs_url=None,  # /api/docs: web/apidocs.py (Swagger UI from an installed package)
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    app.state.service = service
    app.state.store = Store(database_url or default_database_url(service.data_dir))
    app.state.templates = templates_env()
    app.state.results = ResultCache()
    app.state.private = private
    app.state.signup_code = signup_code or None
    # Innermost first: the spaces gate, the time budget, the body cap (SecurityHeaders wraps
    # them all, see _App).
    install_rate_limits(app, exposed=private)  # inside the gate: it reads the owner
    if private:
        app.add_middleware(SpacesGate, store=app.state.store)
    budget = request_timeout if request_timeout is not None else settings.request_timeout()
    app.add_middleware(TimeBudget, seconds=budget)
    app.add_middleware(BodyLimit)
    static = Path(str(files("mlmasters.web").joinpath("static")))
    apidocs.install(app)
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(api.router)
    app.include_router(profiles.api)
    app.include_router(space_pages.api)
    for module in (assess, plan, roi, rank):
        app.include_router(module.router)
    app.include_router(profiles.router)
    app.include_router(space_pages.router)
    app.include_router(decision.router)
    app.include_router(shortlist.router)
    app.include_router(program_page.router)
    app.include_router(methods.router)
    app.include_router(pages.router)
    install_error_handlers(app)
    return app

"""``build_app()``: the app of one ``mlmasters serve`` worker process.

uvicorn runs several workers only from an import string (``mlmasters.web.factory:build_app``
with ``factory=True``); each worker process calls ``build_app()`` once at start. The
settings come from one environment variable, ``MLMASTERS_SERVE_CONFIG`` (JSON), that
``serve`` sets in its own process before uvicorn starts the workers, which inherit it: a
database URL with a password, or the sign-up code, never appear on a command line (the
process list shows command lines to every user; a process's environment only to its
owner). ``serve`` validates every value first, so a worker does not fail on one.

Nothing here is kept per process that depends on saved data: every request reads the saved
profile from the shared database, and the result cache (web/cache.py) is keyed by what a
result is computed from (the profile's JSON and the options; a whole program page by the
profile's id and its ``updated_at``), so a profile changed through another worker is never
answered from a stale entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from starlette.types import ASGIApp

#: The environment variable that carries ``ServeConfig`` from ``serve`` to its workers.
ENV = "MLMASTERS_SERVE_CONFIG"


@dataclass(frozen=True)
class ServeConfig:
    data_dir: str | None = None
    database_url: str | None = None
    #: private spaces: saved data need a person's key (exposed servers)
    private: bool = False
    #: code a person must give to create a space (private servers), if any
    signup_code: str | None = None
    request_timeout: float | None = None
    #: one line per request to the logger ``mlmasters.access`` (web/accesslog.py)
    access_log: bool = True

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServeConfig:
        raw = (os.environ if environ is None else environ).get(ENV)
        if not raw:
            return cls()
        values = json.loads(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


#: After-tax plan values a server keeps between requests.
SERVER_TAX_CACHE_BYTES = 8 * 2**20


def _size_model_caches() -> None:
    """The models' own caches, sized for a server (its result cache holds the pages): after-
    tax plan values 8 MB (the program page after a shortlist mostly finds its plan), plans
    and program scenarios for one set of inputs each (measured with /proc RSS: 4 people
    285 -> 262 MB)."""
    from mlmasters.models import scenario
    from mlmasters.models.roi import engine

    engine.TAX_CACHE.max_bytes = SERVER_TAX_CACHE_BYTES
    scenario.limit_caches(1)


def build_app(config: ServeConfig | None = None) -> ASGIApp:
    """The app of one worker: tuned for a server, then built; with the access log outside."""
    from mlmasters._memory import tune_for_server

    cfg = config or ServeConfig.from_env()
    tune_for_server()  # before the app exists: no Arrow buffer, no worker thread yet
    _size_model_caches()
    from mlmasters.service import Service
    from mlmasters.web.accesslog import AccessLog
    from mlmasters.web.app import create_app

    service = Service(Path(cfg.data_dir) if cfg.data_dir else None)
    app: ASGIApp = create_app(
        service,
        cfg.database_url,
        private=cfg.private,
        signup_code=cfg.signup_code,
        request_timeout=cfg.request_timeout,
    )
    return AccessLog(app) if cfg.access_log else app

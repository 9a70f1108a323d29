"""Per-person rate limits on the computation-heavy routes and on space creation.

On when the server is exposed (private spaces); off for loopback single-person use. Two
limits, both settings (docs/settings.md):

- ``rate_compute`` (``MLMASTERS_RATE_COMPUTE``, default 60 a minute): the JSON APIs that run
  a model (``POST /api/v1/roi*``, ``/api/v1/rank``, ``/api/v1/compare``, ``/api/v1/plan*``,
  ``/api/v1/assess*``) and the saved-profile pages that compute (``/p/{pid}`` and its
  ``shortlist``, ``compare``, ``programs/{id}`` and ``report.*``). Keyed by the signed-in
  person (``scope["state"]["owner"].id``, set by the spaces gate), else the client address.
- ``rate_spaces`` (``MLMASTERS_RATE_SPACES``, default 10 an hour): creating a space (``POST
  /api/v1/spaces`` and the sign-up form), keyed by the client address (nobody is signed in
  yet). Behind a reverse proxy the address is the proxy's unless ``serve
  --forwarded-allow-ips`` trusts it.

Beyond a limit: ``429`` in the one error shape (code ``rate_limited``; the HTML error page
for pages) with ``Retry-After`` in whole seconds.

A token bucket per key, written here rather than taken from a library: it is twenty lines,
needs no background thread (the ``limits`` package's in-memory storage runs a timer thread
to expire keys), computes ``Retry-After`` exactly, and takes an injectable clock for tests.
A bucket holds ``count`` tokens and refills at ``count`` per ``period``: a person may burst
``count`` computations, then one every ``period / count`` seconds. Buckets live in the
memory of one worker process: with ``serve --workers N`` a person may get up to N times the
limit when their requests land on different workers (said in docs/settings.md). The number
of keys is bounded (least recently seen forgotten first), so a flood of addresses cannot
grow the memory without bound.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from mlmasters import settings

#: JSON APIs that run a model (POST). A path counts when it is one of these or below one.
COMPUTE_API: tuple[str, ...] = (
    "/api/v1/roi",
    "/api/v1/rank",
    "/api/v1/compare",
    "/api/v1/plan",
    "/api/v1/assess",
)
#: Saved-profile pages that compute (GET): the assessment, the shortlist (page, results,
#: exports), compare, a program's page (and its ROI part) and the report downloads.
COMPUTE_PAGE = re.compile(
    r"^/p/[^/]+(?:/(?:shortlist(?:/results|\.[^/]+)?|compare|programs/[^/]+(?:/roi)?"
    r"|report\.[^/]+))?/?$"
)
#: Where a space is created (POST): the API and the sign-up form.
SPACE_PATHS: tuple[str, ...] = ("/api/v1/spaces", "/space/new")
#: Keys each limit remembers at most (about 100 bytes each).
MAX_KEYS = 100_000


@dataclass(frozen=True)
class Rate:
    """``count`` requests per ``period`` seconds."""

    count: int
    period: float

    def __str__(self) -> str:
        unit = {60.0: "minute", 3600.0: "hour"}.get(self.period, f"{self.period:g} s")
        return f"{self.count} per {unit}"


class TokenBuckets:
    """One token bucket per key; ``take(key)`` is 0 when allowed, else seconds to wait."""

    def __init__(
        self,
        rate: Rate,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.rate = rate
        self.max_keys = max_keys
        self._clock = clock
        self._per_second = rate.count / rate.period
        # key -> (tokens, time of that count); runs on the event loop: no lock needed
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        now = self._clock()
        tokens, then = self._buckets.pop(key, (float(self.rate.count), now))
        tokens = min(float(self.rate.count), tokens + (now - then) * self._per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self._per_second
        self._buckets[key] = (tokens, now)  # most recently seen last
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)


def kind_of(method: str, path: str) -> str | None:
    """``"compute"``, ``"spaces"`` or ``None`` (not limited) for a request."""
    if method == "POST":
        if path.rstrip("/") in SPACE_PATHS:
            return "spaces"
        if any(path == p or path.startswith(p + "/") for p in COMPUTE_API):
            return "compute"
    elif method in ("GET", "HEAD") and COMPUTE_PAGE.match(path):
        return "compute"
    return None


def client_key(scope: Scope) -> str:
    """The client's address (the proxy's X-Forwarded-For only when trusted by uvicorn)."""
    client = scope.get("client")
    return f"addr:{client[0]}" if client else "addr:unknown"


def person_key(scope: Scope) -> str:
    """The signed-in person's owner id, else the client address."""
    owner = (scope.get("state") or {}).get("owner")
    owner_id = getattr(owner, "id", None)
    return f"owner:{owner_id}" if owner_id else client_key(scope)


class RateLimit:
    """Plain ASGI middleware; install it inside the spaces gate so the owner is known."""

    def __init__(
        self,
        app: ASGIApp,
        compute: Rate | None,
        spaces: Rate | None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.app = app
        self.buckets = {
            kind: TokenBuckets(rate, clock=clock)
            for kind, rate in (("compute", compute), ("spaces", spaces))
            if rate is not None
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = kind_of(scope["method"], scope["path"])
        if kind is not None and kind in self.buckets:
            key = client_key(scope) if kind == "spaces" else person_key(scope)
            wait = self.buckets[kind].take(key)
            if wait > 0:
                await self._reject(scope, receive, send, kind, wait)
                return
        await self.app(scope, receive, send)

    async def _reject(
        self, scope: Scope, receive: Receive, send: Send, kind: str, wait: float
    ) -> None:
        from mlmasters.web.errors import _render, error_body

        rate = self.buckets[kind].rate
        retry = max(1, math.ceil(wait))
        what = "new spaces from this address" if kind == "spaces" else "computations"
        body = error_body(
            429,
            f"too many {what}: the limit is {rate}",
            hint=f"try again in {retry} s",
            code="rate_limited",
        )
        response = _render(Request(scope), 429, body)
        response.headers["Retry-After"] = str(retry)
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)


def rates() -> tuple[Rate | None, Rate | None]:
    """(computations a minute, spaces an hour) from the settings; ``None`` = no limit."""
    compute, spaces = settings.rate_compute(), settings.rate_spaces()
    return (Rate(compute, 60.0) if compute else None, Rate(spaces, 3600.0) if spaces else None)


def install(app: Starlette, exposed: bool) -> None:
    """Add the limits to ``app`` when it is exposed (call it before the spaces gate is added,
    so that the limits run inside it and see the signed-in person)."""
    if not exposed:
        return
    compute, spaces = rates()
    if compute is not None or spaces is not None:
        app.add_middleware(RateLimit, compute=compute, spaces=spaces)

"""Per-request time budget: a page or API call that has not started its answer within the
budget is answered ``503`` in the one error shape (an HTML error page for pages).

Plain ASGI middleware. The request runs as its own task; when the budget runs out first,
the client gets the 503 at once and the late answer is dropped. Work already running in a
worker thread cannot be interrupted in Python: it finishes in the background, bounded by
the caps on draws, samples and programs (docs/settings.md, "Limits"), and its result is
discarded. The budget is ``MLMASTERS_REQUEST_TIMEOUT`` (default 20 s; 0 = none).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("mlmasters.web")

#: Requests still running after their 503 was sent (kept so the tasks are not collected).
_LATE: set[asyncio.Task[None]] = set()


def _late_done(task: asyncio.Task[None]) -> None:
    _LATE.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("a request that ran past its time budget failed: %r", task.exception())


def late_requests() -> int:
    """How many requests answered 503 are still running in the background."""
    return len(_LATE)


class TimeBudget:
    def __init__(self, app: ASGIApp, seconds: float):
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        started = False
        timed_out = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return  # the client already has its 503
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        try:
            done, _ = await asyncio.wait({task}, timeout=self.seconds)
        except asyncio.CancelledError:
            task.cancel()
            raise
        if task in done or started:
            # Finished, or an answer is already on its way (a stream): let it complete.
            await task
            return
        timed_out = True  # no await since the check above: no message can slip through
        _LATE.add(task)
        task.add_done_callback(_late_done)
        await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        from mlmasters.web.errors import _render, error_body

        body = error_body(
            503,
            f"the request took longer than its time budget of {self.seconds:g} s",
            hint="ask for less (fewer draws, samples or programs) or try again; the budget "
            "is the setting MLMASTERS_REQUEST_TIMEOUT",
            code="timeout",
        )
        response = _render(Request(scope), 503, body)
        await response(scope, receive, send)

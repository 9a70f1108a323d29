"""The server's logs hold no profile contents.

- ``AccessLog``: plain ASGI middleware writing one line per request to the logger
  ``mlmasters.access``: method, the path (the query string is dropped: the start form and a
  program page's what-ifs carry a person's answers there), status, duration in ms and the
  worker's pid. Never query strings, bodies, cookies, headers or client addresses.
  ``mlmasters serve`` switches uvicorn's own access log off (it logs the full request line,
  query string included) and uses this one.
- ``RedactingFormatter``: the formatter of every log line ``serve`` writes. A traceback keeps
  its frames and the exception's type, not its message (a validation error's message quotes
  the values it refused), and exceptions passed as log arguments are logged by type only.
- ``log_config(...)``: the ``logging.config`` dictionary ``serve`` gives uvicorn (each worker
  process applies it at start).
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("mlmasters.access")

#: Longest path written (a longer one is cut and marked).
MAX_PATH_CHARS = 200


def clean_path(path: str) -> str:
    """The path as one printable line (control characters escaped), at most 200 characters."""
    out = "".join(c if c.isprintable() and c != " " else f"%{ord(c):02X}" for c in path)
    return out if len(out) <= MAX_PATH_CHARS else out[:MAX_PATH_CHARS] + "..."


class AccessLog:
    def __init__(self, app: ASGIApp):
        self.app = app
        self.pid = os.getpid()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            if log.isEnabledFor(logging.INFO):
                ms = (time.perf_counter() - started) * 1000
                # status 0: the client went away (or the app failed) before any answer
                log.info(
                    "%s %s %d %.1f ms pid %d",
                    scope.get("method", "-"),
                    clean_path(scope.get("path", "")),
                    status,
                    ms,
                    self.pid,
                )


def _chain(exc: BaseException | None) -> list[BaseException]:
    """The exception and its causes/contexts, oldest first (as Python prints them)."""
    out: list[BaseException] = []
    while exc is not None and all(exc is not e for e in out):
        out.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return out[::-1]


def _type_name(exc: BaseException) -> str:
    t = type(exc)
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


class _Withheld:
    """Stands for an exception in a log message's arguments: its type, for %s and %r."""

    def __init__(self, exc: BaseException):
        self.text = _type_name(exc)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class RedactingFormatter(logging.Formatter):
    """Tracebacks without exception messages; exception arguments by type only."""

    def formatException(self, ei: Any) -> str:
        lines: list[str] = []
        for exc in _chain(ei[1]):
            if lines:
                lines.append("\nwhile handling the exception above, another was raised:\n\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(exc.__traceback__))
            lines.append(f"{_type_name(exc)} (message withheld from the log)\n")
        return "".join(lines).rstrip("\n")

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.args, tuple) and any(
            isinstance(a, BaseException) for a in record.args
        ):
            record.args = tuple(
                _Withheld(a) if isinstance(a, BaseException) else a for a in record.args
            )
        return super().format(record)


def log_config(uvicorn_level: str = "warning") -> dict[str, Any]:
    """Logging for ``serve``: everything to stderr through ``RedactingFormatter``; the
    access lines at INFO; uvicorn's own messages at ``uvicorn_level``; no uvicorn access
    log."""
    fmt = {
        "()": f"{__name__}.RedactingFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": dict(fmt), "access": dict(fmt)},
        "handlers": {
            "default": {
                "formatter": "default",
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": uvicorn_level.upper(),
                        "propagate": False},
            "uvicorn.error": {"level": uvicorn_level.upper()},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "mlmasters": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }  # fmt: skip

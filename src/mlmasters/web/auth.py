"""Access token for saved profiles and shortlists when the server is exposed.

``mlmasters serve`` on a loopback address needs no token. With ``--allow-remote`` on a
non-loopback address, every path that reads or changes saved data (``PROTECTED``) needs
the server's token: ``Authorization: Bearer <token>`` (API clients) or the cookie that
``GET /login?token=<token>`` sets (browsers). The token is ``MLMASTERS_TOKEN`` or, unset, a
random one generated at start and printed once. Plain ASGI middleware, so the check runs
before any route, whatever router a path belongs to.
"""

from __future__ import annotations

import hmac
import re
import secrets

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mlmasters.errors import InputError, Problem

COOKIE = "mlm_token"
MIN_TOKEN_CHARS = 16
#: Path prefixes of saved profiles and shortlists (pages and API). Broad on purpose: a
#: new route under one of them is covered without being listed.
PROTECTED: tuple[str, ...] = ("/api/v1/profile", "/api/v1/shortlist", "/profile", "/p/")
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9._~+/=-]+$")


def is_protected(path: str) -> bool:
    return path == "/p" or path.startswith(PROTECTED)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_token(token: str) -> str:
    """A usable token (long enough, safe in a header and a cookie), or ``InputError``."""
    if len(token) < MIN_TOKEN_CHARS or not _TOKEN_CHARS.match(token):
        raise InputError(
            "MLMASTERS_TOKEN is not a usable token",
            [Problem(f"needs at least {MIN_TOKEN_CHARS} characters from A-Z a-z 0-9 . _ ~ + / = -",
                     field="MLMASTERS_TOKEN")],
            hint="unset it to have a random token generated and printed at start",
        )  # fmt: skip
    return token


def _local_path(target: str) -> bool:
    """Only same-site paths are followed after login (no open redirect)."""
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and len(target) <= 2000
    )


class TokenGate:
    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self._token = check_token(token)

    def _matches(self, candidate: str) -> bool:
        return bool(candidate) and hmac.compare_digest(
            candidate.encode("utf-8", "replace"), self._token.encode()
        )

    def _authorized(self, scope: Scope) -> bool:
        scheme, _, value = Headers(scope=scope).get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self._matches(value.strip()):
            return True
        return self._matches(Request(scope).cookies.get(COOKIE, ""))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in ("/login", "/logout"):
            response = self._login(Request(scope)) if path == "/login" else self._logout()
            await response(scope, receive, send)
        elif is_protected(path) and not self._authorized(scope):
            await self._deny(scope, "saved profiles on this server need its access token")(
                scope, receive, send
            )
        else:
            await self.app(scope, receive, send)

    def _login(self, request: Request) -> Response:
        if not self._matches(request.query_params.get("token", "")):
            return self._deny(request.scope, "the token is missing or wrong")
        target = request.query_params.get("next") or "/profiles"
        response = RedirectResponse(target if _local_path(target) else "/profiles", 303)
        response.set_cookie(COOKIE, self._token, httponly=True, samesite="strict", path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    def _logout(self) -> Response:
        response = RedirectResponse("/", 303)
        response.delete_cookie(COOKIE, path="/")
        return response

    def _deny(self, scope: Scope, message: str) -> Response:
        from mlmasters.web.errors import _render, error_body

        body = error_body(
            401,
            message,
            hint="open the /login?token=... address printed when the server started, or send "
            "the header 'Authorization: Bearer <token>'",
        )
        response = _render(Request(scope), 401, body)
        response.headers["WWW-Authenticate"] = 'Bearer realm="mlmasters"'
        response.headers["Cache-Control"] = "no-store"
        return response

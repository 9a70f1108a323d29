"""Private spaces on a shared server: who is asking, and what they may see.

Two modes, chosen by ``create_app(private=...)``:

- **Single-person** (a loopback server, the default): no sign-in; every saved profile is
  the one person's (``owner_id`` NULL in the database), exactly as before spaces existed.
- **Private spaces** (``serve --private``, and always when ``--allow-remote`` binds a
  non-loopback address): saved data belong to the person who saved them. A person makes a
  space at ``/space`` (or ``POST /api/v1/spaces``) and gets a random personal key, shown
  once. Browsers keep it in an HttpOnly cookie; API clients send ``Authorization: Bearer
  <key>``. The database holds only an Argon2id hash of it (``storage/keys.py``). No email,
  no password to forget or reuse: the key is the whole account, so losing it loses the
  space (export first). An adviser (made by the operator with ``mlmasters db
  add-adviser``) reads what people share with them, and nothing else.

``SpacesGate`` is plain ASGI middleware so it runs before any route: it resolves the key
(if any) into ``scope["state"]["owner"]`` and refuses every path of saved data
(``is_protected``) without one. Routes then reach the database only through
``space_of(request)``, which can see nothing but that person's rows. What a person does
with their space (make it, sign in and out, export, delete, share) is in
``web/space_pages.py``.
"""

from __future__ import annotations

import math
import time
from urllib.parse import quote

import anyio.to_thread
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mlmasters.errors import UnauthorizedError
from mlmasters.storage import Owner, Space, Store

COOKIE = "mlm_key"
#: A year: browsers cap cookie lifetimes near 400 days.
COOKIE_MAX_AGE = 365 * 24 * 3600
#: Paths of saved data (pages and API). Broad on purpose: a new route under one of them
#: is covered without being listed.
PROTECTED: tuple[str, ...] = (
    "/api/v1/profile", "/api/v1/shortlist", "/api/v1/space", "/profile", "/p/", "/space/",
)  # fmt: skip
#: Under those prefixes, what someone without a space may reach: making one, signing in.
PUBLIC: frozenset[str] = frozenset(
    {"/api/v1/spaces", "/space/new", "/space/signin", "/space/signout"}
)


def is_protected(path: str) -> bool:
    return path not in PUBLIC and (path == "/p" or path.startswith(PROTECTED))


def owner_of(request: Request) -> Owner | None:
    owner: Owner | None = getattr(request.state, "owner", None)
    return owner


def space_of(request: Request) -> Space:
    """The signed-in person's space (single-person mode: the one local space)."""
    store: Store = request.app.state.store
    owner = owner_of(request)
    if owner is None and request.app.state.private:
        raise UnauthorizedError(
            "saved profiles on this server are private: open your space first",
            hint="make a space or sign in with your key at /space",
        )
    return store.space(owner)


#: Wrong keys one client address may try a minute before it must wait (each costs an
#: Argon2 verification, about 20 ms of CPU, when the key names a real space).
FAILED_KEYS_PER_MINUTE = 20


class KeyGuard:
    """Resolves keys to owners, refusing addresses that keep trying wrong ones (429)."""

    def __init__(self, store: Store, per_minute: int = FAILED_KEYS_PER_MINUTE):
        from mlmasters.web.ratelimit import Rate, TokenBuckets

        self.store = store
        self._failures = TokenBuckets(Rate(per_minute, 60.0))
        self._blocked: dict[str, float] = {}

    def blocked_for(self, address: str) -> float:
        """Seconds this address must still wait before another key is checked."""
        until = self._blocked.get(address)
        if until is None:
            return 0.0
        left = until - time.monotonic()
        if left <= 0:
            self._blocked.pop(address, None)
            return 0.0
        return left

    async def owner(self, key: str, address: str) -> Owner | None:
        """The key's owner; a wrong key counts against the address."""
        # A database read, and the first time in this process an Argon2 verify: off the
        # event loop.
        owner = await anyio.to_thread.run_sync(self.store.owner_for_key, key)
        if owner is None:
            wait = self._failures.take(address)
            if wait > 0:
                if len(self._blocked) > 100_000:
                    self._blocked.clear()
                self._blocked[address] = time.monotonic() + wait
        return owner


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def too_many_wrong_keys(request: Request, wait: float) -> Response:
    from mlmasters.web.errors import _render, error_body

    retry = max(1, math.ceil(wait))
    body = error_body(
        429,
        f"too many wrong keys from this address: at most {FAILED_KEYS_PER_MINUTE} a minute",
        hint=f"check the key was copied whole, and try again in {retry} s",
        code="rate_limited",
    )
    response = _render(request, 429, body)
    response.headers["Retry-After"] = str(retry)
    return response


def _key_from(scope: Scope) -> str:
    headers = Headers(scope=scope)
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return Request(scope).cookies.get(COOKIE, "")


class SpacesGate:
    """Resolves the personal key; refuses saved-data paths without a valid one."""

    def __init__(self, app: ASGIApp, store: Store):
        self.app = app
        self.store = store
        self.keys = KeyGuard(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = _key_from(scope)
        owner = None
        state = scope.setdefault("state", {})
        state["keys"] = self.keys  # the sign-in form checks keys through the same guard
        if key:
            wait = self.keys.blocked_for(_address(scope))
            if wait > 0:
                await too_many_wrong_keys(Request(scope), wait)(scope, receive, send)
                return
            owner = await self.keys.owner(key, _address(scope))
        state["owner"] = owner
        if owner is None and is_protected(scope["path"]):
            await self._deny(scope, bool(key))(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _deny(self, scope: Scope, had_key: bool) -> Response:
        from mlmasters.web.errors import _render, _wants_json, error_body

        request = Request(scope)
        if scope["method"] == "GET" and not _wants_json(request):
            target = quote(request.url.path, safe="/")
            return RedirectResponse(f"/space?next={target}", status_code=303)
        message = (
            "that key opens no space on this server (wrong, or the space was deleted)"
            if had_key
            else "saved profiles on this server are private: they need your personal key"
        )
        body = error_body(
            401,
            message,
            hint="browsers: make a space or sign in at /space; API clients: POST "
            "/api/v1/spaces for a key, then send 'Authorization: Bearer <key>'",
            code="unauthorized",
        )
        response = _render(request, 401, body)
        response.headers["WWW-Authenticate"] = 'Bearer realm="mlmasters"'
        response.headers["Cache-Control"] = "no-store"
        return response

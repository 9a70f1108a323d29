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
``space_of(request)``, which can see nothing but that person's rows.
"""

from __future__ import annotations

import hmac
import math
import time
from typing import Annotated, Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mlmasters.errors import InputError, Problem, UnauthorizedError
from mlmasters.storage import Owner, SavedProfile, SharedWith, Space, Store

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


def _too_many_wrong_keys(request: Request, wait: float) -> Response:
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
                await _too_many_wrong_keys(Request(scope), wait)(scope, receive, send)
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


def _local_path(target: str) -> bool:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and len(target) <= 2000
    )


def _check_signup_code(request: Request, given: object) -> None:
    code: str | None = request.app.state.signup_code
    if code is None:
        return
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), code.encode()):
        raise UnauthorizedError(
            "making a space on this server needs its sign-up code",
            [Problem("missing or wrong", field="signup_code")],
            hint="ask whoever runs this server (your adviser or school) for the code",
        )


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _set_key_cookie(request: Request, response: Response, key: str) -> None:
    response.set_cookie(
        COOKIE, key, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax", path="/",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"


# -- pages -------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


def _space_page(request: Request, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    from mlmasters.web.pages import render

    owner = owner_of(request)
    private: bool = request.app.state.private
    counts = None
    if owner is not None or not private:
        space = _store(request).space(owner)
        counts = (len(space.list_profiles()), len(space.list_shared_with_me()))
    target = request.query_params.get("next", "")
    ctx.setdefault("next", target if _local_path(target) else "")
    ctx.setdefault("error", None)
    response = render(
        request, "space.html", status_code=status_code, owner=owner, private=private,
        counts=counts, needs_code=request.app.state.signup_code is not None, **ctx,
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/space", response_class=HTMLResponse)
def space_page(request: Request) -> HTMLResponse:
    return _space_page(request)


@router.post("/space/new", response_class=HTMLResponse)
async def new_space(request: Request) -> HTMLResponse:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    if not request.app.state.private:
        raise InputError(
            "this server is in single-person mode: nothing to sign in to",
            hint="your saved profiles are at /profiles",
        )
    _check_signup_code(request, form.get("signup_code"))
    owner, key = await anyio.to_thread.run_sync(_store(request).create_owner)
    request.state.owner = owner
    target = str(form.get("next") or "")
    response = _space_page(
        request, status_code=201, new_key=key, next=target if _local_path(target) else ""
    )
    _set_key_cookie(request, response, key)
    return response


@router.post("/space/signin", response_model=None)
async def sign_in(request: Request) -> Response:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    key = str(form.get("key") or "").strip()
    guard: KeyGuard | None = getattr(request.state, "keys", None)
    if guard is None:  # single-person mode: there is no space to sign in to
        raise InputError(
            "this server is in single-person mode: nothing to sign in to",
            hint="your saved profiles are at /profiles",
        )
    address = request.client.host if request.client else "unknown"
    wait = guard.blocked_for(address)
    if wait > 0:
        return _too_many_wrong_keys(request, wait)
    owner = await guard.owner(key, address) if key else None
    if owner is None:
        return _space_page(
            request, status_code=401, error="That key opens no space here. Check it was copied "
            "whole (it has a dot in the middle).",
        )  # fmt: skip
    target = str(form.get("next") or "/profiles")
    response = RedirectResponse(target if _local_path(target) else "/profiles", 303)
    _set_key_cookie(request, response, key)
    return response


@router.post("/space/signout", response_model=None)
async def sign_out(request: Request) -> Response:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _export_response(space: Space) -> JSONResponse:
    return JSONResponse(
        space.export_all(),
        headers={
            "Content-Disposition": 'attachment; filename="mlmasters-everything.json"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/space/export.json")
def export_everything_page(request: Request) -> JSONResponse:
    return _export_response(space_of(request))


@router.post("/space/delete", response_class=HTMLResponse)
async def delete_everything_page(request: Request) -> HTMLResponse:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    if form.get("confirm") != "delete everything":
        raise InputError(
            "type the words to confirm",
            [Problem("expected: delete everything", field="confirm")],
            hint="nothing was deleted",
        )
    gone = await anyio.to_thread.run_sync(space_of(request).delete_all)
    request.state.owner = None
    response = _space_page(request, deleted=gone)
    if request.app.state.private:
        response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/p/{pid}/shares", response_model=None)
async def share_page(request: Request, pid: str) -> Response:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    space_of(request).share(pid, str(form.get("adviser") or ""))
    return RedirectResponse(f"/p/{pid}#sharing", status_code=303)


@router.post("/p/{pid}/shares/{adviser_id}/delete", response_model=None)
async def unshare_page(request: Request, pid: str, adviser_id: str) -> Response:
    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    space_of(request).unshare(pid, adviser_id)
    return RedirectResponse(f"/p/{pid}#sharing", status_code=303)


# -- JSON API ----------------------------------------------------------------------------------
api = APIRouter(prefix="/api/v1", tags=["spaces"])


class NewSpaceIn(BaseModel):
    signup_code: str | None = Field(None, max_length=200, description="When the server sets one")


class NewSpace(BaseModel):
    owner_id: str
    role: str
    key: str = Field(description="Shown once; send it as 'Authorization: Bearer <key>'")


class SpaceInfo(BaseModel):
    owner: Owner | None = Field(description="None in single-person mode")
    private: bool
    profiles: int
    shared_with_me: int


class Deleted(BaseModel):
    deleted: dict[str, int] = Field(description="Rows deleted per table")


@api.post("/spaces", response_model=NewSpace, status_code=201, summary="Make a private space")
async def api_new_space(
    request: Request, body: Annotated[NewSpaceIn | None, Body()] = None
) -> NewSpace:
    if not request.app.state.private:
        raise InputError(
            "this server is in single-person mode: saved profiles need no space",
            hint="start the server with --private for private spaces",
        )
    _check_signup_code(request, body.signup_code if body else None)
    owner, key = await anyio.to_thread.run_sync(_store(request).create_owner)
    return NewSpace(owner_id=owner.id, role=owner.role, key=key)


@api.get("/space", response_model=SpaceInfo, summary="Whose space this is")
def api_space(request: Request) -> SpaceInfo:
    space = space_of(request)
    return SpaceInfo(
        owner=space.owner, private=request.app.state.private,
        profiles=len(space.list_profiles()), shared_with_me=len(space.list_shared_with_me()),
    )  # fmt: skip


@api.get("/space/export", summary="Everything you saved, as one JSON document")
def api_export(request: Request) -> JSONResponse:
    return _export_response(space_of(request))


@api.delete("/space", response_model=Deleted, summary="Delete everything you saved, and the space")
def api_delete_everything(request: Request) -> Deleted:
    return Deleted(deleted=space_of(request).delete_all())


@api.get("/space/shared", response_model=list[SavedProfile], summary="Profiles shared with you")
def api_shared_with_me(request: Request) -> list[SavedProfile]:
    return space_of(request).list_shared_with_me()


@api.get(
    "/profiles/{pid}/shares",
    response_model=list[SharedWith],
    summary="Whom a profile is shared with",
)
def api_shares(request: Request, pid: str) -> list[SharedWith]:
    return space_of(request).shares(pid)


@api.put(
    "/profiles/{pid}/shares/{adviser_id}", response_model=SharedWith,
    summary="Share a profile with an adviser (read only for them)",
)  # fmt: skip
def api_share(request: Request, pid: str, adviser_id: str) -> SharedWith:
    return space_of(request).share(pid, adviser_id)


@api.delete("/profiles/{pid}/shares/{adviser_id}", status_code=204, summary="Stop sharing")
def api_unshare(request: Request, pid: str, adviser_id: str) -> Response:
    space_of(request).unshare(pid, adviser_id)
    return Response(status_code=204)

"""What a person does with their private space, as pages and as the JSON API: make it (the
key shown once), sign in and out, export or delete everything, share a profile with an
adviser. Who is asking, and the gate that refuses saved data without a key, are in
``web/spaces.py``."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from mlmasters.errors import InputError, Problem, UnauthorizedError
from mlmasters.storage import Owner, SavedProfile, SharedWith, Space, Store
from mlmasters.web.spaces import (
    COOKIE,
    COOKIE_MAX_AGE,
    KeyGuard,
    owner_of,
    space_of,
    too_many_wrong_keys,
)


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
        return too_many_wrong_keys(request, wait)
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

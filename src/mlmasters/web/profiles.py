"""Start page (profile form), saved profiles (list, rename, delete, export, import) and the
profiles JSON API. Saved data live in the ``Store`` (SQLite by default)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from mlmasters.errors import InputError
from mlmasters.profile import Profile, load_profile
from mlmasters.store import SavedProfile, Store
from mlmasters.web.forms import form_values, profile_form, validate_form
from mlmasters.web.pages import render
from mlmasters.web.security import check_csrf

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/profiles", tags=["profiles"])

MAX_UPLOAD_BYTES = 64 * 1024


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def personas() -> dict[str, Profile]:
    root = Path(str(files("mlmasters.data").joinpath("personas")))
    return {f.stem: load_profile(f) for f in sorted(root.glob("*.toml"))}


def profile_home(pid: str) -> str:
    """Where a saved profile's pages start (the assessment once it exists)."""
    return f"/p/{pid}"


async def _form_dict(request: Request) -> dict[str, Any]:
    form = await request.form()
    out: dict[str, Any] = {}
    for key in form:
        values = form.getlist(key)
        out[key] = values if key == "specializations" else values[-1]
    return out


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request, persona: str | None = None) -> HTMLResponse:
    ps = personas()
    values = form_values(ps[persona]) if persona in ps else {}
    return render(
        request, "start.html", groups=profile_form(), values=values, errors={}, personas=ps,
        action="/profile", chosen=persona,
    )  # fmt: skip


@router.post("/profile", response_class=HTMLResponse, response_model=None)
async def create_profile(request: Request) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    profile, errors, data = validate_form(form)
    if profile is None:
        return render(
            request, "start.html", status_code=422, groups=profile_form(),
            values=form_values(data), errors=errors, personas=personas(), action="/profile",
            chosen=None,
        )  # fmt: skip
    saved = _store(request).save_profile(profile)
    return RedirectResponse(profile_home(saved.id), status_code=303)


@router.get("/p/{pid}/edit", response_class=HTMLResponse)
def edit_page(request: Request, pid: str) -> HTMLResponse:
    saved = _store(request).get_profile(pid)
    return render(
        request, "start.html", groups=profile_form(), values=form_values(saved.profile),
        errors={}, personas={}, action=f"/p/{pid}/edit", chosen=None, editing=saved,
    )  # fmt: skip


@router.post("/p/{pid}/edit", response_class=HTMLResponse, response_model=None)
async def edit_profile(request: Request, pid: str) -> Response:
    store = _store(request)
    saved = store.get_profile(pid)
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    profile, errors, data = validate_form(form)
    if profile is None:
        return render(
            request, "start.html", status_code=422, groups=profile_form(),
            values=form_values(data), errors=errors, personas={}, action=f"/p/{pid}/edit",
            chosen=None, editing=saved,
        )  # fmt: skip
    store.update_profile(pid, profile)
    return RedirectResponse(profile_home(pid), status_code=303)


@router.get("/profiles", response_class=HTMLResponse)
def profiles_page(request: Request) -> HTMLResponse:
    return render(request, "profiles.html", saved=_store(request).list_profiles(), error=None)


@router.post("/profiles/{pid}/rename", response_model=None)
async def rename_profile(request: Request, pid: str) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    _store(request).rename_profile(pid, str(form.get("name", "")))
    return RedirectResponse("/profiles", status_code=303)


@router.post("/profiles/{pid}/delete", response_model=None)
async def delete_profile(request: Request, pid: str) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    _store(request).delete_profile(pid)
    return RedirectResponse("/profiles", status_code=303)


@router.get("/profiles/{pid}/export.toml")
def export_profile(request: Request, pid: str) -> Response:
    text = _store(request).export_toml(pid)
    return Response(
        text,
        media_type="application/toml",
        headers={"Content-Disposition": f'attachment; filename="profile-{pid[:8]}.toml"'},
    )


@router.post("/profiles/import", response_model=None)
async def import_profile(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    raw = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise InputError("the uploaded file is too large", hint="profiles are a few KB of TOML")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the uploaded file is not UTF-8 text", hint="save it as UTF-8") from None
    saved = _store(request).import_toml(text, file.filename or "upload.toml")
    return RedirectResponse(profile_home(saved.id), status_code=303)


# -- JSON API ------------------------------------------------------------------------------
class ProfileIn(BaseModel):
    name: str | None = None
    profile: Profile


class RenameIn(BaseModel):
    name: str


@api.get("", response_model=list[SavedProfile], summary="List saved profiles")
def api_list(request: Request) -> list[SavedProfile]:
    return _store(request).list_profiles()


@api.post("", response_model=SavedProfile, status_code=201, summary="Save a profile")
def api_create(request: Request, body: Annotated[ProfileIn, Body()]) -> SavedProfile:
    return _store(request).save_profile(body.profile, body.name)


@api.get("/{pid}", response_model=SavedProfile, summary="One saved profile")
def api_get(request: Request, pid: str) -> SavedProfile:
    return _store(request).get_profile(pid)


@api.put("/{pid}", response_model=SavedProfile, summary="Replace a saved profile's answers")
def api_update(request: Request, pid: str, body: Annotated[Profile, Body()]) -> SavedProfile:
    return _store(request).update_profile(pid, body)


@api.patch("/{pid}", response_model=SavedProfile, summary="Rename a saved profile")
def api_rename(request: Request, pid: str, body: Annotated[RenameIn, Body()]) -> SavedProfile:
    return _store(request).rename_profile(pid, body.name)


@api.delete("/{pid}", status_code=204, summary="Delete a saved profile")
def api_delete(request: Request, pid: str) -> Response:
    _store(request).delete_profile(pid)
    return Response(status_code=204)

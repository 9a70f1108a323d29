"""Start page (profile form), saved profiles (list, rename, delete, export, import) and the
profiles JSON API. Saved data live in the ``Store`` (SQLite by default)."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from mlmasters.errors import InputError
from mlmasters.profile import Profile, load_profile
from mlmasters.render.words import choice_name
from mlmasters.storage import SavedProfile, Space
from mlmasters.web.forms import (
    STATES,
    first_questions,
    form_values,
    profile_form,
    state_code,
    validate_form,
)
from mlmasters.web.pages import render
from mlmasters.web.security import check_csrf
from mlmasters.web.spaces import space_of

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/profiles", tags=["profiles"])

MAX_UPLOAD_BYTES = 64 * 1024


def _space(request: Request) -> Space:
    """The asking person's space (web/spaces.py)."""
    return space_of(request)


def personas() -> dict[str, Profile]:
    root = Path(str(files("mlmasters.data").joinpath("personas")))
    return {f.stem: load_profile(f) for f in sorted(root.glob("*.toml"))}


def answers_name(profile: Profile, when: datetime | None = None) -> str:
    """A saved profile's name from its answers and the day it was saved, for a person who
    gave no name: "Senior software engineer → Machine learning engineer · Seattle, WA ·
    18 h a week · 7 Dec 2026"."""
    now = when or datetime.now(UTC)
    role = (profile.current_role or "").strip()[:40] or (
        f"{choice_name(profile.degree_field)} graduate" if profile.degree_field else ""
    )
    target = choice_name(profile.target_role) if profile.target_role else ""
    who = " → ".join(x for x in (role, target) if x) or "Your answers"
    where = (profile.metro or profile.state or "").strip()[:40]
    hours = f"{profile.hours_per_week:g} h a week" if profile.hours_per_week else ""
    day = f"{now.day} {now:%b %Y}"
    return " · ".join(x for x in (who, where, hours, day) if x)


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


def metro_names(request: Request) -> list[str]:
    names: list[str] = request.app.state.service.wages.metro_names()
    return names


def resolve_metro(names: list[str], state: str | None, text: str) -> tuple[str, str | None]:
    """A person's metro text -> (the OEWS metro area's name, its first state).

    "Columbus, OH" and "Columbus, Ohio" both give "Columbus, OH"; "Columbus" with the state
    Ohio too. Several or no matches are an input error whose hint says what to pick.
    """
    t = " ".join(text.split())
    exact = [n for n in names if n.lower() == t.lower()]
    head, _, tail = t.rpartition(",")
    typed_state = state_code(tail) if head else None
    if typed_state:
        t = head.strip()
    hits = exact or [n for n in names if t.lower() in n.lower()]
    in_state = typed_state or state
    if len(hits) > 1 and in_state:
        narrowed = [n for n in hits if re.search(rf"\b{in_state}\b", n.rpartition(",")[2])]
        hits = narrowed if narrowed or typed_state else hits
    if len(hits) == 1:
        code = hits[0].rpartition(",")[2].strip()[:2]
        return hits[0], code if code in STATES else None
    if len(hits) > 1:
        listed = "; ".join(hits[:6]) + (" …" if len(hits) > 6 else "")
        raise InputError(f"{len(hits)} metro areas match", hint=f"it could be {listed}")
    first_city = {n.split("-")[0].split(",")[0].lower(): n for n in names}
    close = [first_city[c] for c in difflib.get_close_matches(t.lower(), list(first_city), n=3)]
    raise InputError(
        "no metro area matches",
        hint=(
            f"did you mean {'; '.join(close)}?" if close else "type a city's name, e.g. Columbus"
        ),
    )


def _start(
    request: Request,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    action: str,
    status_code: int = 200,
    chosen: str | None = None,
    editing: SavedProfile | None = None,
    examples: bool = True,
) -> HTMLResponse:
    return render(
        request, "start.html", status_code=status_code, first=first_questions(),
        groups=profile_form(), values=values, errors=errors,
        personas=personas() if examples and editing is None else {}, action=action,
        chosen=chosen, editing=editing, metros=metro_names(request),
    )  # fmt: skip


def _validate(request: Request, form: dict[str, Any]) -> Any:
    names = metro_names(request)
    return validate_form(form, lambda state, text: resolve_metro(names, state, text))


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request, persona: str | None = None) -> HTMLResponse:
    ps = personas()
    values = form_values(ps[persona]) if persona in ps else {}
    return _start(request, values=values, errors={}, action="/profile", chosen=persona)


@router.post("/profile", response_class=HTMLResponse, response_model=None)
async def create_profile(request: Request) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    profile, errors, data = _validate(request, form)
    if profile is None:
        return _start(
            request, values=form_values(data), errors=errors, action="/profile", status_code=422
        )
    # the same answers saved again update that profile instead of listing a copy
    saved = _space(request).save_profile(
        profile, default_name=answers_name(profile), update_same=True
    )
    return RedirectResponse(profile_home(saved.id), status_code=303)


@router.get("/p/{pid}/edit", response_class=HTMLResponse)
def edit_page(request: Request, pid: str) -> HTMLResponse:
    saved = _space(request).get_own_profile(pid)
    return _start(
        request, values=form_values(saved.profile), errors={}, action=f"/p/{pid}/edit",
        editing=saved,
    )  # fmt: skip


@router.post("/p/{pid}/edit", response_class=HTMLResponse, response_model=None)
async def edit_profile(request: Request, pid: str) -> Response:
    store = _space(request)
    saved = store.get_own_profile(pid)
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    profile, errors, data = _validate(request, form)
    if profile is None:
        return _start(
            request, values=form_values(data), errors=errors, action=f"/p/{pid}/edit",
            status_code=422, editing=saved,
        )  # fmt: skip
    store.update_profile(pid, profile)
    return RedirectResponse(profile_home(pid), status_code=303)


@router.get("/profiles", response_class=HTMLResponse)
def profiles_page(request: Request) -> HTMLResponse:
    space = _space(request)
    return render(
        request, "profiles.html", saved=space.list_profiles(),
        shared=space.list_shared_with_me(), owner=space.owner, error=None,
    )  # fmt: skip


@router.post("/profiles/{pid}/rename", response_model=None)
async def rename_profile(request: Request, pid: str) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    _space(request).rename_profile(pid, str(form.get("name", "")))
    return RedirectResponse("/profiles", status_code=303)


@router.post("/profiles/{pid}/delete", response_model=None)
async def delete_profile(request: Request, pid: str) -> Response:
    form = await _form_dict(request)
    check_csrf(request, form.get("csrf_token"))
    _space(request).delete_profile(pid)
    return RedirectResponse("/profiles", status_code=303)


@router.get("/profiles/{pid}/export.toml")
def export_profile(request: Request, pid: str) -> Response:
    text = _space(request).export_toml(pid)
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
    saved = _space(request).import_toml(text, file.filename or "upload.toml")
    return RedirectResponse(profile_home(saved.id), status_code=303)


# -- JSON API ------------------------------------------------------------------------------
class ProfileIn(BaseModel):
    name: str | None = None
    profile: Profile


class RenameIn(BaseModel):
    name: str


@api.get("", response_model=list[SavedProfile], summary="List saved profiles")
def api_list(request: Request) -> list[SavedProfile]:
    return _space(request).list_profiles()


@api.post("", response_model=SavedProfile, status_code=201, summary="Save a profile")
def api_create(request: Request, body: Annotated[ProfileIn, Body()]) -> SavedProfile:
    return _space(request).save_profile(
        body.profile, body.name, default_name=answers_name(body.profile)
    )


@api.get("/{pid}", response_model=SavedProfile, summary="One saved profile")
def api_get(request: Request, pid: str) -> SavedProfile:
    return _space(request).get_profile(pid)


@api.put("/{pid}", response_model=SavedProfile, summary="Replace a saved profile's answers")
def api_update(request: Request, pid: str, body: Annotated[Profile, Body()]) -> SavedProfile:
    return _space(request).update_profile(pid, body)


@api.patch("/{pid}", response_model=SavedProfile, summary="Rename a saved profile")
def api_rename(request: Request, pid: str, body: Annotated[RenameIn, Body()]) -> SavedProfile:
    return _space(request).rename_profile(pid, body.name)


@api.delete("/{pid}", status_code=204, summary="Delete a saved profile")
def api_delete(request: Request, pid: str) -> Response:
    _space(request).delete_profile(pid)
    return Response(status_code=204)

"""HTML pages. They call the service (the same calls as the JSON API) and render templates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from mlmasters.errors import InputError, Problem
from mlmasters.render.plain import plain_html
from mlmasters.service import ProgramQuery, Service
from mlmasters.web.security import csrf_token, set_csrf_cookie

router = APIRouter(include_in_schema=False)


def render(
    request: Request, name: str, status_code: int = 200, *, technical: bool = False, **ctx: Any
) -> HTMLResponse:
    """A page in plain words (render/plain.py): the answers a model cites are echoed from the
    saved profile in ``ctx``; ``technical`` (Data & methods) keeps codes and method names."""
    svc: Service = request.app.state.service
    templates = request.app.state.templates
    saved = ctx.get("saved")
    html = plain_html(
        templates.get_template(name).render(
            request=request,
            attributions=svc.attributions(),
            csrf_token=csrf_token(request),
            **ctx,
        ),
        profile=getattr(saved, "profile", None),
        technical=technical,
    )
    response = HTMLResponse(html, status_code=status_code)
    set_csrf_cookie(request, response)
    return response


def _query_from(params: dict[str, str]) -> tuple[ProgramQuery, list[Problem]]:
    raw: dict[str, Any] = {k: v for k, v in params.items() if v not in ("", None)}
    if raw.get("online") == "any":
        raw.pop("online")
    try:
        return ProgramQuery(**raw), []
    except ValidationError as exc:
        problems = [Problem(str(e["msg"]), field=str(e["loc"][0])) for e in exc.errors()]
        bad = {p.field for p in problems}
        return ProgramQuery(**{k: v for k, v in raw.items() if k not in bad}), problems


@router.get("/programs", response_class=HTMLResponse)
def catalog_page(request: Request) -> HTMLResponse:
    svc: Service = request.app.state.service
    q, problems = _query_from(dict(request.query_params))
    try:
        result = svc.search_programs(q)
    except InputError as exc:
        problems += exc.problems or [Problem(exc.message, field="cip")]
        result = svc.search_programs(q.model_copy(update={"cip": None}))
    return render(
        request,
        "catalog.html",
        q=q,
        result=result,
        catalog_total=len(svc.catalog.programs),  # the whole the shortlist counts from too
        problems={p.field: p.message for p in problems},
        params=dict(request.query_params),
    )


@router.get("/programs/{program_id}", response_class=HTMLResponse)
def program_page(request: Request, program_id: str) -> HTMLResponse:
    svc: Service = request.app.state.service
    residency = request.query_params.get("residency_state") or None
    detail = svc.get_program(program_id, residency)
    return render(request, "program.html", d=detail, p=detail.program)

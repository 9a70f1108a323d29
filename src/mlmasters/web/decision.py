"""The decision pages of a saved profile: its assessment, its saved shortlists, its report;
and the two look-ups every decision page starts from (the service, the saved profile).
The shortlist and comparison are in ``web/shortlist.py``, the program page in
``web/program_page.py``.

Every page calls the same service methods as the JSON API and renders their results.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mlmasters.errors import MlmastersError
from mlmasters.render import charts
from mlmasters.render.charts import career_chart
from mlmasters.service import Service
from mlmasters.storage import SavedProfile
from mlmasters.web.pages import render
from mlmasters.web.spaces import space_of

router = APIRouter(include_in_schema=False)


def svc_of(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def cache_of(request: Request) -> Any:
    """The app's result cache (web/cache.py): one computation a person and question."""
    return request.app.state.results


def saved_of(request: Request, pid: str) -> SavedProfile:
    return space_of(request).get_profile(pid)


@router.get("/p/{pid}", response_class=HTMLResponse)
def assessment_page(request: Request, pid: str) -> HTMLResponse:
    saved = saved_of(request, pid)
    svc = svc_of(request)
    problem: str | None = None
    try:
        assessment = svc.assess(saved.profile)
    except MlmastersError as exc:
        assessment, problem = None, str(exc)
    careers = None
    skills = None
    if assessment is not None and saved.profile.target_role:
        careers = svc.careers(saved.profile.target_role, saved.profile.state, saved.profile.metro)
        skills = svc.skills(saved.profile)
    space = space_of(request)
    return render(
        request,
        "assessment.html",
        saved=saved,
        shortlists=space.list_shortlists(pid),
        shares=space.shares(pid) if saved.mine and space.owner is not None else [],
        a=assessment,
        problem=problem,
        careers=careers,
        skills=skills,
        wage_spec=career_chart(careers) if careers else None,
        skills_spec=charts.skills_gaps(skills.chart) if skills else None,
    )


@router.post("/p/{pid}/shortlists", response_model=None)
async def save_shortlist(request: Request, pid: str) -> Response:
    from fastapi.responses import RedirectResponse

    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    ids = [str(v) for v in form.getlist("ids") if v]
    svc = svc_of(request)
    for i in ids:
        svc.catalog.get(i)
    space_of(request).save_shortlist(pid, str(form.get("name") or ""), ids)
    return RedirectResponse(f"/p/{pid}#shortlists", status_code=303)


@router.post("/p/{pid}/shortlists/{sid}/delete", response_model=None)
async def delete_shortlist(request: Request, pid: str, sid: str) -> Response:
    from fastapi.responses import RedirectResponse

    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    space_of(request).delete_shortlist(sid, profile_id=pid)
    return RedirectResponse(f"/p/{pid}#shortlists", status_code=303)


@router.get("/p/{pid}/report.{fmt}")
def report_download(request: Request, pid: str, fmt: str) -> Response:
    """The same report as ``mlmasters report``, as a download (HTML or PDF)."""
    from mlmasters.errors import NotFoundError
    from mlmasters.report import html_to_pdf, render_report_html

    if fmt not in ("html", "pdf"):
        raise NotFoundError(f"no report format {fmt!r}", hint="use report.html or report.pdf")
    saved = saved_of(request, pid)
    html = render_report_html(svc_of(request), saved.profile)
    name = f"mlmasters-report-{pid[:8]}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "html":
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)

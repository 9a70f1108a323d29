"""The decision pages of a saved profile: assessment, shortlist, program, compare, report.

Every page calls the same service methods as the JSON API and renders their results.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from mlmasters.errors import MlmastersError
from mlmasters.models.roi.results import slider_fields
from mlmasters.present import money
from mlmasters.render import charts
from mlmasters.render.charts import career_chart
from mlmasters.render.risks import risks_for
from mlmasters.service import Service
from mlmasters.storage import SavedProfile
from mlmasters.web import whatif
from mlmasters.web.pages import render
from mlmasters.web.spaces import space_of
from mlmasters.web.twins import twins

router = APIRouter(include_in_schema=False)


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def _saved(request: Request, pid: str) -> SavedProfile:
    return space_of(request).get_profile(pid)


@router.get("/p/{pid}", response_class=HTMLResponse)
def assessment_page(request: Request, pid: str) -> HTMLResponse:
    saved = _saved(request, pid)
    svc = _svc(request)
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


# -- shortlist -----------------------------------------------------------------------------
METHODS = ("weighted-sum", "topsis")
TOP_MAX = 100


def _criteria() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    from mlmasters.models.rank.weights import CRITERIA, CRITERION_HELP, CRITERION_LABELS

    return CRITERIA, CRITERION_LABELS, CRITERION_HELP


def _rank_params(request: Request) -> tuple[str, dict[str, float] | None, int]:
    q = request.query_params
    method = q.get("method") or "weighted-sum"
    if method not in METHODS:
        from mlmasters.errors import InputError

        raise InputError(f"unknown method {method!r}", hint="weighted-sum or topsis")
    crits, _, _ = _criteria()
    weights: dict[str, float] = {}
    for c in crits:
        raw = q.get(f"w_{c}")
        if raw not in (None, ""):
            try:
                value = float(raw)
                if not math.isfinite(value):
                    raise ValueError(raw)
                weights[c] = max(0.0, min(100.0, value))
            except ValueError:
                from mlmasters.errors import InputError, Problem

                raise InputError(
                    "weights must be numbers", [Problem(f"{raw!r} is not a number", field=c)]
                ) from None
    try:
        top = max(5, min(TOP_MAX, int(q.get("top") or 20)))
    except ValueError:
        top = 20
    return method, (weights or None), top


def _rank_flags(request: Request) -> dict[str, bool]:
    """The shortlist's switches: only programs with known facts (``known_only=1``), and the
    unverified programs merged into the list (``merge=1``)."""
    q = request.query_params
    return {
        "named_only": q.get("known_only") in ("1", "on", "true"),
        "merge_unverified": q.get("merge") in ("1", "on", "true"),
    }


def _cache(request: Request) -> Any:
    return request.app.state.results


def ranked(
    request: Request,
    saved: SavedProfile,
    params: tuple[str, dict[str, float] | None, int] | None = None,
) -> Any:
    method, weights, top = params or _rank_params(request)
    flags = _rank_flags(request)
    svc = _svc(request)
    key = _cache(request).key(
        "rank", saved.profile.model_dump(mode="json"), method, weights, top, flags
    )
    return _cache(request).get_or_compute(
        key,
        lambda: svc.rank(
            saved.profile,
            top=top,
            method=method,
            weights=weights,
            named_only=flags["named_only"],
            merge_unverified=flags["merge_unverified"],
        ),
    )


def _shortlist_ctx(request: Request, pid: str) -> dict[str, Any]:
    saved = _saved(request, pid)
    params = _rank_params(request)
    result = ranked(request, saved, params)
    crits, labels, helps = _criteria()
    method, _, top = params
    # The points used: the persona's, with the sliders given in the query replacing them.
    shown = {c: result.weights.points.get(c, 0.0) for c in crits}
    return {
        "saved": saved,
        "r": result,
        "criteria": crits,
        "labels": labels,
        "helps": helps,
        "weights_shown": shown,
        "method": method,
        "top": top,
        "flags": _rank_flags(request),
        "query": str(request.url.query),
        "twins": twins(result.ranked, _svc(request).catalog),
    }


@router.get("/p/{pid}/shortlist", response_class=HTMLResponse)
def shortlist_page(request: Request, pid: str) -> HTMLResponse:
    return render(request, "shortlist.html", **_shortlist_ctx(request, pid))


@router.get("/p/{pid}/shortlist/results", response_class=HTMLResponse)
def shortlist_results(request: Request, pid: str) -> HTMLResponse:
    return render(request, "_shortlist_results.html", **_shortlist_ctx(request, pid))


@router.get("/p/{pid}/shortlist.{fmt}")
def shortlist_export(request: Request, pid: str, fmt: str) -> Response:
    saved = _saved(request, pid)
    result = ranked(request, saved)
    if fmt == "json":
        return Response(
            result.model_dump_json(indent=2),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="shortlist.json"'},
        )
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        crits, _, _ = _criteria()
        w = csv.writer(buf)
        w.writerow(["rank", "program_id", "name", "institution", "state", "score",
                    "p_top_k", "tuition_usd", *(f"{c}_score" for c in crits)])  # fmt: skip
        for p in result.ranked:
            scores = {c.criterion: c.score for c in p.criteria}
            w.writerow([p.rank, p.program_id, p.name, p.institution, p.state or p.country,
                        f"{p.score:.4f}", "" if p.p_top_k is None else f"{p.p_top_k:.3f}",
                        "" if p.tuition_usd is None else f"{p.tuition_usd:.0f}",
                        *(_fmt3(scores.get(c)) for c in crits)])  # fmt: skip
        return Response(
            buf.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="shortlist.csv"'},
        )
    from mlmasters.errors import NotFoundError

    raise NotFoundError(f"no export format {fmt!r}", hint="use shortlist.csv or shortlist.json")


def _fmt3(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


# -- compare -------------------------------------------------------------------------------
@router.get("/p/{pid}/compare", response_class=HTMLResponse)
def compare_page(request: Request, pid: str) -> HTMLResponse:
    saved = _saved(request, pid)
    ids = [i for i in request.query_params.getlist("ids") if i]
    svc = _svc(request)
    key = _cache(request).key("compare", saved.profile.model_dump(mode="json"), ids)
    result = _cache(request).get_or_compute(key, lambda: svc.compare(saved.profile, ids))
    crits, labels, _ = _criteria()
    return render(
        request, "compare.html", saved=saved, c=result, criteria=crits, labels=labels, ids=ids
    )


# -- program -------------------------------------------------------------------------------
#: name -> (min, max, step, label, how the value is shown: times / money / percent), derived
#: from ``RoiOptions`` (models/roi/results.py) like the CLI flags and batch columns.
WHAT_IF = {k: (lo, hi, st, label, kind) for k, (lo, hi, st, label, kind) in slider_fields().items()}


def what_if_text(value: float, kind: str) -> str:
    """A slider's value as a person reads it (static/whatif.js shows it the same way)."""
    if kind == "money":
        return money(value)
    if kind == "percent":
        return f"{value * 100:.1f}%"
    return f"{value:.2f}"


def _what_if(request: Request) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in WHAT_IF:
        raw = request.query_params.get(name)
        if raw not in (None, ""):
            try:
                out[name] = float(raw)
            except ValueError:
                from mlmasters.errors import InputError, Problem

                raise InputError(
                    "what-if values must be numbers", [Problem(f"{raw!r}", field=name)]
                ) from None
    return out


def roi_view(request: Request, saved: SavedProfile, program_id: str) -> dict[str, Any]:
    what = _what_if(request)
    # with what-ifs: the program without its tornado, and the tornado of your own scenario
    roi, torn = whatif.result(request, saved.profile, program_id, what)
    specs: dict[str, Any] = {}
    head = roi.headline if roi.status == "ok" else None
    torn_head = torn.headline if torn.status == "ok" else None
    if roi.histogram is not None:
        specs["hist"] = charts.histogram(
            roi.histogram.bin_edges_usd, roi.histogram.counts,
            f"What the degree is worth to you ({roi.histogram.basis})",
            "gain or loss over your working life (USD, today's money)",
        )  # fmt: skip
    if roi.fan is not None:
        specs["fan"] = charts.fan(
            roi.fan.year, roi.fan.p10_usd, roi.fan.p50_usd, roi.fan.p90_usd,
            "Gained or lost so far against not studying (1 in 10 to 9 in 10 of outcomes)",
            head.breakeven_year if head else None,
        )  # fmt: skip
    if torn.sensitivity and torn_head is not None and head is not None:
        specs["tornado"] = charts.tornado(
            [{"label": f"{s.label} ({s.low_label} / {s.high_label})",
              "low": s.npv_low_usd, "high": s.npv_high_usd} for s in torn.sensitivity],
            torn_head.npv_mean_usd,
            "What moves the mean of all outcomes"
            + (" (around your own answers, without the what-ifs)" if torn is not roi else ""),
        )  # fmt: skip
    e = roi.earnings
    defaults = {
        "tuition_scale": 1.0,
        "current_salary_usd": e.your_pay_usd if e else (saved.profile.current_salary_usd or 0),
        "premium": round(e.premium_pct, 3) if e else 0.0,  # the text shows it to 0.1%
        "wage_growth": float(roi.inputs.get("real_wage_growth", 0.011) or 0.011),
        "discount_rate": float(roi.inputs.get("discount_rate", 0.03) or 0.03),
    }
    values = {k: what.get(k, v) for k, v in defaults.items()}
    return {
        "roi": roi,
        "head": head,
        "specs": specs,
        "what_if": WHAT_IF,
        "what_if_text": what_if_text,
        "values": values,
    }


@router.get("/p/{pid}/programs/{program_id}", response_class=HTMLResponse)
async def program_decision_page(request: Request, pid: str, program_id: str) -> HTMLResponse:
    # The page has no per-visitor content (no form token), so its HTML is cached whole; a
    # repeat visit is a look-up on the event loop, the first one runs in the thread pool.
    saved = _saved(request, pid)
    cache = _cache(request)
    key = cache.key("program-page", pid, saved.updated_at, program_id, str(request.url.query))
    html = cache.peek(key)
    if html is None:
        page = await run_in_threadpool(_program_page, request, saved, program_id)
        html = cache.put(key, bytes(page.body))
    return HTMLResponse(html)


def _program_page(request: Request, saved: SavedProfile, program_id: str) -> HTMLResponse:
    svc = _svc(request)
    detail = svc.get_program(program_id, saved.profile.state)
    prof = saved.profile
    key = _cache(request).key("plan", prof.model_dump(mode="json"), program_id)
    plan_problem = None
    try:
        plan = _cache(request).get_or_compute(key, lambda: svc.plan(prof, program_id))
    except MlmastersError as exc:
        plan, plan_problem = None, str(exc)
    ctx = roi_view(request, saved, detail.program.program_id)
    skills = svc.skills(prof, program_id) if prof.target_role else None
    ttd_spec = None
    if plan is not None:
        t = plan.time_to_degree
        pts = [{"years": 0, "p": 0.0}] + [
            {"years": y, "p": v} for y, v in enumerate(t.p_finish_by_year, 1)
        ]
        ttd_spec = charts.months_distribution(
            pts, "Chance of holding the degree N years after the program starts"
        )
    return render(
        request,
        "program_decision.html",
        saved=saved,
        d=detail,
        p=detail.program,
        plan=plan,
        plan_problem=plan_problem,
        skills=skills,
        skills_spec=charts.skills_gaps(skills.chart) if skills else None,
        ttd_spec=ttd_spec,
        risks=risks_for(ctx["roi"], plan, detail.program),
        **ctx,
    )


@router.get("/p/{pid}/programs/{program_id}/roi", response_class=HTMLResponse)
def program_roi_partial(request: Request, pid: str, program_id: str) -> HTMLResponse:
    saved = _saved(request, pid)
    ctx = roi_view(request, saved, program_id)
    return render(request, "_roi.html", saved=saved, program_id=program_id, **ctx)


@router.post("/p/{pid}/shortlists", response_model=None)
async def save_shortlist(request: Request, pid: str) -> Response:
    from fastapi.responses import RedirectResponse

    from mlmasters.web.security import check_csrf

    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    ids = [str(v) for v in form.getlist("ids") if v]
    svc = _svc(request)
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
    saved = _saved(request, pid)
    html = render_report_html(_svc(request), saved.profile)
    name = f"mlmasters-report-{pid[:8]}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "html":
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)

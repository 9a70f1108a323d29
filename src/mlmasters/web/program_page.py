"""The program page of a saved profile: the verdict and return (with its what-if sliders,
re-rendered alone by htmx), the time-to-degree plan, the skills, the risks and the facts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from mlmasters.errors import MlmastersError
from mlmasters.models.roi.results import slider_fields
from mlmasters.present import money
from mlmasters.render import charts
from mlmasters.render.risks import risks_for
from mlmasters.storage import SavedProfile
from mlmasters.web import whatif
from mlmasters.web.decision import cache_of, saved_of, svc_of
from mlmasters.web.pages import render

router = APIRouter(include_in_schema=False)


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
    saved = saved_of(request, pid)
    cache = cache_of(request)
    key = cache.key("program-page", pid, saved.updated_at, program_id, str(request.url.query))
    html = cache.peek(key)
    if html is None:
        page = await run_in_threadpool(_program_page, request, saved, program_id)
        html = cache.put(key, bytes(page.body))
    return HTMLResponse(html)


def _program_page(request: Request, saved: SavedProfile, program_id: str) -> HTMLResponse:
    svc = svc_of(request)
    detail = svc.get_program(program_id, saved.profile.state)
    prof = saved.profile
    key = cache_of(request).key("plan", prof.model_dump(mode="json"), program_id)
    plan_problem = None
    try:
        plan = cache_of(request).get_or_compute(key, lambda: svc.plan(prof, program_id))
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
    saved = saved_of(request, pid)
    ctx = roi_view(request, saved, program_id)
    return render(request, "_roi.html", saved=saved, program_id=program_id, **ctx)

"""The shortlist of a saved profile (the page, its htmx results, its CSV/JSON export) and
the side-by-side comparison of the programs a person picks from it."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mlmasters.storage import SavedProfile
from mlmasters.web.decision import cache_of, saved_of, svc_of
from mlmasters.web.pages import render
from mlmasters.web.twins import twins

router = APIRouter(include_in_schema=False)


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


def ranked(
    request: Request,
    saved: SavedProfile,
    params: tuple[str, dict[str, float] | None, int] | None = None,
) -> Any:
    method, weights, top = params or _rank_params(request)
    flags = _rank_flags(request)
    svc = svc_of(request)
    key = cache_of(request).key(
        "rank", saved.profile.model_dump(mode="json"), method, weights, top, flags
    )
    return cache_of(request).get_or_compute(
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
    saved = saved_of(request, pid)
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
        "twins": twins(result.ranked, svc_of(request).catalog),
    }


@router.get("/p/{pid}/shortlist", response_class=HTMLResponse)
def shortlist_page(request: Request, pid: str) -> HTMLResponse:
    return render(request, "shortlist.html", **_shortlist_ctx(request, pid))


@router.get("/p/{pid}/shortlist/results", response_class=HTMLResponse)
def shortlist_results(request: Request, pid: str) -> HTMLResponse:
    return render(request, "_shortlist_results.html", **_shortlist_ctx(request, pid))


@router.get("/p/{pid}/shortlist.{fmt}")
def shortlist_export(request: Request, pid: str, fmt: str) -> Response:
    saved = saved_of(request, pid)
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
    saved = saved_of(request, pid)
    ids = [i for i in request.query_params.getlist("ids") if i]
    svc = svc_of(request)
    key = cache_of(request).key("compare", saved.profile.model_dump(mode="json"), ids)
    result = cache_of(request).get_or_compute(key, lambda: svc.compare(saved.profile, ids))
    crits, labels, _ = _criteria()
    return render(
        request, "compare.html", saved=saved, c=result, criteria=crits, labels=labels, ids=ids
    )


# -- program -------------------------------------------------------------------------------

"""Before -> after for the program page's what-ifs: the headline figures without any
what-if (the person's own scenario, from the same result cache as the page) beside the
figures with them.

A slider move recomputes the one program without its tornado (the tornado's steps are some
twenty more runs of the model): the page keeps showing the tornado of the person's own
scenario, from the same cache, and says so (``result``).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from mlmasters.profile import Profile


def active(request: Request, names: Any) -> dict[str, str]:
    """The what-if values given in the query string (name -> raw text)."""
    q = request.query_params
    return {n: str(q.get(n)) for n in names if q.get(n) not in (None, "")}


def result(
    request: Request, profile: Profile, program_id: str, what: dict[str, float]
) -> tuple[Any, Any]:
    """The ROI with the what-ifs ``what``, and the result whose tornado the page shows: the
    same one without what-ifs, else the person's own scenario (never recomputed per move)."""
    cache = request.app.state.results
    svc = request.app.state.service
    own_key = cache.key("roi", profile.model_dump(mode="json"), program_id, {})
    own = cache.peek(own_key) if what else None
    if not what or own is None:
        own = cache.get_or_compute(own_key, lambda: svc.roi(profile, program_id))
    if not what:
        return own, own
    key = cache.key("roi", profile.model_dump(mode="json"), program_id, what)
    roi = cache.get_or_compute(key, lambda: svc.roi(profile, program_id, sensitivity=False, **what))
    return roi, own


def baseline(request: Request, profile: Profile, program_id: str) -> Any:
    """The headline (NpvSummary) of the person's scenario without what-ifs, or None."""
    cache = request.app.state.results
    svc = request.app.state.service
    # the same cache key as the page's own computation with no what-if (web/program_page.py)
    key = cache.key("roi", profile.model_dump(mode="json"), program_id, {})
    roi = cache.get_or_compute(key, lambda: svc.roi(profile, program_id))
    return roi.headline if roi.status == "ok" else None


def delta_money(before: float, after: float) -> str:
    from mlmasters.present import money

    d = after - before
    if abs(d) < 0.5:
        return "no change"
    return ("+" if d > 0 else "−") + money(abs(d))


def delta_points(before: float, after: float) -> str:
    d = round((after - before) * 100)
    if d == 0:
        return "no change"
    unit = "point" if abs(d) == 1 else "points"
    return f"{'+' if d > 0 else '−'}{abs(d)} {unit}"

"""One self-contained report for a profile: HTML (opens offline) and PDF.

Charts are the web pages' Vega-Lite specs (render/charts.py) rendered to static SVG with
vl-convert (which bundles its own Vega engine, no network) and inlined as data URIs, so the
same HTML opens in any browser and renders to PDF with WeasyPrint (pure Python + Pango, from
PyPI).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from mlmasters.errors import MlmastersError
from mlmasters.profile import Profile
from mlmasters.render import charts
from mlmasters.render.charts import career_chart
from mlmasters.render.risks import risks_for
from mlmasters.render.templates import templates_env

TOP_DETAILED = 3


def svg_data_uri(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_report(service: Any, profile: Profile, top: int = 10) -> dict[str, Any]:
    """Everything the report shows, from the same service calls as the other surfaces."""
    ctx: dict[str, Any] = {
        "profile": profile,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "attributions": service.attributions(),
        "problems": [],
    }
    try:
        ctx["assessment"] = service.assess(profile)
    except MlmastersError as exc:
        ctx["assessment"] = None
        ctx["problems"].append(f"assessment: {exc.message}")
    ctx["careers"] = None
    if profile.target_role and ctx["assessment"] is not None:
        careers = service.careers(profile.target_role, profile.state, profile.metro)
        ctx["careers"] = careers
        ctx["wage_chart"] = svg_data_uri(career_chart(careers))
    ranking = service.rank(profile, top=top)
    ctx["ranking"] = ranking
    details = []
    for rp in ranking.ranked[:TOP_DETAILED]:
        roi = service.roi(profile, rp.program_id)
        try:
            plan = service.plan(profile, rp.program_id)
        except MlmastersError:
            plan = None
        item: dict[str, Any] = {"ranked": rp, "roi": roi, "plan": plan}
        head = roi.headline if roi.status == "ok" else None
        if roi.fan is not None:
            item["fan_chart"] = svg_data_uri(
                charts.fan(roi.fan.year, roi.fan.p10_usd, roi.fan.p50_usd, roi.fan.p90_usd,
                           "Cumulative discounted cash flow (p10-p90)",
                           head.breakeven_year if head else None)
            )  # fmt: skip
        item["risks"] = risks_for(roi, plan, service.catalog.get(rp.program_id))
        details.append(item)
    ctx["details"] = details
    ctx["provenance"] = service.data_info()
    return ctx


def render_report_html(service: Any, profile: Profile, top: int = 10) -> str:
    env = templates_env()
    return env.get_template("report.html").render(**build_report(service, profile, top))


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf

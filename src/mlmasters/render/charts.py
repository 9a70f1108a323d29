"""Vega-Lite specs for the pages (data inline; rendered by the vendored vega-embed).

Each function takes service results and returns a plain dict, so the report can render
the same specs statically (vl-convert) and tests can inspect them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Spec = dict[str, Any]

_BASE: Spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "width": 620,
    "config": {
        # The report's PDF draws chart text with DejaVu Sans (WeasyPrint): the labels must be
        # measured with that font too, or long ones come out clipped ("ata Scientists").
        "font": "DejaVu Sans, Verdana, sans-serif",
        "axis": {"labelFontSize": 11, "titleFontSize": 12},
        "axisX": {"labelOverlap": True},  # hide a label rather than draw two over each other
        "axisY": {"labelLimit": 320},  # occupation and driver names whole, not cut at 180 px
        "view": {"stroke": None},
    },
}


def _spec(**kw: Any) -> Spec:
    return {**_BASE, **kw}


def wage_ranges(rows: Sequence[dict[str, Any]], title: str) -> Spec:
    """p10-p90 whiskers, p25-p75 boxes and the median per occupation (annual USD).

    ``rows``: dicts with label, p10, p25, p50, p75, p90 (None allowed: row skipped).
    """
    data = [r for r in rows if all(r.get(k) is not None for k in ("p10", "p50", "p90"))]
    y = {"field": "label", "type": "nominal", "title": None, "sort": None}
    money = {"format": "$,.0f"}
    return _spec(
        title=title,
        height={"step": 34},
        data={"values": data},
        encoding={"y": y},
        layer=[
            {
                "mark": {"type": "rule", "color": "#8c959f"},
                "encoding": {
                    "x": {"field": "p10", "type": "quantitative", "title": "annual wage (USD)",
                          "axis": money},
                    "x2": {"field": "p90"},
                },
            },
            {
                "mark": {"type": "bar", "size": 14, "color": "#9ec5fe"},
                "encoding": {"x": {"field": "p25", "type": "quantitative"}, "x2": {"field": "p75"}},
            },
            {
                "mark": {"type": "tick", "thickness": 3, "size": 18, "color": "#0a5bd3"},
                "encoding": {
                    "x": {"field": "p50", "type": "quantitative"},
                    "tooltip": [
                        {"field": "label", "title": "occupation"},
                        *({"field": k, "format": "$,.0f"} for k in
                          ("p10", "p25", "p50", "p75", "p90")),
                    ],
                },
            },
        ],
    )  # fmt: skip


def skills_gaps(chart: dict[str, Any]) -> Spec:
    """Grouped bars: target level, your level, program coverage per skill group (0-3)."""
    values: list[dict[str, Any]] = []
    cats = chart.get("categories", [])
    for series in chart.get("series", []):
        name = series.get("name")
        for cat, v in zip(cats, series.get("values", []), strict=False):
            if v is not None:
                values.append({"group": cat, "series": name, "level": v})
    return _spec(
        title="Skills: what the role needs vs where you are (0-3)",
        height={"step": 12},
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "group", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "series"},
            "x": {"field": "level", "type": "quantitative", "scale": {"domain": [0, 3]},
                  "title": "level (0 never studied ... 3 use it at work)"},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "group"}, {"field": "series"},
                        {"field": "level", "format": ".2f"}],
        },
    )  # fmt: skip


def histogram(edges: Sequence[float], counts: Sequence[int], title: str, x_title: str) -> Spec:
    """Pre-binned histogram (bin edges and counts) with a dashed rule at zero."""
    values = [
        {"from": a, "to": b, "count": c}
        for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    return _spec(
        title=title,
        height=220,
        layer=[
            {
                "data": {"values": values},
                "mark": {"type": "bar", "color": "#6ea8fe"},
                "encoding": {
                    "x": {"field": "from", "type": "quantitative", "title": x_title,
                          "axis": {"format": "$~s"}},
                    "x2": {"field": "to"},
                    "y": {"field": "count", "type": "quantitative", "title": "simulated futures"},
                    # x and x2 alone make a horizontal ranged bar a few pixels thick
                    "y2": {"datum": 0},
                    "tooltip": [{"field": "from", "format": "$,.0f"},
                                {"field": "to", "format": "$,.0f"}, {"field": "count"}],
                },
            },
            {
                "data": {"values": [{"zero": 0}]},
                "mark": {"type": "rule", "color": "#b42318", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "zero", "type": "quantitative"}},
            },
        ],
    )  # fmt: skip


#: the tornado moves the mean of all outcomes, and its axis says so
_TORNADO_AXIS = "mean of all outcomes (USD, today's money)"


def _back_to_even(year: float) -> str:
    return f"median of all outcomes back to even ≈ year {year:g}"


_FAN_AXIS = "gained or lost so far (USD)"  # short: the axis is 240 px tall
_FAN_TIPS = (("p10", "1 in 10 below"), ("p50", "median of all outcomes"), ("p90", "1 in 10 above"))


def fan(years: Sequence[float], p10: Sequence[float], p50: Sequence[float],
        p90: Sequence[float], title: str, breakeven: float | None) -> Spec:  # fmt: skip
    """Cumulative discounted cash flow: p10-p90 band, median line, break-even marker."""
    values = [
        {"year": y, "p10": a, "p50": b, "p90": c}
        for y, a, b, c in zip(years, p10, p50, p90, strict=True)
    ]
    layer: list[Spec] = [
        {
            "mark": {"type": "area", "opacity": 0.25, "color": "#0a5bd3"},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "title": "years from the start"},
                "y": {"field": "p10", "type": "quantitative", "title": _FAN_AXIS,
                      "axis": {"format": "$~s"}},
                "y2": {"field": "p90"},
            },
        },
        {
            "mark": {"type": "line", "color": "#0a5bd3"},
            "encoding": {
                "x": {"field": "year", "type": "quantitative"},
                "y": {"field": "p50", "type": "quantitative"},
                "tooltip": [{"field": "year"}, *({"field": k, "title": t, "format": "$,.0f"}
                                                 for k, t in _FAN_TIPS)],
            },
        },
        {
            "data": {"values": [{"zero": 0}]},
            "mark": {"type": "rule", "color": "#57606a", "strokeDash": [2, 2]},
            "encoding": {"y": {"field": "zero", "type": "quantitative"}},
        },
    ]  # fmt: skip
    if breakeven is not None:
        layer.append(
            {
                "data": {"values": [{"be": breakeven, "label": _back_to_even(breakeven)}]},
                "mark": {"type": "rule", "color": "#1a7f37"},
                "encoding": {"x": {"field": "be", "type": "quantitative"},
                             "tooltip": [{"field": "label"}]},
            }
        )  # fmt: skip
    return _spec(title=title, height=240, data={"values": values}, layer=layer)


_PNN = re.compile(r"\b[pP]([1-9])0\b")


def percentiles(label: str) -> str:
    """A driver's "p10 / p90" as a person reads it in a chart (no tooltip there)."""
    return _PNN.sub(lambda m: f"{m.group(1)}0th percentile", label)


def tornado(rows: Sequence[dict[str, Any]], base: float, title: str) -> Spec:
    """Each driver's low/high mean NPV (the mean of all outcomes) as a bar around the base
    case; the axis says so."""
    values = []
    for r in rows:
        lo, hi = r["low"], r["high"]
        values.append({"driver": percentiles(r["label"]), "from": min(lo, hi), "to": max(lo, hi),
                       "low": lo, "high": hi, "swing": abs(hi - lo)})  # fmt: skip
    return _spec(
        title=title,
        height={"step": 26},
        data={"values": values},
        layer=[
            {
                "mark": {"type": "bar", "color": "#f4a261"},
                "encoding": {
                    "y": {"field": "driver", "type": "nominal", "title": None,
                          "sort": {"field": "swing", "order": "descending"}},
                    "x": {"field": "from", "type": "quantitative", "title": _TORNADO_AXIS,
                          "axis": {"format": "$~s"}},
                    "x2": {"field": "to"},
                    "tooltip": [{"field": "driver"}, {"field": "low", "format": "$,.0f"},
                                {"field": "high", "format": "$,.0f"}],
                },
            },
            {
                "data": {"values": [{"base": base}]},
                "mark": {"type": "rule", "color": "#1b1f24"},
                "encoding": {"x": {"field": "base", "type": "quantitative"}},
            },
        ],
    )  # fmt: skip


def months_distribution(points: Sequence[dict[str, Any]], title: str) -> Spec:
    """P(finished by year N) as a step line."""
    return _spec(
        title=title,
        height=180,
        data={"values": list(points)},
        mark={"type": "line", "point": True, "interpolate": "step-after"},
        encoding={
            "x": {"field": "years", "type": "quantitative", "title": "years in the program"},
            "y": {"field": "p", "type": "quantitative", "title": "chance of the degree by then",
                  "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
            "tooltip": [{"field": "years"}, {"field": "p", "format": ".0%"}],
        },
    )  # fmt: skip


def career_chart(careers: Any) -> Spec:
    """The wage ranges of a career report: each occupation, then the role's blend."""
    rows = []
    for occ in careers.occupations:
        w = occ.wages
        if w is None:
            continue
        rows.append(
            {
                "label": f"{w.occupation_name} ({occ.weight:.0%})",
                "p10": w.p10_usd, "p25": w.p25_usd, "p50": w.p50_usd,
                "p75": w.p75_usd, "p90": w.p90_usd,
            }
        )  # fmt: skip
    b = careers.blended_wages
    rows.append({"label": f"{careers.role_label} (blend)", "p10": b.p10_usd, "p25": b.p25_usd,
                 "p50": b.p50_usd, "p75": b.p75_usd, "p90": b.p90_usd})  # fmt: skip
    where = careers.requested_area.area_name
    return wage_ranges(rows, f"Annual wages in {where}, OEWS May 2025")

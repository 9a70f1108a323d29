"""CLI commands ``mlmasters earnings ...``: the earnings premium a program causes.

``earnings premium PROGRAM_ID``: the premium, its source and the pair's figures.
``earnings backtest``: the leave-one-out back-test and the catalog's premium distribution;
``--write-docs docs/earnings.md`` regenerates the generated section of that page and its
calibration chart (SVG, rendered offline with vl-convert). Heavy modules load inside.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlmasters.cli.context import JSON_OPTION, Ctx, pass_ctx, validated
from mlmasters.cli.format import emit_json, money, table

if TYPE_CHECKING:
    from mlmasters.models.roi.backtest import BacktestResult
    from mlmasters.models.roi.premium import PremiumFit

#: What-if flags -> ``PremiumParams`` fields (help text: the field's description).
PARAM_FLAGS: dict[str, str] = {
    "--prior-mean": "prior_mean",
    "--prior-sd": "prior_sd",
    "--selection-share": "selection_share",
    "--experience-gap": "experience_gap_years",
    "--causal-variance-share": "causal_variance_share",
    "--within-sd": "within_cohort_log_sd",
}
_PARAM_HELP = {
    "prior_mean": "Literature prior on the mean of all ML-related fields, the top level only "
    "(a family or a program never takes it in place of data): causal log premium (default "
    "0.131).",
    "prior_sd": "Sd of that prior on the top-level mean (default 0.06).",
    "selection_share": "Share of the adjusted gap caused by the degree (default 1).",
    "experience_gap_years": "Graduates' extra years of experience (default 4, range 2.5-5.5).",
    "causal_variance_share": "Share of between-program differences that are the program's "
    "effect (default 0.5).",
    "within_cohort_log_sd": "Sd of log earnings within a cohort (default 0.424).",
}

BEGIN = "<!-- BEGIN GENERATED: mlmasters earnings backtest --write-docs -->"
END = "<!-- END GENERATED -->"
CHART_NAME = "earnings-calibration.svg"


def _param_options(f: Any) -> Any:
    for flag, field in reversed(PARAM_FLAGS.items()):
        f = click.option(flag, field, type=float, default=None, help=_PARAM_HELP[field])(f)
    return f


def _params(values: dict[str, float | None]) -> Any:
    """``PremiumParams`` from the given what-ifs (None when none), validated (exit 2)."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        return None
    from mlmasters.models.roi.premium import PremiumParams

    return validated(PremiumParams, **given)


def _pct(v: float) -> str:
    return "n/a" if v != v else f"{v:.1%}"


def _log_pct(v: float) -> str:
    return f"{v:+.3f} ({math.exp(v) - 1:+.1%})"


def render_backtest(r: BacktestResult) -> str:
    p = r.premiums
    out = [
        f"Leave-one-out back-test: {r.n_pairs} same-institution master's/bachelor's pairs, "
        f"earnings {r.horizon_years} years after completion",
        "",
        table(
            ["figure", "value", "target"],
            [
                ["central-80% interval coverage", _pct(r.coverage_80), "70%-90%"],
                [
                    "central-50% / 90% coverage",
                    f"{_pct(r.coverage_50)} / {_pct(r.coverage_90)}",
                    "",
                ],
                ["median abs log error", f"{r.median_abs_log_error:.3f}", ""],
                ["  (no premium, experience only)", f"{r.median_abs_log_error_no_premium:.3f}", ""],
                ["mean error (observed - predicted)", f"{r.mean_log_error:+.3f}", ""],
                ["catalog premium p10", _log_pct(p.p10), ""],
                ["catalog premium p50", _log_pct(p.p50), "+5% to +20%"],
                ["catalog premium p90", _log_pct(p.p90), ""],
                ["share above 0.40", _pct(p.share_above_040), "none expected"],
            ],
        ),
        "",
        f"programs: {p.n_programs:,} ("
        + ", ".join(f"{k} {v:,}" for k, v in sorted(p.by_source.items()))
        + ")",
        *(
            [
                f"every federal master's row ({r.premiums_all_federal_rows.n_programs:,}, closed "
                "and outside fields included): p10/p50/p90 "
                + " / ".join(
                    _log_pct(x)
                    for x in (
                        r.premiums_all_federal_rows.p10,
                        r.premiums_all_federal_rows.p50,
                        r.premiums_all_federal_rows.p90,
                    )
                )
            ]
            if r.premiums_all_federal_rows
            else []
        ),
        "PIT deciles: "
        + " ".join(f"{h:.0%}" for h in r.pit_histogram)
        + " (10% each if calibrated)",
        f"targets: coverage {'met' if r.coverage_80_met else 'NOT met'}; median premium "
        f"{'met' if r.median_premium_met else 'NOT met'}",
        "",
        "What is tested: " + r.what_is_tested,
    ]
    return "\n".join(out)


def calibration_spec(r: BacktestResult) -> dict[str, Any]:
    """Vega-Lite: each pair's predicted vs observed log(master's/bachelor's), deciles, y = x."""
    pts = [
        {
            "predicted": x.predicted_log_ratio,
            "observed": x.observed_log_ratio,
            "covered": x.covered_80,
        }
        for x in r.pairs
    ]
    dec = [
        {"predicted": c.predicted_log_ratio, "observed": c.observed_log_ratio, "n": c.n_pairs}
        for c in r.calibration
    ]
    lo = min([0.0] + [min(p["predicted"], p["observed"]) for p in pts])
    hi = max([0.5] + [max(p["predicted"], p["observed"]) for p in pts])
    scale = {"domain": [round(lo - 0.05, 2), round(hi + 0.05, 2)]}
    x = {
        "field": "predicted",
        "type": "quantitative",
        "scale": scale,
        "title": "predicted log(master's / bachelor's median), pair left out",
    }
    y = {"field": "observed", "type": "quantitative", "scale": scale,
         "title": "observed log(master's / bachelor's median)"}  # fmt: skip
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 460,
        "height": 460,
        "title": f"Leave-one-out calibration, {r.n_pairs} pairs (dots: pairs; squares: deciles)",
        "config": {"view": {"stroke": None}},
        "layer": [
            {
                "data": {"values": [{"predicted": v, "observed": v} for v in scale["domain"]]},
                "mark": {"type": "line", "color": "#888", "strokeDash": [4, 4]},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": pts},
                "mark": {"type": "circle", "opacity": 0.55, "size": 28},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "covered",
                        "type": "nominal",
                        "title": "inside the 80% interval",
                        "scale": {"domain": [True, False], "range": ["#4c78a8", "#e45756"]},
                    },
                },
            },
            {
                "data": {"values": dec},
                "mark": {"type": "square", "size": 90, "color": "black"},
                "encoding": {"x": x, "y": y},
            },
        ],
    }


def render_docs_section(r: BacktestResult, fit: PremiumFit, chart: str | None) -> str:
    """The generated Markdown section of docs/earnings.md (deterministic for one snapshot):
    the backtest, the premium across the catalog, the field families, the defaults."""
    lines = [BEGIN, "", *_backtest_lines(r, chart), *_premium_lines(r, fit)]
    lines += _family_lines(fit)
    lines += _default_lines()
    lines += ["", END]
    return "\n".join(lines)


def _backtest_lines(r: BacktestResult, chart: str | None) -> list[str]:
    """What is tested, the coverage and errors, PIT deciles and the calibration table."""
    lines = [
        "_Generated by `mlmasters earnings backtest --write-docs docs/earnings.md` on the "
        "current snapshot with the default parameters; do not edit by hand._",
        "",
        f"**What is tested.** {r.what_is_tested}",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| pairs (same institution and CIP family, {r.horizon_years}-year earnings) "
        f"| {r.n_pairs} | |",
        f"| central-80% interval coverage | {_pct(r.coverage_80)} | 70%-90% "
        f"({'met' if r.coverage_80_met else 'not met'}) |",
        f"| central-50% / 90% coverage | {_pct(r.coverage_50)} / {_pct(r.coverage_90)} | |",
        f"| median absolute log error | {r.median_abs_log_error:.3f} | |",
        f"| the same predicting no premium (experience growth only) "
        f"| {r.median_abs_log_error_no_premium:.3f} | |",
        f"| mean error, observed - predicted | {r.mean_log_error:+.3f} | |",
        "",
        "PIT deciles (share of pairs whose observed median falls in each tenth of its "
        "predictive distribution; 10% each if calibrated): "
        + ", ".join(f"{h:.0%}" for h in r.pit_histogram)
        + ".",
        "",
        "Calibration by decile of the prediction (log of master's / bachelor's median):",
        "",
        "| decile | predicted | observed | pairs |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {i + 1} | {c.predicted_log_ratio:.3f} | {c.observed_log_ratio:.3f} | {c.n_pairs} |"
        for i, c in enumerate(r.calibration)
    ]
    if chart:
        lines += ["", f"![Leave-one-out calibration]({chart})"]
    return lines


def _premium_lines(r: BacktestResult, fit: PremiumFit) -> list[str]:
    """The causal premium's spread over the catalog, against the literature's target."""
    p = r.premiums
    s = fit.params.selection_share
    lines: list[str] = []
    lines += [
        "",
        f"**The causal premium across the default catalog** ({p.n_programs:,} programs; "
        + ", ".join(f"{k}: {v:,}" for k, v in sorted(p.by_source.items()))
        + "):",
        "",
        "| p10 | p50 | p90 | share above 0.40 |",
        "|---|---|---|---|",
        f"| {_log_pct(p.p10)} | {_log_pct(p.p50)} | {_log_pct(p.p90)} "
        f"| {_pct(p.share_above_040)} |",
        "",
        *(
            [
                f"Over every federal master's row instead ({a.n_programs:,}: closed institutions "
                f"and fields outside ML included): p10 {_log_pct(a.p10)}, p50 {_log_pct(a.p50)}, "
                f"p90 {_log_pct(a.p90)}, share above 0.40 {_pct(a.share_above_040)}.",
                "",
            ]
            if (a := r.premiums_all_federal_rows)
            else []
        ),
        f"Median premium target +5% to +20% (as a pay rise, like the literature): "
        f"{r.median_premium_percent:+.1%}, {'met' if r.median_premium_met else 'not met'}"
        f" (in log points {p.p50:.3f}).",
        "",
        "Field families (adjusted gap: log master's/bachelor's minus experience growth; "
        f"causal premium = {s:g} x the family mean shrunk toward all families):",
        "",
        "| CIP | pairs | mean adjusted gap | tau (between programs) | own tau | "
        "causal premium of the family |",
        "|---|---|---|---|---|---|",
    ]
    return lines


def _family_lines(fit: PremiumFit) -> list[str]:
    """One row a CIP family (and the pooled row): pairs, gap, spread and its premium."""
    s = fit.params.selection_share
    lines: list[str] = []
    for f in [*fit.families.values(), fit.pooled]:
        use = f.n_pairs >= fit.params.family_min_pairs or f is fit.pooled
        lines.append(
            f"| {f.cip_code} | {f.n_pairs} | {f.mean_adjusted:+.3f} | {math.sqrt(f.tau2):.3f} | "
            f"{'yes' if f.tau2_own else 'pooled'} | "
            + (f"{s * f.post_mean:+.3f}" if use else "(too few pairs: pooled)")
            + " |"
        )
    return lines


def _default_lines() -> list[str]:
    from mlmasters.models.roi.premium import PREMIUM_DEFAULTS

    lines = ["", "Defaults (from `PREMIUM_DEFAULTS`):", "", "| default | value | source |"]
    lines += ["|---|---|---|"]
    lines += [f"| {d.name} | {d.value} | {d.source} |" for d in PREMIUM_DEFAULTS]
    return lines


def write_docs(path: Path, r: BacktestResult, fit: PremiumFit) -> list[Path]:
    """Replace the generated section of ``path`` and write the chart beside it."""
    from mlmasters.errors import InputError

    if not path.is_file():
        raise InputError(f"{path}: no such file", hint="pass the docs page, e.g. docs/earnings.md")
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text.split(BEGIN, 1)[1]:
        raise InputError(
            f"{path}: no generated section to replace",
            hint=f"add the two lines {BEGIN} and {END} where the figures go",
        )
    import vl_convert as vlc

    chart = path.parent / CHART_NAME
    chart.write_text(vlc.vegalite_to_svg(calibration_spec(r)), encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(head + render_docs_section(r, fit, CHART_NAME) + tail, encoding="utf-8")
    return [path, chart]


def render_premium(d: dict[str, Any]) -> str:
    lo, hi = d["interval_80"]
    rows = [
        ("premium (log)", f"{d['mean']:+.3f} (sd {d['sd']:.3f}); {d['percent']:+.1%} pay"),
        ("central 80%", f"{lo:+.3f} to {hi:+.3f}"),
        ("source", d["source"]),
    ]
    if d["raw_log_ratio"] is not None:
        rows += [
            ("master's median", f"{money(d['master_median_usd'])} ({d['master_completers']} "
                                "completers)"),
            ("bachelor's median", f"{money(d['bachelor_median_usd'])} "
                                  f"({d['bachelor_completers']} completers)"),
            ("raw log ratio", f"{d['raw_log_ratio']:+.3f}"),
            ("experience growth removed", f"{d['experience_growth']:.3f}"),
            ("weight on own pair", f"{d['shrink_weight']:.0%}"),
        ]  # fmt: skip
    if d["family"]:
        rows.append(("field family", f"CIP {d['family']} ({d['n_pairs']} pairs)"))
    head = f"{d['name']} — {d['institution']} ({d['program_id']})"
    body = "\n".join(f"  {k:28} {v}" for k, v in rows)
    return f"{head}\n{body}\n\n{d['label']}"


@click.group()
def earnings() -> None:
    """The earnings premium a program causes, and the back-test that checks it."""


@earnings.command("premium")
@click.argument("program_id")
@_param_options
@JSON_OPTION
@pass_ctx
def earnings_premium(
    obj: Ctx,
    /,
    program_id: str,
    as_json: bool,
    **what_if: float | None,
) -> None:
    """The causal earnings premium of PROGRAM_ID, its source and the pair's figures."""
    res = obj.service().premium_for_program(program_id, _params(what_if))
    d = res.model_dump(mode="json")
    if as_json:
        emit_json(d)
        return
    click.echo(render_premium(d))


@earnings.command("backtest")
@click.option(
    "--write-docs",
    "docs_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Regenerate the generated section of this page (docs/earnings.md) and its chart.",
)
@_param_options
@JSON_OPTION
@pass_ctx
def earnings_backtest(
    obj: Ctx,
    /,
    docs_path: Path | None,
    as_json: bool,
    **what_if: float | None,
) -> None:
    """Leave-one-out back-test on the same-institution pairs; the catalog's premiums."""
    svc = obj.service()
    params = _params(what_if)
    res = svc.premium_backtest(params)
    written: list[Path] = []
    if docs_path is not None:
        written = write_docs(docs_path, res, svc.premium_fit_for(params))
    if as_json:
        emit_json(res.model_dump(mode="json") | {"written": [str(p) for p in written]})
        return
    click.echo(render_backtest(res))
    for p in written:
        click.echo(f"wrote {p}", err=True)


def register(cli: click.Group) -> None:
    cli.add_command(earnings)

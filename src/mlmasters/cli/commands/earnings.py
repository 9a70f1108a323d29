"""CLI commands ``mlmasters earnings ...``: the earnings premium a program causes.

``earnings premium PROGRAM_ID``: the premium, its source and the pair's figures.
``earnings backtest``: the leave-one-out back-test and the catalog's premium distribution;
``--write-docs docs/earnings.md`` regenerates the generated section of that page and its
calibration chart (SVG, rendered offline with vl-convert). Heavy modules load inside.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlmasters.cli.context import JSON_OPTION, Ctx, pass_ctx, validated
from mlmasters.cli.earnings_docs import log_pct, pct, write_docs
from mlmasters.cli.format import emit_json, money, table

if TYPE_CHECKING:
    from mlmasters.models.roi.backtest import BacktestResult

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


def render_backtest(r: BacktestResult) -> str:
    p = r.premiums
    out = [
        f"Leave-one-out back-test: {r.n_pairs} same-institution master's/bachelor's pairs, "
        f"earnings {r.horizon_years} years after completion",
        "",
        table(
            ["figure", "value", "target"],
            [
                ["central-80% interval coverage", pct(r.coverage_80), "70%-90%"],
                [
                    "central-50% / 90% coverage",
                    f"{pct(r.coverage_50)} / {pct(r.coverage_90)}",
                    "",
                ],
                ["median abs log error", f"{r.median_abs_log_error:.3f}", ""],
                ["  (no premium, experience only)", f"{r.median_abs_log_error_no_premium:.3f}", ""],
                ["mean error (observed - predicted)", f"{r.mean_log_error:+.3f}", ""],
                ["catalog premium p10", log_pct(p.p10), ""],
                ["catalog premium p50", log_pct(p.p50), "+5% to +20%"],
                ["catalog premium p90", log_pct(p.p90), ""],
                ["share above 0.40", pct(p.share_above_040), "none expected"],
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
                    log_pct(x)
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

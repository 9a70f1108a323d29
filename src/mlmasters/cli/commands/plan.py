"""CLI command ``mlmasters plan PROFILE.toml PROGRAM_ID``: a term-by-term plan.

Heavy modules (NumPy, the service) are imported inside the command so that
``mlmasters --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlmasters.cli.context import JSON_OPTION, PROGRAMS_FILE, Ctx, pass_ctx
from mlmasters.cli.format import emit_json, money, table

if TYPE_CHECKING:
    from mlmasters.models.plan.result import PlanResult

#: Option names whose CLI flag differs from the ``PlanOptions`` field.
FLAGS = {
    "credits_total": "--credits",
    "hours_per_week": "--hours",
    "tuition_total_usd": "--tuition",
    "employer_support_usd_per_year": "--employer-support",
    "residency_state": "--residency",
    "thesis": "--thesis/--no-thesis",
}


def _flag(field: str | None) -> str | None:
    if field is None:
        return None
    return FLAGS.get(field, "--" + field.replace("_", "-"))


def _pct(p: float | None) -> str:
    return "unknown" if p is None else f"{100 * p:.0f}%"


def _months(m: float) -> str:
    return f"{m:g}" if m == m else "n/a"


def _header(r: PlanResult) -> list[str]:
    """Program, mode, calendar, credits and what drives the months."""
    i = r.inputs
    out = [
        f"{r.program_name} — {r.institution} ({r.program_id})",
        f"{i.mode}, {i.calendar} calendar ({i.terms_per_year} terms a year of "
        f"{i.weeks_per_term:g} weeks), {i.credits_total:g} semester credits, "
        f"{i.credits_per_term:g} a term",
        f"months: {i.months_basis}",
    ]
    if i.terms_source:
        out.append(f"terms source: {i.terms_source}")
    return [*out, ""]


def _term_table(r: PlanResult) -> str:
    """The terms, one row each."""
    rows = []
    for t in r.terms:
        what = list(t.courses)
        if t.bridge_areas:
            what.insert(0, "bridge: " + ", ".join(t.bridge_areas))
        if t.specialization:
            what.append("track: " + ", ".join(t.specialization))
        if not what and t.kind == "courses":
            what.append("courses (not published)")
        rows.append(
            [
                t.label,
                f"{t.month_start:g}-{t.month_end:g}",
                f"{t.credits:g}",
                f"{t.hours_per_week:g}",
                "; ".join(what),
                ", ".join(t.core_areas) or "-",
                ", ".join(t.milestones) or "-",
                "-" if t.kind != "courses" else money(t.tuition_usd),
                "-" if t.kind != "courses" else money(t.cumulative_tuition_usd),
            ]
        )
    return table(
        ["term", "months", "credits", "h/week", "what", "core areas", "milestones",
         "tuition", "cumulative"],
        rows,
        max_width=40,
    )  # fmt: skip


def _time_lines(r: PlanResult) -> list[str]:
    """Time to degree: planned months, percentiles, chances."""
    s = r.time_to_degree
    within = "  ".join(f"{y}y {_pct(p)}" for y, p in sorted(s.p_finish_within_years.items()))
    bridge = r.bridge_months_before
    out = [
        "",
        f"Time to degree (Monte Carlo, {s.draws:,} draws, seed {s.seed}; calibrated to CGS):",
        f"  planned, before any risk   {r.planned_months:g} months"
        + (
            f" (+ {bridge:g} months of bridge first: "
            f"{sum(b.weeks for b in r.bridge):g} weeks, one course after another)"
            if bridge
            else ""
        ),
        f"  months to degree           P10 {_months(s.months_p10)}  P50 {_months(s.months_p50)}"
        f"  P90 {_months(s.months_p90)} (among those who finish)",
        f"  P(degree ever)             {_pct(s.p_complete)}  (no degree: {_pct(s.p_no_degree)}; "
        f"those who leave do so after {s.months_to_attrition_mean:g} months on average)",
        f"  P(degree within N years)   {within}",
    ]
    if r.p_finish_within_max_years is not None:
        out.append(f"  P(within your max years)   {_pct(r.p_finish_within_max_years)}")
    return out


def _workload_lines(r: PlanResult) -> list[str]:
    """The busiest term's hours against the person's."""
    w = r.workload
    if w.feasible is None:
        verdict = "not checked (hours unknown)"
    elif w.feasible:
        verdict = "fits"
    else:
        verdict = f"does NOT fit: {w.suggestion}"
    have = "unknown" if w.hours_available_per_week is None else f"{w.hours_available_per_week:g}"
    return [
        "",
        f"Workload: {w.hours_needed_per_week:g} h a week in the busiest term; you have {have}: "
        f"{verdict}",
        f"  rule: {w.rule}",
    ]


def _funding_lines(r: PlanResult) -> list[str]:
    """Funding per program year and its totals."""
    f = r.funding
    out = ["", f"Funding per program year (tuition: {f.tuition_label}):"]
    out.append(
        table(
            ["year", "credits", "intensity", "tuition", "employer", "need", "fed. loan max",
             "gap"],
            [
                [str(y.year), f"{y.credits:g}", _pct(y.enrollment_intensity),
                 money(y.tuition_usd), money(y.employer_support_usd), money(y.need_usd),
                 money(y.federal_loan_max_usd), money(y.gap_usd)]
                for y in f.years
            ],
        )
    )  # fmt: skip
    out.append(
        f"  total tuition {money(f.tuition_total_usd)}, "
        f"employer {money(f.employer_support_total_usd)}, "
        f"out of pocket {money(f.out_of_pocket_total_usd)}, "
        f"not covered by federal loans {money(f.gap_total_usd)}"
    )
    return out + [f"  note: {n}" for n in f.notes]


def render_plan(r: PlanResult) -> str:
    """The readable report: header, term table, time to degree, workload, funding, notes."""
    out = [*_header(r), _term_table(r), *_time_lines(r), *_workload_lines(r)]
    out += _funding_lines(r)
    if r.bridge:
        out += ["", "Bridge courses (from the readiness assessment):"]
        out += [f"  - {b.label} ({b.status}, {b.weeks:g} weeks): {b.suggestion}" for b in r.bridge]
    if r.warnings:
        out += ["", "Warnings:"] + [f"  ! {x}" for x in r.warnings]
    out += ["", "Assumptions:"] + [f"  - {x}" for x in r.assumptions]
    return "\n".join(out)


@click.command("plan")
@click.argument("profile_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("program_id")
@click.option("--mode", type=click.Choice(["full-time", "part-time"]), help="Enrolment mode.")
@click.option(
    "--calendar",
    type=click.Choice(["semester", "quarter", "trimester"]),
    help="Academic calendar [default: from the credit unit].",
)
@click.option("--terms-per-year", type=int, help="Terms a year (e.g. 3: semesters + summer).")
@click.option("--credits-per-term", type=float, help="Semester credits a term.")
@click.option("--credits", "credits_total", type=float, help="Program credits (semester).")
@click.option("--credit-factor", type=float, help="Semester credits per program unit.")
@click.option("--hours", "hours_per_week", type=float, help="Study hours a week.")
@click.option("--tuition", "tuition_total_usd", type=float, help="Program tuition, USD.")
@click.option("--employer-support", "employer_support_usd_per_year", type=float, help="USD a year.")
@click.option("--residency", "residency_state", help="Your state, for in-state charges.")
@click.option(
    "--bridge",
    type=click.Choice(["before", "alongside", "none"]),
    default="before",
    show_default=True,
    help="Where bridge courses go.",
)
@click.option("--thesis/--no-thesis", default=None, help="Plan a thesis (when optional).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--draws", type=int, default=10000, show_default=True, help="Monte Carlo draws.")
@PROGRAMS_FILE
@JSON_OPTION
@pass_ctx
def plan_cmd(
    obj: Ctx,
    /,
    profile_file: Path,
    program_id: str,
    programs_file: Path | None,
    as_json: bool,
    **options: Any,
) -> None:
    """A term-by-term plan of PROGRAM_ID for the person in PROFILE_FILE: credits to terms,
    bridge courses, workload against your hours, time to degree as a distribution (P50,
    P90, P(within N years), P(no degree)) and funding per year (employer support, federal
    loan limits from July 2026, the gap)."""
    from mlmasters.errors import InputError, Problem
    from mlmasters.profile import load_profile
    from mlmasters.service.plan import plan_options

    profile = load_profile(profile_file)
    if options.get("residency_state"):
        options["residency_state"] = options["residency_state"].upper()
    try:
        opts = plan_options(None, **options)
    except InputError as exc:
        problems = [Problem(p.message, field=_flag(p.field), hint=p.hint) for p in exc.problems]
        raise InputError(exc.message, problems, hint=exc.hint) from None
    result = obj.service(programs_file).plan(profile, program_id, opts)
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    click.echo(render_plan(result))


def register(cli: click.Group) -> None:
    cli.add_command(plan_cmd)

"""CLI commands of the assess model: ``assess``, ``careers``, ``skills``.

``register`` adds them to the ``mlmasters`` group. Heavy modules are imported inside the
commands so that ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlmasters.cli.context import JSON_OPTION
from mlmasters.cli.format import bullets, emit_json, money, table, value

if TYPE_CHECKING:
    from mlmasters.errors import MlmastersError
    from mlmasters.models.assess.careers import CareerReport
    from mlmasters.models.assess.skills import SkillsReport
    from mlmasters.profile import Profile
    from mlmasters.service.assess import Assessment

PROFILE_ARG = click.argument(
    "profile_path", metavar="PROFILE.toml", type=click.Path(dir_okay=False, path_type=Path)
)
ROLES = (
    "ml-engineer",
    "data-scientist",
    "research-scientist",
    "ai-ethics-governance",
    "ml-product-manager",
)


def _service(ctx: click.Context) -> Any:
    return ctx.obj.service()


def _load(ctx: click.Context, path: Path) -> Profile:
    """Load a profile; when it is invalid, also check its metro so every problem shows at once."""
    import tomllib

    from mlmasters.errors import InputError
    from mlmasters.profile import load_profile

    try:
        return load_profile(path)
    except InputError as exc:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError):
            raise exc from None
        metro, state = raw.get("metro"), raw.get("state")
        fields = {p.field for p in exc.problems}
        if isinstance(metro, str) and "metro" not in fields:
            ok_state = state if isinstance(state, str) and "state" not in fields else None
            try:
                _service(ctx).resolve_person_area(ok_state, metro)
            except InputError as more:
                problems = exc.problems + [p for p in more.problems if p.field == "metro"]
                exc = InputError(
                    f"{path}: {len(problems)} problem(s) in the profile", problems, hint=exc.hint
                )
        raise _locate(exc, path) from None


def _locate(exc: MlmastersError, path: Path) -> MlmastersError:
    """Give problems that name a profile field the file and line of that key."""
    from mlmasters.errors import Problem
    from mlmasters.profile import _key_lines

    if not exc.problems:
        return exc
    try:
        lines = _key_lines(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return exc
    exc.problems = [
        Problem(p.message, field=p.field, file=str(path), line=lines.get(p.field), hint=p.hint)
        if p.field and p.file is None
        else p
        for p in exc.problems
    ]
    return exc


def _pct(v: float) -> str:
    return f"{v:.0%}"


# --- text renderers -----------------------------------------------------------------------
def render_assessment(a: Assessment) -> str:
    out: list[str] = []
    name = a.profile.name or "your profile"
    out.append(f"Assessment: {name}\n")
    p = a.persona
    out.append(f"Persona: {p.label} [{p.persona}, {p.confidence} fit]")
    out.append(f"  {p.summary}")
    for e in p.evidence:
        out.append(f"  +{e.points} {e.evidence}")
    scores = ", ".join(f"{k} {v}" for k, v in sorted(p.scores.items(), key=lambda x: -x[1]))
    out.append(f"  scores: {scores}")
    if p.would_help:
        out.append(f"  would help: {', '.join(p.would_help)}")
    out.append("\nReadiness against typical ML master's prerequisites")
    evidence = {e.area: e for e in a.prerequisite_evidence}
    rows = []
    for r in a.readiness:
        ev = evidence.get(r.area)
        named = f"{ev.programs_naming_it}/{ev.programs_publishing_prerequisites}" if ev else "-"
        rows.append(
            [
                r.label,
                value(r.level),
                str(r.required_level),
                r.status,
                f"{r.bridge_weeks:g}" if r.status != "unknown" else f"≤{r.bridge_weeks_max:g}",
                named,
            ]
        )
    out.append(
        table(["area", "you", "needs", "status", "weeks", "in prereqs*"], rows, max_width=32)
    )
    for r in a.readiness:
        if r.suggestion:
            out.append(f"  - {r.label}: {r.suggestion}")
    out.append(
        f"  bridge total: {a.bridge_weeks_total:g} weeks ({a.readiness_weeks_rule}).\n"
        "  * curated programs whose published prerequisites name the area / programs that "
        "publish prerequisites"
    )
    top = a.paths.paths[0]
    out.append(f"\nRecommended path: {top.label}")
    for rp in a.paths.paths:
        out.append(f"  {rp.rank}. {rp.label} (score {rp.score:+d})")
        for reason in rp.reasons:
            out.append(f"       {reason.points:+d} {reason.text}")
    lacking = [n.rule_id for n in a.paths.not_applied if not n.figure_unavailable]
    no_figure = [n.rule_id for n in a.paths.not_applied if n.figure_unavailable]
    if lacking:
        out.append(f"  not applied, an answer is unknown: {', '.join(lacking)}")
        out.append(f"  answer these to refine: {', '.join(a.paths.would_help)}")
    if no_figure:
        out.append(f"  not applied, a figure is not available: {', '.join(no_figure)}")
    out += bullets("Notices", a.notices, skip_empty=True)
    out += bullets("What mlmasters cannot know", a.limits)
    out += bullets("Sources", a.sources)
    return "\n".join(out)


def render_careers(r: CareerReport) -> str:
    area = r.requested_area
    out = [f"{r.role_label} in {area.area_name} ({area.level})", f"  {r.caveat}\n"]
    out += _wage_lines(r)
    out.append("\nGrowth and entry (BLS Employment Projections 2024-34)")
    out += _projection_lines(r)
    out.append("\nThe guide's claims vs the data")
    out += _claim_lines(r)
    out += bullets("Notices", r.notices, skip_empty=True)
    out += bullets("Limits", r.limits)
    out += bullets("Sources", r.sources)
    return "\n".join(out)


def _wage_lines(r: CareerReport) -> list[str]:
    """The wage table of the role's occupations (and their blend), with its source line."""
    rows = []
    for o in r.occupations:
        w = o.wages
        rows.append(
            [
                f"{o.soc_code} {w.occupation_name}",
                _pct(o.weight),
                f"{w.area.area_name} ({w.area.level})",
                "unknown" if w.employment is None else f"{w.employment:,}",
                *[money(v) for v in w.percentile_values()],
            ]
        )
    b = r.blended_wages
    if len(r.occupations) > 1:
        rows.append(
            ["role blend", "100%", "", "", *[money(v) for v in b.values()]],
        )
    out = [
        table(
            ["occupation", "weight", "area used", "employment", "p10", "p25", "p50", "p75", "p90"],
            rows,
            max_width=36,
        ),
        f"  annual wages, OEWS May 2025; {b.method}",
    ]
    for o in r.occupations:
        if o.wages.top_coded:
            out.append(
                f"  {o.soc_code}: {', '.join(o.wages.top_coded)} at or above the BLS top code "
                "(shown as the bound)"
            )
    return out


def _projection_lines(r: CareerReport) -> list[str]:
    """The BLS projections table and the role-weighted change beside all occupations'."""
    prow = []
    for o in r.occupations:
        pj = o.projection
        if pj is None:
            prow.append([o.soc_code, "no projection", "", "", "", ""])
            continue
        prow.append(
            [
                f"{o.soc_code} {pj.occupation_title}",
                f"{value(pj.employment_2024_thousands)}k",
                f"{value(pj.employment_2034_thousands)}k",
                _change(pj.change_percent),
                f"{value(pj.annual_openings_thousands)}k",
                value(pj.typical_entry_education),
            ]
        )
    growth, allg = _change(r.growth_percent_weighted), _change(r.all_occupations_growth_percent)
    return [
        table(
            ["occupation", "jobs 2024", "jobs 2034", "change", "openings/yr", "typical entry"],
            prow,
            max_width=40,
        ),
        f"  role-weighted change {growth}; all occupations {allg}",
    ]


def _claim_lines(r: CareerReport) -> list[str]:
    """Each claim of the guide, its verdict and the data range it was checked against."""
    out = []
    for c in r.claims:
        if c.unit == "usd":
            data = f"{money(c.data_low)}-{money(c.data_high)}"
        elif c.data_low is None or c.data_high is None:
            data = "unknown"
        elif c.data_low == c.data_high:
            data = f"{c.data_low:+.1f}%"
        else:
            data = f"{c.data_low:+.1f}% to {c.data_high:+.1f}%"
        out.append(f"  - {c.claim}: {c.verdict} (data {data})")
        out.append(f"      {c.explanation}")
        out.append(f"      compared with {c.compared_with}")
    return out


def _change(pct: float | None) -> str:
    return "unknown" if pct is None else f"{pct:+.1f}%"


def _lvl(v: float | None) -> str:
    return "unknown" if v is None else f"{v:.2f}"


def render_skills(r: SkillsReport) -> str:
    prog = f" with {r.program_name}" if r.program_name else " (no program chosen)"
    out = [f"Skills for {r.role_label}{prog}\n"]
    occ = ", ".join(
        f"{o.soc_code} {o.title} {_pct(o.weight_used)}"
        + (f" [O*NET {o.onet_soc_code}]" if o.onet_soc_code else " [no O*NET profile]")
        for o in r.occupations
    )
    out.append(f"O*NET profile of: {occ}\n")
    rows = [
        [
            g.label,
            _lvl(g.target_level),
            _lvl(g.current_level),
            g.coverage.status,
            _lvl(g.after_program_level) if r.program_id else "-",
            value(g.gap_after_program if r.program_id else g.gap_now),
            g.status,
        ]
        for g in r.groups
    ]
    out.append(
        table(
            ["skill group", "target", "you", "program", "after", "gap", "status"],
            rows,
            max_width=40,
        )
    )
    out.append("  levels 0-3; target = O*NET importance (1-5) mapped onto 0-3")
    for g in r.groups:
        extra = "; ".join(g.coverage.evidence)
        if g.note or extra:
            out.append(f"  - {g.label}: {'; '.join(x for x in (extra, g.note) if x)}")
    out.append("\nMost important O*NET elements for the role (importance 1-5)")
    out.append(
        table(
            ["element", "kind", "importance", "group"],
            [
                [e.element_name, e.kind, f"{e.importance:.2f}", e.group or "-"]
                for e in r.onet_profile[:12]
            ],
            max_width=60,
        )
    )
    out += bullets("Caveats", r.caveats)
    out += bullets("Rules", r.rules)
    out.append(f"\n{r.attribution}")
    return "\n".join(out)


# --- commands -----------------------------------------------------------------------------
@click.command("assess")
@PROFILE_ARG
@JSON_OPTION
@click.pass_context
def assess_cmd(ctx: click.Context, profile_path: Path, as_json: bool) -> None:
    """Persona, readiness per core area and the recommended path for a profile.

    PROFILE.toml is documented in examples/profile.toml; every key is optional.
    """
    from mlmasters.errors import MlmastersError

    profile = _load(ctx, profile_path)
    try:
        result = _service(ctx).assess(profile)
    except MlmastersError as exc:
        raise _locate(exc, profile_path) from None
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    click.echo(render_assessment(result))


@click.command("careers")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Target role.")
@click.option("--area", "metro", help="Metro area: an OEWS name (e.g. 'Seattle') or 7-digit code.")
@click.option("--state", help="State (USPS code); used alone, or when --area is unknown.")
@JSON_OPTION
@click.pass_context
def careers_cmd(
    ctx: click.Context, role: str, metro: str | None, state: str | None, as_json: bool
) -> None:
    """Wages (metro -> state -> nation), growth and the guide's claims for a role."""
    result = _service(ctx).careers(role, state=state.upper() if state else None, metro=metro)
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    click.echo(render_careers(result))


@click.command("skills")
@PROFILE_ARG
@click.option("--program", "program_id", help="A program id, for its coverage.")
@click.option("--role", type=click.Choice(ROLES), help="Override the profile's target role.")
@JSON_OPTION
@click.pass_context
def skills_cmd(
    ctx: click.Context,
    profile_path: Path,
    program_id: str | None,
    role: str | None,
    as_json: bool,
) -> None:
    """The target role's O*NET skill profile, your levels, a program's coverage, gaps."""
    from mlmasters.errors import MlmastersError

    profile = _load(ctx, profile_path)
    try:
        result = _service(ctx).skills(profile, program_id, role=role)
    except MlmastersError as exc:
        raise _locate(exc, profile_path) from None
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    click.echo(render_skills(result))


def register(cli: click.Group) -> None:
    cli.add_command(assess_cmd)
    cli.add_command(careers_cmd)
    cli.add_command(skills_cmd)

"""CLI commands for the rank model: ``mlmasters rank`` and ``mlmasters compare``.

Heavy modules are imported inside the commands so that ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from mlmasters.cli.format import emit_json, money, table

_METHODS = ("weighted-sum", "topsis")
_POLICIES = ("penalize", "renormalize")
_SHORT = {
    "curriculum": "curr",
    "outcomes": "outc",
    "flexibility": "flex",
    "industry": "ind",
    "accreditation": "accr",
    "cost": "cost",
}


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by rank and compare (applied bottom-up)."""
    opts = [
        click.option(
            "--method",
            type=click.Choice(_METHODS),
            default="weighted-sum",
            show_default=True,
            help="Aggregation: transparent weighted sum, or TOPSIS.",
        ),
        click.option(
            "--weights",
            "weights_text",
            metavar="K=V,...",
            help="Points per criterion (0-100 scale of the persona table) replacing the "
            "persona's: curriculum, outcomes, flexibility, industry, accreditation, cost.",
        ),
        click.option("--persona", help="Persona for the default weights (default: from assess)."),
        click.option(
            "--unknown",
            "unknown_policy",
            type=click.Choice(_POLICIES),
            default="penalize",
            show_default=True,
            help="Policy for a criterion without data (never read as zero).",
        ),
        click.option(
            "--unknown-penalty",
            type=float,
            default=0.1,
            show_default=True,
            help="penalize: an unknown criterion counts 0.5 minus this.",
        ),
        click.option(
            "--no-roi", is_flag=True, help="Do not run the ROI model (outcomes from earnings)."
        ),
        click.option(
            "--programs",
            "programs_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Add your own programs from a file (see docs/programs.md).",
        ),
        click.option(
            "--csv",
            "csv_file",
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            help="Also write the result as CSV to this file.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    from mlmasters.models.rank.weights import parse_weights

    return parse_weights(text)


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from mlmasters.errors import InputError

    try:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", hint="check --csv") from None


def _status_marks(criteria: Sequence[Any]) -> str:
    marks = []
    for c in criteria:
        if c.status == "unknown":
            marks.append(f"{_SHORT[c.criterion]}?")
        elif c.status == "partial":
            marks.append(f"{_SHORT[c.criterion]}~")
    return " ".join(marks) or "-"


def _rank_csv(path: Path, res: Any) -> None:
    from mlmasters.models.rank.weights import CRITERIA

    header = [
        "rank",
        "program_id",
        "institution",
        "name",
        "state",
        "score",
        "tuition_usd",
        "p_top_k",
        "rank_p05",
        "rank_median",
        "rank_p95",
        "unknown_filters",
    ]
    for c in CRITERIA:
        header += [f"{c}_score", f"{c}_status", f"{c}_contribution", f"{c}_why"]
    rows = []
    for p in res.ranked:
        iv = p.rank_interval
        row: list[Any] = [
            p.rank,
            p.program_id,
            p.institution,
            p.name,
            p.state or p.country,
            p.score,
            p.tuition_usd,
            p.p_top_k,
            iv.p05 if iv else None,
            iv.median if iv else None,
            iv.p95 if iv else None,
            ";".join(p.unknown_filters),
        ]
        for c in p.criteria:
            row += [c.score, c.status, c.contribution, c.why]
        rows.append(row)
    _write_csv(path, header, rows)


def _compare_csv(path: Path, res: Any) -> None:
    progs = res.programs
    header = ["item"] + [p.program_id for p in progs]
    rows: list[list[Any]] = [
        ["institution"] + [p.institution for p in progs],
        ["name"] + [p.name for p in progs],
        ["score"] + [p.score for p in progs],
        ["rank_among_compared"] + [p.rank_among_compared for p in progs],
        ["rank_in_catalog"] + [p.rank_in_catalog for p in progs],
        ["filters_failed"] + [";".join(p.filters_failed) for p in progs],
    ]
    for j, c in enumerate(progs[0].criteria):
        rows.append([f"{c.criterion}_score"] + [p.criteria[j].score for p in progs])
        rows.append([f"{c.criterion}_status"] + [p.criteria[j].status for p in progs])
        rows.append([f"{c.criterion}_why"] + [p.criteria[j].why for p in progs])
    for j, fact in enumerate(progs[0].facts):
        rows.append([fact.field] + [_cell(p.facts[j].value) for p in progs])
    _write_csv(path, header, rows)


def _cell(v: Any) -> Any:
    return "; ".join(str(x) for x in v) if isinstance(v, list) else v


@click.command("rank")
@click.argument("profile_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--top", type=click.IntRange(1, 5000), default=20, show_default=True)
@click.option(
    "-k",
    "k",
    type=click.IntRange(1, 500),
    default=10,
    show_default=True,
    help="k of P(top k) in the robustness check.",
)
@click.option(
    "--samples",
    type=click.IntRange(0, 200_000),
    default=10_000,
    show_default=True,
    help="Weight samples for robustness (0 = skip).",
)
@click.option(
    "--concentration",
    type=float,
    default=50.0,
    show_default=True,
    help="Dirichlet concentration of the weight samples (higher = closer to yours).",
)
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--strict",
    is_flag=True,
    help="Hard filters also drop programs whose fact is unknown (no second list).",
)
@click.option(
    "--merge-unverified",
    is_flag=True,
    help="Rank the programs a filter cannot check (fact unknown) with the others, marked, "
    "instead of in the second list 'may fit — not verified'.",
)
@click.option(
    "--named-only",
    "--only-known-facts",
    "named_only",
    is_flag=True,
    help="Only programs with known facts: hide federal rows without a named program.",
)
@click.option(
    "--ignore-filter",
    "ignore_filters",
    multiple=True,
    help="Skip a hard filter (budget, delivery, location, duration, enrollment_mode, "
    "thesis, internship); repeatable.",
)
@_common
@click.pass_obj
def rank_cmd(
    obj: Any,
    profile_file: Path,
    top: int,
    k: int,
    samples: int,
    concentration: float,
    seed: int,
    strict: bool,
    merge_unverified: bool,
    named_only: bool,
    ignore_filters: tuple[str, ...],
    method: str,
    weights_text: str | None,
    persona: str | None,
    unknown_policy: str,
    unknown_penalty: float,
    no_roi: bool,
    programs_file: Path | None,
    csv_file: Path | None,
    as_json: bool,
) -> None:
    """Rank the catalog for a profile: filters, six criteria with reasons, robustness."""
    from mlmasters.profile import load_profile

    profile = load_profile(profile_file)
    weights = _weights(weights_text)
    svc = obj.service(programs_file)
    if not no_roi and not as_json:
        click.echo("running the ROI model for the catalog ...", err=True)
    res = svc.rank(
        profile,
        top=top,
        method=method,
        weights=weights,
        roi=None if no_roi else "auto",
        persona=persona,
        unknown_policy=unknown_policy,
        unknown_penalty=unknown_penalty,
        strict_filters=strict,
        merge_unverified=merge_unverified,
        named_only=named_only,
        ignore_filters=ignore_filters,
        samples=samples,
        concentration=concentration,
        k=k,
        seed=seed,
    )
    if csv_file is not None:
        _rank_csv(csv_file, res)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    _print_rank(res)


@click.command("compare")
@click.argument("profile_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("program_ids", nargs=-1)
@_common
@click.pass_obj
def compare_cmd(
    obj: Any,
    profile_file: Path,
    program_ids: tuple[str, ...],
    method: str,
    weights_text: str | None,
    persona: str | None,
    unknown_policy: str,
    unknown_penalty: float,
    no_roi: bool,
    programs_file: Path | None,
    csv_file: Path | None,
    as_json: bool,
) -> None:
    """Compare 2-5 programs side by side: every criterion, sourced facts, what decides."""
    from mlmasters.models.rank.engine import check_compare_ids
    from mlmasters.profile import load_profile

    check_compare_ids(program_ids)
    profile = load_profile(profile_file)
    weights = _weights(weights_text)
    svc = obj.service(programs_file)
    res = svc.compare(
        profile,
        list(program_ids),
        method=method,
        weights=weights,
        roi=None if no_roi else "auto",
        persona=persona,
        unknown_policy=unknown_policy,
        unknown_penalty=unknown_penalty,
    )
    if csv_file is not None:
        _compare_csv(csv_file, res)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    _print_compare(res)


def register(cli: click.Group) -> None:
    cli.add_command(rank_cmd)
    cli.add_command(compare_cmd)


def _weights_line(w: Any) -> str:
    parts = [f"{c} {v:.2f}" + ("*" if w.source[c] == "user" else "") for c, v in w.weights.items()]
    return f"weights ({w.persona}, {w.persona_source}; * = yours): " + ", ".join(parts)


def _print_rank(res: Any) -> None:
    click.echo(_weights_line(res.weights))
    removed = ", ".join(
        f"{f.name} -{f.removed} ({f.unknown_kept} unknown kept)" for f in res.filters
    )
    click.echo(
        f"{res.kept_programs:,} of {res.total_programs:,} programs pass the hard filters"
        + (f": {removed}" if removed else " (none active)")
        + (" [strict]" if res.strict_filters else "")
        + (" [only programs with known facts]" if res.named_only else "")
    )
    k = res.robustness.k if res.robustness else None
    rows = []
    for p in res.ranked:
        iv = p.rank_interval
        rows.append(
            [
                str(p.rank),
                p.program_id,
                p.institution,
                p.state or p.country,
                f"{p.score:.3f}",
                "-" if p.p_top_k is None else f"{p.p_top_k:.2f}",
                "-" if iv is None else f"{iv.p05}-{iv.p95}",
                money(p.tuition_usd),
                _status_marks(p.criteria),
            ]
        )
    click.echo("")
    click.echo(
        table(
            [
                "#",
                "id",
                "institution",
                "st",
                "score",
                f"P(top {k})" if k else "P(top k)",
                "rank 90%",
                "tuition",
                "unknown",
            ],
            rows,
            max_width=36,
        )
    )
    click.echo("\n? unknown criterion (scored by the unknown policy), ~ partly known.")
    for p in res.ranked[:3]:
        click.echo(f"\n#{p.rank} {p.institution}: {p.name}")
        for c in p.criteria:
            shown = "unknown" if c.score is None else f"{c.score:.2f}"
            click.echo(f"  {c.label:32} {shown:>7}  {c.why}")
        for pc in p.place_changes:
            click.echo(f"  -> {pc.sentence}")
    if res.robustness:
        click.echo(f"\nrobustness: {res.robustness.summary}")
    if res.unverified_programs:
        unknown = ", ".join(
            f"{k.replace('_', ' ')} {v:,}" for k, v in res.unverified_unknown.items()
        )
        click.echo(
            f"\nmay fit — not verified: {res.unverified_programs:,} more programs a filter "
            f"could not check (unknown: {unknown}); best {len(res.unverified)} "
            "(--merge-unverified ranks them with the others, --strict drops them):"
        )
        click.echo(
            table(
                ["#", "id", "institution", "st", "score", "tuition", "unknown"],
                [
                    [
                        str(p.rank),
                        p.program_id,
                        p.institution,
                        p.state or p.country,
                        f"{p.score:.3f}",
                        money(p.tuition_usd),
                        ", ".join(p.unknown_filters),
                    ]
                    for p in res.unverified
                ],
                max_width=36,
            )
        )
    for n in res.notes:
        click.echo(f"note: {n}", err=True)


def _print_compare(res: Any) -> None:
    progs = res.programs
    click.echo(_weights_line(res.weights))
    head = ["", *[p.program_id for p in progs]]
    rows = [
        ["institution", *[p.institution for p in progs]],
        ["score", *[f"{p.score:.3f}" for p in progs]],
        ["place here", *[str(p.rank_among_compared) for p in progs]],
        ["rank (filtered catalog)", *[str(p.rank_in_catalog or "filtered") for p in progs]],
        ["fails filters", *[", ".join(p.filters_failed) or "-" for p in progs]],
    ]
    for j, c in enumerate(progs[0].criteria):
        rows.append([c.label, *[_score_cell(p.criteria[j]) for p in progs]])
    rows.append(["tuition", *[money(p.tuition_usd) for p in progs]])
    for key in ("npv_p50", "p_loss", "breakeven_year"):
        if any(p.roi and key in p.roi for p in progs):
            rows.append([f"ROI {key}", *[_roi_cell(p.roi, key) for p in progs]])
    if any(p.plan for p in progs):
        rows.append(["plan months p50", *[_plan_cell(p.plan, "months_p50") for p in progs]])
        rows.append(["plan P(complete)", *[_plan_cell(p.plan, "p_complete") for p in progs]])
    click.echo("")
    click.echo(table(head, rows, max_width=30))
    click.echo("\nwhat decides:")
    for d in res.decisive:
        click.echo(f"  - {d.sentence}")
    for p in progs:
        click.echo(f"\n{p.program_id}:")
        for c in p.criteria:
            click.echo(f"  {c.label}: {c.why}")
    for n in res.notes:
        click.echo(f"note: {n}", err=True)


def _score_cell(c: Any) -> str:
    return (
        "unknown" if c.score is None else f"{c.score:.2f}" + ("~" if c.status == "partial" else "")
    )


def _roi_cell(roi: dict[str, Any] | None, key: str) -> str:
    if not roi or roi.get(key) is None:
        return "unknown"
    v = roi[key]
    if key == "npv_p50":
        return money(float(v))
    if key == "p_loss":
        return f"{float(v):.0%}"
    return str(v)


def _plan_cell(plan: dict[str, Any] | None, key: str) -> str:
    if not plan or plan.get(key) is None:
        return "unknown"
    v = float(plan[key])
    return f"{v:.0%}" if key == "p_complete" else f"{v:.0f}"

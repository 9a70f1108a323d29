"""CLI commands for the rank model: ``mlmasters rank`` and ``mlmasters compare``.

Heavy modules are imported inside the commands so that ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mlmasters.cli import ranking
from mlmasters.cli.format import emit_json

_METHODS = ("weighted-sum", "topsis")
_POLICIES = ("penalize", "renormalize")


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
        ranking.rank_csv(csv_file, res)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    ranking.print_rank(res)


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
        ranking.compare_csv(csv_file, res)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    ranking.print_compare(res)


def register(cli: click.Group) -> None:
    cli.add_command(rank_cmd)
    cli.add_command(compare_cmd)

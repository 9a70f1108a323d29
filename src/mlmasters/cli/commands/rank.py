"""CLI commands for the rank model: ``mlmasters rank`` and ``mlmasters compare``.

Heavy modules are imported inside the commands so that ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from mlmasters.cli import ranking
from mlmasters.cli.context import JSON_OPTION, PROGRAMS_FILE, choice, option_group
from mlmasters.cli.format import emit_json

_METHODS = ("weighted-sum", "topsis")
_POLICIES = ("penalize", "renormalize")


def _weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    from mlmasters.models.rank.weights import parse_weights

    return parse_weights(text)


@dataclass(frozen=True)
class _Choices:
    """What rank and compare both take: how to score, which programs, how to print."""

    method: str
    weights_text: str | None
    persona: str | None
    unknown_policy: str
    unknown_penalty: float
    no_roi: bool
    programs_file: Path | None
    csv_file: Path | None
    as_json: bool

    def scoring(self) -> dict[str, Any]:
        """The service's scoring arguments (``rank`` and ``compare`` share them)."""
        return {
            "method": self.method,
            "weights": _weights(self.weights_text),
            "roi": None if self.no_roi else "auto",
            "persona": self.persona,
            "unknown_policy": self.unknown_policy,
            "unknown_penalty": self.unknown_penalty,
        }

    def emit(
        self, res: Any, to_csv: Callable[[Path, Any], None], show: Callable[[Any], None]
    ) -> None:
        """The result as CSV (``--csv``), then as JSON (``--json``) or text."""
        if self.csv_file is not None:
            to_csv(self.csv_file, res)
        if self.as_json:
            emit_json(res.model_dump(mode="json"))
        else:
            show(res)


_choices = option_group(
    "choices",
    _Choices,
    choice("--method", choices=_METHODS, help="Aggregation: transparent weighted sum, or TOPSIS."),
    click.option(
        "--weights",
        "weights_text",
        metavar="K=V,...",
        help="Points per criterion (0-100 scale of the persona table) replacing the "
        "persona's: curriculum, outcomes, flexibility, industry, accreditation, cost.",
    ),
    click.option("--persona", help="Persona for the default weights (default: from assess)."),
    choice(
        "--unknown",
        "unknown_policy",
        choices=_POLICIES,
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
    PROGRAMS_FILE,
    click.option(
        "--csv",
        "csv_file",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Also write the result as CSV to this file.",
    ),
    JSON_OPTION,
)


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
@_choices
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
    choices: _Choices,
) -> None:
    """Rank the catalog for a profile: filters, six criteria with reasons, robustness."""
    from mlmasters.profile import load_profile

    profile = load_profile(profile_file)
    scoring = choices.scoring()
    svc = obj.service(choices.programs_file)
    if not choices.no_roi and not choices.as_json:
        click.echo("running the ROI model for the catalog ...", err=True)
    res = svc.rank(
        profile,
        top=top,
        **scoring,
        strict_filters=strict,
        merge_unverified=merge_unverified,
        named_only=named_only,
        ignore_filters=ignore_filters,
        samples=samples,
        concentration=concentration,
        k=k,
        seed=seed,
    )
    choices.emit(res, ranking.rank_csv, ranking.print_rank)


@click.command("compare")
@click.argument("profile_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("program_ids", nargs=-1)
@_choices
@click.pass_obj
def compare_cmd(
    obj: Any,
    profile_file: Path,
    program_ids: tuple[str, ...],
    choices: _Choices,
) -> None:
    """Compare 2-5 programs side by side: every criterion, sourced facts, what decides."""
    from mlmasters.models.rank.engine import check_compare_ids
    from mlmasters.profile import load_profile

    check_compare_ids(program_ids)
    profile = load_profile(profile_file)
    scoring = choices.scoring()
    svc = obj.service(choices.programs_file)
    res = svc.compare(profile, list(program_ids), **scoring)
    choices.emit(res, ranking.compare_csv, ranking.print_compare)


def register(cli: click.Group) -> None:
    cli.add_command(rank_cmd)
    cli.add_command(compare_cmd)

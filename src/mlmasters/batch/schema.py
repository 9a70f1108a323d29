"""The batch tables, described once: scenario columns (input) and result columns (output).

The Parquet schema of the results and the tables in ``docs/batch.md`` come from these
descriptions (a test checks that the docs list every column). Profile columns are derived
from the ``Profile`` model itself, so a new profile field is a new scenario column.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from mlmasters.models.rank.weights import CRITERIA
from mlmasters.models.roi.results import RoiOptions
from mlmasters.profile import Background, Profile

Kind = Literal["int", "float", "text", "bool", "list", "choice"]

#: Batch defaults (mlmasters choices, documented in docs/batch.md with their reasons).
#: 1,000 draws: the Monte Carlo standard error of P(loss) is at most sqrt(0.25 / 1000) = 0.016,
#: and the catalog ROI costs about a tenth of the single-person default of 10,000 draws.
BATCH_DRAWS = 1_000
#: 1,000 weight samples: the standard error of P(top k) is at most 0.016 likewise.
BATCH_SAMPLES = 1_000
#: Separator of list cells (``specializations``) and of ``weights`` items in a CSV cell.
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One scenario column: its name in the file, what it holds, and help text."""

    name: str
    kind: Kind
    help: str
    group: Literal["id", "profile", "roi", "rank"]
    choices: tuple[str, ...] = ()


def _unwrap(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    ann = _unwrap(annotation)
    if get_origin(ann) is Literal:
        values = get_args(ann)
        if all(isinstance(v, int) for v in values):
            return "int", tuple(str(v) for v in values)
        return "choice", tuple(str(v) for v in values)
    if get_origin(ann) is list:
        (inner,) = get_args(ann)
        return "list", tuple(str(v) for v in get_args(inner))
    if ann is bool:
        return "bool", ()
    if ann is int:
        return "int", ()
    if ann is float:
        return "float", ()
    return "text", ()


def _profile_columns() -> tuple[Column, ...]:
    out: list[Column] = []
    for name, info in Profile.model_fields.items():
        if name == "background":
            for area, binfo in Background.model_fields.items():
                kind, choices = _kind(binfo.annotation)
                out.append(
                    Column(
                        f"background.{area}",
                        kind,
                        f"{binfo.description}, 0-3 (0 never studied ... 3 use it at work)",
                        "profile",
                        choices,
                    )
                )
            continue
        kind, choices = _kind(info.annotation)
        help_text = info.description or name
        if kind == "list":
            help_text += f" (several separated by '{LIST_SEPARATOR}')"
        out.append(Column(name, kind, help_text, "profile", choices))
    return tuple(out)


SCENARIO_ID = Column(
    "scenario_id", "text", "A label echoed in the results (default: the row number)", "id"
)

PROFILE_COLUMNS: tuple[Column, ...] = _profile_columns()

#: ROI what-ifs a row may set: every ``RoiOptions`` field (derived from the model, never
#: restated), except those the profile already has (pay, study mode, hours, employer
#: support are profile columns) and those that apply to one program (tuition_usd, premium).
_ROI_NOT_COLUMNS = {
    "draws", "seed", "basis", "sensitivity", "tuition_usd", "premium", "current_salary_usd",
    "enrollment_mode", "hours_per_week", "employer_support_usd_per_year",
}  # fmt: skip


def _roi_columns() -> tuple[Column, ...]:
    out = [
        Column(
            "draws", "int", f"Monte Carlo draws (default {BATCH_DRAWS:,}; at most 100,000)", "roi"
        ),
        Column(
            "seed",
            "int",
            "Random seed of this scenario (ROI draws and weight samples); default: see Seeding",
            "roi",
        ),
        Column(
            "basis",
            "choice",
            "Headline NPV: after-tax (default, as on every surface) or pre-tax",
            "roi",
            ("after-tax", "pre-tax"),
        ),
    ]
    for name, info in RoiOptions.model_fields.items():
        if name in _ROI_NOT_COLUMNS:
            continue
        kind, choices = _kind(info.annotation)
        out.append(Column(name, kind, info.description or name, "roi", choices))
    return tuple(out)


ROI_COLUMNS: tuple[Column, ...] = _roi_columns()

#: Ranking options a row may set (``RankOptions`` fields).
RANK_COLUMNS: tuple[Column, ...] = (
    Column(
        "method", "choice", "weighted-sum (default) or topsis", "rank", ("weighted-sum", "topsis")
    ),
    Column("persona", "text", "Persona for default weights (default: from the profile)", "rank"),
    Column(
        "weights",
        "text",
        f"Points per criterion, e.g. cost=30{LIST_SEPARATOR}curriculum=20 "
        f"(criteria: {', '.join(CRITERIA)})",
        "rank",
    ),
    Column(
        "samples",
        "int",
        f"Weight samples for P(top k) (default {BATCH_SAMPLES:,}; 0 = none)",
        "rank",
    ),
    Column("k", "int", "k of P(top k) (default 10)", "rank"),
    Column("concentration", "float", "Dirichlet concentration of the weight samples (50)", "rank"),
    Column(
        "unknown_policy",
        "choice",
        "penalize (default) or renormalize",
        "rank",
        ("penalize", "renormalize"),
    ),
    Column("unknown_penalty", "float", "Penalty of an unknown criterion (default 0.1)", "rank"),
    Column("strict_filters", "bool", "Also drop programs a filter cannot decide", "rank"),
)

INPUT_COLUMNS: tuple[Column, ...] = (SCENARIO_ID, *PROFILE_COLUMNS, *ROI_COLUMNS, *RANK_COLUMNS)
INPUT_BY_NAME: dict[str, Column] = {c.name: c for c in INPUT_COLUMNS}

ArrowType = Literal["int64", "float64", "string", "bool"]


@dataclass(frozen=True)
class OutputColumn:
    name: str
    type: ArrowType
    help: str
    nullable: bool = True


_SCORES = tuple(
    OutputColumn(f"{c}_score", "float64", f"Criterion score in [0, 1] ({c}); null = unknown")
    for c in CRITERIA
)

#: The results: one row per scenario x program, in scenario order, programs in catalog order.
OUTPUT_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn("scenario_row", "int64", "1-based data row of the scenario in the input", False),
    OutputColumn("scenario_id", "string", "The row's scenario_id (default: the row number)", False),
    OutputColumn("seed", "int64", "Seed used for this scenario's draws and weight samples", False),
    OutputColumn("draws", "int64", "Monte Carlo draws", False),
    OutputColumn("basis", "string", "NPV basis: pre-tax or after-tax", False),
    OutputColumn("discount_rate", "float64", "Real discount rate used (after defaults)", False),
    OutputColumn("tuition_scale", "float64", "Tuition multiplier used", False),
    OutputColumn("method", "string", "Ranking method", False),
    OutputColumn("program_id", "string", "Program id (see mlmasters programs show)", False),
    OutputColumn("program_name", "string", "Program name"),
    OutputColumn("institution", "string", "Institution"),
    OutputColumn("program_state", "string", "Institution state (USPS code)"),
    OutputColumn(
        "roi_status", "string", "ok, needs tuition, tuition not in USD, or not feasible", False
    ),
    OutputColumn(
        "npv_mean_usd",
        "float64",
        "Mean NPV of the degree, USD: the average over all outcomes, shown beside the "
        "headline (null unless ok)",
    ),
    OutputColumn("npv_p10_usd", "float64", "10th percentile NPV, USD"),
    OutputColumn(
        "npv_p50_usd",
        "float64",
        "Median NPV, USD: the typical outcome, the headline on every surface and the career "
        "criterion's figure",
    ),
    OutputColumn("npv_p90_usd", "float64", "90th percentile NPV, USD"),
    OutputColumn("p_ahead", "float64", "P(NPV >= 0): the chance of coming out ahead"),
    OutputColumn("p_loss", "float64", "P(NPV < 0) = 1 − p_ahead"),
    OutputColumn("p_loss_not_finishing", "float64", "P(a loss from not finishing the degree)"),
    OutputColumn(
        "p_loss_finishing",
        "float64",
        "P(finishing but gaining less than the degree cost); with p_loss_not_finishing it "
        "makes p_loss (null when no draw finishes)",
    ),
    OutputColumn("npv_p50_finishers_usd", "float64", "Median NPV among those who finish, USD"),
    OutputColumn("irr_p50", "float64", "IRR of the median draw (null when undefined)"),
    OutputColumn("breakeven_year", "int64", "Break-even year of the median draw (null: never)"),
    OutputColumn("tuition_total_usd", "float64", "Tuition total used, USD (after tuition_scale)"),
    OutputColumn("tuition_level", "string", "Where the tuition comes from (program, IPEDS...)"),
    OutputColumn("planned_months", "float64", "Planned months of the program in this mode"),
    OutputColumn("bridge_months", "float64", "Months of bridge courses before the program"),
    OutputColumn("months_p50", "float64", "Median months to the degree, bridge included"),
    OutputColumn("enrollment_mode", "string", "full-time or part-time (the plan's mode)"),
    OutputColumn(
        "earnings_source",
        "string",
        "Where the premium comes from: own pair, field family, all ML fields, or your figure",
    ),
    OutputColumn(
        "premium_pct",
        "float64",
        "The degree's lasting effect on pay for this person: the average pay rise of the "
        "mean-preserving draws (e^β − 1)",
    ),
    OutputColumn("verdict", "string", "What the return means for this person"),
    OutputColumn("kept", "bool", "Passed the profile's hard filters (ranked)", False),
    OutputColumn("rank", "int64", "Place among kept programs, 1 = best (null: filtered out)"),
    OutputColumn("score", "float64", "Aggregate score (weighted sum or TOPSIS closeness)"),
    *_SCORES,
    OutputColumn("p_top_k", "float64", "P(top k) under sampled weights (null: samples = 0)"),
    OutputColumn("k", "int64", "k of P(top k)", False),
    OutputColumn("unknown_filters", "string", "Filters this kept program passes only as unknown"),
)
OUTPUT_NAMES: tuple[str, ...] = tuple(c.name for c in OUTPUT_COLUMNS)
#: Bump when the output columns change: a resume refuses parts of another version.
OUTPUT_VERSION = 3


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of every part file."""
    import pyarrow as pa

    types_ = {"int64": pa.int64(), "float64": pa.float64(), "string": pa.string(),
              "bool": pa.bool_()}  # fmt: skip
    return pa.schema(
        [pa.field(c.name, types_[c.type], nullable=c.nullable) for c in OUTPUT_COLUMNS]
    )


def input_markdown() -> str:
    """The scenario columns as a Markdown table (docs/batch.md)."""
    lines = ["| column | kind | what it sets |", "|---|---|---|"]
    for c in INPUT_COLUMNS:
        kind = c.kind if not c.choices else f"{c.kind}: {' / '.join(c.choices)}"
        lines.append(f"| `{c.name}` | {kind} | {c.help} |")
    return "\n".join(lines)


def output_markdown() -> str:
    """The result columns as a Markdown table (docs/batch.md)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for c in OUTPUT_COLUMNS:
        t = c.type if c.nullable else f"{c.type}, not null"
        lines.append(f"| `{c.name}` | {t} | {c.help} |")
    return "\n".join(lines)

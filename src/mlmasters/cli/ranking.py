"""How ``mlmasters rank`` and ``mlmasters compare`` print their results and write them as
CSV: the tables, the top programs' criteria with their reasons, the "may fit — not verified"
list, and the side-by-side comparison."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from mlmasters.cli.format import money, table

_SHORT = {
    "curriculum": "curr",
    "outcomes": "outc",
    "flexibility": "flex",
    "industry": "ind",
    "accreditation": "accr",
    "cost": "cost",
}


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


def rank_csv(path: Path, res: Any) -> None:
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


def compare_csv(path: Path, res: Any) -> None:
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


def _weights_line(w: Any) -> str:
    parts = [f"{c} {v:.2f}" + ("*" if w.source[c] == "user" else "") for c, v in w.weights.items()]
    return f"weights ({w.persona}, {w.persona_source}; * = yours): " + ", ".join(parts)


def print_rank(res: Any) -> None:
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
    _print_ranked_table(res)
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
        _print_unverified(res)
    for n in res.notes:
        click.echo(f"note: {n}", err=True)


def _print_ranked_table(res: Any) -> None:
    """The ranked programs, one row each, with P(top k) and the 90% rank interval."""
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


def _print_unverified(res: Any) -> None:
    """The programs a hard filter could not check (unknown facts), best first."""
    unknown = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in res.unverified_unknown.items())
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


def print_compare(res: Any) -> None:
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

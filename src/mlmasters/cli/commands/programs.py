"""CLI commands on the catalog: ``programs search`` and ``programs show``.

``register`` adds the ``programs`` group to the ``mlmasters`` group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mlmasters.cli.context import JSON_OPTION, PROGRAMS_FILE, Ctx, pass_ctx, validated
from mlmasters.cli.format import emit_json, money, table, value


@click.group()
def programs() -> None:
    """Search and show programs in the catalog."""


@programs.command("search")
@click.argument("text", required=False)
@click.option("--state", help="Institution state (USPS code, e.g. GA).")
@click.option("--cip", help="CIP family (e.g. 11.01 or 1101) or 2-digit series (11).")
@click.option("--online/--on-campus", default=None, help="Only online/hybrid (or on-campus).")
@click.option("--max-tuition", type=float, help="Only programs whose known total is ≤ this (USD).")
@click.option("--has-earnings/--no-earnings", default=None, help="With(out) federal earnings.")
@click.option("--residency", help="Your state, for in-state IPEDS tuition (default out-of-state).")
@click.option(
    "--include-outside-fields",
    is_flag=True,
    help="Also list CIP families outside ML (IT management, networking...; docs/catalog.md).",
)
@click.option("--include-closed", is_flag=True, help="Also list closed or merged institutions.")
@click.option("--limit", type=click.IntRange(1, 5000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@PROGRAMS_FILE
@JSON_OPTION
@pass_ctx
def programs_search(
    obj: Ctx,
    text: str | None,
    state: str | None,
    cip: str | None,
    online: bool | None,
    max_tuition: float | None,
    has_earnings: bool | None,
    residency: str | None,
    include_outside_fields: bool,
    include_closed: bool,
    limit: int,
    offset: int,
    programs_file: Path | None,
    as_json: bool,
) -> None:
    """Search the catalog (federal rows, curated programs and your own)."""
    from mlmasters.service import ProgramQuery

    query = validated(
        ProgramQuery,
        text=text,
        state=state,
        cip=cip,
        online=online,
        max_tuition_usd=max_tuition,
        has_earnings=has_earnings,
        residency_state=residency,
        include_outside_fields=include_outside_fields,
        include_closed=include_closed,
        limit=limit,
        offset=offset,
    )
    res = obj.service(programs_file).search_programs(query)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    rows = [
        [
            p.program_id,
            p.institution + (" (CLOSED)" if p.institution_status in ("closed", "merged") else ""),
            p.name,
            p.state or p.country,
            (p.cip_code or "-") + ("!" if p.field_caution else ""),
            value(p.completers_count),
            money(p.earnings_median_usd)
            + (f" ({p.earnings_horizon_years}y)" if p.earnings_horizon_years else ""),
            money(p.tuition.total_usd) + ("*" if p.tuition.level == "ipeds-institution" else ""),
        ]
        for p in res.programs
    ]
    click.echo(
        table(
            ["id", "institution", "program", "st", "cip", "completers", "earnings", "tuition"],
            rows,
            max_width=38,
        )
    )
    click.echo(
        f"\n{res.total:,} program(s); showing {len(res.programs)} from {res.offset}. "
        "Earnings: federal median, (4y/1y) after completion. * IPEDS institution average.",
        err=True,
    )
    left = [c for c in res.removed_by_scope if c.removed]
    if left:
        click.echo(
            "Left out of the default catalog: "
            + "; ".join(
                f"{c.removed:,} {c.label}" + (" (included as asked)" if c.included else "")
                for c in left
            )
            + ". 52.13!: federal data code MBAs here too.",
            err=True,
        )


@programs.command("show")
@click.argument("program_id")
@click.option("--residency", help="Your state, for in-state IPEDS tuition.")
@PROGRAMS_FILE
@JSON_OPTION
@pass_ctx
def programs_show(
    obj: Ctx, program_id: str, residency: str | None, programs_file: Path | None, as_json: bool
) -> None:
    """Show one program's facts, each with its source."""
    d = obj.service(programs_file).get_program(program_id, residency)
    if as_json:
        emit_json(d.model_dump(mode="json"))
        return
    p = d.program
    click.echo(f"{p.name}\n{p.institution} ({p.place})  id: {p.program_id}")
    if p.institution_status_note:
        status = (p.institution_status or "").upper()
        click.echo(f"  {status}: {p.institution_status_note}")
    if d.outside_default_catalog:
        click.echo(f"  not in the default catalog, which leaves out {d.outside_default_catalog}")
    if p.field_caution:
        click.echo(f"  caution: {p.field_caution}")
    click.echo("")
    tuition_text = _tuition_text(d)
    facts = _facts(p, tuition_text)
    for label, v in facts:
        click.echo(f"  {label:32} {value(v)}")
    if d.tuition_check:
        click.echo(f"  {'':32} {d.tuition_check}")
    if p.federal_match:
        click.echo(f"\n  federal row matched by rule: {p.federal_match}")
    if p.federal_shared_with:
        click.echo(
            f"  the federal row {p.federal_id} is shared with {', '.join(p.federal_shared_with)} "
            "(its figures pool the institution's programs in the field)"
        )
    if not p.named:
        click.echo(
            "\n  not one program: federal data pooling the institution's master's programs in "
            "this field; delivery, modes, credits and the program's own price are unknown"
        )
    click.echo("\nsources:")
    for s in d.sources:
        lic = f" [{s['license']}]" if s["license"] else ""
        click.echo(f"  - {s['label']}{lic}: {', '.join(s['fields'])}")


def _tuition_text(d: Any) -> str:
    """The tuition line of ``programs show``: the USD total, or why there is none."""
    if d.tuition.total_usd is not None:
        return f"{money(d.tuition.total_usd)} — {d.tuition.label}"
    if d.tuition.local_amount is not None:
        return (
            f"{d.tuition.currency} {d.tuition.local_amount:,.0f} — {d.tuition.label}; not in "
            "USD totals (no exchange rate: give a USD figure, e.g. plan --tuition)"
        )
    return f"unknown — {d.tuition.label}"


def _facts(p: Any, tuition_text: str) -> list[tuple[str, Any]]:
    """(label, value) of one program's facts, in the order ``programs show`` prints them."""
    return [
        ("CIP family", f"{p.cip_code} {p.cip_title}" if p.cip_code else None),
        ("completers (pooled cohort)", p.completers_count),
        (
            "median earnings",
            f"{money(p.earnings_median_usd)} ({p.earnings_horizon_years} years after completion)"
            if p.earnings_median_usd is not None
            else None,
        ),
        ("median federal debt", money(p.debt_median_usd) if p.debt_median_usd else None),
        ("federal earnings-premium test", p.value_flag),
        (
            "field relevance",
            f"{p.field_relevance} (docs/catalog.md)" if p.field_relevance else None,
        ),
        ("institution web address", p.web_address),
        ("metro area (CBSA)", f"{p.metro_name or ''} {p.cbsa}".strip() if p.cbsa else None),
        (
            "research (Carnegie 2025)",
            f"{p.carnegie_research_2025} — the institution, not the department"
            if p.carnegie_research_2025
            else ("no designation" if p.institution_status in ("active", "closed") else None),
        ),
        ("delivery", p.delivery),
        ("enrolment modes", p.enrollment_modes),
        (
            "credits",
            f"{value(p.credits_total)} {p.credit_unit or ''}".strip()
            + (f" = {p.credits_conversion}" if p.credits_conversion else "")
            if p.credits_total
            else None,
        ),
        ("full-time duration (months)", p.duration_months_full_time),
        (
            "thesis / internship / capstone",
            f"{value(p.thesis)} / {value(p.internship)} / {value(p.capstone)}",
        ),
        ("tracks", p.tracks),
        ("accreditation", p.accreditation),
        ("tuition", tuition_text),
    ]


def register(cli: click.Group) -> None:
    cli.add_command(programs)

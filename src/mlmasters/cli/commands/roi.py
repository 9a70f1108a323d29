"""CLI commands for the roi model. ``register`` adds them to the ``mlmasters`` group.

``mlmasters roi PROFILE.toml [PROGRAM_ID...]``: one program in full, several side by side,
or (no ids) the whole catalog with a progress bar. ``mlmasters roi --method freopp --inputs
row.toml``: FREOPP's published method on explicit inputs. Heavy modules load inside.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from mlmasters.cli.context import JSON_OPTION, PROGRAMS_FILE
from mlmasters.cli.format import chance, emit_json, money, table


def _what_if_options(f: Any) -> Any:
    """One flag per what-if of ``RoiOptions`` (derived from its fields, never restated)."""
    from mlmasters.models.roi.results import what_if_fields

    for opt, field, typ, help_text in reversed(what_if_fields()):
        f = click.option(opt, field, type=typ, default=None, help=help_text + ".")(f)
    return f


def _pct(v: float | None) -> str:
    return chance(v)


def _freopp(service_factory: Any, inputs: Path | None, as_json: bool) -> None:
    import tomllib

    from mlmasters.errors import InputError, Problem, read_user_text

    if inputs is None:
        raise InputError("--method freopp needs --inputs ROW.toml", hint="see docs/roi.md")
    text = read_user_text(inputs, "FREOPP inputs")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{inputs}: not valid TOML", [Problem(str(exc), file=str(inputs))]
        ) from None
    except RecursionError:
        raise InputError(f"{inputs}: nested too deeply to be FREOPP inputs") from None
    from mlmasters.models.roi.freopp import FreoppInputs, freopp_roi
    from mlmasters.profile import problems_from_validation

    try:
        row = FreoppInputs.model_validate(data)
    except Exception as exc:
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        raise InputError(
            f"{inputs}: invalid FREOPP inputs", problems_from_validation(exc, str(inputs))
        ) from None
    res = freopp_roi(row)
    if as_json:
        emit_json(res.model_dump(mode="json"))
        return
    click.echo("FREOPP graduate ROI (3% real, discounted to the program start)")
    for label, v in (
        ("earnings increase after graduation", res.earnings_increase_after_graduation_usd),
        ("pay forgone while enrolled", res.forgone_earnings_usd),
        ("lifetime earnings increase (FREOPP)", res.lifetime_earnings_increase_usd),
        ("tuition and fees", res.tuition_usd),
        ("ROI if completed", res.roi_completed_usd),
        ("ROI if dropped out", res.roi_dropout_usd),
        (f"ROI (completion {row.completion_rate:.0%})", res.roi_usd),
    ):
        click.echo(f"  {label:32} {money(v)}")


def _print_single(r: Any) -> None:
    from mlmasters.models.roi.verdict import back_to_even

    click.echo(f"{r.program_name} — {r.institution}  ({r.program_id})")
    t = r.tuition
    click.echo(f"  tuition: {money(r.inputs.get('tuition_total_usd'))} — {t.label}")
    if r.status != "ok":
        click.echo(f"  no return: {r.message}")
        return
    if r.verdict:
        click.echo("")
        click.echo(textwrap.fill(r.verdict, width=96, initial_indent="  ", subsequent_indent="  "))
        click.echo("")
    e = r.earnings
    click.echo(f"  your pay without it: {money(e.your_pay_usd)} ({e.pay_source}); {r.mode_reason}")
    click.echo(f"  the degree's effect on your pay: {e.premium_pct:+.1%} ({e.source}) — {e.label}")
    bridge = f", after {r.bridge_months:g} months of bridge courses" if r.bridge_months else ""
    click.echo(f"  plan: {r.planned_months:g} months planned{bridge}")
    rows = []
    for s in (r.after_tax, r.pre_tax):
        if s is None:
            continue
        rows.append(
            [
                s.basis,
                money(s.npv_p50_usd),
                _pct(s.p_ahead),
                money(s.npv_p10_usd),
                money(s.npv_p90_usd),
                money(s.npv_p50_finishers_usd),
                money(s.npv_mean_usd),
                "not defined" if s.irr_p50 is None else f"{s.irr_p50:.1%}",
            ]
        )
    click.echo("")
    click.echo(
        table(
            [
                "basis",
                "typical (median)",
                "P(ahead)",
                "p10",
                "p90",
                "median if you finish",
                "mean",
                "IRR (median)",
            ],
            rows,
        )
    )
    for s in (r.after_tax, r.pre_tax):
        if s is not None:
            click.echo(f"  back to even, median of all outcomes ({s.basis}): {back_to_even(s)}")
    if r.alternative is not None:
        a = r.alternative
        how = "quitting to study full-time" if a.mode == "full-time" else "studying part-time"
        mid = a.npv_p50_usd if a.npv_p50_usd is not None else a.npv_mean_usd
        better = "better" if r.headline and mid > r.headline.npv_p50_usd else "worse"
        click.echo(
            f"\n  {how} instead ({better} for you): typical outcome {money(mid)}, "
            f"P(ahead) {_pct(1 - a.p_loss)}, mean {money(a.npv_mean_usd)}, {a.months:g} months"
        )
    if r.switch is not None:
        w = r.switch
        click.echo(
            f"\n  career-switch scenario (not in the figures above): typical outcome "
            f"{money(w.npv_p50_usd)}, P(ahead) {_pct(w.p_ahead)}, mean {money(w.npv_mean_usd)}"
            f" — {w.label}"
        )
    if r.yours:
        click.echo("  your figures: " + ", ".join(sorted(r.yours)))
    if r.sensitivity:
        click.echo("\nwhat moves the average of your outcomes (mean; low step / high step):")
        for b in r.sensitivity:
            click.echo(
                f"  {b.label:38} {b.low_label:>12} {money(b.npv_low_usd):>12}   "
                f"{b.high_label:>12} {money(b.npv_high_usd):>12}"
            )
    click.echo("\nassumptions: see --json (inputs, assumptions) and docs/roi.md", err=True)


@click.command("roi")
@click.argument("profile", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("program_ids", nargs=-1)
@click.option(
    "--method",
    type=click.Choice(["personal", "freopp"]),
    default="personal",
    show_default=True,
    help="personal (your profile, Monte Carlo) or freopp (FREOPP's method on --inputs).",
)
@click.option(
    "--inputs",
    type=click.Path(dir_okay=False, path_type=Path),
    help="FREOPP row inputs (TOML), with --method freopp.",
)
@click.option("--draws", type=int, default=10_000, show_default=True, help="Monte Carlo draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--basis",
    type=click.Choice(["after-tax", "pre-tax"]),
    default=None,
    help="Headline NPV [after-tax; pre-tax is labelled as such].",
)
@click.option(
    "--mode", "enrollment_mode", type=click.Choice(["full-time", "part-time"]), default=None
)
@_what_if_options
@click.option("--no-sensitivity", is_flag=True, help="Skip the tornado (one program).")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True,
              help="Rows shown for the catalog (text output).")  # fmt: skip
@PROGRAMS_FILE
@JSON_OPTION
@click.pass_obj
def roi_cmd(
    obj: Any,
    /,
    profile: Path | None,
    program_ids: tuple[str, ...],
    method: str,
    inputs: Path | None,
    draws: int,
    seed: int,
    basis: str | None,
    no_sensitivity: bool,
    top: int,
    programs_file: Path | None,
    as_json: bool,
    **what_if: Any,
) -> None:
    """Return on the degree: NPV distribution, P(loss), IRR, break-even.

    mlmasters roi PROFILE.toml [PROGRAM_ID...]: one program in full (with what drives it),
    several side by side, or the whole catalog (no ids). mlmasters roi --method freopp
    --inputs row.toml: FREOPP's published method on explicit inputs.
    """
    if method == "freopp":
        _freopp(obj.service, inputs, as_json)
        return
    from mlmasters.errors import InputError

    if profile is None:
        raise InputError("missing PROFILE.toml", hint="mlmasters roi PROFILE.toml [PROGRAM_ID...]")
    from mlmasters.profile import load_profile

    prof = load_profile(profile)
    svc = obj.service(programs_file)
    opts = {k: v for k, v in what_if.items() if v is not None}
    if len(program_ids) == 1:
        r = svc.roi(
            prof,
            program_ids[0],
            draws=draws,
            seed=seed,
            basis=basis or "after-tax",
            sensitivity=not no_sensitivity,
            **opts,
        )
        if as_json:
            emit_json(r.model_dump(mode="json"))
        else:
            _print_single(r)
        return
    _catalog(svc, prof, list(program_ids) or None, draws, seed, basis, top, as_json, opts)


def register(cli: click.Group) -> None:
    cli.add_command(roi_cmd)


def _catalog(
    svc: Any,
    prof: Any,
    ids: list[str] | None,
    draws: int,
    seed: int,
    basis: str | None,
    top: int,
    as_json: bool,
    opts: dict[str, Any],
) -> None:
    import math

    from tqdm import tqdm

    total = len(ids) if ids else len(svc.catalog)
    with tqdm(total=total, unit="program", disable=as_json or None, leave=False) as bar:
        df = svc.roi_catalog(
            prof,
            program_ids=ids,
            draws=draws,
            seed=seed,
            basis=basis or "after-tax",
            progress=bar.update,
            **opts,
        )
    if as_json:
        recs = df.astype(object).where(df.notna(), None).to_dict("records")
        emit_json({"inputs": df.attrs.get("inputs"), "programs": recs})
        return
    ok = df[df["status"] == "ok"].sort_values("npv_p50", ascending=False)
    rows = [
        [
            r.program_id,
            str(r.institution),
            money(r.npv_p50),
            _pct(1 - r.p_loss),
            money(r.npv_p50_finishers),
            money(r.npv_mean),
            f"{r.months_p50:g}",
            str(r.enrollment_mode),
            "not defined" if r.irr_p50 is None or math.isnan(r.irr_p50) else f"{r.irr_p50:.1%}",
            money(r.tuition_total_usd) + ("*" if r.tuition_level == "ipeds-institution" else ""),
        ]
        for r in ok.head(top).itertuples()
    ]
    click.echo(
        table(
            ["id", "institution", "typical", "P(ahead)", "if you finish", "mean", "months",
             "mode", "IRR", "tuition"],
            rows,
            max_width=34,
        )
    )  # fmt: skip
    counts = df["status"].value_counts()
    others = ", ".join(f"{int(n):,} {k}" for k, n in counts.items() if k != "ok")
    click.echo(
        f"\n{len(ok):,} program(s) with a return ({df['basis'].iloc[0]}), best {len(rows)} by "
        f"typical (median) outcome; {others or 'none'} without one (tuition unknown: enter it with "
        "--tuition for one program, or add the program with --programs). * IPEDS institution "
        "average.",
        err=True,
    )

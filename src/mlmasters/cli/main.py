"""Entry point: ``mlmasters [--data-dir DIR] COMMAND ...``.

Exit codes: 0 success, 2 bad input or unusable data (one-line message, no traceback),
1 an unexpected internal error (reported with a short message).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from mlmasters._version import __version__
from mlmasters.cli.format import emit_json, money, table, value

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


class Ctx:
    def __init__(self, data_dir: Path | None):
        self.data_dir = data_dir

    def service(self, programs_file: Path | None = None) -> Any:
        from mlmasters.service import Service

        return Service(self.data_dir, programs_file=programs_file)


pass_ctx = click.make_pass_decorator(Ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mlmasters")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MLMASTERS_DATA_DIR",
    help="Where the data snapshot lives [env MLMASTERS_DATA_DIR; default: per-user data dir].",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Decide whether, where and how to do a machine learning master's degree.

    Every figure comes from a pinned public source (College Scorecard, BLS OEWS and
    projections, IPEDS, O*NET, a sourced program table). Start with `mlmasters data build`,
    then `mlmasters programs search` or `mlmasters serve`.
    """
    ctx.obj = Ctx(data_dir)


# --- data ---------------------------------------------------------------------------------
@cli.group()
def data() -> None:
    """Build and inspect the verified data snapshot."""


@data.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if a valid snapshot exists.")
@click.option("--if-missing", is_flag=True, help="Do nothing when a valid snapshot exists.")
@JSON_OPTION
@pass_ctx
def data_build(obj: Ctx, force: bool, if_missing: bool, as_json: bool) -> None:
    """Build the snapshot from the pinned packages and the curated tables."""
    import time

    from mlmasters.data.build import build_snapshot
    from mlmasters.data.snapshot import Snapshot, snapshot_dir
    from mlmasters.errors import SnapshotError
    from mlmasters.settings import default_data_dir

    data_dir = obj.data_dir or default_data_dir()
    if if_missing and not force:
        try:
            Snapshot.open(data_dir)
            click.echo(f"snapshot in {snapshot_dir(data_dir)} is valid; nothing to do", err=True)
            return
        except SnapshotError as exc:
            click.echo(f"building snapshot ({exc.message})", err=True)
    start = time.perf_counter()

    def progress(msg: str) -> None:
        if not as_json:
            click.echo(f"[{time.perf_counter() - start:5.1f}s] {msg}", err=True)

    prov = build_snapshot(snapshot_dir(data_dir), progress=progress)
    if as_json:
        emit_json(prov | {"seconds": round(time.perf_counter() - start, 2)})


@data.command("info")
@JSON_OPTION
@pass_ctx
def data_info(obj: Ctx, as_json: bool) -> None:
    """Sources, versions, licenses, checksums and row counts of the snapshot."""
    info = obj.service().data_info()
    if as_json:
        emit_json(info.model_dump(mode="json"))
        return
    click.echo(f"snapshot: {info.snapshot_dir} ({info.size_bytes / 1e6:.1f} MB, verified)")
    click.echo(f"schema {info.schema_version}, built by mlmasters {info.mlmasters_version}\n")
    click.echo(
        table(
            ["input", "package", "version", "release", "license", "sha256"],
            [
                [i["key"], i["package"], i["version"], i["release"], i["license"], i["sha256"][:16]]
                for i in info.inputs
            ],
        )
    )
    click.echo("")
    click.echo(
        table(
            ["table", "rows", "sha256"],
            [[t["name"], f"{t['rows']:,}", t["sha256"][:16]] for t in info.tables],
        )
    )
    for i in info.inputs:
        if "records_used" in i:
            left = i.get("left_out") or []
            click.echo(
                f"\ncurated programs ({i['file']}, sha256 {i['sha256']}): {i['records_used']} "
                f"records used, {len(left)} left out" + "".join(f"\n  left out: {p}" for p in left)
            )
    c = info.catalog
    click.echo(
        f"\ncatalog: {c['programs']:,} programs ({c['federal_masters_rows']:,} federal master's "
        f"rows; curated matched {len(c['curated_matched'])}, unmatched "
        f"{len(c['curated_unmatched'])}); default catalog {c['default_catalog']:,} "
        "(left out: " + ", ".join(f"{k} {v:,}" for k, v in c["removed_by_scope"].items()) + ")"
    )


@data.command("schema")
def data_schema() -> None:
    """Print the snapshot's table descriptions (Markdown)."""
    from mlmasters.data.schema import schema_markdown

    click.echo(schema_markdown())


# --- programs -----------------------------------------------------------------------------
PROGRAMS_FILE = click.option(
    "--programs",
    "programs_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Add your own programs from a .toml/.json/.jsonl/.csv file (see docs/programs.md).",
)


@cli.group()
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

    query = _model(
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
    if d.tuition.total_usd is not None:
        tuition_text = f"{money(d.tuition.total_usd)} — {d.tuition.label}"
    elif d.tuition.local_amount is not None:
        tuition_text = (
            f"{d.tuition.currency} {d.tuition.local_amount:,.0f} — {d.tuition.label}; not in "
            "USD totals (no exchange rate: give a USD figure, e.g. plan --tuition)"
        )
    else:
        tuition_text = f"unknown — {d.tuition.label}"
    facts = [
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


# --- serve --------------------------------------------------------------------------------
@cli.command()
@click.option("--host", envvar="MLMASTERS_HOST", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    envvar="MLMASTERS_PORT",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
)
@click.option(
    "--allow-remote", is_flag=True, help="Allow binding a non-loopback address (prints a warning)."
)
@click.option(
    "--private",
    is_flag=True,
    help="Private spaces on a loopback address too (e.g. behind a reverse proxy on this "
    "machine): saved data need a person's key. Always on beyond loopback.",
)
@click.option(
    "--database-url",
    envvar="MLMASTERS_DATABASE_URL",
    help="Where saved profiles live (SQLAlchemy URL; default SQLite in the data dir).",
)
@click.option(
    "--request-timeout",
    envvar="MLMASTERS_REQUEST_TIMEOUT",
    metavar="SECONDS",
    help="Time budget of one request, 503 beyond (0 = none) [env MLMASTERS_REQUEST_TIMEOUT; "
    "default 20].",
)
@click.option(
    "--workers",
    envvar="MLMASTERS_WORKERS",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes on the shared database; one that dies is restarted "
    "[env MLMASTERS_WORKERS].",
)
@click.option(
    "--forwarded-allow-ips",
    envvar="MLMASTERS_FORWARDED_ALLOW_IPS",
    metavar="IPS",
    help="Reverse proxies (comma-separated addresses or networks, or *) whose "
    "X-Forwarded-For/-Proto are believed [env MLMASTERS_FORWARDED_ALLOW_IPS; default: none].",
)
@pass_ctx
def serve(
    obj: Ctx,
    host: str,
    port: int,
    allow_remote: bool,
    private: bool,
    database_url: str | None,
    request_timeout: str | None,
    workers: int,
    forwarded_allow_ips: str | None,
) -> None:
    """Start the web app and JSON API (http://127.0.0.1:8000 by default).

    Beyond loopback (with --allow-remote), or with --private, saved profiles are private:
    each person makes a space and keeps its key. Logs hold no profile contents: one line a
    request (method, path without its query string, status, duration, worker pid).
    """
    import ipaddress

    from mlmasters import settings
    from mlmasters.errors import InputError, Problem
    from mlmasters.web.factory import ENV, ServeConfig

    budget = settings.parse_request_timeout(request_timeout, "--request-timeout")
    settings.rate_compute()  # the workers read the rate limits: refuse bad ones now
    settings.rate_spaces()

    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            raise InputError(f"--host {host!r} is not an IP address or localhost") from None
    if not loopback and not allow_remote:
        raise InputError(
            f"refusing to bind {host}: it is not a loopback address",
            hint="pass --allow-remote to expose the app on your network",
        )
    trusted = [a.strip() for a in (forwarded_allow_ips or "").split(",") if a.strip()]
    for a in trusted:
        try:
            if a != "*":
                ipaddress.ip_network(a, strict=False)
        except ValueError:
            raise InputError(
                "--forwarded-allow-ips is not a list of addresses",
                [Problem(f"{a!r} is not an IP address or network", field="--forwarded-allow-ips")],
                hint="e.g. 127.0.0.1 for a reverse proxy on this machine",
            ) from None
    if not loopback:
        click.echo(f"WARNING: serving on {host}:{port}, reachable from other machines", err=True)

    private = private or not loopback
    if private:
        click.echo("Private spaces: saved profiles need a personal key (/space)", err=True)
    if workers > 1:
        # Open the database once, here: an empty one gets its tables (the workers would race
        # to create them) and a schema version this release cannot use is refused with one
        # message, not by N workers failing and being restarted over and over.
        from mlmasters.storage import Store, default_database_url

        url = database_url or default_database_url(obj.data_dir or settings.default_data_dir())
        Store(url).engine.dispose()
    config = ServeConfig(
        data_dir=str(obj.data_dir) if obj.data_dir else None,
        database_url=database_url,
        private=private,
        signup_code=os.environ.get("MLMASTERS_SIGNUP_CODE") or None,
        request_timeout=budget,
    )
    # The workers inherit it (never on a command line: see web/factory.py).
    os.environ[ENV] = config.to_env()
    import uvicorn

    from mlmasters.web.accesslog import log_config

    options: dict[str, Any] = {
        "host": host,
        "port": port,
        # uvicorn's messages at warning; with several workers at info, so that a worker
        # that dies and its replacement show in the log
        "log_config": log_config("info" if workers > 1 else "warning"),
        "access_log": False,  # ours is web/accesslog.py: no query strings
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }
    click.echo(
        f"mlmasters on http://{host}:{port} ({workers} worker{'s' if workers > 1 else ''}; "
        "Ctrl+C to stop)",
        err=True,
    )
    if workers == 1:
        from mlmasters.web.factory import build_app

        uvicorn.run(build_app(config), **options)
    else:
        # uvicorn's supervisor starts the workers (each calls build_app) and restarts one
        # that dies (checked every half second).
        uvicorn.run("mlmasters.web.factory:build_app", factory=True, workers=workers, **options)


def _register_model_commands() -> None:
    from mlmasters.cli.commands import assess, batch, db, earnings, plan, rank, report, roi

    for module in (assess, plan, roi, earnings, rank, report, batch, db):
        module.register(cli)


_register_model_commands()


def _model(cls: Any, **values: Any) -> Any:
    """Validate CLI values through the service's Pydantic model (one set of rules)."""
    from pydantic import ValidationError

    from mlmasters.errors import InputError, Problem

    try:
        return cls(**values)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            name = str(e["loc"][0])
            msg, hint = e["msg"], None
            if e["type"] == "string_pattern_mismatch":
                msg = f"{e['input']!r} is not valid"
                info = cls.model_fields.get(name)
                hint = info.description if info is not None else None
            problems.append(Problem(msg, field="--" + name.replace("_", "-"), hint=hint))
        raise InputError("invalid option value", problems) from None


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    want_json = "--json" in args
    try:
        cli.main(args=args, prog_name="mlmasters", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        where = f" ({exc.ctx.command_path})" if exc.ctx else ""
        click.echo(f"error: {exc.format_message()}{where}; see --help", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        from mlmasters.errors import MlmastersError

        if isinstance(exc, MlmastersError):
            if want_json:
                emit_json(exc.to_dict())
            if len(exc.problems) == 1 and not exc.hint:
                click.echo(f"error: {exc.problems[0]}", err=True)  # one problem, one line
            else:
                click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        if isinstance(exc, BrokenPipeError):
            sys.exit(0)
        if os.environ.get("MLMASTERS_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (set MLMASTERS_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()

"""``mlmasters batch SCENARIOS -o RESULTS``: many scenarios x every program (docs/batch.md).

Heavy modules load inside the command, so ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mlmasters.cli.context import JSON_OPTION, PROGRAMS_FILE, choice
from mlmasters.cli.format import emit_json


def _print_summary(s: Any) -> None:
    if s.checked_only:
        click.echo(
            f"{s.input}: {s.rows_in_input:,} row(s), {s.scenarios:,} valid, {s.bad_rows:,} bad; "
            f"{s.programs:,} programs -> {s.scenarios * s.programs:,} result rows; "
            f"{s.chunks:,} chunk(s) of {s.chunk_size:,} row(s)"
        )
    else:
        rate = f"{s.scenarios_per_second:.2f} scenarios/s"
        click.echo(
            f"{s.scenarios:,} scenario(s) x {s.programs:,} programs -> {s.rows_written:,} rows "
            f"in {s.output} ({s.chunks:,} chunk(s) of {s.chunk_size:,}; "
            f"{s.chunks_resumed:,} resumed) in {s.seconds:.1f} s, {rate}, "
            f"{s.engine} engine, {s.workers} worker(s)"
        )
    if s.bad_rows:
        click.echo(f"skipped {s.bad_rows:,} bad row(s):", err=True)
        for p in s.problems:
            where = f"{p['file']}:{p['line']}" if p.get("line") else p["file"]
            field = f" {p['field']}:" if p.get("field") else ""
            hint = f" ({p['hint']})" if p.get("hint") else ""
            click.echo(f"  {where}:{field} {p['message']}{hint}", err=True)


@click.command("batch")
@click.argument("scenarios", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Result directory (Parquet, one file per chunk), e.g. results.parquet.",
)
@choice(
    "--engine",
    choices=("local", "dask"),
    help="local: a process pool on this machine; dask: a Dask cluster (mlmasters[dask]).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 4096),
    default=None,
    help="Worker processes [default: every core]; with dask, LocalCluster workers.",
)
@click.option(
    "--scheduler",
    help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (--engine dask).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Scenario rows per chunk (one part file each) [default: auto, at most 100].",
)
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True,
              help="Seed of rows without a seed column.")  # fmt: skip
@choice(
    "--seeding",
    choices=("common", "per-row"),
    help="common: every row uses --seed; per-row: a seed derived from --seed and the row.",
)
@click.option("--draws", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Monte Carlo draws (rows may set their own).")  # fmt: skip
@choice(
    "--basis",
    choices=("after-tax", "pre-tax"),
    help="NPV basis (after-tax, as on every surface; pre-tax is faster).",
)
@choice("--method", choices=("weighted-sum", "topsis"))
@click.option("--samples", type=click.IntRange(0, 200_000), default=1000, show_default=True,
              help="Weight samples for P(top k); 0 for none.")  # fmt: skip
@click.option("-k", type=click.IntRange(1, 500), default=10, show_default=True,
              help="k of P(top k).")  # fmt: skip
@click.option("--top", type=click.IntRange(1), default=None,
              help="Write only the programs ranked <= TOP of each scenario.")  # fmt: skip
@click.option("--program", "program_ids", multiple=True,
              help="Write only this program's rows (repeat for several).")  # fmt: skip
@click.option("--resume", is_flag=True, help="Continue an interrupted run into OUTPUT.")
@click.option("--overwrite", is_flag=True, help="Replace the results already in OUTPUT.")
@click.option("--skip-bad-rows", is_flag=True, help="Leave bad rows out (they are listed).")
@click.option("--check", "check_only", is_flag=True, help="Check every row; compute nothing.")
@PROGRAMS_FILE
@JSON_OPTION
@click.pass_obj
def batch_cmd(
    obj: Any,
    /,
    scenarios: Path,
    output: Path | None,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    chunk_size: int | None,
    seed: int,
    seeding: str,
    draws: int,
    basis: str,
    method: str,
    samples: int,
    k: int,
    top: int | None,
    program_ids: tuple[str, ...],
    resume: bool,
    overwrite: bool,
    skip_bad_rows: bool,
    check_only: bool,
    programs_file: Path | None,
    as_json: bool,
) -> None:
    """Run many scenarios against every program: ROI, rank and robustness per pair.

    SCENARIOS is a .csv or .parquet file, one scenario per row: profile fields
    (background.<area> columns; lists separated by ';') plus what-ifs such as
    discount_rate, tuition_scale, draws, seed, method, weights. Results go to OUTPUT as
    Parquet, one file per chunk; --resume continues an interrupted run. Bad rows stop the
    run before anything is computed, unless --skip-bad-rows. See docs/batch.md.
    """
    from mlmasters.batch.api import batch, check
    from mlmasters.errors import InputError

    options: dict[str, Any] = {
        "seed": seed,
        "seeding": seeding,
        "draws": draws,
        "basis": basis,
        "method": method,
        "samples": samples,
        "k": k,
        "top": top,
        "program_ids": program_ids or None,
        "chunk_size": chunk_size,
    }
    common: dict[str, Any] = {
        "skip_bad_rows": skip_bad_rows,
        "data_dir": obj.data_dir,
        "programs_file": programs_file,
    }
    if check_only:
        summary = check(scenarios, **common, **options)
    else:
        if output is None:
            raise InputError(
                "missing -o OUTPUT", hint="mlmasters batch scenarios.csv -o results.parquet"
            )
        summary = batch(
            scenarios,
            output,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            overwrite=overwrite,
            progress=not as_json,
            **common,
            **options,
        )
    if as_json:
        emit_json(summary.model_dump(mode="json"))
    else:
        _print_summary(summary)


def register(cli: click.Group) -> None:
    cli.add_command(batch_cmd)

"""CLI commands on the data snapshot: ``data build``, ``data info``, ``data schema``.

``register`` adds the ``data`` group to the ``mlmasters`` group. Heavy modules are imported
inside the commands so that ``mlmasters --help`` stays fast.
"""

from __future__ import annotations

import click

from mlmasters.cli.context import JSON_OPTION, Ctx, pass_ctx
from mlmasters.cli.format import emit_json, table


@click.group()
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


def register(cli: click.Group) -> None:
    cli.add_command(data)

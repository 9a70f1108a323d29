"""Entry point: ``mlmasters [--data-dir DIR] COMMAND ...``.

Exit codes: 0 success, 2 bad input or unusable data (one-line message, no traceback),
1 an unexpected internal error (reported with a short message).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mlmasters._version import __version__
from mlmasters.cli.context import Ctx
from mlmasters.cli.format import emit_json


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


def _register_model_commands() -> None:
    from mlmasters.cli.commands import (
        assess,
        batch,
        data,
        db,
        earnings,
        plan,
        programs,
        rank,
        report,
        roi,
        serve,
    )

    for module in (data, programs, serve, assess, plan, roi, earnings, rank, report, batch, db):
        module.register(cli)


_register_model_commands()


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

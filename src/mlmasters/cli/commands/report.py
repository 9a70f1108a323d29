"""``mlmasters report``: one self-contained HTML report (and optionally a PDF)."""

from __future__ import annotations

from pathlib import Path

import click


def _write(path: Path, data: bytes, option: str) -> None:
    from mlmasters.errors import InputError, Problem

    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror}",
            [Problem(exc.strerror or "cannot write", field=option, file=str(path))],
        ) from None


@click.command("report")
@click.argument("profile_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"), show_default=True, help="HTML file to write.",
)  # fmt: skip
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PDF (rendered offline with WeasyPrint).")  # fmt: skip
@click.option("--top", type=click.IntRange(3, 50), default=10, show_default=True,
              help="Programs in the shortlist table.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_obj
def report(
    obj: object, profile_file: Path, output: Path, pdf: Path | None, top: int, as_json: bool
) -> None:
    """Write a report for PROFILE_FILE: assessment, careers, shortlist, ROI, plan, risks."""
    from mlmasters.cli.format import emit_json
    from mlmasters.errors import InputError, Problem
    from mlmasters.profile import load_profile
    from mlmasters.report import html_to_pdf, render_report_html

    profile = load_profile(profile_file)
    for option, path in (("--output", output), ("--pdf", pdf)):
        if path is not None and not path.parent.is_dir():
            raise InputError(
                f"cannot write {path}: no directory {path.parent}",
                [Problem("the directory does not exist", field=option, file=str(path))],
                hint="create the directory first or choose another path",
            )
    svc = obj.service()  # type: ignore[attr-defined]
    html = render_report_html(svc, profile, top=top)
    _write(output, html.encode("utf-8"), "--output")
    written = {"html": str(output), "html_bytes": len(html.encode("utf-8"))}
    if pdf is not None:
        data = html_to_pdf(html)
        _write(pdf, data, "--pdf")
        written |= {"pdf": str(pdf), "pdf_bytes": len(data)}
    if as_json:
        emit_json(written)
    else:
        click.echo(f"wrote {output}" + (f" and {pdf}" if pdf else ""), err=True)


def register(cli: click.Group) -> None:
    cli.add_command(report)

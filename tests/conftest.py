"""Shared fixtures.

- ``data_dir`` / ``service``: the real snapshot, built once per test run from the pinned
  packages (about 5 s) into a temporary directory.
- ``small_data_dir`` / ``small_service``: a small fixture snapshot (a few states) cut from
  the real one and re-sealed with its own provenance, for fast unit tests.
- ``run_cli``: runs the CLI in-process and returns (exit code, stdout, stderr).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mlmasters.data.build import build_snapshot
from mlmasters.data.snapshot import snapshot_dir
from mlmasters.service import Service
from tests.fixture_snapshot import make_small_snapshot

CliResult = tuple[int, str, str]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("mlm-data")
    build_snapshot(snapshot_dir(d))
    return d


@pytest.fixture(scope="session")
def service(data_dir: Path) -> Service:
    return Service(data_dir)


@pytest.fixture(scope="session")
def small_data_dir(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("mlm-small")
    make_small_snapshot(data_dir, d)
    return d


@pytest.fixture(scope="session")
def small_service(small_data_dir: Path) -> Service:
    return Service(small_data_dir)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    from mlmasters.cli.main import main

    def run(*args: str, data_dir: Path | None = None) -> CliResult:
        argv = ([f"--data-dir={data_dir}"] if data_dir else []) + list(args)
        capsys.readouterr()
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run

"""Shared fixtures.

- ``data_dir`` / ``service``: the real snapshot, built once per test run from the pinned
  packages (about 5 s) into a temporary directory.
- ``small_data_dir`` / ``small_service``: a small fixture snapshot (a few states) cut from
  the real one and re-sealed with its own provenance, for fast unit tests.
- ``run_cli``: runs the CLI in-process and returns (exit code, stdout, stderr).
- ``pg_cluster`` / ``pg_url``: one throwaway PostgreSQL cluster per test run (Debian's server,
  a socket in a temporary directory; tests/support/postgres.py) and the URL of a database in
  it. Without PostgreSQL they skip, except in CI (``CI=true``), where they fail.
- ``pg_fresh_url``: a new empty database in that cluster for one test, dropped after it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from mlmasters.data.build import build_snapshot
from mlmasters.data.snapshot import snapshot_dir
from mlmasters.service import Service
from tests.fixture_snapshot import make_small_snapshot
from tests.support.postgres import PostgresCluster, unavailable

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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    reason = unavailable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL tests, but {reason}", pytrace=False)
        pytest.skip(reason)
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PostgresCluster) -> str:
    """A database shared by the whole run (tests that need it empty use ``pg_fresh_url``)."""
    return pg_cluster.create_database("mlmasters")


@pytest.fixture
def pg_fresh_url(pg_cluster: PostgresCluster) -> Iterator[str]:
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(str(make_url(url).database))

"""What a server worker keeps loaded (issue 25: <= 250 MB a worker). Modules that only some
requests, or only a schema upgrade, need are imported when used; a figure is never asserted
here (benchmarks/bench_issue25.py measures it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlmasters.storage import versioning


def _run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_the_shipped_head_read_without_alembic_is_alembics_head() -> None:
    assert versioning._shipped_head() == versioning.head()


def test_a_database_at_the_newest_version_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code = (
        "import sys\n"
        "from mlmasters.storage import Store\n"
        f"store = Store({url!r})\n"
        "print('alembic' in sys.modules, store.version)\n"
    )
    created = _run(code)  # a new database: Alembic creates it
    assert created[0] == "True"
    again = _run(code)
    assert again == ["False", versioning.head()]


def test_a_stamp_that_is_not_the_head_still_goes_through_alembic(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    from mlmasters.errors import SchemaVersionError
    from mlmasters.storage import Store

    url = f"sqlite:///{tmp_path / 'y.db'}"
    Store(url).dispose()
    engine = create_engine(url)
    with engine.begin() as con:  # a version a newer mlmasters wrote
        con.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert versioning._stamped(engine) == "9999"
    engine.dispose()
    with pytest.raises(SchemaVersionError, match="9999"):
        Store(url)


def test_a_worker_starts_without_markdown_or_alembic(small_data_dir: Path, tmp_path: Path) -> None:
    from mlmasters.storage import Store

    url = f"sqlite:///{tmp_path / 'w.db'}"
    Store(url).dispose()  # made before the worker starts, as by the first start of a server
    code = (
        "import sys\n"
        "from mlmasters.web.factory import ServeConfig, build_app\n"
        f"build_app(ServeConfig(data_dir={str(small_data_dir)!r}, database_url={url!r}))\n"
        "print([m for m in ('markdown_it', 'alembic', 'mako') if m in sys.modules])\n"
    )
    assert _run(code) == ["[]"]


def test_a_server_reads_parquet_without_pyarrows_remote_filesystems() -> None:
    code = (
        "import sys\n"
        "from mlmasters._memory import tune_for_server\n"
        "tune_for_server()\n"
        "import pyarrow as pa, pyarrow.fs, pyarrow.parquet as pq\n"
        "buf = pa.BufferOutputStream()\n"
        "pq.write_table(pa.table({'x': [1, 2]}), buf)\n"
        "t = pq.read_table(pa.BufferReader(buf.getvalue()))\n"
        "print(t.num_rows, 'S3FileSystem' in pyarrow.fs._not_imported)\n"
    )
    assert _run(code) == ["2", "True"]

"""The storage suite runs every test on SQLite and on a real PostgreSQL server.

``store_url`` is parametrized: ``sqlite`` (a file in the test's tmp_path) and ``postgresql``
(a fresh empty database in the run's throwaway cluster, ``pg_fresh_url`` in tests/conftest.py;
skipped without PostgreSQL, failed in CI). ``store`` opens it, ``space`` is the single-person
(loopback) space of that store, ``rows`` counts a table's rows straight from the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, table

from mlmasters.storage import Space, Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("pg_fresh_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store(store_url)
    yield s
    s.dispose()  # PostgreSQL: no session left open on a database about to be dropped


@pytest.fixture
def space(store: Store) -> Space:
    return store.space(None)


@pytest.fixture
def rows(store_url: str) -> Iterator[Callable[[str], int]]:
    """The number of rows in a table, read on a connection of its own (not the store's)."""
    engine = create_engine(store_url)

    def count(name: str) -> int:
        with engine.connect() as con:
            return int(con.execute(select(func.count()).select_from(table(name))).scalar_one())

    yield count
    engine.dispose()

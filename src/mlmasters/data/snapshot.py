"""Open the snapshot, verifying it against its provenance record before any use.

A snapshot whose files do not match ``provenance.json`` (changed, truncated, missing)
or that was built for another schema version is refused with a message naming the
file and the command that rebuilds it.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mlmasters._version import SNAPSHOT_SCHEMA_VERSION
from mlmasters.data.schema import TABLES, TABLES_BY_NAME
from mlmasters.data.sources import sha256_file
from mlmasters.errors import SnapshotError

#: the snapshot's record of its inputs and files, written last by the build (data/build.py)
PROVENANCE = "provenance.json"
REBUILD = "mlmasters data build --force"


def snapshot_dir(data_dir: Path) -> Path:
    return data_dir / "snapshot"


class Snapshot:
    """A verified, read-only snapshot. Tables are read lazily and cached."""

    def __init__(self, path: Path, provenance: dict[str, Any]):
        self.path = path
        self.provenance = provenance
        self._cache: dict[str, pd.DataFrame] = {}

    @classmethod
    def open(cls, data_dir: Path) -> Snapshot:
        path = snapshot_dir(data_dir)
        prov_path = path / PROVENANCE
        if not prov_path.is_file():
            raise SnapshotError(
                f"no data snapshot in {path}",
                hint="build it with: mlmasters data build (or make run)",
            )
        try:
            provenance = json.loads(prov_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SnapshotError(
                f"{prov_path} is not valid JSON ({exc})", hint=f"rebuild with: {REBUILD}"
            ) from None
        version = provenance.get("schema_version")
        if version != SNAPSHOT_SCHEMA_VERSION:
            raise SnapshotError(
                f"the snapshot in {path} has schema version {version}, this mlmasters needs "
                f"{SNAPSHOT_SCHEMA_VERSION}",
                hint=f"rebuild with: {REBUILD}",
            )
        listed = {t["name"]: t for t in provenance.get("tables", [])}
        for spec in TABLES:
            entry = listed.get(spec.name)
            file = path / spec.filename
            if entry is None:
                raise SnapshotError(
                    f"{prov_path} does not list table {spec.name}", hint=f"rebuild with: {REBUILD}"
                )
            if not file.is_file():
                raise SnapshotError(f"snapshot file {file} is missing", hint=f"rebuild: {REBUILD}")
            digest = sha256_file(file)
            if digest != entry["sha256"]:
                raise SnapshotError(
                    f"snapshot file {file} does not match its provenance record "
                    f"(sha256 {digest[:12]}…, expected {entry['sha256'][:12]}…): it was changed "
                    "or truncated",
                    hint=f"rebuild with: {REBUILD}",
                )
        return cls(path, provenance)

    def table(self, name: str, cache: bool = True) -> pd.DataFrame:
        """A table as a DataFrame; ``cache=False`` for tables read once (catalog inputs)."""
        if name in self._cache:
            return self._cache[name]
        spec = TABLES_BY_NAME[name]
        raw = pq.read_table(self.path / spec.filename).to_pandas()
        df: pd.DataFrame = raw.astype(spec.dtypes())
        # hand the Parquet decoding buffers back (Arrow's allocator keeps them otherwise)
        pa.default_memory_pool().release_unused()
        if cache:
            self._cache[name] = df
        return df

    def arrow(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """A table as Arrow, read each time and not cached (for callers that keep their own
        compact copy, like the wage look-ups)."""
        spec = TABLES_BY_NAME[name]
        return pq.read_table(self.path / spec.filename, columns=columns)

    @cached_property
    def inputs(self) -> list[dict[str, Any]]:
        return list(self.provenance["inputs"])

    def input(self, key: str) -> dict[str, Any]:
        for i in self.inputs:
            if i["key"] == key:
                return dict(i)
        raise KeyError(key)

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())

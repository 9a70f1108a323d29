"""``mlmasters data build``: pinned sources -> compact Parquet snapshot + provenance.json.

The output is byte-identical for identical inputs: tables are sorted by their key,
Parquet is written without timestamps, and provenance.json has no build time.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mlmasters._version import SNAPSHOT_SCHEMA_VERSION, __version__
from mlmasters.data import curated, oews, scorecard
from mlmasters.data.schema import TABLES_BY_NAME
from mlmasters.data.snapshot import PROVENANCE
from mlmasters.data.sources import (
    CURATED,
    OEWS,
    OEWS_INNER_SHA256,
    PACKAGES,
    SCORECARD,
    CuratedInput,
    PackageInput,
    curated_path,
    locate_package_file,
    sha256_file,
)
from mlmasters.settings import cip_families

BUILD_COMMAND = "mlmasters data build"


def _write_table(df: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(df, preserve_index=False)
    # Drop pandas metadata: it is not needed to read the table back with the schema.
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", write_statistics=False)


def build_snapshot(
    data_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Build the snapshot into ``data_dir`` atomically and return its provenance.

    The steps: read the pinned packages, then the curated tables (each input described for
    provenance.json), write every table into a staging directory, then move it into place.
    """
    say = progress or (lambda _msg: None)
    families = cip_families()
    say("checking pinned inputs")
    paths = {p.key: locate_package_file(p) for p in PACKAGES}
    tables: dict[str, pd.DataFrame] = {}
    say(f"reading College Scorecard ({SCORECARD.package} {SCORECARD.version})")
    tables["scorecard_fos"] = scorecard.extract_scorecard(paths["scorecard"], families)
    say(f"reading BLS OEWS ({OEWS.package} {OEWS.version})")
    tables.update(oews.extract_oews(paths["oews"]))
    say("reading curated tables")
    inputs = [_package_input(p) for p in PACKAGES]
    for c in CURATED:
        inputs.append(_read_curated(c, tables, say))

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=data_dir.parent))
    try:
        provenance: dict[str, Any] = {
            "schema_version": SNAPSHOT_SCHEMA_VERSION,
            "mlmasters_version": __version__,
            "build_command": BUILD_COMMAND,
            "cip_families": list(families),
            "inputs": inputs,
            "tables": [_write_named(name, tables[name], staging, say) for name in sorted(tables)],
        }
        (staging / PROVENANCE).write_text(
            json.dumps(provenance, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        _replace_dir(staging, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"snapshot written to {data_dir}")
    return provenance


#: The reader of each curated table but the programs (which are checked record by record).
_READERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "bls_projections": curated.read_projections,
    "onet_skills": curated.read_onet,
    "ipeds_tuition": curated.read_ipeds,
    "institutions": curated.read_institutions,
}


def _package_input(p: PackageInput) -> dict[str, Any]:
    """A pinned package as provenance.json describes it."""
    return {
        "key": p.key,
        "kind": "package",
        "package": p.package,
        "version": p.version,
        "file": p.path,
        "sha256": p.sha256,
        **({"inner_sha256": OEWS_INNER_SHA256} if p.key == "oews" else {}),
        "upstream": p.upstream,
        "release": p.release,
        "license": p.license,
        "attribution": p.attribution,
    }


def _read_curated(
    c: CuratedInput, tables: dict[str, pd.DataFrame], say: Callable[[str], None]
) -> dict[str, Any]:
    """Read one curated table into ``tables``; return its provenance entry."""
    path = curated_path(c)
    extra: dict[str, Any] = {}
    if c.key == "programs_curated":
        # a record that fails a check is reported and left out whole; the others are used
        tables[c.key], problems = curated.read_curated_programs_checked(path)
        for problem in problems:
            say(f"curated program left out: {problem}")
        extra["records_used"] = len(tables[c.key])
        extra["left_out"] = [str(problem) for problem in problems]
    else:
        tables[c.key] = _READERS[c.key](path)
    return {
        **extra,
        "key": c.key,
        "kind": "curated",
        "package": "mlmasters",
        "version": __version__,
        "file": f"mlmasters/data/curated/{c.filename}",
        "sha256": sha256_file(path),
        "upstream": c.upstream,
        "release": c.release,
        "license": c.license,
        "attribution": c.attribution,
    }


def _write_named(
    name: str, table: pd.DataFrame, staging: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Write one table with its declared columns; return its provenance entry."""
    spec = TABLES_BY_NAME[name]
    df = table[[c.name for c in spec.columns]]
    say(f"writing {spec.filename} ({len(df):,} rows)")
    _write_table(df, staging / spec.filename)
    return {
        "name": name,
        "file": spec.filename,
        "sha256": sha256_file(staging / spec.filename),
        "rows": len(df),
        "sources": list(spec.source_keys),
    }


def _replace_dir(staging: Path, target: Path) -> None:
    """Move the staged snapshot into place, keeping other files in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    items = sorted(staging.iterdir(), key=lambda p: p.name == PROVENANCE)  # provenance last
    for item in items:
        os.replace(item, target / item.name)

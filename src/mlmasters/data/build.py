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
    """Build the snapshot into ``data_dir`` atomically and return its provenance."""
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
    readers = {
        "programs_curated": curated.read_curated_programs,
        "bls_projections": curated.read_projections,
        "onet_skills": curated.read_onet,
        "ipeds_tuition": curated.read_ipeds,
        "institutions": curated.read_institutions,
    }
    inputs: list[dict[str, Any]] = [
        {
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
        for p in PACKAGES
    ]
    for c in CURATED:
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
            tables[c.key] = readers[c.key](path)
        inputs.append(
            {
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
        )

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=data_dir.parent))
    try:
        out_tables = []
        for name in sorted(tables):
            spec = TABLES_BY_NAME[name]
            df = tables[name][[c.name for c in spec.columns]]
            say(f"writing {spec.filename} ({len(df):,} rows)")
            _write_table(df, staging / spec.filename)
            out_tables.append(
                {
                    "name": name,
                    "file": spec.filename,
                    "sha256": sha256_file(staging / spec.filename),
                    "rows": len(df),
                    "sources": list(spec.source_keys),
                }
            )
        provenance: dict[str, Any] = {
            "schema_version": SNAPSHOT_SCHEMA_VERSION,
            "mlmasters_version": __version__,
            "build_command": BUILD_COMMAND,
            "cip_families": list(families),
            "inputs": inputs,
            "tables": out_tables,
        }
        (staging / PROVENANCE).write_text(
            json.dumps(provenance, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        _replace_dir(staging, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"snapshot written to {data_dir}")
    return provenance


def _replace_dir(staging: Path, target: Path) -> None:
    """Move the staged snapshot into place, keeping other files in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    items = sorted(staging.iterdir(), key=lambda p: p.name == PROVENANCE)  # provenance last
    for item in items:
        os.replace(item, target / item.name)

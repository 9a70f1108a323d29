"""Cut a small snapshot (a few states) from the real one and re-seal its provenance.

Unit tests use it so that they are fast and their expected values are easy to reason
about; the numbers are still real rows of the pinned sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mlmasters.data.build import PROVENANCE, _write_table
from mlmasters.data.schema import TABLES_BY_NAME
from mlmasters.data.snapshot import Snapshot, snapshot_dir
from mlmasters.data.sources import sha256_file

STATES = ("GA", "TX", "WA", "CA")


def make_small_snapshot(real_data_dir: Path, out_data_dir: Path) -> None:
    real = Snapshot.open(real_data_dir)
    out = snapshot_dir(out_data_dir)
    out.mkdir(parents=True, exist_ok=True)
    areas = real.table("oews_areas")
    keep_areas = set(areas[(areas["area_type"] == "N") | areas["state"].isin(STATES)]["area_code"])
    filters = {
        "scorecard_fos": lambda df: df[df["state"].isin(STATES)],
        "oews_areas": lambda df: df[df["area_code"].isin(keep_areas)],
        "oews_wages": lambda df: df[
            df["area_code"].isin(keep_areas) & df["soc_code"].str.match(r"^(00|11|13|15|19|25|17)-")
        ],
    }
    prov = json.loads((real.path / PROVENANCE).read_text())
    for entry in prov["tables"]:
        name = entry["name"]
        df: pd.DataFrame = real.table(name)
        if name in filters:
            df = filters[name](df).reset_index(drop=True)
        spec = TABLES_BY_NAME[name]
        _write_table(df[[c.name for c in spec.columns]], out / spec.filename)
        entry["rows"] = len(df)
        entry["sha256"] = sha256_file(out / spec.filename)
    prov["fixture"] = f"states {', '.join(STATES)} cut from the real snapshot"
    (out / PROVENANCE).write_text(json.dumps(prov, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":  # pragma: no cover
    import sys

    make_small_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))

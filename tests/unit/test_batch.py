"""Batch mode on the small fixture snapshot, in-process: rows, seeds, results, errors, store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import mlmasters.batch
from mlmasters.batch import BatchSummary, check, read_results
from mlmasters.batch.api import batch
from mlmasters.batch.scenarios import Parser, ScenarioSpec, batch_options, row_seed
from mlmasters.batch.schema import INPUT_COLUMNS, OUTPUT_COLUMNS, OUTPUT_NAMES, arrow_schema
from mlmasters.batch.sources import open_source
from mlmasters.batch.store import MANIFEST, ResultStore
from mlmasters.errors import InputError, NotFoundError
from mlmasters.profile import Profile
from mlmasters.service import Service

ROOT = Path(__file__).resolve().parents[2]
FAST = {"draws": 200, "samples": 200}

CSV = """scenario_id,age,state,metro,current_salary_usd,target_role,must_keep_working,background.calculus,specializations,discount_rate,tuition_scale,method,weights,seed
a,30,tx,,80000,data-scientist,false,2,nlp;deep-learning,,,,,
b,35,WA,Seattle,185000,ml-engineer,true,3,,0.05,1.2,topsis,cost=40;curriculum=20,7
c,26,GA,,68000,,,,,,,,,
"""  # noqa: E501


def write(tmp_path: Path, text: str, name: str = "scen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def svc(small_service: Service) -> Service:
    return small_service


def parse_all(path: Path, svc: Service | None = None, **opts: object) -> list[object]:
    src = open_source(path)
    parser = Parser(src.name, src.columns, batch_options(**opts), svc)
    return [parser.parse(r) for r in src.rows()]


# -- rows -> scenarios ------------------------------------------------------------------------
def test_rows_become_profiles_what_ifs_and_rank_options(tmp_path: Path) -> None:
    a, b, c = parse_all(write(tmp_path, CSV))
    assert isinstance(a, ScenarioSpec) and isinstance(b, ScenarioSpec)
    assert isinstance(c, ScenarioSpec)
    assert a.row == 1 and a.scenario_id == "a"
    assert a.profile.state == "TX" and a.profile.background.calculus == 2
    assert a.profile.specializations == ["nlp", "deep-learning"]
    assert a.profile.must_keep_working is False
    assert a.roi == {"draws": 1000, "basis": "after-tax"} and a.seed == 0
    assert b.profile.metro == "Seattle" and b.seed == 7
    assert b.roi["discount_rate"] == 0.05 and b.roi["tuition_scale"] == 1.2
    assert b.rank["method"] == "topsis" and b.rank["weights"] == {"cost": 40, "curriculum": 20}
    assert b.rank["seed"] == 7 and b.rank["samples"] == 1000
    assert c.profile.target_role is None


def test_seeding_common_and_per_row(tmp_path: Path) -> None:
    path = write(tmp_path, "age,state\n30,TX\n31,TX\n32,TX\n")
    common = parse_all(path, seed=5)
    assert {s.seed for s in common} == {5}  # type: ignore[attr-defined]
    per_row = parse_all(path, seed=5, seeding="per-row")
    seeds = [s.seed for s in per_row]  # type: ignore[attr-defined]
    assert seeds == [row_seed(5, r) for r in (1, 2, 3)] and len(set(seeds)) == 3
    assert seeds == [s.seed for s in parse_all(path, seed=5, seeding="per-row")]  # type: ignore[attr-defined]
    assert row_seed(6, 1) != row_seed(5, 1)


def test_bad_rows_report_row_line_and_field(tmp_path: Path, svc: Service) -> None:
    text = (
        "age,state,metro,background.calculus,discount_rate,weights,persona\n"
        "30,TX,,2,,,\n"
        "12,TX,,2,,,\n"
        "\n"
        "30,TX,,7,abc,cost=x,\n"
        "30,WA,Gotham,,,,\n"
        "70,TX,,,,,\n"
        "30,TX,,,,,wizard\n"
    )
    results = parse_all(write(tmp_path, text), svc)
    assert isinstance(results[0], ScenarioSpec)
    found = {(p.line, p.field) for r in results[1:] if isinstance(r, list) for p in r}
    assert found == {
        (3, "age"),
        (5, "background.calculus"),  # line 5: the blank line 4 is not a row
        (5, "discount_rate"),
        (5, "weights"),
        (7, "age"),
        (8, "persona"),
    }
    msgs = [p.message for r in results[1:] if isinstance(r, list) for p in r]
    assert msgs[0].startswith("row 2:") and any(m.startswith("row 3:") for m in msgs)
    assert any("no working years" in m for m in msgs), msgs
    # an unknown metro with a state falls back to the state, as on every surface (one area
    # resolution, one notice), rather than failing the row
    assert isinstance(results[3], ScenarioSpec) and results[3].profile.metro == "Gotham"


def test_unknown_columns_are_refused_with_a_suggestion(tmp_path: Path, svc: Service) -> None:
    with pytest.raises(InputError) as exc:
        parse_all(write(tmp_path, "agee,discount\n1,2\n"))
    fields = {p.field: p.hint for p in exc.value.problems}
    assert fields == {"agee": "did you mean age?", "discount": "did you mean discount_rate?"}


def test_bad_rows_stop_the_run_before_computing(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, "age,state\n30,TX\n12,TX\n")
    out = tmp_path / "out"
    with pytest.raises(InputError) as exc:
        batch(path, out, service=svc, workers=1, **FAST)
    assert "1 bad row(s) of 2 (rows 2); nothing was computed" in exc.value.message
    assert not out.exists()
    summary = batch(path, out, service=svc, workers=1, skip_bad_rows=True, **FAST)
    assert summary.bad_rows == 1 and summary.bad_row_numbers == [2]
    assert summary.scenarios == 1 and summary.problems[0]["field"] == "age"
    frame = read_results(out)
    assert set(frame["scenario_row"]) == {1} and len(frame) == len(svc.catalog)


# -- results -----------------------------------------------------------------------------------
def test_a_row_equals_the_single_person_surfaces(tmp_path: Path, svc: Service) -> None:
    df = batch(write(tmp_path, CSV), service=svc, workers=1, **FAST)
    assert list(df.columns) == list(OUTPUT_NAMES)
    assert len(df) == 3 * len(svc.catalog)
    b = df[df["scenario_id"] == "b"].set_index("program_id")
    prof = Profile(
        age=35, state="WA", metro="Seattle", current_salary_usd=185000, target_role="ml-engineer",
        must_keep_working=True, background={"calculus": 3},  # type: ignore[arg-type]
    )  # fmt: skip
    roi = svc.roi_catalog(prof, draws=200, seed=7, discount_rate=0.05, tuition_scale=1.2)
    ranked = svc.rank_frame(
        prof, roi=roi, method="topsis", weights={"cost": 40, "curriculum": 20}, samples=200,
        seed=7,
    )  # fmt: skip
    r = roi.set_index("program_id")
    ok = r["status"] == "ok"
    pd.testing.assert_series_equal(
        b.loc[ok[ok].index, "npv_p50_usd"], r.loc[ok, "npv_p50"], check_names=False
    )
    assert (b["roi_status"] == r["status"]).all()
    top = ranked.set_index("program_id")
    assert (b.loc[top.index, "rank"].astype(int) == top["rank"]).all()
    assert (b.loc[top.index, "p_top_k"] == top["p_top_k"]).all()
    assert int(b["kept"].sum()) == len(top)
    assert b["rank"].isna().sum() == len(b) - len(top)
    assert set(b["discount_rate"]) == {0.05} and set(b["method"]) == {"topsis"}
    a = df[df["scenario_id"] == "a"]
    assert set(a["discount_rate"]) == {0.03} and set(a["seed"]) == {0}
    assert df.attrs["batch"]["scenarios"] == 3


def test_results_do_not_depend_on_chunk_size(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, CSV)
    base = batch(path, service=svc, workers=1, chunk_size=1, **FAST)
    for size in (2, 3, 50):
        pd.testing.assert_frame_equal(
            base, batch(path, service=svc, workers=1, chunk_size=size, **FAST), check_exact=True
        )


def test_inputs_csv_parquet_frame_and_dicts_agree(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, "scenario_id,age,state,specializations\nx,30,TX,nlp;deep-learning\n")
    pq_path = tmp_path / "scen.parquet"
    pd.DataFrame(
        {"scenario_id": ["x"], "age": [30], "state": ["TX"],
         "specializations": [["nlp", "deep-learning"]]}
    ).to_parquet(pq_path)  # fmt: skip
    runs = [
        batch(path, service=svc, workers=1, **FAST),
        batch(pq_path, service=svc, workers=1, **FAST),
        batch(pd.read_csv(path), service=svc, workers=1, **FAST),
        batch(
            [
                {
                    "scenario_id": "x",
                    "age": 30,
                    "state": "TX",
                    "specializations": "nlp;deep-learning",
                }
            ],
            service=svc,
            workers=1,
            **FAST,
        ),
    ]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], other, check_exact=True)


def test_output_filters_top_and_programs(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, CSV)
    top = batch(path, service=svc, workers=1, top=5, **FAST)
    assert top.groupby("scenario_row")["rank"].max().tolist() == [5, 5, 5]
    assert top["kept"].all()
    ids = tuple(p.program_id for p in svc.catalog.programs[:2])
    some = batch(path, service=svc, workers=1, program_ids=ids, **FAST)
    assert len(some) == 6 and set(some["program_id"]) == set(ids)
    with pytest.raises(NotFoundError):
        batch(path, service=svc, workers=1, program_ids=("no-such-program",), **FAST)


def test_samples_zero_leaves_p_top_k_null(tmp_path: Path, svc: Service) -> None:
    df = batch(write(tmp_path, CSV), service=svc, workers=1, draws=100, samples=0)
    assert df["p_top_k"].isna().all() and df["rank"].notna().any()


def test_the_module_is_callable_like_the_function(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, "age,state\n30,TX\n")
    via_module = mlmasters.batch(path, service=svc, workers=1, **FAST)  # type: ignore[operator]
    pd.testing.assert_frame_equal(via_module, batch(path, service=svc, workers=1, **FAST))


# -- the result directory ------------------------------------------------------------------------
def test_parts_manifest_and_schema(tmp_path: Path, svc: Service) -> None:
    out = tmp_path / "results.parquet"
    s = batch(write(tmp_path, CSV), out, service=svc, workers=1, chunk_size=2, **FAST)
    assert isinstance(s, BatchSummary) and s.complete and s.chunks == 2
    assert sorted(f.name for f in out.iterdir()) == [
        MANIFEST, "part-00000000.parquet", "part-00000001.parquet",
    ]  # fmt: skip
    assert pq.read_schema(out / "part-00000000.parquet").equals(arrow_schema())
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] and manifest["run"]["chunk_size"] == 2
    assert manifest["summary"]["rows_written"] == s.rows_written == 3 * len(svc.catalog)
    plain = pd.read_parquet(out)  # readers skip _batch.json
    assert len(plain) == s.rows_written


def test_existing_output_needs_resume_or_overwrite(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, CSV)
    out = tmp_path / "res"
    batch(path, out, service=svc, workers=1, **FAST)
    with pytest.raises(InputError, match="already holds batch results"):
        batch(path, out, service=svc, workers=1, **FAST)
    again = batch(path, out, service=svc, workers=1, resume=True, **FAST)
    assert again.chunks_resumed == again.chunks and again.chunks_computed == 0
    with pytest.raises(InputError) as exc:
        batch(path, out, service=svc, workers=1, resume=True, draws=300, samples=200)
    assert "differs" in exc.value.message and exc.value.problems[0].field == "options"
    replaced = batch(path, out, service=svc, workers=1, overwrite=True, draws=300, samples=200)
    assert replaced.chunks_resumed == 0 and set(read_results(out)["draws"]) == {300}
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds no batch results"):
        batch(path, foreign, service=svc, workers=1, overwrite=True, **FAST)
    assert (foreign / "notes.txt").exists()


def test_resume_redoes_missing_and_broken_parts_only(tmp_path: Path, svc: Service) -> None:
    path = write(tmp_path, CSV)
    out = tmp_path / "res"
    batch(path, out, service=svc, workers=1, chunk_size=1, **FAST)
    full = read_results(out)
    keep = out / "part-00000000.parquet"
    stamp = keep.stat().st_mtime_ns
    (out / "part-00000001.parquet").unlink()
    (out / "part-00000002.parquet").write_bytes(b"truncated")
    (out / ".part-00000002.parquet.tmp-123").write_bytes(b"left by a killed worker")
    s = batch(path, out, service=svc, workers=1, resume=True, **FAST)
    assert (s.chunks_resumed, s.chunks_computed) == (1, 2)
    assert keep.stat().st_mtime_ns == stamp
    assert not list(out.glob(".part-*"))
    pd.testing.assert_frame_equal(read_results(out), full, check_exact=True)


def test_resume_refuses_a_changed_input(tmp_path: Path, svc: Service) -> None:
    out = tmp_path / "res"
    batch(write(tmp_path, CSV), out, service=svc, workers=1, **FAST)
    changed = write(tmp_path, CSV.replace("80000", "81000"))
    with pytest.raises(InputError) as exc:
        batch(changed, out, service=svc, workers=1, resume=True, **FAST)
    assert {p.field for p in exc.value.problems} == {"input_sha256"}


def test_store_refuses_a_file_as_output(tmp_path: Path) -> None:
    f = tmp_path / "results.parquet"
    f.write_bytes(b"")
    with pytest.raises(InputError, match="is a file"):
        ResultStore(f).prepare({}, 1, resume=False, overwrite=True)


def test_check_counts_without_computing(tmp_path: Path, svc: Service) -> None:
    s = check(write(tmp_path, CSV), service=svc)
    assert s.checked_only and s.scenarios == 3 and s.rows_written == 0


# -- CLI and docs ---------------------------------------------------------------------------
def test_cli_runs_checks_and_exits_2_on_bad_rows(
    run_cli: Callable[..., tuple[int, str, str]], small_data_dir: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, CSV)
    out = tmp_path / "res"
    code, stdout, _ = run_cli(
        "batch", str(path), "-o", str(out), "--workers", "1", "--draws", "100", "--samples", "0",
        "--json", data_dir=small_data_dir,
    )  # fmt: skip
    assert code == 0, stdout
    assert json.loads(stdout)["rows_written"] == len(read_results(out))
    bad = write(tmp_path, "age,state\n30,TX\n12,TX\n", "bad.csv")
    code, _, err = run_cli("batch", str(bad), "-o", str(tmp_path / "r2"), data_dir=small_data_dir)
    assert code == 2 and "Traceback" not in err
    assert f"{bad}:3: age: row 2:" in err and "--skip-bad-rows" in err
    code, stdout, _ = run_cli("batch", str(path), "--check", data_dir=small_data_dir)
    assert code == 0 and "3 valid, 0 bad" in stdout
    code, _, err = run_cli("batch", str(path), data_dir=small_data_dir)
    assert code == 2 and "-o OUTPUT" in err
    code, _, err = run_cli(
        "batch", str(path), "-o", str(tmp_path / "r3"), "--scheduler", "tcp://127.0.0.1:1",
        data_dir=small_data_dir,
    )  # fmt: skip
    assert code == 2 and "--engine dask" in err


def test_the_example_scenarios_are_valid(svc: Service) -> None:
    s = check(ROOT / "examples" / "scenarios.csv", service=svc)
    assert s.bad_rows == 0 and 3 <= s.scenarios <= 12


def test_docs_list_every_column() -> None:
    text = (ROOT / "docs" / "batch.md").read_text()
    for c in INPUT_COLUMNS:
        assert f"`{c.name}`" in text, c.name
    for o in OUTPUT_COLUMNS:
        assert f"`{o.name}`" in text, o.name
    readme = (ROOT / "README.md").read_text()
    assert "mlmasters batch examples/scenarios.csv" in readme

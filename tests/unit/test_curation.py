"""The curated table's checker (catalog/curation.py): a failing record is reported with
file:line: field and left out whole; the others are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlmasters.catalog.curation import Institution, check_text, coverage, main
from mlmasters.data.curated import read_curated_programs_checked

#: records in src/mlmasters/data/curated/programs_curated.jsonl (68 before the 2026-12-07 review)
CURATED_RECORDS = 277

INST = {
    139755: Institution(139755, "Georgia Institute of Technology-Main Campus", "GA", "A", "Active"),
    211352: Institution(211352, "Cabrini University", "PA", "D", "Delete out of business"),
}


def _rec(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "program_id": "gt-x",
        "institution": "Georgia Institute of Technology",
        "program_name": "MS Computer Science",
        "country": "US",
        "state": "GA",
        "ipeds_unitid": 139755,
        "credits_total": 30,
        "credit_unit": "US semester credit hours",
        "delivery": "online",
        "tuition_total": 7000,
        "tuition_currency": "USD",
        "tuition_academic_year": "2024-25",
        "sources": [
            {"field": "ipeds_unitid", "url": "hd2024"},
            {"field": "credits_total,delivery,tuition_total", "url": "https://x.example/p"},
        ],
    }
    base.update(over)
    return base


def _text(*recs: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in recs)


def test_good_record_is_kept() -> None:
    res = check_text(_text(_rec()), "t.jsonl", INST)
    assert res.ok and [r.program_id for _n, r in res.records] == ["gt-x"]


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"credit_unit": "units"}, "credit_unit", "unknown credit unit"),
        ({"credit_unit": None}, "credit_unit", "without their unit"),
        ({"tuition_academic_year": None}, "tuition_academic_year", "academic year"),
        ({"tuition_currency": None}, "tuition_currency", "currency"),
        ({"ipeds_unitid": 999999}, "ipeds_unitid", "not in IPEDS HD2024"),
        ({"ipeds_unitid": 211352, "state": "PA"}, "ipeds_unitid", "not open"),
        ({"ipeds_unitid": None}, "ipeds_unitid", "needs its IPEDS UNITID"),
        ({"thesis": "required"}, "thesis", "no source names this fact"),
        ({"delivery": "by pigeon"}, "delivery", "Input should be"),
        ({"state": "TX"}, "state", "IPEDS HD2024 says GA"),
    ],
)
def test_failing_record_is_reported_and_left_out(
    over: dict[str, object], field: str, words: str
) -> None:
    good = _rec(program_id="gt-good")
    res = check_text(_text(good, _rec(**over)), "t.jsonl", INST)
    assert [r.program_id for _n, r in res.records] == ["gt-good"]  # the other is kept
    assert res.left_out == [(2, "gt-x")]
    hit = [p for p in res.problems if p.field == field]
    assert hit and words in hit[0].message, res.problems
    assert str(hit[0]).startswith(f"t.jsonl:2: {field}: ")


def test_bad_json_and_duplicates() -> None:
    text = _text(_rec()) + "{not json\n" + _text(_rec())
    res = check_text(text, "t.jsonl", INST)
    assert len(res.records) == 1
    assert [n for n, _ in res.left_out] == [2, 3]
    assert "duplicate program_id" in res.problems[-1].message


def test_coverage_counts() -> None:
    res = check_text(_text(_rec(), _rec(program_id="b", delivery=None)), "t.jsonl", INST)
    c = coverage([r for _n, r in res.records])
    assert c["records"] == 2 and c["delivery"] == 1 and c["tuition"] == 2


def test_cli_exit_codes_and_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = Path("src/mlmasters/data/curated/programs_curated.jsonl")
    base = tmp_path / "base.jsonl"
    base.write_text(real.read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(base)]) == 0
    out = capsys.readouterr().out
    assert f"{CURATED_RECORDS} named programs" in out and "tuition" in out
    new = tmp_path / "new.jsonl"
    gt = json.loads(real.read_text(encoding="utf-8").splitlines()[0])
    fresh = dict(gt, program_id="gatech-omscs-copy")
    clash = dict(gt)  # id already in the base table
    bad = dict(gt, program_id="gatech-bad", credit_unit="units")
    new.write_text(_text(fresh, clash, bad), encoding="utf-8")
    assert main([str(new)]) == 2
    out = capsys.readouterr().out
    assert f"{new}:3: credit_unit: unknown credit unit 'units'" in out
    merged = tmp_path / "merged.jsonl"
    assert main(["merge", str(base), str(new), "-o", str(merged)]) == 2
    captured = capsys.readouterr()
    assert f"{new}:2: program_id: duplicate program_id 'gatech-omscs'" in captured.out
    lines = merged.read_text(encoding="utf-8").splitlines()
    assert len(lines) == CURATED_RECORDS + 1
    assert json.loads(lines[-1])["program_id"] == "gatech-omscs-copy"
    assert main([str(tmp_path / "missing.jsonl")]) == 2


def test_build_reader_leaves_failing_records_out(tmp_path: Path) -> None:
    real = Path("src/mlmasters/data/curated")
    (tmp_path / "ipeds_institutions_2024.csv").write_bytes(
        (real / "ipeds_institutions_2024.csv").read_bytes()
    )
    lines = (real / "programs_curated.jsonl").read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["credit_unit"] = "credits"
    lines[1] = json.dumps(broken)
    path = tmp_path / "programs_curated.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, problems = read_curated_programs_checked(path)
    assert len(df) == CURATED_RECORDS - 1 and broken["program_id"] not in set(df["program_id"])
    assert [str(p).split(" (")[0] for p in problems] == [
        "mlmasters/data/curated/programs_curated.jsonl:2: credit_unit: "
        "unknown credit unit 'credits'"
    ]

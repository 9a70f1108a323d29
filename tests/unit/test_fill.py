"""Fill files (catalog/fill.py): a fill adds sourced facts only where a record has none;
a bad fill is reported with file:line: field and changes nothing; the table keeps its order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlmasters.catalog.curation import Institution
from mlmasters.catalog.fill import fill_table, main, read_base, write_base

INST = {
    139755: Institution(139755, "Georgia Institute of Technology-Main Campus", "GA", "A", "Active")
}


def _rec(pid: str, **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "program_id": pid,
        "institution": "Georgia Institute of Technology",
        "program_name": f"MS {pid}",
        "country": "US",
        "state": "GA",
        "ipeds_unitid": 139755,
        "delivery": "online",
        "confidence": "high",
        "notes": "Read from the program page.",
        "sources": [
            {"field": "ipeds_unitid", "url": "hd2024"},
            {"field": "delivery", "url": "https://x.example/p"},
        ],
    }
    rec.update(over)
    return rec


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    path = tmp_path / "programs_curated.jsonl"
    rows = [_rec("gt-a"), _rec("gt-b", delivery=None, sources=_rec("x")["sources"][:1])]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _fill(pid: str = "gt-b", **over: Any) -> str:
    f: dict[str, Any] = {
        "program_id": pid,
        "facts": {
            "delivery": "hybrid",
            "credits_total": 30,
            "credit_unit": "US semester credit hours",
        },
        "sources": [
            {
                "field": "delivery,credits_total",
                "url": "https://x.example/q",
                "quote": "30 credit hours, hybrid",
                "retrieved": "2026-12",
            }
        ],
        "note": "Stated on the program page.",
    }
    f.update(over)
    return json.dumps(f)


def test_a_good_fill_adds_the_facts_its_source_and_note(table: Path) -> None:
    base = read_base(table)
    res = fill_table(base, _fill(inferred=["delivery"]), "fill_x.jsonl", INST)
    assert res.ok and res.applied == [(1, "gt-b", ["credit_unit", "credits_total", "delivery"])]
    rec = base["gt-b"][1]
    assert rec["delivery"] == "hybrid" and rec["credits_total"] == 30
    assert rec["sources"][-1]["url"] == "https://x.example/q"
    assert rec["notes"].endswith(
        "Filled from fill_x.jsonl (inferred: delivery): Stated on the program page."
    )
    assert rec["confidence"] == "medium"  # an inferred fact lowers a high confidence
    first = table.read_text("utf-8").splitlines()[0]
    write_base(table, base)
    lines = table.read_text("utf-8").splitlines()
    assert len(lines) == 2 and lines[0] == first  # untouched records stay byte-identical


@pytest.mark.parametrize(
    ("fill", "where", "what"),
    [
        (_fill("gt-a", facts={"delivery": "hybrid"}), "facts.delivery", "never overwrites"),
        (_fill(sources=[{"field": "delivery", "url": "u"}]), "facts.credits_total", "no source"),
        (_fill(facts={"tuition_basis": "x"}), "facts.tuition_basis", "without tuition_total"),
        (_fill(facts={"ipeds_unitid": 1}), "facts.ipeds_unitid", "not a fact a fill may set"),
        (_fill("gt-z"), "program_id", "no program 'gt-z'"),
        (_fill(inferred=["thesis"]), "inferred", "inferred but not among the facts"),
        (_fill(facts={"credits_total": 30}), "credit_unit", "without their unit"),
        (_fill(facts={"delivery": "by post"}), "delivery", ""),
        (_fill(note=""), "note", ""),
    ],
)
def test_a_bad_fill_is_reported_where_and_changes_nothing(
    table: Path, fill: str, where: str, what: str
) -> None:
    base = read_base(table)
    before = json.dumps(base, sort_keys=True)
    res = fill_table(base, "\n" + fill, "fill_x.jsonl", INST)
    assert not res.ok and not res.applied
    p = res.problems[0]
    assert (p.file, p.line) == ("fill_x.jsonl", 2) and where in (p.field or "")
    assert what in p.message
    assert json.dumps(base, sort_keys=True) == before


def test_one_line_a_program_and_bad_json(table: Path) -> None:
    res = fill_table(read_base(table), _fill() + "\n" + _fill() + "\n{", "f.jsonl", INST)
    assert [p.line for p in res.problems] == [2, 3] and len(res.applied) == 1
    assert "one line a program" in res.problems[0].message
    assert "not valid JSON" in res.problems[1].message


def test_the_command_applies_good_fills_and_exits_2_on_a_bad_one(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(_fill() + "\n", "utf-8")
    bad.write_text(_fill("gt-z") + "\n", "utf-8")
    before = table.read_text("utf-8")
    assert main(["check", "--base", str(table), str(good)]) == 0
    assert table.read_text("utf-8") == before  # check writes nothing
    out = tmp_path / "out.jsonl"
    assert main(["apply", str(table), str(good), str(bad), "-o", str(out)]) == 2
    assert f"{bad}:1: program_id: no program 'gt-z'" in capsys.readouterr().out
    assert read_base(out)["gt-b"][1]["delivery"] == "hybrid"
    assert table.read_text("utf-8") == before

"""User-added programs: TOML, JSON, JSONL and CSV; bad rows are named, nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlmasters.catalog.records import parse_program_records
from mlmasters.errors import InputError
from mlmasters.service import Service

GOOD_TOML = """
[[program]]
program_id = "my-epfl-ds"
institution = "EPFL"
program_name = "MSc Data Science"
country = "CH"
credits_total = 120
credit_unit = "ECTS"
tuition_total = 3200
tuition_currency = "CHF"

[[program]]
program_id = "my-gt-online-analytics"
institution = "Georgia Institute of Technology"
program_name = "Online Master of Science in Analytics"
state = "GA"
ipeds_unitid = 139755
delivery = "online"
credits_total = 36
credit_unit = "US semester credit hours"
"""


def test_toml_programs_join_the_catalog(small_service: Service, tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(GOOD_TOML)
    svc = Service(small_service.data_dir, programs_file=f)
    epfl = svc.catalog.get("my-epfl-ds")
    assert epfl.kind == "user" and epfl.credits_semester_equiv == 60  # ECTS / 2
    assert epfl.field_sources["credits_total"].label == f"user file {f}"
    gt = svc.catalog.get("my-gt-online-analytics")
    assert gt.ipeds_tuition is not None  # joined to the institution's IPEDS charges
    assert len(svc.catalog) == len(small_service.catalog) + 2


def test_bad_toml_row_names_file_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(GOOD_TOML + '\n[[program]]\nprogram_id = "x"\ninstitution = "Y"\n'
                 'program_name = "Z"\ncredits_total = -3\n')  # fmt: skip
    with pytest.raises(InputError) as exc:
        parse_program_records(f)
    (p,) = exc.value.problems
    assert p.file == str(f) and p.field == "credits_total" and p.line == 22
    assert str(p).startswith(f"{f}:22: credits_total: ")


def test_csv_missing_column_and_bad_rows(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("program_id,institution\nabc,Somewhere\n")
    with pytest.raises(InputError, match="missing column"):
        parse_program_records(f)
    f.write_text(
        "program_id,institution,program_name,delivery,tracks\n"
        "ok-1,A,MS AI,online,nlp;deep learning\n"
        "Bad Id,B,MS DS,online,\n"
        "ok-2,C,MS ML,by-pigeon,\n"
    )
    with pytest.raises(InputError) as exc:
        parse_program_records(f)
    where = sorted((p.line, p.field) for p in exc.value.problems)
    assert where == [(3, "program_id"), (4, "delivery")]


def test_jsonl_and_json_and_duplicates(tmp_path: Path) -> None:
    rec = {"program_id": "a-1", "institution": "A", "program_name": "MS"}
    f = tmp_path / "p.jsonl"
    f.write_text(json.dumps(rec) + "\n" + json.dumps(rec) + "\n")
    with pytest.raises(InputError, match="duplicate"):
        parse_program_records(f)
    g = tmp_path / "p.json"
    g.write_text(json.dumps({"programs": [rec, {**rec, "program_id": "a-2", "bogus": 1}]}))
    with pytest.raises(InputError) as exc:
        parse_program_records(g)
    assert exc.value.problems[0].field == "bogus" and exc.value.problems[0].line == 2


def test_not_utf8_and_unknown_type(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_bytes(b"program_id,institution,program_name\n\xff\xfe,x,y\n")
    with pytest.raises(InputError, match="UTF-8"):
        parse_program_records(f)
    g = tmp_path / "p.xlsx"
    g.write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        parse_program_records(g)


def test_id_clash_with_catalog(small_service: Service, tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(
        '[[program]]\nprogram_id = "gatech-omscs"\ninstitution = "x"\nprogram_name = "y"\n'
    )
    with pytest.raises(InputError, match="already in the catalog"):
        Service(small_service.data_dir, programs_file=f).catalog  # noqa: B018


def test_every_problem_is_reported_together_with_the_id_clash(
    small_service: Service, tmp_path: Path
) -> None:
    f = tmp_path / "all.csv"
    f.write_text(
        "program_id,institution,program_name,credits_total,credit_unit,country\n"
        "gatech-omscs,x,y,,,US\n"  # row 2: id used by the catalog
        "my-a,A,MS,30,furlongs,US\n"  # row 3: unknown unit
        "my-b,B,MS,-4,,US\n"  # row 4: bad number
        "my-c,C,MSc,90,,DE\n"  # row 5: no unit outside the US
    )
    with pytest.raises(InputError) as exc:
        Service(small_service.data_dir, programs_file=f).catalog  # noqa: B018
    where = sorted((p.line, p.field) for p in exc.value.problems)
    assert where == [(2, "program_id"), (3, "credit_unit"), (4, "credits_total"),
                     (5, "credit_unit")]  # fmt: skip
    assert all(p.file == str(f) for p in exc.value.problems)
    assert str(exc.value.problems[0]).startswith(f"{f}:2: program_id: ")


UNITS_TOML = """
[[program]]
program_id = "my-ubc-mds"
institution = "University of British Columbia"
program_name = "Master of Data Science"
country = "CA"
credits_total = 24
credit_unit = "one-credit courses"
duration_months_full_time = 10
enrollment_modes = ["full-time"]
tuition_total = 54733
tuition_currency = "CAD"

[[program]]
program_id = "my-ntu-msai"
institution = "Nanyang Technological University"
program_name = "MSc Artificial Intelligence"
country = "SG"
credits_total = 30
credit_unit = "AU"
duration_months_full_time = 12

[[program]]
program_id = "my-one-year-ects"
institution = "Some European University"
program_name = "MSc Machine Learning"
country = "NL"
credits_total = 60
credit_unit = "ECTS"
tuition_total = 20000
tuition_currency = "EUR"
tuition_usd_per_unit = 1.08
"""


def test_credit_units_and_currency(small_service: Service, tmp_path: Path, run_cli) -> None:
    from mlmasters.models.plan.assemble import build_plan
    from mlmasters.models.plan.result import PlanOptions
    from mlmasters.profile import Profile

    f = tmp_path / "units.toml"
    f.write_text(UNITS_TOML)
    svc = Service(small_service.data_dir, programs_file=f)
    ubc = svc.catalog.get("my-ubc-mds")
    assert ubc.credits_semester_equiv == 24  # 24 courses of 1 credit, not 72
    assert "1 credits each" in (ubc.credits_conversion or "")
    ntu = svc.catalog.get("my-ntu-msai")
    assert ntu.credits_semester_equiv == 30 and "AU" in (ntu.credits_conversion or "")
    ects = svc.catalog.get("my-one-year-ects")
    assert ects.duration_months_full_time == 12  # 60 ECTS = one full-time year
    assert "derived" in ects.field_sources["duration_months_full_time"].label
    for p, months in ((ubc, 10), (ntu, 12), (ects, 12)):
        plan = build_plan(p, Profile(), PlanOptions(mode="full-time", draws=200))
        hours = max(t.hours_per_week for t in plan.terms if t.kind == "courses")
        assert 20 <= hours <= 60, p.program_id
        assert abs(plan.planned_months - months) <= 0.25 * months, p.program_id
    # non-USD: shown with its currency, out of USD sums until a rate is given
    d = svc.get_program("my-ubc-mds")
    assert d.tuition.total_usd is None and d.tuition.local_amount == 54733
    assert d.tuition.currency == "CAD"
    assert svc.get_program("my-one-year-ects").tuition.total_usd == 21600
    code, out, _ = run_cli("programs", "show", "my-ubc-mds", "--programs", str(f),
                           data_dir=small_service.data_dir)  # fmt: skip
    assert code == 0 and "CAD 54,733" in out and "not in USD totals" in out

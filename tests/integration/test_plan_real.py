"""The plan on the real snapshot: every curated program plans; the issue's reference case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlmasters.errors import InputError
from mlmasters.profile import Profile
from mlmasters.service import Service

pytestmark = pytest.mark.integration

WORKER = Profile(
    hours_per_week=10,
    must_keep_working=True,
    enrollment_mode="part-time",
    employer_support_usd_per_year=5250,
    max_years=4,
)


def test_every_curated_program_plans(service: Service) -> None:
    curated = [p for p in service.catalog.programs if p.kind == "curated"]
    assert len(curated) >= 30
    worker = WORKER.model_copy(update={"hours_per_week": 15})  # one quarter course: 12 h
    for p in curated:
        for mode in p.enrollment_modes or ["full-time", "part-time"]:
            r = service.plan(worker, p.program_id, mode=mode, draws=300)
            assert r.program_terms >= 1 and r.planned_months > 0, p.program_id
            s = r.time_to_degree
            assert 0 <= s.p_complete <= 1 and s.months_p10 >= r.planned_months - 1e-9
            assert r.assumptions
        offered = set(p.enrollment_modes)
        for mode in sorted({"full-time", "part-time"} - offered) if offered else []:
            with pytest.raises(InputError) as err:  # a mode it does not offer: a plain error
                service.plan(worker, p.program_id, mode=mode, draws=300)
            assert [q.field for q in err.value.problems] == ["enrollment_mode"]


def test_part_time_worker_10h_in_a_30_credit_online_program(service: Service) -> None:
    """OMSCS: 30 semester credits; 10 h a week fit one 3-credit course a term (9 h);
    3 terms a year as the program publishes (fall, spring, summer) -> 10 terms = 40 months
    before risk; $7,000 in 10 terms of $700. On a 2-term year it would be 60 months."""
    r = service.plan(WORKER, "gatech-omscs", seed=0, draws=10000)
    assert (r.inputs.credits_per_term, r.program_terms, r.planned_months) == (3.0, 10, 40.0)
    assert r.inputs.terms_per_year == 3 and r.inputs.terms_source is not None
    assert r.workload.feasible is True and r.workload.hours_needed_per_week == 9.0
    assert r.funding.tuition_total_usd == 7000.0 and r.funding.out_of_pocket_total_usd == 0.0
    assert all(y.federal_loan_limit_usd == 0.0 for y in r.funding.years)  # below half-time
    s = r.time_to_degree
    # students report about 2.5-4 years at one or two courses a term (docs/plan.md)
    assert 40.0 <= s.months_p50 <= 48.0 and s.p_finish_within_years[3] == 0.0
    assert 0.5 < s.p_complete < 0.8
    assert r.p_finish_within_max_years is not None and r.p_finish_within_max_years > 0
    two = service.plan(WORKER, "gatech-omscs", terms_per_year=2, draws=10000)
    assert two.planned_months == 60.0 and two.time_to_degree.months_p50 >= 60.0


def test_cli_on_the_real_snapshot(run_cli, data_dir: Path, tmp_path: Path) -> None:
    prof = tmp_path / "p.toml"
    prof.write_text('hours_per_week = 30\nenrollment_mode = "full-time"\n')
    code, out, err = run_cli("plan", str(prof), "cmu-mcds", "--json", "--draws", "500",
                             data_dir=data_dir)  # fmt: skip
    assert code == 0, err
    body = json.loads(out)
    assert body["inputs"]["internship"] is True and body["inputs"]["capstone"] is True
    assert body["core_area_coverage"]["ML theory & practice"]

"""ROI service, CLI and API on the small fixture snapshot (WA, GA, TX, CA)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.errors import InputError, NotFoundError
from mlmasters.models.roi import defaults as D
from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.service.roi import CATALOG_COLUMNS
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url

SENIOR = Profile(
    age=35, years_experience=12, current_salary_usd=185_000, state="WA", metro="Seattle",
    target_role="ml-engineer",
)  # fmt: skip
GRAD = Profile(age=23, current_salary_usd=75_000, state="TX", target_role="data-scientist")


def test_roi_result_keeps_inputs_assumptions_and_intermediates(small_service: Service) -> None:
    r = small_service.roi(SENIOR, "uw-msds", draws=2000, seed=1, enrollment_mode="full-time")
    assert r.status == "ok" and r.basis == "after-tax"
    assert r.pre_tax is not None and r.after_tax is not None
    for s in (r.pre_tax, r.after_tax):
        assert s.npv_p10_usd <= s.npv_p50_usd <= s.npv_p90_usd and 0 <= s.p_loss <= 1
    assert r.inputs["counterfactual_salary_usd"] == 185_000
    assert r.inputs["tuition_total_usd"] == 53_325 and r.tuition.level == "program"
    # data science (30.70) has no federal earnings pairs: the pooled level of all ML fields
    assert r.earnings is not None and r.earnings.source == "all ML fields"
    assert r.earnings.area.startswith("Seattle") and r.earnings.your_pay_usd == 185_000
    assert 0 < r.earnings.premium_pct < 0.5 and r.mode == "full-time"
    assert r.verdict and "median of all outcomes" in r.verdict
    assert any("3% real" in a for a in r.assumptions)
    assert r.histogram is not None and sum(r.histogram.counts) == 2000
    assert r.fan is not None and len(r.fan.year) == D.RETIREMENT_AGE - 35
    assert all(
        a <= b <= c for a, b, c in zip(r.fan.p10_usd, r.fan.p50_usd, r.fan.p90_usd, strict=True)
    )
    assert {b.driver for b in r.sensitivity} >= {
        "tuition", "premium", "wage_growth", "discount_rate", "time_to_degree", "completion",
        "job_search", "premium_prior", "selection_share", "experience_gap",
        "causal_variance_share",
    }  # fmt: skip
    head = r.headline
    assert head is not None
    # one centre for every bar: the headline on the same draws (its mean or its median)
    centres = {b.center_usd for b in r.sensitivity}
    assert len(centres) == 1 and centres <= {head.npv_mean_usd, head.npv_p50_usd}
    # what a person reads first: the median and the chance of coming out ahead, the loss
    # split by finishing
    for s in (r.pre_tax, r.after_tax):
        assert s.p_ahead == pytest.approx(1.0 - s.p_loss)
        assert s.p_loss_not_finishing is not None and s.p_loss_finishing is not None
        assert s.p_loss_not_finishing + s.p_loss_finishing == pytest.approx(s.p_loss, abs=1e-3)
    assert 0 < r.intermediates["p_complete_simulated"] < 1
    json.dumps(r.model_dump(mode="json"))  # serialisable as is


def test_same_seed_same_result_and_what_ifs_move_it(small_service: Service) -> None:
    kw = {"draws": 1000, "seed": 5, "sensitivity": False, "basis": "pre-tax"}
    a = small_service.roi(GRAD, "gatech-omscs", **kw)
    b = small_service.roi(GRAD, "gatech-omscs", **kw)
    assert a.model_dump() == b.model_dump()
    c = small_service.roi(GRAD, "gatech-omscs", **(kw | {"seed": 6}))
    assert c.pre_tax != a.pre_tax
    dear = small_service.roi(GRAD, "gatech-omscs", **(kw | {"tuition_usd": 90_000}))
    assert dear.pre_tax is not None and a.pre_tax is not None
    assert dear.pre_tax.npv_p50_usd < a.pre_tax.npv_p50_usd
    # the same premium on higher pay is a larger dollar gain (part-time: pay goes on)
    pt = kw | {"enrollment_mode": "part-time"}
    base = small_service.roi(GRAD, "gatech-omscs", **pt)
    rich = small_service.roi(GRAD, "gatech-omscs", **(pt | {"current_salary_usd": 150_000}))
    assert rich.pre_tax is not None and base.pre_tax is not None
    assert rich.pre_tax.npv_mean_usd > base.pre_tax.npv_mean_usd
    never = small_service.roi(GRAD, "gatech-omscs", **(kw | {"completion_prob": 0.0}))
    assert never.pre_tax is not None and never.pre_tax.npv_p90_usd <= 0


def test_unknown_tuition_needs_tuition(small_service: Service) -> None:
    df = small_service.roi_catalog(SENIOR, draws=200)
    missing = df[df["status"] == "needs tuition"]
    assert len(missing) >= 1 and missing["npv_p50"].isna().all()
    pid = missing["program_id"].iloc[0]
    r = small_service.roi(SENIOR, pid, draws=200, sensitivity=False)
    assert r.status == "needs tuition" and "give the total" in (r.message or "")
    r = small_service.roi(SENIOR, pid, draws=200, sensitivity=False, tuition_usd=30_000)
    assert r.status == "ok" and r.pre_tax is not None


def test_catalog_frame(small_service: Service) -> None:
    df = small_service.roi_catalog(GRAD, draws=500, seed=2)
    assert tuple(df.columns) == CATALOG_COLUMNS
    assert len(df) == len(small_service.catalog)
    ok = df[df["status"] == "ok"]
    assert len(ok) > 100
    assert ((ok["npv_p10"] <= ok["npv_p50"]) & (ok["npv_p50"] <= ok["npv_p90"])).all()
    assert ok["p_loss"].between(0, 1).all()
    assert set(ok["earnings_source"]) <= {"own pair", "field family", "all ML fields"}
    split = ok["p_loss_not_finishing"] + ok["p_loss_finishing"]
    assert (split - ok["p_loss"]).abs().max() <= 1e-3
    ds = df[df["program_id"].str.endswith("30.70")]
    assert (ds["earnings_source"] != "own pair").all()  # data science: no federal earnings
    again = small_service.roi_catalog(GRAD, draws=500, seed=2)
    assert df["npv_p50"].equals(again["npv_p50"])
    sub = small_service.roi_catalog(GRAD, ["gatech-omscs", "uw-msds"], draws=500, seed=2)
    full = df.set_index("program_id").loc[["gatech-omscs", "uw-msds"], "npv_p50"]
    assert list(sub["npv_p50"]) == pytest.approx(list(full))  # common random numbers


def test_after_tax_uses_a_cached_tenforty_table(small_service: Service) -> None:
    r = small_service.roi(GRAD, "gatech-omscs", draws=500, sensitivity=False)
    assert r.after_tax is not None and r.pre_tax is not None
    cache = small_service.data_dir / "cache" / "taxes"
    files = list(cache.glob("tenforty-*-TX-single.json"))
    assert files
    prov = json.loads(files[0].read_text())["provenance"]
    assert prov["package"] == "tenforty" and prov["tax_year"] == D.TAX_YEAR and prov["grid"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"tuition_usd": -1}, "tuition_usd"),
        ({"discount_rate": -1.0}, "discount_rate"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"draws": D.DRAWS_MAX + 1}, "draws"),
        ({"nonsense": 1}, "nonsense"),
    ],
)
def test_bad_input_is_a_clear_error(
    small_service: Service, kw: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError) as exc:
        small_service.roi(GRAD, "gatech-omscs", **kw)
    assert any(p.field == field for p in exc.value.problems)


def test_unknown_program_and_catalog_only_options(small_service: Service) -> None:
    with pytest.raises(NotFoundError):
        small_service.roi(GRAD, "no-such-program")
    with pytest.raises(InputError):
        small_service.roi_catalog(GRAD, draws=10, tuition_usd=5)


CliRunner = Callable[..., tuple[int, str, str]]


def test_freopp_service_and_cli(run_cli: CliRunner, small_data_dir: Path, tmp_path: Path) -> None:
    row = tmp_path / "row.toml"
    row.write_text(
        "age_at_start = 23\nprogram_years = 1\ntuition_per_year_usd = 20000\n"
        "completion_rate = 0.8\n[earnings_with_degree]\ngraduation = 70000\n"
        "[earnings_counterfactual]\ngraduation = 60000\n"
    )
    code, out, _ = run_cli("roi", "--method", "freopp", "--inputs", str(row), "--json",
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 0 and json.loads(out)["roi_usd"] == pytest.approx(111_941, abs=2)
    bad = tmp_path / "bad.toml"
    bad.write_text(row.read_text().replace("20000", "-1"))
    code, _, err = run_cli("roi", "--method", "freopp", "--inputs", str(bad),
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 2 and "tuition_per_year_usd" in err and "Traceback" not in err


def test_cli_single_catalog_and_errors(
    run_cli: CliRunner, small_data_dir: Path, tmp_path: Path
) -> None:
    prof = tmp_path / "p.toml"
    prof.write_text('age = 23\ncurrent_salary_usd = 75000\nstate = "TX"\n')
    code, out, _ = run_cli("roi", str(prof), "gatech-omscs", "--draws", "500",
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 0 and "P(ahead)" in out and "what moves" in out
    assert "median of all outcomes is" in out
    assert "typical (median)" in out and "median if you finish" in out
    code, out, _ = run_cli("roi", str(prof), "gatech-omscs", "uw-msds", "--draws", "300", "--json",
                           data_dir=small_data_dir)  # fmt: skip
    body = json.loads(out)
    assert code == 0 and {p["program_id"] for p in body["programs"]} == {"gatech-omscs", "uw-msds"}
    code, out, err = run_cli("roi", str(prof), "--draws", "200", "--top", "5",
                             data_dir=small_data_dir)  # fmt: skip
    assert code == 0 and "P(ahead)" in out and "by typical (median) outcome" in err
    for args in (["--draws", "0"], ["--discount-rate", "-1.5"], ["--horizon", "0"],
                 ["--tuition", "-3"]):  # fmt: skip
        code, _, err = run_cli("roi", str(prof), "gatech-omscs", *args, data_dir=small_data_dir)
        assert code == 2 and "Traceback" not in err, args
    code, _, err = run_cli("roi", data_dir=small_data_dir)
    assert code == 2 and "PROFILE" in err


def test_api(small_service: Service) -> None:
    client = TestClient(create_app(small_service, database_url=temp_db_url()))
    body = {"profile": GRAD.model_dump(exclude_none=True), "program_id": "gatech-omscs",
            "options": {"draws": 500, "sensitivity": False}}  # fmt: skip
    r = client.post("/api/v1/roi", json=body)
    assert r.status_code == 200 and r.json()["after_tax"]["p_loss"] <= 1
    r = client.post("/api/v1/roi", json=body | {"options": {"discount_rate": -2}})
    assert r.status_code == 422
    assert r.json()["error"]["problems"][0]["field"] == "options.discount_rate"
    r = client.post("/api/v1/roi", json=body | {"program_id": "nope"})
    assert r.status_code == 404
    r = client.post("/api/v1/roi", json=body | {"profile": {"age": 5}})
    assert r.status_code == 422 and set(r.json()["error"]) == {
        "code",
        "message",
        "problems",
        "hint",
    }
    r = client.post("/api/v1/roi/catalog", json={"profile": {}, "program_ids": ["gatech-omscs"],
                                                 "draws": 300})  # fmt: skip
    assert r.status_code == 200 and r.json()["programs"][0]["status"] == "ok"
    row = {"age_at_start": 23, "program_years": 1, "tuition_per_year_usd": 20000,
           "completion_rate": 0.8, "earnings_with_degree": {"graduation": 70000},
           "earnings_counterfactual": {"graduation": 60000}}  # fmt: skip
    r = client.post("/api/v1/roi/freopp", json=row)
    assert r.status_code == 200 and math.isclose(r.json()["roi_usd"], 111_941, abs_tol=2)
    r = client.post("/api/v1/roi/freopp", json=row | {"discount_rate": -1})
    assert r.status_code == 422

"""ROI on the real snapshot: the whole catalog, and the two people of the issue."""

from __future__ import annotations

import pytest

from mlmasters.profile import Profile
from mlmasters.service import Service

pytestmark = pytest.mark.integration

SENIOR = Profile(
    age=35, years_experience=12, current_salary_usd=185_000, state="WA", metro="Seattle",
    target_role="ml-engineer",
)  # fmt: skip
GRAD = Profile(
    age=23, years_experience=1, current_salary_usd=75_000, state="WA", metro="Seattle",
    degree_field="computer-science", target_role="ml-engineer",
)  # fmt: skip


def test_whole_catalog(service: Service) -> None:
    df = service.roi_catalog(GRAD, draws=1000, seed=0)
    assert len(df) == len(service.catalog) > 2500
    ok = df[df["status"] == "ok"]
    assert len(ok) > 2400
    assert ok["p_loss"].between(0, 1).all() and ok["npv_p50"].notna().all()
    assert set(df.loc[df["status"] != "ok", "status"]) <= {"needs tuition", "tuition not in USD"}
    # every program names the estimate it used; data science rows have no federal earnings
    assert df["earnings_source"].notna().all()
    assert (df.loc[df["program_id"].str.endswith("30.71"), "earnings_source"] == "occupation").all()


def test_senior_engineer_expensive_full_time_vs_cheap_part_time(service: Service) -> None:
    kw = {"draws": 4000, "seed": 0, "sensitivity": False}
    full = service.roi(SENIOR, "uw-msds", enrollment_mode="full-time", **kw)
    part = service.roi(SENIOR, "gatech-omscs", enrollment_mode="part-time", **kw)
    assert full.after_tax is not None and part.after_tax is not None
    # quitting a $185k job for 18 months costs more than the degree is likely to pay back
    assert full.after_tax.p_loss > 0.8 and full.after_tax.npv_p50_usd < -150_000
    # keeping the job, the cheap program risks little (at worst about its tuition) and has
    # a real upside; it is often a small loss, when the new role pays no more than the old one
    assert part.after_tax.npv_p10_usd > -15_000 and part.after_tax.npv_p90_usd > 100_000
    assert part.after_tax.npv_p50_usd > full.after_tax.npv_p90_usd


def test_recent_graduate(service: Service) -> None:
    r = service.roi(GRAD, "gatech-omscs", enrollment_mode="full-time", draws=4000)
    assert r.after_tax is not None and r.pre_tax is not None
    assert r.after_tax.npv_p90_usd > 0 > r.after_tax.npv_p10_usd
    assert r.after_tax.npv_p50_usd < r.pre_tax.npv_p50_usd or r.pre_tax.npv_p50_usd < 0

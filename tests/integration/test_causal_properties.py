"""Properties of the causal return for a person (issue: earnings the degree causes), on the
real snapshot: the gain shrinks with years already in the target occupation, and moving the
same person between metros changes the return only through their pay."""

from __future__ import annotations

import pytest

from mlmasters.profile import Profile
from mlmasters.service import Service

pytestmark = pytest.mark.integration

KW = {"draws": 2000, "seed": 3, "sensitivity": False, "basis": "pre-tax"}


def person(**kw: object) -> Profile:
    base: dict[str, object] = {
        "age": 35, "current_soc": "15-1252", "current_salary_usd": 120_000, "state": "WA",
        "metro": "Seattle", "target_role": "ml-engineer", "enrollment_mode": "part-time",
        "hours_per_week": 20,
    }  # fmt: skip
    return Profile.model_validate(base | kw)


def test_the_gain_shrinks_with_years_already_in_the_target_occupation(service: Service) -> None:
    means = []
    for years in (0, 5, 12, 25):
        r = service.roi(person(years_experience=years), "uw-msds", **KW)
        assert r.earnings is not None and r.pre_tax is not None
        means.append((r.earnings.premium_pct, r.pre_tax.npv_p50_finishers_usd))
    premiums = [m[0] for m in means]
    assert premiums == sorted(premiums, reverse=True) and premiums[0] > premiums[-1]


def test_a_move_between_metros_changes_the_return_only_through_pay(service: Service) -> None:
    seattle = service.roi(person(), "uw-msds", **KW)
    spokane = service.roi(person(metro="Spokane"), "uw-msds", **KW)
    austin = service.roi(person(state="TX", metro="Austin"), "uw-msds", **KW)
    assert seattle.earnings is not None and spokane.earnings is not None
    assert seattle.earnings.area != spokane.earnings.area
    # same pay, same program: the same pre-tax figures whatever the metro
    for other in (spokane, austin):
        assert other.pre_tax == seattle.pre_tax
        assert other.earnings is not None
        assert other.earnings.premium_pct == seattle.earnings.premium_pct
    # a different pay moves it (the person's pay is the one channel)
    richer = service.roi(person(current_salary_usd=150_000), "uw-msds", **KW)
    assert richer.pre_tax is not None and seattle.pre_tax is not None
    assert richer.pre_tax.npv_mean_usd != seattle.pre_tax.npv_mean_usd

"""Catalog scope (issue 17): field relevance, the default catalog, place, rank filters."""

from __future__ import annotations

import numpy as np
import pytest

from mlmasters.catalog.credits import full_time_months_from_unit, to_semester_credits
from mlmasters.catalog.fields import FIELD_RELEVANCE, relevance_markdown, relevance_of
from mlmasters.catalog.place import miles_between, reachable, resolve_home_cbsa
from mlmasters.catalog.program import Program
from mlmasters.catalog.scope import apply_scope
from mlmasters.models.rank.criteria import Part, _combine, research_values
from mlmasters.models.rank.filters import apply_filters
from mlmasters.profile import Profile
from mlmasters.service import Service


def _p(pid: str, **kw: object) -> Program:
    return Program(program_id=pid, kind="federal", name="M", institution="I", **kw)  # type: ignore[arg-type]


def test_relevance_table_and_caution() -> None:
    assert relevance_of("11.0102") is FIELD_RELEVANCE["11.01"]
    assert relevance_of(None) is None
    assert FIELD_RELEVANCE["52.13"].caution and "MBA" in FIELD_RELEVANCE["52.13"].caution
    assert FIELD_RELEVANCE["11.07"].caution is None
    md = relevance_markdown()
    assert md.count("\n") == len(FIELD_RELEVANCE) + 1 and "cipid=11.10" in md


def test_scope_counts_each_program_once_in_rule_order() -> None:
    progs = [
        _p("a", field_relevance="core", institution_status="active"),
        _p("b", field_relevance="outside", institution_status="closed"),  # closed first
        _p("c", field_relevance="outside", institution_status="active"),
        _p("d", field_relevance="core", institution_status="not-listed"),
        _p("e"),  # no CIP code, no UNITID: kept
    ]
    res = apply_scope(progs)
    assert [p.program_id for p in res.kept] == ["a", "e"]
    assert res.removed == {"closed_institution": 1, "not_in_directory": 1, "outside_field": 1}
    assert len(apply_scope(progs, include_outside_fields=True).kept) == 3
    assert len(apply_scope(progs, True, True).kept) == 5


def test_commuting_distance_and_home_metro() -> None:
    # Seattle (47.61, -122.33) to Tacoma (47.25, -122.44): about 25 miles
    d = miles_between(np.array([47.25]), np.array([-122.44]), 47.61, -122.33)
    assert 20 < float(d[0]) < 30
    cbsa = np.array(["42660", "42660", "14740", "", "12060"], dtype=object)
    names = np.array(["Seattle-Tacoma-Bellevue, WA"] * 2 + ["Bremerton, WA", "", "Atlanta"],
                     dtype=object)  # fmt: skip
    lat = np.array([47.61, 47.25, 47.57, np.nan, 33.75])
    lon = np.array([-122.33, -122.44, -122.63, np.nan, -84.39])
    assert resolve_home_cbsa("seattle", "WA", cbsa, names) == "42660"
    assert resolve_home_cbsa("0042660", None, cbsa, names) == "42660"
    assert resolve_home_cbsa("Atlantis", None, cbsa, names) is None
    near, unknown = reachable("42660", cbsa, lat, lon)
    assert near.tolist() == [True, True, True, False, False]  # Bremerton is ~15 miles away
    assert unknown.tolist() == [False, False, False, True, False]


def test_field_filter_keeps_52_13_only_for_product_managers(small_service: Service) -> None:
    f = small_service.rank_facts
    nan = np.full(f.n, np.nan)
    mba = f.caution
    assert mba.any()
    for role, kept in (("ml-engineer", False), ("ml-product-manager", True)):
        res = apply_filters(f, Profile(target_role=role), nan, "full-time")  # type: ignore[arg-type]
        assert bool(res.keep[mba].any()) is kept
        assert not res.keep[f.relevance == 0].any()  # outside families: out for both
    res = apply_filters(f, Profile(include_outside_fields=True), nan, "full-time")
    assert res.keep[mba].all() and res.removed["field"] == 0


def test_context_parts_never_stand_alone() -> None:
    nan = np.array([np.nan, np.nan])
    parts = [
        Part("spec", "s", np.array([1.0, np.nan])),
        Part("field", "f", np.array([1.0, 1.0]), context=True),
    ]
    t = _combine("curriculum", parts, 2)
    assert t.score[0] == 1.0  # the program's own fact is known
    assert t.score[1] == pytest.approx((1.0 + 0.4) / 2)  # field alone: not a perfect match
    assert _combine("x", [Part("a", "a", nan)], 2).status.tolist() == [0, 0]


def test_research_steps() -> None:
    labels = np.array(["Research 1: Very High", "Research 2: High", "Research Colleges", "", ""],
                      dtype=object)  # fmt: skip
    known = np.array([True, True, True, True, False])
    v = research_values(labels, known)
    assert v[:4].tolist() == pytest.approx([1.0, 2 / 3, 1 / 3, 0.0]) and np.isnan(v[4])


def test_units() -> None:
    assert to_semester_credits(24, "24 one-credit courses", country="CA").value == 24
    assert to_semester_credits(30, "AU", country="SG").value == 30
    assert to_semester_credits(30, None, country="US").value == 30
    assert to_semester_credits(30, None, country="SG").value is None
    assert full_time_months_from_unit(60, "ECTS") == 12
    assert full_time_months_from_unit(90, "ECTS") == 18
    assert full_time_months_from_unit(180, "UK credits") == 12
    assert full_time_months_from_unit(30, "US semester credit hours") is None

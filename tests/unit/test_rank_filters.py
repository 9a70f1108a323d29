"""Hard filters on hand-made programs: hybrid is not "online only"; a length is known from
published months for the mode or from the program's own credits, never from default credits."""

from __future__ import annotations

import numpy as np

from mlmasters.catalog.program import Program
from mlmasters.models.rank.facts import build_facts
from mlmasters.models.rank.filters import PlanChecks, apply_filters
from mlmasters.profile import Profile


def _program(pid: str, **kw: object) -> Program:
    return Program(program_id=pid, kind="curated", name=pid, institution="U", state="TX", **kw)


PROGRAMS = [
    _program("online", delivery="online", credits_semester_equiv=30.0),
    _program("hybrid", delivery="hybrid", credits_semester_equiv=30.0),
    _program("unknown-delivery", credits_semester_equiv=30.0),
    _program("online-no-credits", delivery="online"),
    _program("online-published-pt", delivery="online", duration_months_part_time_typical=30.0),
]


def _outcome(profile: Profile, months: list[float]) -> dict[str, tuple[bool, bool, bool]]:
    facts = build_facts(PROGRAMS, None)
    plan = PlanChecks(np.array(months, dtype=np.float64), np.zeros(len(months), dtype=np.bool_))
    res = apply_filters(facts, profile, np.full(facts.n, 5_000.0), "part-time", plan=plan)
    return {
        p.program_id: (bool(res.keep[i]), bool(res.verified[i]), bool(res.unverified[i]))
        for i, p in enumerate(PROGRAMS)
    }


def test_online_only_fails_a_hybrid_and_lists_unknown_delivery_as_not_verified() -> None:
    out = _outcome(Profile(online_only=True), [24.0] * len(PROGRAMS))
    assert out["online"] == (True, True, False)
    assert out["hybrid"] == (False, False, False)
    assert out["unknown-delivery"] == (True, False, True)


def test_duration_known_from_credits_or_published_months_not_default_credits() -> None:
    # every plan gives 24 months; only "online-no-credits" got them from the default credits
    out = _outcome(Profile(max_years=3, online_only=True), [24.0] * len(PROGRAMS))
    assert out["online"] == (True, True, False)
    assert out["online-published-pt"] == (True, True, False)
    assert out["online-no-credits"] == (True, False, True)
    # too long on its own credits fails; on default credits it stays "may fit - not verified"
    out = _outcome(Profile(max_years=1, online_only=True), [24.0] * len(PROGRAMS))
    assert out["online"] == (False, False, False)
    assert out["online-no-credits"] == (True, False, True)

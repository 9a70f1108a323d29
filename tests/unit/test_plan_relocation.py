"""Feasible means attendable (issue 24.4): someone who keeps a job where they live is not
shown an on-campus program in another metro unless they say they could move."""

from __future__ import annotations

import numpy as np
import pytest

from mlmasters.errors import InputError
from mlmasters.models.rank.filters import apply_filters
from mlmasters.profile import Profile, profile_from_dict
from mlmasters.service import Service

DENVER = {"state": "CO", "metro": "Denver", "hours_per_week": 15, "must_keep_working": True}


def _location(service: Service, profile: Profile, program_id: str) -> tuple[bool, str | None]:
    """(kept, the location rule) for one program."""
    facts = service.rank_facts
    res = apply_filters(facts, profile, np.full(facts.n, np.nan), "part-time")
    i = facts.ids.index(program_id)
    rules = [o.rule for o in res.outcomes if o.name == "location"]
    return bool(res.keep[i]), rules[0] if rules else None


def test_keeping_a_job_means_staying_unless_said(service: Service) -> None:
    keeps_job = Profile(**DENVER)
    assert keeps_job.cannot_move and "keep your job" in keeps_job.cannot_move_reason
    kept, rule = _location(service, keeps_job, "cmu-mcds")  # on campus in Pittsburgh
    assert not kept and rule is not None and "have not said you could move" in rule
    said_no = Profile(**DENVER | {"must_keep_working": False, "can_relocate": False})
    assert said_no.cannot_move and said_no.cannot_move_reason == "you said you cannot move"
    can_move = Profile(**DENVER | {"can_relocate": True})
    assert not can_move.cannot_move and can_move.cannot_move_reason == ""
    kept, rule = _location(service, can_move, "cmu-mcds")
    assert kept and rule is None
    # an online program stays attendable from anywhere
    assert _location(service, keeps_job, "gatech-omscs")[0]


def test_a_bad_relocation_answer_is_a_clear_error() -> None:
    with pytest.raises(InputError) as err:
        profile_from_dict({"can_relocate": "maybe"})
    (problem,) = err.value.problems
    assert problem.field == "can_relocate"
    assert "true = you could move for a program, false = you cannot move" in problem.message

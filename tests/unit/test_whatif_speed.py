"""A slider move recomputes one program without its tornado (issue 25): the page keeps the
tornado of the person's own scenario, labelled so, and the headline moves with the what-if."""

from __future__ import annotations

from fastapi.testclient import TestClient

from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url

ANSWERS = {"age": 30, "current_salary_usd": 80_000, "state": "TX", "target_role": "data-scientist"}
OWN = "around your own answers, without the what-ifs"


def test_a_what_if_keeps_the_tornado_of_your_own_answers(small_service: Service) -> None:
    app = create_app(small_service, database_url=temp_db_url())
    with TestClient(app) as c:
        r = c.post("/api/v1/profiles", json={"profile": ANSWERS})
        assert r.status_code in (200, 201), r.text
        pid = r.json()["id"]
        page = c.get(f"/p/{pid}/programs/gatech-omscs")
        assert page.status_code == 200 and 'data-spec="tornado-spec"' in page.text
        assert OWN not in page.text
        moved = c.get(f"/p/{pid}/programs/gatech-omscs/roi?discount_rate=0.06")
        assert moved.status_code == 200
        assert OWN in moved.text and 'data-spec="tornado-spec"' in moved.text
        results = app.state.results
        prof = Profile.model_validate(ANSWERS).model_dump(mode="json")
        own = results.peek(results.key("roi", prof, "gatech-omscs", {}))
        what = results.peek(results.key("roi", prof, "gatech-omscs", {"discount_rate": 0.06}))
        assert own is not None and what is not None
        assert own.sensitivity and not what.sensitivity  # no tornado per slider move
        assert what.headline.npv_mean_usd != own.headline.npv_mean_usd

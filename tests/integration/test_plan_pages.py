"""The program page for one person (issue 24.3, 24.4): one tuition, the one the return uses;
what drives the months said beside them; bridge months with the assessment's weeks."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.support.statements import _Text

DENVER = Profile(
    state="CO",
    metro="Denver",
    hours_per_week=15,
    must_keep_working=True,
    can_relocate=True,  # says they could move: CMU MCDS (Pittsburgh, on campus) is theirs
    current_salary_usd=90000,
    background={"programming_python": 0, "algorithms_data_structures": 0},
)


@pytest.fixture(scope="module")
def client(service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("plan-pages-db") / "db.sqlite"
    with TestClient(create_app(service, database_url=f"sqlite:///{db}")) as c:
        yield c


def _text(page: str) -> str:
    t = _Text(attrs=False)
    t.feed(page)
    return " ".join(" ".join(t.out).split())


def test_one_tuition_and_what_drives_the_months(client: TestClient, service: Service) -> None:
    pid = client.post("/api/v1/profiles", json={"profile": DENVER.model_dump(mode="json")}).json()[
        "id"
    ]
    text = _text(client.get(f"/p/{pid}/programs/cmu-mcds").text)
    roi = service.roi(DENVER, "cmu-mcds")
    assert roi.tuition.total_usd is not None
    shown = set(re.findall(r"Tuition:? (\$[\d,]+)", text))
    assert shown == {f"${roi.tuition.total_usd:,.0f}"}, shown
    plan = service.plan(DENVER, "cmu-mcds")
    assert f"What drives the months: {plan.inputs.months_basis}" in text
    weeks = sum(b.weeks for b in plan.bridge)
    assert weeks > 0 and plan.bridge_months_before == round(weeks * 12 / 52, 2)
    assert f"{round(plan.bridge_months_before)} months ({weeks:g} weeks of courses" in text

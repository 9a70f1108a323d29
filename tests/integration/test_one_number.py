"""One person, one answer: the same profile, program and seed give the same headline on
every surface (service, catalog frame, shortlist, compare, program page, report, CLI, JSON
API, batch), and the plan and the return agree on months and mode for every shortlisted
program (docs/scenario.md)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.batch.compute import scenario_frame
from mlmasters.batch.scenarios import ScenarioSpec
from mlmasters.cli.format import money
from mlmasters.profile import Profile, load_profile, profile_to_toml
from mlmasters.service import Service
from mlmasters.web.app import create_app

pytestmark = pytest.mark.integration

PERSON = Profile(
    name="recent graduate, Seattle",
    age=24,
    years_experience=2,
    highest_degree="bachelor",
    degree_field="computer-science",
    current_soc="15-1252",
    current_salary_usd=82_000,
    state="WA",
    metro="Seattle",
    target_role="data-scientist",
    hours_per_week=20,
)
PROGRAMS = ("uw-msds", "gatech-omscs")
PERSONAS = Path(__file__).resolve().parents[2] / "src" / "mlmasters" / "data" / "personas"


def web_money(v: float) -> str:
    return money(v, minus="\u2212")


def test_one_scenario_through_every_surface(
    service: Service, tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]], data_dir: Path
) -> None:
    heads = {pid: service.roi(PERSON, pid, sensitivity=False) for pid in PROGRAMS}
    for r in heads.values():
        assert r.status == "ok" and r.headline is not None and r.verdict
    frame = service.roi_catalog(PERSON).set_index("program_id")
    ranked = {p.program_id: p for p in service.rank(PERSON, top=3000, samples=0).ranked}
    compared = {p.program_id: p for p in service.compare(PERSON, list(PROGRAMS)).programs}
    batch = scenario_frame(
        service,
        ScenarioSpec(1, "one", PERSON, 0, {"draws": 10_000, "basis": "after-tax"}, {"samples": 0}),
    ).set_index("program_id")
    for pid, r in heads.items():
        h = r.headline
        assert h is not None
        row = frame.loc[pid]
        assert row["npv_p50"] == h.npv_p50_usd and row["npv_mean"] == h.npv_mean_usd
        assert row["p_loss"] == h.p_loss and h.p_ahead == pytest.approx(1.0 - h.p_loss)
        assert row["p_loss_not_finishing"] == h.p_loss_not_finishing
        assert row["p_loss_finishing"] == h.p_loss_finishing
        assert row["verdict"] == r.verdict and row["enrollment_mode"] == r.mode
        assert row["months_p50"] == r.months_p50
        if pid in ranked:
            assert ranked[pid].npv_p50_usd == h.npv_p50_usd
            assert ranked[pid].npv_mean_usd == h.npv_mean_usd
            assert ranked[pid].p_ahead == h.p_ahead
            assert ranked[pid].p_loss == h.p_loss and ranked[pid].verdict == r.verdict
        roi_row = compared[pid].roi
        assert roi_row is not None and roi_row["npv_p50"] == h.npv_p50_usd
        assert roi_row["npv_mean"] == h.npv_mean_usd
        assert batch.loc[pid, "npv_p50_usd"] == h.npv_p50_usd
        assert batch.loc[pid, "npv_mean_usd"] == h.npv_mean_usd
        assert batch.loc[pid, "verdict"] == r.verdict
    assert any(pid in ranked for pid in PROGRAMS)

    # CLI JSON and text
    prof = tmp_path / "p.toml"
    prof.write_text(profile_to_toml(PERSON))
    assert load_profile(prof) == PERSON
    for pid, r in heads.items():
        code, out, _ = run_cli("roi", str(prof), pid, "--json", "--no-sensitivity",
                               data_dir=data_dir)  # fmt: skip
        assert code == 0
        body = json.loads(out)
        assert body["after_tax"] == r.headline.model_dump(mode="json")  # type: ignore[union-attr]
        assert body["verdict"] == r.verdict

    # HTTP API and the web pages
    client = TestClient(create_app(service, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))
    for pid, r in heads.items():
        api = client.post(
            "/api/v1/roi",
            json={"profile": PERSON.model_dump(exclude_none=True), "program_id": pid,
                  "options": {"sensitivity": False}},
        ).json()  # fmt: skip
        assert api["after_tax"] == r.headline.model_dump(mode="json")  # type: ignore[union-attr]
    ranked_api = client.post(
        "/api/v1/rank", json={"profile": PERSON.model_dump(exclude_none=True), "top": 500,
                              "samples": 0},
    ).json()  # fmt: skip
    by_id = {p["program_id"]: p for p in ranked_api["ranked"]}
    for pid in PROGRAMS:
        if pid in by_id:
            h = heads[pid].headline
            assert h is not None
            assert by_id[pid]["npv_p50_usd"] == h.npv_p50_usd
            assert by_id[pid]["npv_mean_usd"] == h.npv_mean_usd
    saved = client.post("/api/v1/profiles", json={"profile": PERSON.model_dump(exclude_none=True)})
    assert saved.status_code == 201, saved.text
    spid = saved.json()["id"]
    compare_page = client.get(f"/p/{spid}/compare", params=[("ids", p) for p in PROGRAMS]).text
    report = client.get(f"/p/{spid}/report.html").text
    for pid, r in heads.items():
        # the figure a person reads first is the median (the mean is beside it, labelled)
        want = web_money(r.headline.npv_p50_usd)  # type: ignore[union-attr]
        page = client.get(f"/p/{spid}/programs/{pid}").text
        assert r.verdict and _text(r.verdict) in _text(page)
        assert _headlines(page)[0] == want
        assert web_money(r.headline.npv_mean_usd) in _text(page)  # type: ignore[union-attr]
        assert want in _headlines(compare_page)
        if pid in {p.program_id for p in service.rank(PERSON, samples=0).ranked}:
            assert want in _headlines(report)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html.replace("&#39;", "'").replace("&amp;", "&"))


def _headlines(html: str) -> list[str]:
    return re.findall(r'class="headline-npv">([^<]+)<', html)


@pytest.mark.parametrize("persona", sorted(p.stem for p in PERSONAS.glob("*.toml")))
def test_plan_and_return_agree_for_every_shortlisted_program(
    service: Service, persona: str
) -> None:
    prof = load_profile(PERSONAS / f"{persona}.toml")
    ranked = service.rank(prof, top=8, samples=0).ranked
    frame = service.roi_catalog(prof).set_index("program_id")
    for p in ranked:
        plan = service.plan(prof, p.program_id)
        row = frame.loc[p.program_id]
        assert plan.inputs.mode == row["enrollment_mode"], p.program_id
        assert plan.planned_months == row["planned_months"], p.program_id
        assert plan.bridge_months_before == row["bridge_months"], p.program_id
        assert p.months_p50 is not None and not math.isnan(p.months_p50)
        if prof.max_years is not None:  # "most years you'd spend" removes longer plans
            assert p.months_p50 <= 12 * prof.max_years
        if prof.must_keep_working:  # never a full-time-only program for someone who works
            assert service.catalog.get(p.program_id).enrollment_modes != ["full-time"]

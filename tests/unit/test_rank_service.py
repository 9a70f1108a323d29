"""Rank and compare through the service, CLI and API on the small fixture snapshot."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from mlmasters.catalog.tuition import resolve_tuition
from mlmasters.errors import InputError, NotFoundError
from mlmasters.models.rank.facts import tuition_usd
from mlmasters.models.rank.weights import CRITERIA
from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url

WP = Profile(
    name="working professional, Texas, NLP",
    state="TX",
    must_keep_working=True,
    can_relocate=False,
    enrollment_mode="part-time",
    specializations=["nlp"],
)
PERSONA = "working-professional"

PROFILE_TOML = """
name = "wp"
state = "TX"
must_keep_working = true
can_relocate = false
enrollment_mode = "part-time"
specializations = ["nlp"]
"""


@pytest.fixture(scope="module")
def svc(small_service: Service) -> Service:
    return small_service


def test_rank_result_shape(svc: Service) -> None:
    res = svc.rank(WP, top=8, roi=None, persona=PERSONA, samples=2000)
    assert [p.rank for p in res.ranked] == list(range(1, 9))
    scores = [p.score for p in res.ranked]
    assert scores == sorted(scores, reverse=True)
    assert sum(res.weights.weights.values()) == pytest.approx(1)
    assert res.weights.persona == PERSONA and res.weights.persona_source == "given"
    for p in res.ranked:
        assert [c.criterion for c in p.criteria] == list(CRITERIA)
        assert sum(c.contribution for c in p.criteria) == pytest.approx(p.score, abs=1e-3)
        for c in p.criteria:
            assert c.why and 0 <= c.used <= 1
            assert (c.score is None) == (c.status == "unknown")
    assert res.robustness is not None
    assert res.robustness.p_top_k_sum == pytest.approx(res.robustness.k)
    assert all(p.rank_interval is not None for p in res.ranked)
    assert any("return was not computed" in n for n in res.notes)


def test_unknown_is_not_zero_and_is_marked(svc: Service) -> None:
    res = svc.rank(WP, top=2000, roi=None, persona=PERSONA, samples=0, merge_unverified=True)
    fed = next(p for p in res.ranked if "-" in p.program_id and p.program_id[0].isdigit())
    ind = next(c for c in fed.criteria if c.criterion == "industry")
    # internship and capstone unknown; the institution's research designation is known
    assert ind.status == "partial" and set(ind.unknown_parts) == {"internship", "capstone"}
    unk = next(c for p in res.ranked for c in p.criteria if c.status == "unknown")
    assert unk.score is None
    assert unk.used == pytest.approx(0.4)  # neutral 0.5 minus the 0.1 penalty, not 0
    assert any("unknown policy penalize" in n for n in res.notes)


def test_renormalize_policy_drops_unknown_criteria(svc: Service) -> None:
    res = svc.rank(WP, top=50, roi=None, persona=PERSONA, samples=0, unknown_policy="renormalize")
    for p in res.ranked:
        assert sum(c.contribution for c in p.criteria) == pytest.approx(p.score, abs=1e-3)
        for c in p.criteria:
            if c.status == "unknown":
                assert c.contribution == 0


def test_filters_count_sequentially(svc: Service) -> None:
    prof = WP.model_copy(update={"budget_usd": 15000.0, "online_only": True})
    res = svc.rank(prof, top=5, roi=None, persona=PERSONA, samples=0)
    names = [f.name for f in res.filters]
    assert names == ["status", "field", "budget", "delivery", "enrollment_mode"]
    removed = sum(f.removed for f in res.filters)
    assert res.total_programs - removed == res.kept_programs + res.unverified_programs
    strict = svc.rank(prof, top=5, roi=None, persona=PERSONA, samples=0, strict_filters=True)
    assert strict.kept_programs == res.kept_programs and strict.unverified_programs == 0
    assert all(not p.unknown_filters for p in strict.ranked) and not strict.unverified
    merged = svc.rank(prof, top=5, roi=None, persona=PERSONA, samples=0, merge_unverified=True)
    assert merged.kept_programs == res.kept_programs + res.unverified_programs
    assert merged.unverified_programs == 0
    loose = svc.rank(prof, top=5, roi=None, persona=PERSONA, samples=0, ignore_filters=("budget",))
    assert "budget" not in [f.name for f in loose.filters]


def test_vectorised_tuition_matches_resolve_tuition(svc: Service) -> None:
    f = svc.rank_facts
    for state in (None, "TX", "GA"):
        for mode in ("full-time", "part-time"):
            got = tuition_usd(f, state, mode)
            for i, p in enumerate(f.programs):
                want = resolve_tuition(p, state, mode).total_usd  # type: ignore[arg-type]
                assert (want is None and math.isnan(got[i])) or got[i] == want, p.program_id


def test_roi_contract_feeds_career_outcomes(svc: Service) -> None:
    ids = list(svc.rank_facts.ids)
    frame = pd.DataFrame(
        {
            "program_id": ids,
            "npv_mean": np.linspace(-50_000, 500_000, len(ids)),
            "npv_p50": np.linspace(-80_000, 300_000, len(ids)),
            "p_loss": np.linspace(0.9, 0.05, len(ids)),
            "months_p50": 24.0,
            "tuition_total_usd": 10_000.0,
            "enrollment_mode": "full-time",
            "verdict": "For you this most likely pays.",
            "message": None,
            "status": ["ok"] * (len(ids) - 1) + ["needs tuition"],
        }
    )
    res = svc.rank(WP, top=3000, roi=frame, persona=PERSONA, samples=0)
    by_id = {p.program_id: p for p in res.ranked}
    last = by_id.get(ids[-1])
    if last is not None:
        outc = next(c for c in last.criteria if c.criterion == "outcomes")
        assert "roi_npv" in outc.unknown_parts
    first = next(p for p in res.ranked if p.program_id != ids[-1])
    outc = next(c for c in first.criteria if c.criterion == "outcomes")
    assert "roi_npv" not in outc.unknown_parts and "median of all outcomes" in outc.why
    # the career criterion reads the median (the headline's centre), not the mean: with the
    # two in opposite orders, a program's outcomes score follows its median
    flipped = frame.assign(npv_mean=frame["npv_mean"].to_numpy()[::-1])
    swapped = frame.assign(
        npv_p50=frame["npv_p50"].to_numpy()[::-1], npv_mean=frame["npv_mean"].to_numpy()
    )

    def outcomes(roi: pd.DataFrame) -> pd.Series:
        df = svc.rank_frame(WP, roi=roi, persona=PERSONA)
        return df.set_index("program_id")["outcomes_score"].astype(float)

    base, same, other = outcomes(frame), outcomes(flipped), outcomes(swapped)
    pd.testing.assert_series_equal(same, base)
    high = [pid for pid in base.index if pid in set(ids[len(ids) // 2 : -1])]
    assert high and all(other[pid] < base[pid] for pid in high)
    assert not any("return was not computed" in n for n in res.notes)
    assert first.verdict == "For you this most likely pays." and first.months_p50 == 24.0


def test_rank_frame_matches_rank(svc: Service) -> None:
    df = svc.rank_frame(WP, roi=None, persona=PERSONA)
    res = svc.rank(WP, top=10, roi=None, persona=PERSONA, samples=0)
    # the frame keeps every kept program; those known to pass every filter are rank()'s list
    verified = df[df["verified"].astype(bool)]
    assert verified["program_id"].head(10).tolist() == [p.program_id for p in res.ranked]
    assert len(verified) == res.kept_programs
    assert len(df) == res.kept_programs + res.unverified_programs
    for c in CRITERIA:
        assert {f"{c}_score", f"{c}_status", f"{c}_contribution"} <= set(df.columns)
    withp = svc.rank_frame(WP, roi=None, persona=PERSONA, samples=500, k=5)
    assert withp["p_top_k"].sum() == pytest.approx(5)


def test_scaling_all_user_weights_keeps_the_order(svc: Service) -> None:
    w = {
        "curriculum": 2,
        "outcomes": 3,
        "flexibility": 1,
        "industry": 1,
        "accreditation": 1,
        "cost": 2,
    }
    a = svc.rank(WP, top=30, weights=w, roi=None, samples=0)
    b = svc.rank(WP, top=30, weights={k: 7.5 * v for k, v in w.items()}, roi=None, samples=0)
    assert [p.program_id for p in a.ranked] == [p.program_id for p in b.ranked]


def test_topsis_and_same_seed_same_result(svc: Service) -> None:
    a = svc.rank(WP, top=5, method="topsis", roi=None, persona=PERSONA, samples=1000, seed=7)
    b = svc.rank(WP, top=5, method="topsis", roi=None, persona=PERSONA, samples=1000, seed=7)
    assert a.model_dump() == b.model_dump()
    assert a.method == "topsis" and all(0 <= p.score <= 1 for p in a.ranked)


def test_bad_rank_input(svc: Service) -> None:
    for kwargs, needle in [
        ({"weights": {"prestige": 1}}, "unknown criterion"),
        ({"weights": {"cost": -2}}, "negative"),
        ({"weights": dict.fromkeys(CRITERIA, 0)}, "all weights are zero"),
        ({"method": "ahp"}, "method"),
        ({"ignore_filters": ("nope",)}, "unknown filter"),
        ({"method": "topsis", "unknown_policy": "renormalize"}, "weighted-sum only"),
    ]:
        with pytest.raises(InputError) as exc:
            svc.rank(WP, roi=None, samples=0, **kwargs)  # type: ignore[arg-type]
        assert needle in str(exc.value), kwargs


def test_compare(svc: Service) -> None:
    res = svc.compare(WP, ["gatech-omscs", "ut-austin-mscs-online"], roi=None, persona=PERSONA)
    assert {p.program_id for p in res.programs} == {"gatech-omscs", "ut-austin-mscs-online"}
    assert [p.rank_among_compared for p in res.programs] == [1, 2]
    lead = res.programs[0]
    assert all(d.leader == lead.program_id for d in res.decisive)
    facts = {f.field: f for f in lead.facts}
    assert (
        facts["earnings_median_usd"].source and "Scorecard" in facts["earnings_median_usd"].source
    )
    assert facts["tuition_usd"].value is not None


@pytest.mark.parametrize(
    "ids",
    [["gatech-omscs"], ["gatech-omscs"] * 2, ["a", "b", "c", "d", "e", "f"], []],
)
def test_compare_needs_two_to_five_distinct(svc: Service, ids: list[str]) -> None:
    with pytest.raises(InputError):
        svc.compare(WP, ids, roi=None)


def test_compare_unknown_id(svc: Service) -> None:
    with pytest.raises(NotFoundError):
        svc.compare(WP, ["gatech-omscs", "no-such-program"], roi=None)


# --- CLI ---------------------------------------------------------------------------------
CliRunner = Callable[..., tuple[int, str, str]]


def test_cli_rank_json_and_csv(run_cli: CliRunner, small_data_dir: Path, tmp_path: Path) -> None:
    prof = tmp_path / "p.toml"
    prof.write_text(PROFILE_TOML)
    out_csv = tmp_path / "rank.csv"
    code, out, err = run_cli(
        "rank",
        str(prof),
        "--top",
        "5",
        "--no-roi",
        "--samples",
        "500",
        "--persona",
        PERSONA,
        "--json",
        "--csv",
        str(out_csv),
        data_dir=small_data_dir,
    )
    assert code == 0, err
    body = json.loads(out)
    assert len(body["ranked"]) == 5 and body["robustness"]["k"] == min(10, body["kept_programs"])
    assert body["unverified_programs"] > 0 and body["unverified"][0]["unknown_filters"]
    rows = out_csv.read_text().splitlines()
    assert rows[0].startswith("rank,program_id") and len(rows) == 6
    code, out, _ = run_cli(
        "rank",
        str(prof),
        "--top",
        "3",
        "--no-roi",
        "--method",
        "topsis",
        "--samples",
        "0",
        data_dir=small_data_dir,
    )
    assert code == 0 and "weights (" in out and "#1 " in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--weights", "prestige=2"], "unknown criterion"),
        (["--weights", "cost=-1"], "negative"),
        (
            [
                "--weights",
                "curriculum=0,outcomes=0,flexibility=0,industry=0,accreditation=0,cost=0",
            ],
            "all weights are zero",
        ),
    ],
)
def test_cli_rank_bad_weights_exit_2(
    run_cli: CliRunner, small_data_dir: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    prof = tmp_path / "p.toml"
    prof.write_text(PROFILE_TOML)
    code, _out, err = run_cli("rank", str(prof), "--no-roi", *args, data_dir=small_data_dir)
    assert code == 2 and needle in err and "Traceback" not in err


def test_cli_compare(run_cli: CliRunner, small_data_dir: Path, tmp_path: Path) -> None:
    prof = tmp_path / "p.toml"
    prof.write_text(PROFILE_TOML)
    out_csv = tmp_path / "cmp.csv"
    code, out, err = run_cli(
        "compare",
        str(prof),
        "gatech-omscs",
        "ut-austin-mscs-online",
        "--no-roi",
        "--csv",
        str(out_csv),
        data_dir=small_data_dir,
    )
    assert code == 0, err
    assert "what decides" in out
    assert out_csv.read_text().startswith("item,")
    code, out, _ = run_cli(
        "compare", str(prof), "gatech-omscs", "--no-roi", "--json", data_dir=small_data_dir
    )
    assert code == 2 and json.loads(out)["error"]["code"] == "invalid_input"
    six = ["a", "b", "c", "d", "e", "f"]
    code, _, err = run_cli("compare", str(prof), *six, "--no-roi", data_dir=small_data_dir)
    assert code == 2 and "2 to 5" in err


# --- API ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(small_service: Service) -> TestClient:
    return TestClient(create_app(small_service, database_url=temp_db_url()))


def _profile_json() -> dict[str, object]:
    return WP.model_dump(mode="json", exclude_none=True)


def test_api_rank_and_compare(client: TestClient) -> None:
    r = client.post(
        "/api/v1/rank",
        json={
            "profile": _profile_json(),
            "top": 4,
            "roi": False,
            "samples": 500,
            "persona": PERSONA,
        },
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["ranked"]) == 4
    r = client.post(
        "/api/v1/compare",
        json={"profile": _profile_json(), "program_ids": ["gatech-omscs", "uw-msds"], "roi": False},
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["programs"]) == 2


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/api/v1/rank", {"weights": {"prestige": 1}}),
        ("/api/v1/rank", {"weights": {"cost": -1}}),
        ("/api/v1/rank", {"weights": dict.fromkeys(CRITERIA, 0)}),
        ("/api/v1/rank", {"method": "ahp"}),
        ("/api/v1/compare", {"program_ids": ["gatech-omscs"]}),
        ("/api/v1/compare", {"program_ids": ["a", "b", "c", "d", "e", "f"]}),
    ],
)
def test_api_bad_input_is_422(client: TestClient, path: str, extra: dict[str, object]) -> None:
    body: dict[str, object] = {"profile": _profile_json(), "roi": False}
    if path.endswith("compare") and "program_ids" not in extra:
        body["program_ids"] = ["gatech-omscs", "uw-msds"]
    r = client.post(path, json=body | extra)
    assert r.status_code == 422, r.text
    assert set(r.json()["error"]) == {"code", "message", "problems", "hint"}


def test_hard_filters_keep_only_known_passes_and_list_the_rest(svc: Service) -> None:
    """Online only: the shortlist holds programs known to be online; the ones whose delivery
    is unknown are in the second list, 'may fit - not verified', with what is unknown."""
    prof = WP.model_copy(update={"online_only": True})
    res = svc.rank(prof, top=2000, roi=None, persona=PERSONA, samples=0)
    assert res.ranked and res.unverified_programs > 0
    for p in res.ranked:
        assert not p.unknown_filters
        assert svc.catalog.get(p.program_id).delivery == "online"  # a hybrid is not online only
    assert len(res.unverified) == min(res.unverified_programs, 2000)
    assert all(p.unknown_filters for p in res.unverified)
    assert res.unverified_unknown["delivery"] == sum(
        "delivery" in p.unknown_filters for p in res.unverified
    )
    assert [p.rank for p in res.unverified] == list(range(1, len(res.unverified) + 1))
    assert any("may fit but are not verified" in n for n in res.notes)


def test_only_programs_with_known_facts_hides_federal_rows(svc: Service) -> None:
    res = svc.rank(WP, top=2000, roi=None, persona=PERSONA, samples=0, named_only=True)
    assert res.named_only and res.ranked
    ids = [p.program_id for p in res.ranked + res.unverified]
    assert all(svc.catalog.get(i).named for i in ids)
    named = next(f for f in res.filters if f.name == "named")
    assert named.removed > 100  # the fixture's federal rows without a named program

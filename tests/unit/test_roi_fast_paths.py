"""The speed paths of the ROI engine (issue 25) give the figures of the plain ones."""

from __future__ import annotations

import dataclasses

import numpy as np

from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.analysis import plan_of, programs_array
from mlmasters.models.roi.draws import draw_common
from mlmasters.models.roi.results import parse_options
from mlmasters.profile import Profile
from mlmasters.service import Service


def _flows(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = np.abs(rng.normal(0, 1, (600, 40))) * 1e4
    f[:, :3] = -f[:, :3] - 5e4  # costs, then gains: one sign change
    f[:100] = rng.normal(0, 1, (100, 40)) * 1e4  # several sign changes: not defined
    f[100:150, 5:9] = 0.0  # zeros are skipped
    f[150:200, :3] *= -1  # gains with no cost: not defined
    f[200:210] = 0.0
    f[210:220, :] = -1.0  # a loss every year
    f[220:230, :1] = -1.0  # nearly free: the rate is beyond the bracket
    return f


def _plain_irr(f: np.ndarray, lo: float = -0.99, hi: float = 10.0) -> np.ndarray:
    """The IRR as it was before Horner's rule: a power per year, sign changes row by row."""
    yrs = np.arange(1, f.shape[1] + 1, dtype=np.float64)

    def npv(rate: np.ndarray) -> np.ndarray:
        return np.asarray(np.sum(f * (1.0 + rate[:, None]) ** -yrs[None, :], axis=1))

    a, b = np.full(f.shape[0], lo), np.full(f.shape[0], hi)
    npv_a = npv(a)
    for _ in range(80):
        m = 0.5 * (a + b)
        npv_m = npv(m)
        left = np.sign(npv_m) == np.sign(npv_a)
        a, npv_a, b = np.where(left, m, a), np.where(left, npv_m, npv_a), np.where(left, b, m)
    out = 0.5 * (a + b)
    out = np.where(npv(np.full(f.shape[0], hi)) > 0, np.inf, out)
    out = np.where(npv(np.full(f.shape[0], lo)) < 0, np.nan, out)
    changes = [np.count_nonzero(np.diff(np.sign(r[r != 0])) != 0) for r in f]
    return np.where(np.array(changes) == 1, out, np.nan)


def test_irr_by_horners_rule_equals_the_plain_irr() -> None:
    for seed in range(3):
        f = _flows(seed)
        a, b = _plain_irr(f), P.irr(f)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_array_equal(np.isinf(a), np.isinf(b))
        ok = np.isfinite(a)
        assert ok.sum() > 300
        np.testing.assert_allclose(b[ok], a[ok], rtol=0, atol=1e-12)
        # one row at a time gives what every row at once gives
        np.testing.assert_array_equal(np.concatenate([P.irr(r) for r in f[:40]]), b[:40])


def test_sign_changes_without_a_loop_over_rows() -> None:
    f = _flows(4)
    loop = [np.count_nonzero(np.diff(np.sign(r[r != 0])) != 0) for r in f]
    np.testing.assert_array_equal(P.sign_changes(f), loop)
    np.testing.assert_array_equal(P.sign_changes(np.array([[0.0, -1, 0, 1, 0, -1]])), [2])
    np.testing.assert_array_equal(P.sign_changes(np.zeros((2, 5))), [0, 0])


def test_the_tornados_shared_runs_equal_one_run_per_scenario(small_service: Service) -> None:
    profile = Profile(age=30, current_salary_usd=80_000, state="TX", target_role="data-scientist")
    opts = parse_options({"draws": 1500})
    person = small_service.roi_person(profile, opts)
    ps = small_service.roi_scenario(profile, "gatech-omscs", draws=1500)
    plan, progs = plan_of(ps, person), programs_array([ps])
    draws, base = draw_common(1500, 3), person.scenario()
    scens = [base] + [
        dataclasses.replace(base, **c)
        for c in (
            {"tuition_scale": 0.8}, {"premium_shift": 0.05}, {"premium_scale": 1.1},
            {"discount_rate": 0.07}, {"growth_mean": 0.0}, {"completion_shift": -0.1},
            {"ttd_quantile": 0.9}, {"search_months": 6.0},
        )
    ]  # fmt: skip
    for net in (small_service._roi_taxes(person).net, None):
        one_by_one = []
        for sc in scens:
            run = E.run_single(progs, plan, draws, sc, net)
            npv = run.npv_after if run.npv_after is not None else run.npv_pre
            one_by_one.append(float(np.mean(npv)))
        assert E.mean_npvs(progs, plan, draws, scens, net) == one_by_one
        assert E.mean_npvs(progs, plan, draws, scens, net, workers=1) == one_by_one
        assert len(set(one_by_one)) >= len(scens) - 2  # the steps move the mean


def test_an_online_programs_row_equals_its_page(small_service: Service) -> None:
    # online study has its own chance of finishing: its row never runs on the plan of a
    # campus program with the same months and terms (a shortlist row once read -$65,366
    # where its page read -$66,354)
    profile = Profile(
        age=27, current_salary_usd=52_000, state="TX", target_role="data-scientist",
        hours_per_week=40, must_keep_working=False,
    )  # fmt: skip
    df = small_service.roi_catalog(profile, draws=2000, seed=4)
    online = {p.program_id for p in small_service.catalog.programs if p.online}
    rows = df[df["status"].eq("ok") & df["program_id"].isin(online)]
    assert len(rows) >= 2
    for _, row in rows.head(4).iterrows():
        page = small_service.roi(profile, row["program_id"], draws=2000, seed=4, sensitivity=False)
        assert page.headline is not None
        assert (page.headline.npv_p50_usd, page.headline.p_loss) == (row["npv_p50"], row["p_loss"])

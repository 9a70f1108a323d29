"""The earnings-premium model on small synthetic Scorecard frames (no snapshot needed): one
hierarchical estimate on distinct pairs (own pair -> field family -> all ML fields)."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.backtest import (
    catalog_programs_from_fos,
    loo_predictions,
    premium_distribution,
    run_backtest,
)
from mlmasters.models.roi.premium import (
    CAUSAL_VARIANCE_SHARE_RANGE,
    EXPERIENCE_GAP_RANGE,
    HORIZON_YEARS,
    PREMIUM_DEFAULTS,
    SELECTION_SHARE_RANGE,
    PremiumFit,
    PremiumParams,
    experience_growth,
    fit_premiums,
    posterior_mean,
)


def _row(
    uid: str, cip: str, level: int, med: float | None, n: int | None, h: int | None = 4
) -> dict[str, object]:
    return {
        "unitid": uid,
        "cip_code": cip,
        "institution": f"U{uid}",
        "credential_level": level,
        "completers_count": n,
        "earnings_median_usd": med,
        "earnings_horizon_years": h,
    }


def frame(
    family_ratios: dict[str, list[float]],
    n: int = 100,
    extra: list[dict[str, object]] | None = None,
) -> pd.DataFrame:
    """One institution per ratio: bachelor's $80,000, master's $80,000 x ratio."""
    rows = []
    for cip, ratios in family_ratios.items():
        for i, r in enumerate(ratios):
            uid = f"{cip}-{i}"
            rows.append(_row(uid, cip, 3, 80_000.0, n))
            rows.append(_row(uid, cip, 5, round(80_000.0 * r), n))
    rows += extra or []
    df = pd.DataFrame(rows)
    return df.astype(
        {
            "unitid": "string",
            "cip_code": "string",
            "institution": "string",
            "credential_level": "Int8",
            "completers_count": "Int64",
            "earnings_median_usd": "Int64",
            "earnings_horizon_years": "Int8",
        }
    )


RATIOS = {
    "11.01": [1.10, 1.18, 1.25, 1.32, 1.40, 1.22, 1.15, 1.28, 1.35, 1.20, 1.30, 1.12],
    "11.07": [1.05, 1.12, 1.20, 1.08, 1.16],
}


def own_means(fit: PremiumFit, cip: str | None = None) -> list[float]:
    """The premium of every fitted pair's program (of one family when ``cip`` is given)."""
    pairs = fit.pairs[fit.pairs["fitted"]]
    if cip is not None:
        pairs = pairs[pairs["cip_code"] == cip]
    out = []
    for uid, c in zip(pairs["unitid"], pairs["cip_code"], strict=True):
        p = fit.for_program(uid, c)
        assert p.source == "own pair"
        out.append(p.mean)
    return out


# -- sources and the API -----------------------------------------------------------------
def test_sources_own_pair_family_all_fields() -> None:
    fit = fit_premiums(frame(RATIOS))
    assert fit.n_pairs == 17
    own = fit.for_program("11.01-0", "11.01")
    fam = fit.for_program("elsewhere", "11.01")
    pooled = fit.for_program(None, "30.70")
    nothing = fit.for_program(None, None)
    assert (own.source, fam.source, pooled.source, nothing.source) == (
        "own pair",
        "field family",
        "all ML fields",
        "all ML fields",
    )
    assert own.raw_log_ratio == pytest.approx(math.log(1.10))
    assert own.master_median_usd == 88_000 and own.bachelor_median_usd == 80_000
    assert own.master_completers == 100 and own.bachelor_completers == 100
    assert own.campuses == 1 and own.family == "11.01"
    assert fam.raw_log_ratio is None and fam.n_pairs == 12 and fam.family == "11.01"
    assert pooled.n_pairs == 17 and pooled.family is None
    for p in (own, fam, pooled):
        assert p.sd > 0 and p.label
        assert p.percent == pytest.approx(math.expm1(p.mean))
    assert "same field" in own.label and "no same-institution" in fam.label
    assert "all ML-related fields" in pooled.label


def test_for_program_takes_no_study_mode() -> None:
    """The premium describes a program's graduates: nothing about the applicant goes in."""
    params = list(inspect.signature(PremiumFit.for_program).parameters)
    assert params == ["self", "unitid", "cip_code"]
    fit = fit_premiums(frame(RATIOS))
    with pytest.raises(TypeError):
        fit.for_program("11.01-3", "11.01", True)  # type: ignore[call-arg]
    assert "experience_gap_full_time_years" not in PremiumParams.model_fields
    assert "experience_gap_part_time_years" not in PremiumParams.model_fields
    import mlmasters.models.roi.premium as premium

    assert not hasattr(premium, "part_time_or_online")


def test_small_family_shrinks_toward_all_fields() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})  # 2 pairs < family_min_pairs (3)
    fit = fit_premiums(fos)
    assert fit.family_for("27.03") is None
    assert fit.for_program("elsewhere", "27.03").source == "all ML fields"
    own = fit.for_program("27.03-0", "27.03")
    assert own.source == "own pair" and own.family is None
    assert "all ML-related fields" in own.label


# -- distinct pairs ------------------------------------------------------------------------
def test_campus_copies_collapse_to_one_pair_with_summed_completers() -> None:
    copies = []
    for uid, n in (("dv-a", 40), ("dv-b", 25), ("dv-c", None)):
        copies += [_row(uid, "11.07", 3, 70_000.0, n), _row(uid, "11.07", 5, 84_000.0, n)]
    fit = fit_premiums(frame(RATIOS, extra=copies))
    assert fit.n_pairs == 18  # three campuses, one pair
    each = [fit.for_program(u, "11.07") for u in ("dv-a", "dv-b", "dv-c")]
    assert each[0] == each[1] == each[2]
    p = each[0]
    assert p.source == "own pair" and p.campuses == 3
    assert p.master_completers == 65 and p.bachelor_completers == 65  # missing adds nothing
    assert "one figure for its 3 campuses" in p.label
    # the same as one institution with the summed cohorts
    one = [_row("dv", "11.07", 3, 70_000.0, 65), _row("dv", "11.07", 5, 84_000.0, 65)]
    single = fit_premiums(frame(RATIOS, extra=one)).for_program("dv", "11.07")
    assert single.campuses == 1
    assert p.mean == pytest.approx(single.mean, abs=1e-12)
    assert p.sd == pytest.approx(single.sd, abs=1e-12)
    # the family does not count the copies: its typical program is the same as with one row
    assert fit.for_program("other", "11.07").mean == pytest.approx(
        fit_premiums(frame(RATIOS, extra=one)).for_program("other", "11.07").mean, abs=1e-12
    )


def test_a_pair_without_completer_counts_is_left_out() -> None:
    extra = [
        _row("na", "11.01", 3, 80_000.0, None),
        _row("na", "11.01", 5, 150_000.0, 0),  # zero is not a count either
        _row("half", "11.01", 3, 80_000.0, 50),
        _row("half", "11.01", 5, 150_000.0, None),  # one cohort's noise unknown
    ]
    base = fit_premiums(frame(RATIOS))
    fit = fit_premiums(frame(RATIOS, extra=extra))
    assert fit.n_pairs == base.n_pairs == 17
    for uid in ("na", "half"):
        p = fit.for_program(uid, "11.01")
        assert p.source == "field family" and p.raw_log_ratio is None
        assert p == base.for_program(uid, "11.01")
    # the rest of the fit does not see them
    assert fit.for_program("11.01-2", "11.01") == base.for_program("11.01-2", "11.01")
    assert not fit.pairs["fitted"].all() and base.pairs["fitted"].all()


def test_only_same_horizon_pairs_with_earnings() -> None:
    extra = [
        _row("h1", "11.01", 3, 70_000.0, 50, 1),
        _row("h1", "11.01", 5, 90_000.0, 50, 1),  # 1-year measure: left out
        _row("mix", "11.01", 3, 70_000.0, 50, 1),
        _row("mix", "11.01", 5, 90_000.0, 50, 4),  # different horizons: not a pair
        _row("sup", "11.01", 3, None, 50, None),
        _row("sup", "11.01", 5, 90_000.0, 50, 4),  # suppressed bachelor's: not a pair
    ]
    fit = fit_premiums(frame(RATIOS, extra=extra))
    assert fit.n_pairs == 17
    assert HORIZON_YEARS == 4


# -- the hierarchy ---------------------------------------------------------------------------
def test_unmeasured_program_gets_its_familys_typical_program() -> None:
    """A measured family's typical program is the mean of its pairs' estimates, so a program
    without data never reads better (or worse) than the family's measured programs."""
    for params in (PremiumParams(), PremiumParams(causal_variance_share=1.0, prior_mean=0.4)):
        fit = fit_premiums(frame(RATIOS), params)
        for cip in RATIOS:
            fam = fit.for_program("not-a-pair", cip)
            assert fam.source == "field family"
            assert fam.mean == pytest.approx(float(np.mean(own_means(fit, cip))), abs=1e-12)
            # wider than the family mean alone: the spread between programs is added
            stats = fit.families[cip]
            assert fam.sd > params.selection_share * math.sqrt(stats.post_var)


def test_unmeasured_family_gets_all_fields_never_above_the_measured_mean() -> None:
    fos = frame(RATIOS)
    # the default prior (+14%) is above these pairs' adjusted gaps: the cap binds
    for params in (PremiumParams(), PremiumParams(prior_mean=-0.3, prior_sd=0.01)):
        fit = fit_premiums(fos, params)
        p = fit.for_program(None, "30.70")
        measured = float(np.mean(own_means(fit)))
        s = params.selection_share
        assert p.mean == pytest.approx(min(s * fit.top.post_mean, measured), abs=1e-12)
        assert p.mean <= measured + 1e-12
        assert p.sd > 0
    high = fit_premiums(fos)
    assert high.top.post_mean > float(np.mean(own_means(high)))  # the cap was the binding one
    low = fit_premiums(fos, PremiumParams(prior_mean=-0.3, prior_sd=0.01))
    assert low.for_program(None, "30.70").mean == pytest.approx(low.top.post_mean)


def test_no_data_is_never_above_the_measured_families() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})
    fit = fit_premiums(fos)
    measured = float(np.mean(own_means(fit)))
    for uid, cip in ((None, "30.70"), ("x", "27.03"), (None, None)):
        assert fit.for_program(uid, cip).mean <= measured + 1e-12
    for cip in RATIOS:
        assert fit.for_program("x", cip).mean <= max(own_means(fit, cip)) + 1e-12


def test_causal_variance_share_zero_gives_every_pair_its_familys_value() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})
    fit = fit_premiums(fos, PremiumParams(causal_variance_share=0.0))
    for cip in RATIOS:
        fam = fit.for_program("not-a-pair", cip)
        for m in own_means(fit, cip):
            assert m == pytest.approx(fam.mean, abs=1e-12)
    # a pair of a family too small for its own mean gets the top level
    w = fit.pairs.loc[fit.pairs["fitted"], "shrink_weight"].to_numpy()
    assert np.all(w == 0.0)
    small = own_means(fit, "27.03")
    assert small[0] == pytest.approx(small[1], abs=1e-12)
    assert small[0] == pytest.approx(fit.top.post_mean, abs=1e-12)


def test_shrinkage_weight_is_at_most_the_causal_share() -> None:
    """A pair moves at most ``causal_variance_share`` of its distance from its family: a
    single unusual pair is not a lifelong cut (or windfall) on its own."""
    extra = [_row("big", "11.01", 3, 80_000.0, 50_000), _row("big", "11.01", 5, 60_000.0, 50_000)]
    for rho in (0.25, 0.5, 1.0):
        fit = fit_premiums(frame(RATIOS, extra=extra), PremiumParams(causal_variance_share=rho))
        w = fit.pairs.loc[fit.pairs["fitted"], "shrink_weight"].to_numpy()
        assert np.all(w <= rho + 1e-12) and np.all(w >= 0.0)
        p = fit.for_program("big", "11.01")
        assert p.shrink_weight is not None and p.shrink_weight == pytest.approx(rho, rel=0.05)
    half = fit_premiums(frame(RATIOS, extra=extra)).for_program("big", "11.01")
    full = fit_premiums(frame(RATIOS, extra=extra), PremiumParams(causal_variance_share=1.0))
    assert full.for_program("big", "11.01").mean < half.mean < 0.0


def test_smaller_cohorts_shrink_more_toward_the_family() -> None:
    base = frame(RATIOS)
    fam = fit_premiums(base).for_program("x", "11.01").mean
    out = []
    for n in (2000, 200, 20, 2):
        extra = [_row("big", "11.01", 3, 80_000.0, n), _row("big", "11.01", 5, 152_000.0, n)]
        fit = fit_premiums(frame(RATIOS, extra=extra))
        p = fit.for_program("big", "11.01")
        assert p.shrink_weight is not None
        out.append((p.shrink_weight, abs(p.mean - fam)))
    weights = [w for w, _ in out]
    dist = [d for _, d in out]
    assert weights == sorted(weights, reverse=True)
    assert dist == sorted(dist, reverse=True)  # the smaller the cohorts, the closer to the family


# -- cohort-level adjustments ------------------------------------------------------------------
def test_selection_share_scales_mean_and_sd() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})
    progs = [("11.01-4", "11.01"), ("x", "11.07"), ("27.03-0", "27.03"), (None, "30.70")]
    full = fit_premiums(fos)
    m, sd = full.params.prior_mean, full.params.prior_sd
    for s in (0.72, 0.5):
        # the prior is on the causal scale: scaled with s, the raw fit is the same and every
        # premium (mean and sd) is exactly s times the full one
        part = fit_premiums(
            fos, PremiumParams(selection_share=s, prior_mean=s * m, prior_sd=s * sd)
        )
        for uid, cip in progs:
            a, b = part.for_program(uid, cip), full.for_program(uid, cip)
            assert a.source == b.source
            assert a.mean == pytest.approx(s * b.mean, rel=1e-9, abs=1e-12)
            assert a.sd == pytest.approx(s * b.sd, rel=1e-9)
        # with the published prior fixed, the data part still scales (nearly flat prior)
        flat = fit_premiums(fos, PremiumParams(selection_share=s, prior_sd=1.0))
        ref = fit_premiums(fos, PremiumParams(prior_sd=1.0))
        a, b = flat.for_program("11.01-4", "11.01"), ref.for_program("11.01-4", "11.01")
        assert a.mean == pytest.approx(s * b.mean, rel=0.02)
        assert a.sd == pytest.approx(s * b.sd, rel=0.05)


def test_experience_gap_lowers_the_premium() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})
    progs = [("11.01-3", "11.01"), ("x", "11.07"), ("27.03-1", "27.03"), (None, "30.70")]
    lo, mid, hi = EXPERIENCE_GAP_RANGE[0], PremiumParams().experience_gap_years, 5.5
    fits = [fit_premiums(fos, PremiumParams(experience_gap_years=g)) for g in (0.0, lo, mid, hi)]
    for uid, cip in progs:
        means = [f.for_program(uid, cip).mean for f in fits]
        assert means == sorted(means, reverse=True) and means[0] > means[-1], (uid, cip)
    own = [f.for_program("11.01-3", "11.01") for f in fits]
    assert own[0].experience_growth == 0.0
    for f, p in zip(fits, own, strict=True):
        g = f.params.experience_gap_years
        assert p.experience_growth == pytest.approx(experience_growth(4.0, g, f.params))
        assert f"{g:g} years' extra experience" in p.label


def test_experience_growth_follows_the_career_profile() -> None:
    p = PremiumParams()
    g0, flat = D.EXPERIENCE_GROWTH_START, D.EXPERIENCE_FLAT_AFTER_YEARS

    def cum(x: float) -> float:
        x = min(x, flat)
        return g0 * (x - x * x / (2 * flat))

    assert experience_growth(4.0, 2.5, p) == pytest.approx(cum(6.5) - cum(4.0))
    assert experience_growth(4.0, 0.0, p) == 0.0
    assert experience_growth(30.0, 5.0, p) == pytest.approx(0.0)  # flat after 27 years
    # over a whole career wages double (the ROI model's profile)
    assert experience_growth(0.0, flat, p) == pytest.approx(math.log(2))


def test_negative_gap_is_explained_in_the_label() -> None:
    extra = [_row("neg", "11.01", 3, 120_000.0, 2000), _row("neg", "11.01", 5, 100_000.0, 2000)]
    p = fit_premiums(frame(RATIOS, extra=extra)).for_program("neg", "11.01")
    assert p.mean < 0 and "different people" in p.label
    positive = fit_premiums(frame(RATIOS)).for_program("11.01-4", "11.01")
    assert positive.mean > 0 and "different people" not in positive.label


# -- properties ----------------------------------------------------------------------------------
ratio = st.floats(min_value=0.8, max_value=1.6, allow_nan=False)


def ratios(lo: int, hi: int) -> st.SearchStrategy[list[float]]:
    """Distinct master's medians: two institutions with the same two medians are one pair."""
    return st.lists(ratio, min_size=lo, max_size=hi, unique_by=lambda r: round(80_000.0 * r))


@settings(max_examples=40, deadline=None)
@given(
    a=ratios(3, 14),
    b=ratios(3, 8),
    n=st.integers(min_value=3, max_value=3000),
    rho=st.floats(min_value=0.0, max_value=1.0),
    s=st.floats(min_value=0.3, max_value=1.0),
)
def test_hierarchy_properties(a: list[float], b: list[float], n: int, rho: float, s: float) -> None:
    fit = fit_premiums(
        frame({"11.01": a, "11.07": b}, n=n),
        PremiumParams(causal_variance_share=rho, selection_share=s),
    )
    assert fit.n_pairs == len(a) + len(b)
    everyone = own_means(fit)
    for cip in ("11.01", "11.07"):
        fam = fit.for_program("not-a-pair", cip)
        assert fam.mean == pytest.approx(float(np.mean(own_means(fit, cip))), abs=1e-9)
    pooled = fit.for_program(None, "30.70")
    assert pooled.mean <= float(np.mean(everyone)) + 1e-9
    assert pooled.mean <= s * fit.top.post_mean + 1e-9
    w = fit.pairs.loc[fit.pairs["fitted"], "shrink_weight"].to_numpy()
    assert np.all((w >= 0.0) & (w <= rho + 1e-12))
    for p in (fam, pooled, fit.for_program("11.01-0", "11.01")):
        assert math.isfinite(p.mean) and p.sd > 0


# -- determinism, vectorised look-up ---------------------------------------------------------
def test_deterministic_and_input_not_mutated() -> None:
    fos = frame(RATIOS)
    before = fos.copy()
    a, b = fit_premiums(fos), fit_premiums(fos)
    pd.testing.assert_frame_equal(fos, before)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert a.for_program("11.07-1", "11.07") == b.for_program("11.07-1", "11.07")
    # row order does not matter
    c = fit_premiums(fos.sample(frac=1.0, random_state=3))
    assert c.for_program("11.07-1", "11.07").mean == pytest.approx(
        a.for_program("11.07-1", "11.07").mean
    )


def test_for_programs_matches_for_program() -> None:
    fit = fit_premiums(frame(RATIOS))
    progs = pd.DataFrame(
        {
            "unitid": pd.array(["11.01-0", "11.07-2", "zz", None, "11.01-5"], dtype="string"),
            "cip_code": pd.array(["11.01", "11.07", "11.07", "30.70", None], dtype="string"),
        }
    )
    est = fit.for_programs(progs)
    assert list(est.index) == list(progs.index)
    for i, r in enumerate(progs.itertuples(index=False)):
        uid = None if r.unitid is pd.NA else str(r.unitid)
        cip = None if r.cip_code is pd.NA else str(r.cip_code)
        one = fit.for_program(uid, cip)
        assert est["mean"].iloc[i] == pytest.approx(one.mean)
        assert est["sd"].iloc[i] == pytest.approx(one.sd)
        assert est["source"].iloc[i] == one.source


def test_params_validated_and_documented() -> None:
    with pytest.raises(ValidationError):
        PremiumParams(selection_share=1.5)
    with pytest.raises(ValidationError):
        PremiumParams(selection_share=0.0)
    with pytest.raises(ValidationError):
        PremiumParams(causal_variance_share=1.1)
    with pytest.raises(ValidationError):
        PremiumParams(experience_gap_years=-1.0)
    with pytest.raises(ValidationError):
        PremiumParams(prior_sd=0.0)
    with pytest.raises(ValidationError):
        PremiumParams(unknown_field=1.0)  # type: ignore[call-arg]
    p = PremiumParams()
    assert p.prior_mean == pytest.approx(math.log(1.14), abs=1e-4)
    assert p.selection_share == 1.0
    assert p.experience_gap_years == pytest.approx(4.0)
    for value, (lo, hi) in (
        (p.experience_gap_years, EXPERIENCE_GAP_RANGE),
        (p.selection_share, SELECTION_SHARE_RANGE),
        (p.causal_variance_share, CAUSAL_VARIANCE_SHARE_RANGE),
    ):
        assert lo <= value <= hi
    for f in PremiumParams.model_fields.values():
        assert f.description
    assert all(d.source for d in PREMIUM_DEFAULTS)


# -- back-test -------------------------------------------------------------------------------
def test_loo_is_the_refit_without_the_pair() -> None:
    """The analytic leave-one-out equals refitting without that pair (checked for two): the
    family's data mean and spread without it, against the full fit's top level."""
    fos = frame(RATIOS, n=60)
    fit = fit_premiums(fos)
    lo = loo_predictions(fit)
    top = fit.top
    for i in (0, 13):
        r = fit.pairs.iloc[i]
        keep = ~(fos["unitid"] == r["unitid"]).to_numpy(dtype=bool)
        refit = fit_premiums(fos[keep])
        fam = refit.family_for(r["cip_code"])
        assert fam is not None
        # the refit's family-mean variance against its own top level -> the data's variance
        prior_v = refit.top.omega2 + refit.top.post_var
        data_var = 1.0 / (1.0 / fam.post_var - 1.0 / prior_v)
        m, v = posterior_mean(
            np.array([fam.mean_adjusted]), np.array([data_var]), top.post_mean,
            top.omega2 + top.post_var,
        )  # fmt: skip
        pred = float(r["growth"]) + float(m[0])
        sd = math.sqrt(float(v[0]) + fam.tau2 + float(r["noise_var"]))
        assert lo["predicted"].loc[fit.pairs.index[i]] == pytest.approx(pred)
        assert lo["sd"].loc[fit.pairs.index[i]] == pytest.approx(sd)


def test_backtest_runs_on_fitted_distinct_pairs_only() -> None:
    extra = [_row("na", "11.01", 3, 80_000.0, None), _row("na", "11.01", 5, 90_000.0, None)]
    for uid in ("c1", "c2"):
        extra += [_row(uid, "11.07", 3, 70_000.0, 30), _row(uid, "11.07", 5, 80_000.0, 30)]
    fit = fit_premiums(frame(RATIOS, extra=extra))
    lo = loo_predictions(fit)
    assert len(lo) == fit.n_pairs == 18
    res = run_backtest(fit, catalog_programs_from_fos(frame(RATIOS, extra=extra)))
    assert res.n_pairs == 18
    assert sorted(p.unitid for p in res.pairs if p.unitid in ("c1", "c2", "na")) == ["c1"]


def test_backtest_on_data_from_the_model_is_calibrated() -> None:
    """Pairs drawn from the model itself: the 80% intervals cover about 80%."""
    rng = np.random.default_rng(7)
    p = PremiumParams()
    growth = experience_growth(4.0, p.experience_gap_years, p)
    rows = []
    for f, (mu, fams) in enumerate([(0.08, 120), (0.15, 80), (0.02, 60)]):
        cip = f"11.0{f + 1}"
        for i in range(fams):
            n_m, n_b = (int(x) for x in rng.integers(10, 300, size=2))
            theta = mu + rng.normal(0, 0.12)
            b = 11.2 + rng.normal(0, math.sqrt(math.pi / 2) * p.within_cohort_log_sd / n_b**0.5)
            m = 11.2 + growth + theta
            m += rng.normal(0, math.sqrt(math.pi / 2) * p.within_cohort_log_sd / n_m**0.5)
            rows += [_row(f"{cip}-{i}", cip, 3, round(math.exp(b)), n_b)]
            rows += [_row(f"{cip}-{i}", cip, 5, round(math.exp(m)), n_m)]
    fos = frame({}, extra=rows)
    fit = fit_premiums(fos)
    res = run_backtest(fit, catalog_programs_from_fos(fos))
    assert res.n_pairs == 260
    assert 0.72 <= res.coverage_80 <= 0.88
    assert sum(res.pit_histogram) == pytest.approx(1.0)
    assert len(res.calibration) == 10
    assert res.premiums.by_source == {"own pair": 260}


def test_premium_distribution_counts_sources() -> None:
    fos = frame(RATIOS)
    fit = fit_premiums(fos)
    progs = pd.DataFrame(
        {
            "unitid": pd.array(["11.01-0", "q", "r"], dtype="string"),
            "cip_code": pd.array(["11.01", "11.07", "30.70"], dtype="string"),
        }
    )
    d = premium_distribution(fit, progs)
    assert d.n_programs == 3
    assert d.by_source == {"own pair": 1, "field family": 1, "all ML fields": 1}
    assert d.p10 <= d.p50 <= d.p90
    assert 0.0 <= d.share_above_040 <= 1.0


def test_docs_list_every_default() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "earnings.md").read_text()
    for d in PREMIUM_DEFAULTS:
        assert f"| {d.name} | {d.value} | {d.source} |" in text, d.name
    from mlmasters.cli.commands.earnings import PARAM_FLAGS

    for flag in PARAM_FLAGS:
        assert flag in text, flag
    for gone in ("--gap-full-time", "--gap-part-time", '"literature prior"'):
        assert gone not in text, gone
    assert set(PARAM_FLAGS.values()) <= set(PremiumParams.model_fields)

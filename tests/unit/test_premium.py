"""The earnings-premium model on small synthetic Scorecard frames (no snapshot needed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.backtest import (
    catalog_programs_from_fos,
    loo_predictions,
    premium_distribution,
    run_backtest,
)
from mlmasters.models.roi.premium import (
    HORIZON_YEARS,
    PREMIUM_DEFAULTS,
    PremiumParams,
    experience_growth,
    fit_premiums,
    part_time_or_online,
)


def _row(uid: str, cip: str, level: int, med: float | None, n: int | None, h: int | None = 4):
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


def test_sources_own_pair_family_prior() -> None:
    fit = fit_premiums(frame(RATIOS))
    assert fit.n_pairs == 17
    own = fit.for_program("11.01-0", "11.01", None)
    fam = fit.for_program("elsewhere", "11.01", None)
    prior = fit.for_program(None, "30.70", None)
    nothing = fit.for_program(None, None, None)
    assert (own.source, fam.source, prior.source) == (
        "own pair",
        "field family",
        "literature prior",
    )
    assert own.raw_log_ratio == pytest.approx(math.log(1.10))
    assert own.master_median_usd == 88_000 and own.bachelor_median_usd == 80_000
    assert fam.raw_log_ratio is None and fam.n_pairs == 12
    assert prior.mean == fit.params.prior_mean and prior.n_pairs == 0
    assert nothing.source == "literature prior"
    for p in (own, fam, prior):
        assert p.sd > 0 and p.label
    assert "same field" in own.label and "no same-institution" in fam.label


def test_small_family_shrinks_toward_pooled() -> None:
    fos = frame({**RATIOS, "27.03": [1.9, 1.05]})  # 2 pairs < family_min_pairs (3)
    fit = fit_premiums(fos)
    assert fit.family_for("27.03") is None
    assert fit.for_program("elsewhere", "27.03", None).source == "literature prior"
    own = fit.for_program("27.03-0", "27.03", None)
    assert own.source == "own pair" and own.family is None
    assert "all ML-related fields" in own.label


def test_smaller_cohorts_shrink_more_toward_the_family() -> None:
    base = frame(RATIOS)
    fam = fit_premiums(base).for_program("x", "11.01", None).mean
    out = []
    for n in (2000, 200, 20, 2):
        extra = [_row("big", "11.01", 3, 80_000.0, n), _row("big", "11.01", 5, 152_000.0, n)]
        fit = fit_premiums(frame(RATIOS, extra=extra))
        p = fit.for_program("big", "11.01", None)
        out.append((p.shrink_weight, abs(p.mean - fam)))
    weights = [w for w, _ in out]
    dist = [d for _, d in out]
    assert weights == sorted(weights, reverse=True)
    assert dist == sorted(dist, reverse=True)  # the smaller the cohorts, the closer to the family


def test_selection_share_scales_the_data_part() -> None:
    fos = frame(RATIOS)
    half = fit_premiums(fos, PremiumParams(selection_share=0.5, prior_sd=1.0))
    full = fit_premiums(fos, PremiumParams(selection_share=1.0, prior_sd=1.0))
    a, b = half.for_program("11.01-4", "11.01", None), full.for_program("11.01-4", "11.01", None)
    # a nearly flat prior: the premium is the share x the data's estimate (prior on mean/s)
    assert a.mean == pytest.approx(0.5 * b.mean, rel=0.02)
    assert a.sd == pytest.approx(0.5 * b.sd, rel=0.05)


def test_experience_gap_lowers_the_premium() -> None:
    fit = fit_premiums(frame(RATIOS))
    ft = fit.for_program("11.01-3", "11.01", False)
    unk = fit.for_program("11.01-3", "11.01", None)
    pt = fit.for_program("11.01-3", "11.01", True)
    assert ft.mean > unk.mean > pt.mean
    assert ft.experience_growth is not None and pt.experience_growth is not None
    assert ft.experience_growth < pt.experience_growth
    longer = fit_premiums(frame(RATIOS), PremiumParams(experience_gap_full_time_years=4.0))
    assert longer.for_program("11.01-3", "11.01", False).mean < ft.mean
    # a program without its own pair does not depend on the mode
    assert fit.for_program("x", "11.01", True) == fit.for_program("x", "11.01", False)


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


def test_missing_completers_are_the_noisiest() -> None:
    extra = [_row("na", "11.01", 3, 80_000.0, None), _row("na", "11.01", 5, 150_000.0, 0)]
    fit = fit_premiums(frame(RATIOS, extra=extra))
    p = fit.for_program("na", "11.01", None)
    assert p.master_completers == 1 and p.bachelor_completers == 1
    assert p.shrink_weight is not None and p.shrink_weight < 0.2


def test_deterministic_and_input_not_mutated() -> None:
    fos = frame(RATIOS)
    before = fos.copy()
    a, b = fit_premiums(fos), fit_premiums(fos)
    pd.testing.assert_frame_equal(fos, before)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert a.for_program("11.07-1", "11.07", None) == b.for_program("11.07-1", "11.07", None)
    # row order does not matter
    c = fit_premiums(fos.sample(frac=1.0, random_state=3))
    assert c.for_program("11.07-1", "11.07", None).mean == pytest.approx(
        a.for_program("11.07-1", "11.07", None).mean
    )


def test_for_programs_matches_for_program() -> None:
    fit = fit_premiums(frame(RATIOS))
    progs = pd.DataFrame(
        {
            "unitid": pd.array(["11.01-0", "11.07-2", "zz", None, "11.01-5"], dtype="string"),
            "cip_code": pd.array(["11.01", "11.07", "11.07", "30.70", "11.01"], dtype="string"),
            "part_time_or_online": pd.array([None, True, False, None, False], dtype="boolean"),
        }
    )
    est = fit.for_programs(progs)
    for i, r in enumerate(progs.itertuples(index=False)):
        mode = None if r.part_time_or_online is pd.NA else bool(r.part_time_or_online)
        uid = None if r.unitid is pd.NA else r.unitid
        one = fit.for_program(uid, r.cip_code, mode)
        assert est["mean"].iloc[i] == pytest.approx(one.mean)
        assert est["sd"].iloc[i] == pytest.approx(one.sd)
        assert est["source"].iloc[i] == one.source


def test_params_validated_and_documented() -> None:
    with pytest.raises(ValidationError):
        PremiumParams(selection_share=1.5)
    with pytest.raises(ValidationError):
        PremiumParams(prior_sd=0.0)
    with pytest.raises(ValidationError):
        PremiumParams(unknown_field=1.0)  # type: ignore[call-arg]
    p = PremiumParams()
    assert p.prior_mean == pytest.approx(math.log(1.14), abs=1e-4)
    assert p.selection_share == pytest.approx(math.log(1.14) / math.log(1497 / 1248), abs=1e-3)
    assert p.experience_gap_unknown_years == pytest.approx(4.0)
    for f in PremiumParams.model_fields.values():
        assert f.description
    assert all(d.source for d in PREMIUM_DEFAULTS)


def test_part_time_or_online() -> None:
    assert part_time_or_online("online", ["full-time"]) is True
    assert part_time_or_online("hybrid", None) is True
    assert part_time_or_online("on-campus", ["part-time"]) is True
    assert part_time_or_online("on-campus", ["full-time"]) is False
    assert part_time_or_online(None, ["full-time", "part-time"]) is None
    assert part_time_or_online(None, []) is None


def test_loo_is_the_refit_without_the_pair() -> None:
    """The analytic leave-one-out equals refitting without that pair (checked for two)."""
    fos = frame(RATIOS, n=60)
    fit = fit_premiums(fos)
    lo = loo_predictions(fit)
    for i in (0, 13):
        r = fit.pairs.iloc[i]
        keep = ~(fos["unitid"] == r["unitid"]).to_numpy(dtype=bool)
        refit = fit_premiums(fos[keep])
        fam = refit.family_for(r["cip_code"]) or refit.pooled
        tau2 = fam.tau2
        pred = float(r["growth"]) + fam.post_mean
        sd = math.sqrt(fam.post_var + tau2 + float(r["noise_var"]))
        assert lo["predicted"].iloc[i] == pytest.approx(pred)
        assert lo["sd"].iloc[i] == pytest.approx(sd)


def test_backtest_on_data_from_the_model_is_calibrated() -> None:
    """Pairs drawn from the model itself: the 80% intervals cover about 80%."""
    rng = np.random.default_rng(7)
    p = PremiumParams()
    growth = experience_growth(4.0, p.experience_gap_unknown_years, p)
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
            "part_time_or_online": pd.array([None, None, None], dtype="boolean"),
        }
    )
    d = premium_distribution(fit, progs)
    assert d.n_programs == 3
    assert d.by_source == {"own pair": 1, "field family": 1, "literature prior": 1}
    assert d.p10 <= d.p50 <= d.p90
    assert 0.0 <= d.share_above_040 <= 1.0


def test_negative_gap_is_explained_in_the_label() -> None:
    extra = [_row("neg", "11.01", 3, 120_000.0, 2000), _row("neg", "11.01", 5, 100_000.0, 2000)]
    p = fit_premiums(frame(RATIOS, extra=extra)).for_program("neg", "11.01", None)
    assert p.mean < 0 and "different people" in p.label
    positive = fit_premiums(frame(RATIOS)).for_program("11.01-4", "11.01", None)
    assert positive.mean > 0 and "different people" not in positive.label


def test_docs_list_every_default() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "earnings.md").read_text()
    for d in PREMIUM_DEFAULTS:
        assert f"| {d.name} | {d.value} | {d.source} |" in text, d.name
    for flag in ("--prior-mean", "--selection-share", "--gap-full-time", "--gap-part-time"):
        assert flag in text
    from mlmasters.cli.commands.earnings import PARAM_FLAGS

    assert set(PARAM_FLAGS.values()) <= set(PremiumParams.model_fields)

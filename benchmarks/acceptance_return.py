"""Issue 22's acceptance figures for the return a person reads, on the real snapshot; prints
plain tables.

    .venv/bin/python benchmarks/acceptance_return.py               # the current tree
    .venv/bin/python benchmarks/acceptance_return.py --before REV  # also "before" at git REV

Issue 22's "before" is ``e6b2fec``, the tree just before the return was rebuilt (0618ca2).

The fixed person: BS computer science, 3 years' experience, aims at ML engineering, Austin
TX, $90,000, keeps working, 20 hours a week; 10,000 draws, seed 0, after tax (every surface's
basis). Sections:

1. OMSCS headline (median, P(ahead), mean) for ``current_soc`` none / 15-1211 / 15-1232 /
   43-4051: any occupation must leave it unchanged.
2. The career-switch scenario for those occupations: the largest pay after the degree among
   the model's switched finishers (its own draws, not the label) against the target
   occupations' area p90.
3. The person-to-person spread 0 / 0.05 / 0.10 (default) / 0.20: the headline median, its
   change as a share of the p10-p90 width (about 40% who do not finish put the median near
   $0, so a relative change of it cannot be read), the mean (a mean-preserving spread leaves
   it unchanged up to Monte Carlo noise, shown in standard errors on the same draws) and the
   median if you finish (it follows the draws' centre, b - sd^2/2, down by design).
4. Per CIP family across the catalog for this person: the median premium of programs without
   their own pair against the mean premium of the family's distinct own pairs (the unit of
   evidence: named programs and campuses on one federal row are one pair; the mean of log
   premiums, the model's definition), with the arithmetic and per-program readings beside it;
   the programs with no family data against the mean of every distinct own pair.
5. ``uw-msds``'s premium for each study mode of the applicant.
6. Programs with P(loss) >= 95% for this person, with their evidence.
7. The back-test (distinct pairs, central-80% coverage), the premium p10/p50/p90 by family
   and the share of the catalog on each evidence level.
8. The five example personas: how many of the top 20 rest on pooled-only evidence.
9. Three people x three programs: median, P(ahead), mean and rank.

With ``--before REV`` the figures that both trees can compute (1, 3, 8 and 9) are also
computed by the code at REV (``git archive`` into a temporary directory, run in a child
process on the same snapshot; the working tree is not touched) and shown as before -> after.
Sections 1 and 3 before are read from the old tree in the same way (its spread constant is
``PREMIUM_INDIVIDUAL_SD`` too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mlmasters.profile import Profile, load_profile
from mlmasters.service import Service

ROOT = Path(__file__).resolve().parents[1]
DRAWS = 10_000
SEED = 0
OMSCS = "gatech-omscs"
SOCS = (None, "15-1211", "15-1232", "43-4051")
SPREADS = (0.0, 0.05, 0.10, 0.20)
TOP = 20
#: Evidence levels that are pooled only (no pair of the program's own, no family of its own):
#: this tree's "all ML fields", and the all-field literature figure of the trees before it.
POOLED = ("all ML fields", "literature prior")
FIXED: dict[str, Any] = {
    "name": "fixed person (issue 22)",
    "highest_degree": "bachelor",
    "degree_field": "computer-science",
    "years_experience": 3,
    "target_role": "ml-engineer",
    "state": "TX",
    "metro": "Austin",
    "current_salary_usd": 90_000,
    "must_keep_working": True,
    "hours_per_week": 20,
}
TABLE_PROGRAMS = ("gatech-omscs", "ut-austin-msds-online", "uw-msds")
TABLE_PEOPLE = ("fixed", "career-changer", "working-professional")


def fixed(**change: Any) -> Profile:
    return Profile.model_validate(FIXED | change)


def personas() -> dict[str, Profile]:
    folder = Path(str(files("mlmasters.data").joinpath("personas")))
    return {p.stem: load_profile(p) for p in sorted(folder.glob("*.toml"))}


def person(key: str) -> Profile:
    return fixed() if key == "fixed" else personas()[key]


def headline(r: Any) -> dict[str, Any]:
    """Median, P(ahead) and mean of a result's after-tax summary (or pre-tax)."""
    s = r.after_tax if r.after_tax is not None else r.pre_tax
    if s is None:
        return {"p50": None, "p_ahead": None, "mean": None}
    return {"p50": s.npv_p50_usd, "p_ahead": round(1.0 - s.p_loss, 4), "mean": s.npv_mean_usd}


# -- the figures both trees compute (plain service calls) -------------------------------------
def occupations(svc: Service) -> dict[str, dict[str, Any]]:
    out = {}
    for soc in SOCS:
        r = svc.roi(fixed(current_soc=soc), OMSCS, draws=DRAWS, seed=SEED)
        out[soc or "none"] = headline(r)
    return out


def spreads() -> dict[str, dict[str, Any]]:
    """The headline at each person-to-person spread (a fresh service each, so no cached
    program scenario carries the previous spread), with its p10/p90 and the median if you
    finish where the tree has them."""
    from mlmasters.models.roi import defaults as D

    keep = D.PREMIUM_INDIVIDUAL_SD
    out = {}
    try:
        for sd in SPREADS:
            D.PREMIUM_INDIVIDUAL_SD = sd
            r = Service().roi(fixed(), OMSCS, draws=DRAWS, seed=SEED)
            s = r.after_tax if r.after_tax is not None else r.pre_tax
            out[f"{sd:.2f}"] = headline(r) | {
                "p10": getattr(s, "npv_p10_usd", None),
                "p90": getattr(s, "npv_p90_usd", None),
                "p50_finishers": getattr(s, "npv_p50_finishers_usd", None),
            }
    finally:
        D.PREMIUM_INDIVIDUAL_SD = keep
    return out


def top20_pooled(svc: Service) -> dict[str, dict[str, int]]:
    """Per persona: the shortlist's top 20 (``ranked``) and, where the tree has it, the top 20
    with the programs a filter could not check merged in (``merge_unverified``)."""
    out = {}
    for key, prof in personas().items():
        roi = svc.roi_catalog(prof).set_index("program_id")
        row: dict[str, int] = {}
        extras: tuple[tuple[str, dict[str, Any]], ...] = (
            ("", {}),
            ("merged_", {"merge_unverified": True}),
        )
        for name, extra in extras:
            try:
                res = svc.rank(prof, top=TOP, roi="auto", samples=0, **extra)
            except Exception:  # an older tree without the option
                continue
            ids = [r.program_id for r in res.ranked][:TOP]
            src = roi["earnings_source"].reindex(ids)
            row[f"{name}top"] = len(ids)
            row[f"{name}pooled"] = int(src.isin(POOLED).sum())
        out[key] = row
    return out


def people_table(svc: Service) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for who in TABLE_PEOPLE:
        prof = person(who)
        frame = svc.rank_frame(prof)
        place = dict(zip(frame["program_id"], frame["rank"], strict=True))
        for pid in TABLE_PROGRAMS:
            try:
                h = headline(svc.roi(prof, pid, draws=DRAWS, seed=SEED))
            except Exception as exc:  # a program this person cannot take: said so
                why = str(exc).splitlines()[0]
                h = {"p50": None, "p_ahead": None, "mean": None, "why": why}
            rank = place.get(pid)
            h["rank"] = None if rank is None else int(rank)
            out[f"{who}|{pid}"] = h
    return out


def common(svc: Service) -> dict[str, Any]:
    return {
        "occupations": occupations(svc),
        "spreads": spreads(),
        "top20": top20_pooled(svc),
        "people": people_table(svc),
    }


def before_figures(rev: str) -> dict[str, Any]:
    """The common figures computed by the code at ``rev`` (a child process on the same
    snapshot, the old sources from ``git archive``)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = os.environ | {"PYTHONPATH": str(Path(tmp) / "src")}
        out = subprocess.run(
            [sys.executable, __file__, "--emit-common"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# -- this tree's figures ----------------------------------------------------------------------
def switch_rows(svc: Service) -> list[list[str]]:
    """The switch scenario in the model's own draws: the largest pay after the degree among
    switched finishers, against the target occupations' area p90."""
    from mlmasters.models.roi import engine as E
    from mlmasters.models.roi.analysis import plan_of, programs_array
    from mlmasters.models.roi.draws import draw_common
    from mlmasters.models.roi.results import RoiOptions

    draws = draw_common(DRAWS, SEED)
    rows = []
    for soc in SOCS[1:]:
        for pay in (90_000.0, 130_000.0):
            prof = fixed(current_soc=soc, current_salary_usd=pay)
            p = svc.roi_person(prof, RoiOptions(draws=DRAWS, seed=SEED))
            ps = svc.roi_scenario(prof, OMSCS, draws=DRAWS, seed=SEED)
            r = svc.roi(prof, OMSCS, draws=DRAWS, seed=SEED)
            if p.switch_prob <= 0 or r.switch is None:
                rows.append([soc, f"${pay:,.0f}", "no switch scenario", "", "", "", ""])
                continue
            run = E.run_single(
                programs_array([ps]), plan_of(ps, p), draws, p.scenario(switch=True), None
            )
            sw = (draws.u_switch < p.switch_prob) & run.terms.completed
            top = float(run.level[sw].max())
            p90 = p.target_pcts[-1]
            rows.append([
                soc, f"${pay:,.0f}", f"{p.wage_rank:.0f}", f"${top:,.0f}", f"${p90:,.0f}",
                "yes" if top <= p90 * (1 + 1e-9) else "NO",
                f"{money(r.switch.npv_p50_usd)} / {r.switch.p_ahead:.1%} / "
                f"{money(r.switch.npv_mean_usd)}",
            ])  # fmt: skip
    return rows


def catalog_frame(svc: Service) -> pd.DataFrame:
    """The fixed person's catalog return with each program's CIP code."""
    df = svc.roi_catalog(fixed(), draws=DRAWS, seed=SEED)
    df = df[df["status"] == "ok"].copy()
    df["cip_code"] = [svc.catalog.get(pid).cip_code for pid in df["program_id"]]
    df["premium_pct"] = df["premium_pct"].astype(float) * 100.0  # as a pay rise, in percent
    return df


def _pct_of_log(x: pd.Series) -> float:
    """The mean of log premiums, shown as a pay rise in percent."""
    return 100.0 * float(np.expm1(np.mean(x.to_numpy(dtype=float))))


def family_rows(df: pd.DataFrame, svc: Service) -> tuple[list[list[str]], list[str]]:
    """Per family: the median premium of programs without their own pair against the mean of
    the family's own pairs. The unit of evidence is a distinct pair (several named programs or
    campuses on one federal row are one piece of evidence), and the mean is the model's own:
    of the pairs' log premiums, shown as a pay rise. Two other readings are printed beside it:
    the arithmetic mean of the pairs' pay rises, and the mean over programs (a pair counted
    once per program on it, the reading before)."""
    fit = svc.roi_premium_fit
    df = df.assign(
        log_premium=np.log1p(df["premium_pct"].astype(float) / 100.0),
        pair=[
            fit.campus_index.get(f"{svc.catalog.get(pid).unitid}|{c}", -1)
            for pid, c in zip(df["program_id"], df["cip_code"], strict=True)
        ],
    )
    own_rows = df[df["earnings_source"] == "own pair"]
    own_all = own_rows.drop_duplicates("pair")
    rows = []
    for cip, g in df.groupby(df["cip_code"].fillna("none")):
        progs = g[g["earnings_source"] == "own pair"]
        own = progs.drop_duplicates("pair")
        fam = g.loc[g["earnings_source"] == "field family", "premium_pct"].astype(float)
        if fam.empty:
            continue
        mean = _pct_of_log(own["log_premium"]) if len(own) else float("nan")
        gap = float(fam.median() - mean)
        rows.append([
            str(cip), f"{len(own)} ({len(progs)})", f"{mean:+.2f}%",
            f"{own['premium_pct'].mean():+.2f}% / {progs['premium_pct'].mean():+.2f}%",
            str(len(fam)), f"{fam.median():+.2f}%", f"{gap:+.2f}",
            "yes" if abs(gap) <= 1.0 else "NO",
        ])  # fmt: skip
    none = df.loc[df["earnings_source"] == "all ML fields", "premium_pct"].astype(float)
    cap = _pct_of_log(own_all["log_premium"])
    line = [
        f"programs with no family data ('all ML fields'): {len(none)}, median premium "
        f"{none.median():+.3f}% (max {none.max():+.3f}%, premium_pct is rounded to 0.01 "
        "point)",
        f"  vs the mean of the {len(own_all)} distinct own pairs ({len(own_rows)} programs on "
        f"them; fitted pairs {fit.n_pairs}) {cap:+.3f}% (log mean, the model's cap): "
        + ("not above" if none.max() <= cap + 0.005 else "ABOVE"),
        f"  other readings: arithmetic mean of the pairs' pay rises "
        f"{own_all['premium_pct'].mean():+.3f}%; mean over programs (a pair once per program) "
        f"{own_rows['premium_pct'].mean():+.3f}%",
    ]
    return rows, line


def spread_check(svc: Service) -> list[str]:
    """The mean after-tax NPV at spread 0 / default / 0.20 on the same draws: the change per
    draw, its Monte Carlo standard error, and how many standard errors it is (a mean-preserving
    spread moves the mean by noise only); and the centre shift the median takes by design."""
    from mlmasters.models.roi import defaults as D
    from mlmasters.models.roi import engine as E
    from mlmasters.models.roi.analysis import plan_of, programs_array
    from mlmasters.models.roi.draws import draw_common
    from mlmasters.models.roi.results import RoiOptions
    from mlmasters.models.scenario import clear_caches, resolve_program

    prof = fixed()
    person = svc.roi_person(prof, RoiOptions(draws=DRAWS, seed=SEED))
    net = svc._roi_taxes(person).net
    draws = draw_common(DRAWS, SEED)
    keep = D.PREMIUM_INDIVIDUAL_SD
    npv, sds = {}, {}
    try:
        for sd in (0.0, keep, 0.20):
            D.PREMIUM_INDIVIDUAL_SD = sd
            clear_caches()
            ps = resolve_program(person, svc.catalog.get(OMSCS), svc.roi_premium_fit)
            run = E.run_single(programs_array([ps]), plan_of(ps, person), draws,
                               person.scenario(), net)  # fmt: skip
            assert run.npv_after is not None
            npv[sd], sds[sd] = run.npv_after, ps.premium_sd
            if sd == 0.0:
                base = ps
    finally:
        D.PREMIUM_INDIVIDUAL_SD = keep
        clear_caches()
    out = []
    for sd in (keep, 0.20):
        diff = npv[sd] - npv[0.0]
        se = float(np.std(diff)) / np.sqrt(diff.size)
        shift = (sds[sd] ** 2 - sds[0.0] ** 2) / 2.0
        # the centre shift alone, at spread 0: what the median if you finish should follow
        moved = E.run_single(programs_array([base]), plan_of(base, person), draws,
                             replace(person.scenario(), premium_shift=-shift), net)  # fmt: skip
        assert moved.npv_after is not None
        done = moved.terms.completed
        out.append(
            f"spread {sd:.2f} vs 0: mean {money(float(np.mean(diff)))} per draw, Monte Carlo se "
            f"{money(se)} ({float(np.mean(diff)) / se:+.1f} se); the draws' centre moves "
            f"{-shift:+.4f} log points (sd {sds[0.0]:.4f} -> {sds[sd]:.4f}); spread 0 with "
            f"only that shift: median if you finish "
            f"{money(float(np.median(moved.npv_after[done])))}"
        )
    return out


def uw_modes(svc: Service) -> list[list[str]]:
    rows = []
    for mode in ("full-time", "part-time", None):
        prof = fixed(enrollment_mode=mode, must_keep_working=mode != "full-time")
        r = svc.roi(prof, "uw-msds", draws=DRAWS, seed=SEED)
        e = r.earnings
        rows.append([
            mode or "not said", r.mode or "-",
            "-" if e is None else f"{100 * e.premium_pct:+.2f}%",
            "-" if e is None else e.source,
        ])  # fmt: skip
    return rows


def loss_rows(df: pd.DataFrame, svc: Service) -> list[list[str]]:
    """Programs with P(loss) >= 95%, with the evidence behind their premium: the pair's raw
    log gap (master's over bachelor's median), the share of its distance from the family mean
    the model keeps, and the pair's completers."""
    hit = df[df["p_loss"].astype(float) >= 0.95].sort_values("p_loss", ascending=False)
    rows = []
    for pid in hit["program_id"].astype(str):
        r = hit[hit["program_id"] == pid].iloc[0]
        prog = svc.catalog.get(pid)
        pr = svc.roi_premium_fit.for_program(prog.unitid, prog.cip_code)
        raw = "-" if pr.raw_log_ratio is None else f"{pr.raw_log_ratio:+.3f}"
        kept = "-" if pr.shrink_weight is None else f"{pr.shrink_weight:.0%}"
        n = (
            "-"
            if pr.master_completers is None
            else f"{pr.master_completers} / {pr.bachelor_completers}"
        )
        rows.append([
            pid, f"{float(r['p_loss']):.1%}", pr.source, f"{float(r['premium_pct']):+.1f}%",
            f"{pr.mean:+.3f} (sd {pr.sd:.3f})", raw, kept, n, money(float(r["npv_p50"])),
        ])  # fmt: skip
    return rows


def backtest_rows(svc: Service) -> tuple[list[str], list[list[str]], list[list[str]]]:
    fit = svc.roi_premium_fit
    bt = svc.premium_backtest()
    pairs = fit.pairs
    head = [
        f"distinct pairs fitted: {bt.n_pairs} (pair rows {len(pairs)}, campus rows collapsed "
        f"into them {int(pairs['campuses'].sum()) - len(pairs)}; unfitted (no counts) "
        f"{int((~pairs['fitted']).sum())})",
        f"central-80% coverage {bt.coverage_80:.1%} (target {bt.target_coverage_80[0]:.0%}-"
        f"{bt.target_coverage_80[1]:.0%}); 50% {bt.coverage_50:.1%}; 90% {bt.coverage_90:.1%}",
        f"catalog premium p10/p50/p90 {bt.premiums.p10:+.3f} / {bt.premiums.p50:+.3f} / "
        f"{bt.premiums.p90:+.3f} log points (median pay rise {bt.median_premium_percent:+.1%})",
    ]
    cat = svc.premium_catalog_programs()
    est = fit.for_programs(cat)
    est["cip_code"] = cat["cip_code"].astype("string").fillna("none").to_numpy()
    fam_rows = []
    for cip, g in est.groupby("cip_code"):
        q10, q50, q90 = np.quantile(g["mean"].to_numpy(dtype=float), [0.1, 0.5, 0.9])
        srcs = ", ".join(f"{k} {v}" for k, v in g["source"].value_counts().items())
        fam_rows.append([str(cip), str(len(g)), f"{q10:+.3f}", f"{q50:+.3f}", f"{q90:+.3f}", srcs])
    n = len(est)
    share = [[str(k), str(int(v)), f"{v / n:.1%}"] for k, v in est["source"].value_counts().items()]
    return head, fam_rows, share


# -- printing ---------------------------------------------------------------------------------
def money(x: float | None) -> str:
    if x is None or not np.isfinite(x):
        return "-"
    return f"{'-' if x < 0 else '+'}${abs(x):,.0f}"


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def table(title: str, head: list[str], rows: list[list[str]]) -> None:
    print(f"\n{title}")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in
              enumerate(head)]  # fmt: skip
    print("  " + "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("  " + "  ".join("-" * w for w in widths))
    for r in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def arrow(b: str | None, a: str) -> str:
    return a if b is None else f"{b} -> {a}"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--before", help="git revision whose figures to show beside (x -> y)")
    ap.add_argument("--emit-common", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.emit_common:  # the child process of --before: this tree's common figures as JSON
        print(json.dumps(common(Service())))
        return
    t0 = time.perf_counter()
    before = before_figures(a.before) if a.before else None
    svc = Service()
    now = common(svc)
    b = before or {}
    print(f"issue 22 acceptance, {DRAWS:,} draws, seed {SEED}, after tax"
          + (f"; before = git {a.before}" if a.before else ""))  # fmt: skip

    def h3(d: dict[str, Any] | None) -> list[str] | None:
        if d is None:
            return None
        return [money(d["p50"]), pct(d["p_ahead"]), money(d["mean"])]

    rows = []
    base = now["occupations"]["none"]
    for soc in SOCS:
        k = soc or "none"
        x, y = h3(b.get("occupations", {}).get(k)), h3(now["occupations"][k])
        assert y is not None
        same = "yes" if now["occupations"][k] == base else "NO"
        rows.append([k, *(arrow(None if x is None else x[i], y[i]) for i in range(3)), same])
    table("1. OMSCS headline for the fixed person by current_soc",
          ["current_soc", "median", "P(ahead)", "mean", "same as none"], rows)  # fmt: skip

    table(
        "2. career-switch scenario (OMSCS): largest drawn pay after the degree among switched "
        "finishers vs the target occupations' area p90",
        ["current_soc", "pay", "wage rank", "max switched pay", "target area p90", "<= p90",
         "scenario median / P(ahead) / mean"],
        switch_rows(svc),
    )  # fmt: skip

    rows = []
    ref = now["spreads"]["0.10"]
    for k, y in now["spreads"].items():
        x = b.get("spreads", {}).get(k)
        width = ref["p90"] - ref["p10"]
        d50 = (y["p50"] - ref["p50"]) / width
        dfin = (y["p50_finishers"] - ref["p50_finishers"]) / abs(ref["p50_finishers"])
        dmean = (y["mean"] - ref["mean"]) / abs(ref["mean"])
        rows.append([k, arrow(None if x is None else money(x["p50"]), money(y["p50"])),
                     arrow(None if x is None else pct(x["p_ahead"]), pct(y["p_ahead"])),
                     arrow(None if x is None else money(x["mean"]), money(y["mean"])),
                     f"{money(y['p10'])} .. {money(y['p90'])}", money(y["p50_finishers"]),
                     f"{d50:+.2%}", f"{dmean:+.1%}", f"{dfin:+.1%}"])  # fmt: skip
    table("3. OMSCS headline by person-to-person spread (default 0.10); changes against the "
          "default: the median as a share of the default's p10-p90 width, the mean and the "
          "median if you finish relative",
          ["spread", "median", "P(ahead)", "mean", "p10 .. p90", "median if you finish",
           "median / width", "mean", "median if finish"], rows)  # fmt: skip
    for line in spread_check(svc):
        print("  " + line)

    df = catalog_frame(svc)
    fam, none_line = family_rows(df, svc)
    table("4. per CIP family (this person's catalog): programs without their own pair vs the "
          "family's own-pair programs (premium as a pay rise)",
          ["CIP", "own pairs (programs)", "pairs' mean", "arith. pairs / programs",
           "no own pair", "their median", "gap (points)", "within 1 pt"],
          fam)  # fmt: skip
    for line in none_line:
        print("  " + line)

    table("5. uw-msds premium by the applicant's study mode", ["asked", "mode", "premium",
          "source"], uw_modes(svc))  # fmt: skip

    table("6. programs with P(loss) >= 95% for the fixed person, and their own evidence",
          ["program", "P(loss)", "evidence", "premium", "log premium", "raw log gap",
           "distance kept", "master's / bachelor's completers", "median"],
          loss_rows(df, svc))  # fmt: skip

    head, fam_rows, share = backtest_rows(svc)
    print("\n7. back-test and the catalog's premium")
    for line in head:
        print("  " + line)
    table("   premium (causal, log points) by family across the default catalog",
          ["CIP", "programs", "p10", "p50", "p90", "evidence"], fam_rows)  # fmt: skip
    table("   share of the default catalog on each evidence level",
          ["evidence", "programs", "share"], share)  # fmt: skip

    def of(d: dict[str, int] | None, name: str) -> str | None:
        if d is None or f"{name}top" not in d:
            return None
        return f"{d[name + 'pooled']} of {d[name + 'top']}"

    rows = []
    for k, y in now["top20"].items():
        x = b.get("top20", {}).get(k)
        rows.append([k, arrow(of(x, ""), of(y, "") or "-"),
                     arrow(of(x, "merged_"), of(y, "merged_") or "-")])  # fmt: skip
    table("8. example personas: top 20 resting on pooled-only evidence (no pair and no family "
          "of the program's own: 'all ML fields', before 'literature prior')",
          ["persona", "shortlist (known to pass)", "with 'may fit' merged"], rows)  # fmt: skip

    rows = []
    for k, y in now["people"].items():
        who, pid = k.split("|")
        x = b.get("people", {}).get(k)
        cells = [arrow(None if x is None else f(x[f_k]), f(y[f_k]))
                 for f_k, f in (("p50", money), ("p_ahead", pct), ("mean", money),
                                ("rank", lambda v: "-" if v is None else str(v)))]  # fmt: skip
        why = y.get("why") or (x or {}).get("why") or ""
        rows.append([who, pid, *cells, why])
    table("9. three people x three programs (rank: place among the programs the filters keep, "
          "'may fit' merged; - = filtered out)", ["person", "program", "median", "P(ahead)",
          "mean", "rank", "note"], rows)  # fmt: skip
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()

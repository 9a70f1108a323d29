"""One sentence of why for every criterion score, from the same arrays the score came from.

Sentences are built only for the programs shown (a few dozen), never for the whole catalog.
"""

from __future__ import annotations

import math

import numpy as np

from mlmasters.models.rank.criteria import (
    SPEC_LABELS,
    CriteriaScores,
    access_need,
)
from mlmasters.models.rank.facts import (
    EVIDENCE_ABSENT,
    EVIDENCE_NAMED,
    EVIDENCE_UMBRELLA,
)
from mlmasters.present import chance, money
from mlmasters.profile import SPECIALIZATIONS

_REQ = {0: "none", 1: "optional", 2: "required"}
_DELIVERY = {0: "online", 1: "hybrid", 2: "on-campus"}


def _money(v: float) -> str:
    return money(v)


def _share(v: float) -> str:
    """The share of other programs a score beats, never "100%" (a tie at the top scores
    just under 1) nor "0%": rounded down, at most 99%, and "fewer than 1%" below 1%."""
    if math.isnan(v):
        return "an unknown share"
    pct = min(99, math.floor(100 * v + 1e-9))
    return "fewer than 1%" if pct < 1 else f"{pct:d}%"


def _unavailable(cs: CriteriaScores, criterion: str) -> list[str]:
    return [
        f"{p.label} unknown ({p.unavailable})" for p in cs.tables[criterion].parts if p.unavailable
    ]


def _join(bits: list[str]) -> str:
    text = "; ".join(b for b in bits if b)
    return (text[0].upper() + text[1:] + ".") if text else ""


def curriculum(cs: CriteriaScores, i: int) -> str:
    f, prof = cs.facts, cs.profile
    bits: list[str] = []
    specs = prof.specializations
    ev = f.spec_evidence[i]
    where = f.spec_where[i]
    if specs:
        for spec in specs:
            j = SPECIALIZATIONS.index(spec)
            label = SPEC_LABELS[spec]
            code = int(ev[j])
            if code == EVIDENCE_NAMED:
                bits.append(f"{label} named ('{where[j]}')")
            elif code == EVIDENCE_UMBRELLA:
                bits.append(f"{label} not named, only an ML/AI umbrella ('{where[j]}')")
            elif code == EVIDENCE_ABSENT:
                bits.append(f"{label} not among its listed tracks/courses")
            else:
                bits.append(f"{label}: no tracks or courses in the data")
    else:
        best = int(ev.max())
        if best >= EVIDENCE_UMBRELLA:
            bits.append(
                f"ML/AI focus named ('{next(w for w in where if w)}')"
                if any(where)
                else "ML/AI focus named"
            )
        elif best == EVIDENCE_ABSENT:
            bits.append("listed tracks/courses do not name ML/AI")
        else:
            bits.append("no tracks or courses in the data")
    for p in cs.tables["curriculum"].parts:
        if p.key == "prerequisites" and p.unavailable is None:
            v = p.values[i]
            gaps = ", ".join(g.label for g in cs.inputs.gaps or ())
            if math.isnan(v) and cs.facts.prerequisites[i]:
                bits.append(
                    f"its published prerequisites do not name your gaps ({gaps}): whether "
                    "they are needed is unknown"
                )
            elif math.isnan(v):
                bits.append(f"entry prerequisites not in the data (your gaps: {gaps})")
            elif v >= 1:
                bits.append(f"its listed prerequisites do not ask for your gaps ({gaps})")
            else:
                bits.append(f"its listed prerequisites ask for some of your gaps ({gaps})")
    rel = cs.facts.programs[i].field_relevance
    if rel is not None:
        bits.append(f"field {cs.facts.programs[i].cip_code}: {rel} to ML (docs/catalog.md)")
    bits += _unavailable(cs, "curriculum")
    return _join(bits)


def outcomes(cs: CriteriaScores, i: int) -> str:
    f = cs.facts
    e = f.earnings
    p = f.programs[i]
    bits: list[str] = []
    roi = cs.inputs.roi
    if roi is not None:
        npv, loss = roi.npv_p50, roi.p_loss
        if math.isnan(npv[i]):
            bits.append("your return is not computed for this program")
        else:
            bits.append(
                f"for you: median of all outcomes {_money(npv[i])}, chance of ending ahead or "
                f"even {chance(1.0 - loss[i])}"
            )
    if math.isnan(e.raw[i]):
        bits.append("no federal earnings reported for its graduates")
    else:
        h = int(e.horizon[i])
        cohort = (
            f"{p.completers_count} completers" if p.completers_count else "cohort size not reported"
        )
        bits.append(
            f"its graduates' federal median earnings {_money(e.raw[i])} {h} "
            f"year{'s' if h != 1 else ''} after completion ({cohort}; this describes who "
            "enrols, not what the degree does for you, and is not scored)"
        )
    prem = int(f.premium[i])
    if prem == 1:
        bits.append("passes the federal earnings-premium test")
    elif prem == 0:
        bits.append("fails the federal earnings-premium test")
    bits += _unavailable(cs, "outcomes")
    return _join(bits)


def flexibility(cs: CriteriaScores, i: int) -> str:
    f, prof = cs.facts, cs.profile
    bits: list[str] = []
    d = int(f.delivery[i])
    where = f.programs[i].state or f.programs[i].country
    need = access_need(prof)
    if d >= 0:
        bits.append(f"{_DELIVERY[d]} ({where})")
    else:
        bits.append(f"delivery not reported ({where})")
    if need == "local" and d in (-1, 2) and prof.state:
        home = bool(f.us[i] and f.state[i] == prof.state)
        if d == -1:
            bits.append(
                "in your state, so at worst a commute"
                if home
                else "outside your state: only workable if it is online"
            )
        else:
            bits.append("in your state (commute)" if home else "outside your state: a move")
    elif need == "remote" and d == -1:
        bits.append("you need online study: check the delivery")
    pt = int(f.mode_part_time[i])
    if any(p.key == "part_time" for p in cs.tables["flexibility"].parts):
        bits.append(
            "part-time offered"
            if pt == 1
            else ("part-time NOT offered" if pt == 0 else "part-time option not reported")
        )
    dur = next(p for p in cs.tables["flexibility"].parts if p.key == "duration").values[i]
    plan = None if cs.inputs.roi is None else cs.inputs.roi.months_p50
    m = f.months_fte[i]
    if plan is not None and not math.isnan(plan[i]):
        bits.append(
            f"about {plan[i]:.0f} months to the degree in your plan (bridge courses included), "
            f"shorter than {_share(dur)} of programs"
        )
    elif plan is not None:
        bits.append("no plan fits you for this program (see why on its page)")
    elif math.isnan(m):
        bits.append("length unknown (no duration or credits in the data)")
    else:
        how = (
            f"from {f.credits[i]:g} credits at 18 a year"
            if f.months_fte_from_credits[i]
            else "published"
        )
        bits.append(
            f"about {m:.0f} months full-time ({how}), shorter than {_share(dur)} of programs"
        )
        if f.months_part_time[i] == f.months_part_time[i]:
            bits[-1] += f"; {f.months_part_time[i]:.0f} months part-time (published)"
    bits += _unavailable(cs, "flexibility")
    return _join(bits)


def industry(cs: CriteriaScores, i: int) -> str:
    f = cs.facts
    parts = {p.key for p in cs.tables["industry"].parts}

    def req(v: int) -> str:
        return _REQ.get(v, "not reported")

    bits = [
        f"internship {req(int(f.internship[i]))}",
        f"capstone {req(int(f.capstone[i]))}",
    ]
    if "thesis" in parts:
        bits.append(f"thesis {req(int(f.thesis[i]))}")
    if int(f.internship[i]) == 2 and cs.profile.must_keep_working:
        bits.append("a required internship may clash with keeping your job")
    if f.research_known[i]:
        bits.append(
            f"institution's research designation: {f.research_2025[i] or 'none'} (Carnegie "
            "2025; it describes the institution, not the department)"
        )
    else:
        bits.append("research designation unknown (institution not in the IPEDS directory)")
    return _join(bits)


def accreditation(cs: CriteriaScores, i: int) -> str:
    f = cs.facts
    p = f.programs[i]
    bits: list[str] = []
    if p.accreditation:
        src = p.field_sources.get("accreditation")
        bits.append(
            f"accredited by {p.accreditation}"
            + (f" (source: {src.url})" if src and src.url else "")
        )
    if f.federal[i]:
        bits.append(
            "the institution is in the College Scorecard, i.e. in federal student aid "
            "(Title IV), which requires a recognized accreditor"
        )
    if not bits:
        bits.append("no accreditor and no federal data for this program")
    return _join(bits)


def cost(cs: CriteriaScores, i: int) -> str:
    inp = cs.inputs
    p = cs.facts.programs[i]
    t = inp.tuition_usd[i]
    if math.isnan(t):
        if p.tuition_total is not None and p.tuition_currency not in (None, "USD"):
            return _join(
                [f"published total {p.tuition_total:,.0f} {p.tuition_currency}, not converted"]
            )
        return _join(["tuition unknown: no published total and no IPEDS charges"])
    from mlmasters.catalog.tuition import resolve_tuition

    label = resolve_tuition(
        p, inp.residency, "part-time" if inp.mode == "part-time" else "full-time"
    )
    bits = [f"{_money(t)} ({label.label})"]
    s = inp.support_usd[i]
    if s > 0:
        bits.append(f"minus {_money(s)} employer support = {_money(inp.net_tuition_usd[i])}")
    score = next(pp for pp in cs.tables["cost"].parts).values[i]
    bits.append(f"cheaper than {_share(score)} of programs with a known price")
    budget = cs.profile.budget_usd
    if budget is not None:
        gap = inp.net_tuition_usd[i] - budget
        bits.append(
            f"within your budget by {_money(-gap)}" if gap <= 0 else f"{_money(gap)} over budget"
        )
    return _join(bits)


_EXPLAIN = {
    "curriculum": curriculum,
    "outcomes": outcomes,
    "flexibility": flexibility,
    "industry": industry,
    "accreditation": accreditation,
    "cost": cost,
}


def explain(cs: CriteriaScores, i: int, criterion: str) -> str:
    """The sentence of why for program row ``i`` on ``criterion``."""
    return _EXPLAIN[criterion](cs, i)


def unknown_parts(cs: CriteriaScores, i: int, criterion: str) -> list[str]:
    return [p.key for p in cs.tables[criterion].parts if np.isnan(p.values[i])]

"""Issue 23's acceptance figures for the catalog, measured on the real snapshot; prints tables.

    .venv/bin/python benchmarks/acceptance_catalog.py              # the built snapshot
    .venv/bin/python benchmarks/acceptance_catalog.py --before REV # also the table at git REV
    .venv/bin/python benchmarks/acceptance_catalog.py --before FILE.jsonl   # or in a file

1. **Named programs**: how many curated records the catalog uses.
2. **The 120 largest core/adjacent federal rows** (by completers): the share covered by a
   named program that knows its delivery, modes, credits and tuition (``catalog/coverage.py``),
   now and, with ``--before REV``, with the curated table as it was at that commit (the
   catalog is rebuilt in memory from that file; the snapshot is not touched).
3. **Shortlists** for the five example personas (``data/personas/*.toml``) and the Austin
   engineer of the issue (software engineer in Austin TX, keeps working, 12 h a week, budget
   $20k, online only): in the top 20, how many are named programs with known delivery,
   duration and a price; how many rows with unknown delivery stand in an "online only"
   shortlist (target 0: they belong to the second list, "may fit - not verified"); and how
   many online programs in the top 20 or the second list are priced at a campus average
   (target 0).

"Duration known": the rank filter's rule - a published duration for the plan's mode, or the
program's own credits (the plan then follows from them at the person's load). "A price": the
program's own published total, or the institution's per-credit charge x the program's own
credits (labelled so); a per-credit charge x default credits or a campus average is not the
program's price.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

from mlmasters.catalog.catalog import Catalog, build_catalog
from mlmasters.catalog.coverage import top_rows
from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import is_online, resolve_tuition
from mlmasters.models.rank.facts import build_facts
from mlmasters.models.rank.filters import duration_known as filter_duration_known
from mlmasters.profile import Profile, load_profile
from mlmasters.service import Service

CURATED = "src/mlmasters/data/curated/programs_curated.jsonl"
TOP = 20
AUSTIN = Profile(
    name="Austin software engineer (issue 23)",
    current_role="Software engineer",
    current_soc="15-1252",
    state="TX",
    metro="Austin",
    must_keep_working=True,
    hours_per_week=12,
    budget_usd=20_000,
    online_only=True,
    enrollment_mode="part-time",
)


def personas() -> list[Profile]:
    folder = Path(str(files("mlmasters.data").joinpath("personas")))
    return [load_profile(p) for p in sorted(folder.glob("*.toml"))] + [AUSTIN]


class _Snap:
    """The built snapshot with ``programs_curated`` swapped for another table's records."""

    def __init__(self, snap: Any, records: list[str]):
        self._snap, self._records = snap, records

    def table(self, name: str, cache: bool = True) -> Any:
        if name == "programs_curated":
            import pandas as pd

            return pd.DataFrame({"record_json": self._records})
        return self._snap.table(name, cache=cache)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._snap, name)


def catalog_at(svc: Service, rev: str) -> Catalog:
    """The catalog with the curated table as it was at git ``rev`` (or in the file ``rev``)."""
    from mlmasters.catalog.curation import check_text, load_institutions

    if Path(rev).is_file():
        text = Path(rev).read_text(encoding="utf-8")
    else:
        text = subprocess.run(
            ["git", "show", f"{rev}:{CURATED}"], check=True, capture_output=True, text=True
        ).stdout
    inst = load_institutions(Path(str(files("mlmasters.data").joinpath("curated"))) /
                             "ipeds_institutions_2024.csv")  # fmt: skip
    res = check_text(text, f"{rev}:{CURATED}", inst)
    records = [json.dumps(r.model_dump(mode="json")) for _n, r in res.records]
    return build_catalog(_Snap(svc.snapshot, records))  # type: ignore[arg-type]


def priced(p: Program, state: str | None) -> str:
    t = resolve_tuition(p, state)
    if t.level == "program":
        return "program"
    if t.basis == "per-credit" and p.credits_semester_equiv is not None:
        return "per-credit x its credits"
    return t.basis  # annual-average (a campus average), per-credit (default credits), unknown


def duration_known(p: Program, mode: str | None) -> bool:
    """The rank filter's rule (``models.rank.filters.duration_known``) for one program."""
    facts = build_facts([p], None)
    return bool(filter_duration_known(facts, mode or "full-time")[0])


def coverage_line(label: str, programs: list[Program]) -> str:
    named = sum(p.named for p in programs)
    cov = top_rows(programs)
    return (
        f"| {label} | {named} | {cov.with_named} of {cov.n} | {cov.covered} of {cov.n} "
        f"({cov.covered / cov.n:.0%}) | "
        + ", ".join(f"{k} {v}" for k, v in cov.known.items())
        + " |"
    )


def _good(p: Program, prof: Profile) -> bool:
    return (
        p.named
        and p.delivery is not None
        and duration_known(p, prof.enrollment_mode)
        and priced(p, prof.state) in ("program", "per-credit x its credits")
    )


def shortlist_line(svc: Service, prof: Profile, label: str) -> str:
    """The default shortlist (known to pass every filter) and its second list, then the
    merged view (``merge_unverified``: both lists ranked together, as a person can choose)."""
    cat = svc.catalog
    res = svc.rank(prof, top=TOP, roi="auto", samples=0)
    top = [cat.get(r.program_id) for r in res.ranked]
    second = [cat.get(r.program_id) for r in res.unverified]
    unknown_delivery = str(sum(p.delivery is None for p in top)) if prof.online_only else "n/a"
    campus_avg = sum(
        is_online(p) and priced(p, prof.state) == "annual-average" for p in top + second
    )
    merged = svc.rank(prof, top=TOP, roi="auto", samples=0, merge_unverified=True)
    mtop = [cat.get(r.program_id) for r in merged.ranked]
    m_unknown = str(sum(p.delivery is None for p in mtop)) if prof.online_only else "n/a"
    return (
        f"| {prof.name} | {label} | {sum(_good(p, prof) for p in top)} of {len(top)} | "
        f"{unknown_delivery} | {res.unverified_programs:,} | "
        f"{sum(_good(p, prof) for p in second)} of {len(second)} | {campus_avg} | "
        f"{sum(_good(p, prof) for p in mtop)} of {len(mtop)} | {m_unknown} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--before", help="git revision (or a JSONL file) of the curated table to compare with"
    )
    ap.add_argument("--no-shortlists", action="store_true", help="coverage only (fast)")
    a = ap.parse_args()
    svc = Service()
    print("| curated table | named programs | top-120 rows joined | covered (delivery, modes, "
          "credits, tuition) | facts known among the 120 |")  # fmt: skip
    print("|---|---|---|---|---|")
    if a.before:
        print(coverage_line(f"at {a.before}", catalog_at(svc, a.before).programs))
    print(coverage_line("now", svc.catalog.programs))
    if a.no_shortlists:
        return
    before = None
    if a.before:
        before = Service()
        before.__dict__["catalog"] = catalog_at(before, a.before)  # the cached property
    print()
    print("| person | table | shortlist: named with delivery, duration, price | unknown "
          "delivery in an online-only shortlist | 'may fit - not verified' | its top 20: named "
          "with facts | online at a campus average | merged top 20: named with facts | "
          "merged: unknown delivery |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for prof in personas():
        if before is not None:
            print(shortlist_line(before, prof, f"at {a.before}"), flush=True)
        print(shortlist_line(svc, prof, "now"), flush=True)


if __name__ == "__main__":
    main()

"""Apply the 2026-12-07 review (REVIEW.md): new_N.jsonl -> reviewed/new_N.jsonl.

The review's decisions are data here, so the reviewed files can be rebuilt from the candidates
and each change is visible: a record is dropped, a doubtful fact is set to null (and taken out
of its sources, with a note saying why), a note that named the wrong federal row is corrected,
or a program offered both on campus and online is split into one record per format (the
catalog's convention, e.g. ``uiuc-mcs-online`` / ``uiuc-mcs-campus``).

    .venv/bin/python data/candidates/2026-12-07/review.py      # writes reviewed/*.jsonl

Then ``python -m mlmasters.catalog.curation merge BASE reviewed/new_N.jsonl ...``.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "reviewed"
Record = dict[str, Any]
Edit = Callable[[Record], list[Record]]
REVIEWED = "Review 2026-12-07"

#: companion fields cleared with their fact
COMPANIONS = {
    "credits_total": ("credit_unit",),
    "tuition_total": ("tuition_currency", "tuition_basis", "tuition_academic_year"),
}
LISTS = ("enrollment_modes", "tracks", "core_courses")


def _note(rec: Record, text: str) -> None:
    rec["notes"] = f"{rec.get('notes') or ''} {REVIEWED}: {text}".strip()


def _unsource(rec: Record, fields: set[str]) -> None:
    kept = []
    for s in rec["sources"]:
        names = [f.strip() for f in s["field"].split(",") if f.strip() not in fields]
        if names:
            kept.append({**s, "field": ",".join(names)})
    rec["sources"] = kept


def null(*fields: str, why: str) -> Edit:
    """Drop doubtful facts: null (or []) with their companions, out of every source list."""

    def edit(rec: Record) -> list[Record]:
        gone = set(fields)
        for f in fields:
            gone.update(COMPANIONS.get(f, ()))
        for f in gone:
            rec[f] = [] if f in LISTS else None
        _unsource(rec, gone)
        _note(rec, f"{', '.join(fields)} set to null: {why}")
        return [rec]

    edit.fixes = True  # type: ignore[attr-defined]
    return edit


def note(text: str) -> Edit:
    def edit(rec: Record) -> list[Record]:
        _note(rec, text)
        return [rec]

    return edit


def setf(field: str, value: Any, why: str, source_field_of: str | None = None) -> Edit:
    """Set a fact; ``source_field_of``: add ``field`` to the sources whose quote contains
    this text."""

    def edit(rec: Record) -> list[Record]:
        rec[field] = value
        if source_field_of is not None:
            for s in rec["sources"]:
                names = [f.strip() for f in s["field"].split(",")]
                if source_field_of in s["quote"] and field not in names:
                    s["field"] = ",".join([*names, field])
        _note(rec, f"{field} set to {value!r}: {why}")
        return [rec]

    edit.fixes = True  # type: ignore[attr-defined]
    return edit


def add_source(field: str, url: str, quote: str, retrieved: str) -> Edit:
    def edit(rec: Record) -> list[Record]:
        rec["sources"].append({"field": field, "url": url, "quote": quote, "retrieved": retrieved})
        return [rec]

    return edit


def split(
    campus: str | None, online_id: str, online_suffix: str, why: str, online: str = "online"
) -> Edit:
    """One record per format: the first keeps its id with delivery ``campus`` (None: not
    stated), the second is ``online_id`` with delivery ``online``; both keep every other fact
    and the source that names both formats."""

    def edit(rec: Record) -> list[Record]:
        other = copy.deepcopy(rec)
        rec["delivery"] = campus
        if campus is None:
            _unsource(rec, {"delivery"})
        _note(rec, f"split by format ({why}); the online format is {online_id}")
        other["program_id"] = online_id
        other["program_name"] = f"{rec['program_name']} {online_suffix}"
        other["delivery"] = online
        _note(other, f"split by format ({why}); the other format is {rec['program_id']}")
        return [rec, other]

    return edit


def drop(why: str) -> Edit:
    def edit(rec: Record) -> list[Record]:
        return []

    edit.__doc__ = why
    return edit


SECOND_TIER = (
    "joins a computer science or statistics row only through the data science rule's second "
    "tier (the institution reports no 30.70/30.71 row); a data science master's is not "
    "that row's program and no CIP is published for it"
)
OLD_RATE = (
    "an institution-wide rate older than the IPEDS 2023-24 charges the catalog already uses "
    "(the catalog prices the program from IPEDS per-credit x its credits instead, labelled)"
)
UNMATCHED = (
    "the catalog joins no federal row to this record (no CIP code is given and its name "
    "matches none of the matcher's keyword rules), so it has no federal earnings; an earlier "
    "note naming a row is superseded"
)

#: (file, line) -> edits in order; a line not listed is kept as it is
EDITS: dict[tuple[str, int | str], list[Edit]] = {
    # --- new_1 --------------------------------------------------------------------------
    ("new_1", 1): [note("the catalog joins UChicago's 30.71 (Data Analytics) row, not 52.13")],
    ("new_1", 2): [
        null(
            "delivery",
            why="the quoted page describes all Harrisburg graduate programs (executive "
            "weekend) and also says most can be taken all-online; the format of this program "
            "is not stated",
        )
    ],
    ("new_1", 3): [note(UNMATCHED)],
    ("new_1", 4): [
        drop(
            "joins UNC Charlotte's 11.07 Computer Science row (no 30.70/30.71 row), which is "
            "the MS in Computer Science's (charlotte-mscs), not the School of Data Science's"
        )
    ],
    ("new_1", 5): [
        null(
            "credits_total",
            why="the quoted grad-track page is about the Department of Information Science's "
            "MS programs (information science, library science), not the MS in Data Science",
        ),
        note("the catalog joins UNT's 30.70 (Data Science) row (completers not reported)"),
    ],
    ("new_1", 6): [null("gre_required", why="the GRE can be waived under the listed conditions")],
    ("new_1", 8): [
        drop(
            "the matcher joins Santa Clara's 11.01 row (29 completers) while the record's own "
            "note takes the program to be the 14.09 Computer Engineering row (156); the MSCSE's "
            "row cannot be established"
        )
    ],
    ("new_1", 9): [
        null("tracks", why="the cluster list is from a 2019 archived page"),
        split(
            "on-campus",
            "rit-ms-computer-science-online",
            "(online)",
            "RIT: 'can be completed either on-campus or online', same curriculum and tuition",
        ),
    ],
    ("new_1", 12): [
        null(
            "credits_total",
            "core_courses",
            "thesis",
            why="from older department pages (c. 2012-14 bulletins); the curriculum may "
            "have changed",
        )
    ],
    ("new_1", 14): [
        null("credits_total", "thesis", why="from an older department page (post-2012)"),
        null("prerequisites", why="the quote is from a third-party mirror, not UA's page"),
    ],
    ("new_1", 16): [
        null(
            "duration_months_full_time",
            why="the page says 'about nine months or one year' and that many students take a "
            "third semester for the capstone; no one figure",
        )
    ],
    ("new_1", 17): [
        drop(
            "the name rests on a document-sharing site and an older SJU catalog page under "
            "another name (MSBI); the program was renamed and its current page was not found"
        )
    ],
    ("new_1", 18): [note(UNMATCHED)],
    ("new_1", 19): [note(UNMATCHED)],
    ("new_1", 20): [drop("duplicate of new_2 line 25 (same page, same program_id)")],
    ("new_1", 21): [note(UNMATCHED)],
    ("new_1", 23): [
        null("gre_required", why="from an older, undated department page"),
        note(UNMATCHED),
    ],
    # --- new_2 --------------------------------------------------------------------------
    ("new_2", 1): [
        setf(
            "credits_total",
            30,
            "the thirty credits are stated by the M.Eng. project page",
            source_field_of="thirty (30) required degree credits",
        )
    ],
    ("new_2", 2): [
        drop(
            "the MIT MEng is open only to MIT Course 6 undergraduates; outside applicants "
            "cannot choose it"
        )
    ],
    ("new_2", 3): [
        null(
            "credits_total",
            why="nine UChicago quarter courses have no semester-credit equivalent the catalog "
            "can state (a bare course count is read as 3 semester credits, which overstates a "
            "quarter course); the course count stays in the tuition basis",
        ),
        null(
            "duration_months_full_time",
            why="nine months is the non-thesis option only (the thesis option takes about "
            "15 months), and with no credits the planner cannot place nine months in quarters",
        ),
        note(UNMATCHED),
    ],
    ("new_2", 5): [
        null(
            "credits_total",
            why="the quoted 30 units is the university-wide master's minimum; the plan total "
            "comes only from a third-party summary",
        )
    ],
    ("new_2", 6): [null("capstone", why="from a c. 2016 Data Science Institute FAQ")],
    ("new_2", 9): [
        drop(
            "an ALA-accredited information/library-science degree that joins no federal row; "
            "its online delivery rests on a third-party review"
        )
    ],
    ("new_2", 12): [
        null(
            "tuition_total",
            why="per-course price from a c. 2021 page with no year; likely higher now",
        ),
        setf(
            "duration_months_full_time",
            16,
            "Bentley says most full-time students finish in 16 months (12 is the minimum)",
        ),
    ],
    ("new_2", 13): [
        null("gre_required", why="GMAT/GRE is waived for applicants meeting listed criteria")
    ],
    ("new_2", 14): [
        null(
            "tuition_total",
            why="the quoted row gives two out-of-state figures without their headings, and "
            "full-time students pay a flat per-semester rate, so per-credit x 31 is not the "
            "program's one basis",
        )
    ],
    ("new_2", 15): [
        null("tuition_total", why="a 2018-19 institution-wide per-credit rate, stale"),
        null("tracks", why="the specialization list is from an older page (11 vs 10 now)"),
        split(
            None,
            "iit-mcs-online",
            "(online, IIT Online)",
            "IIT: the general MCS can be completed as a distance student through IIT Online",
        ),
    ],
    ("new_2", 18): [
        null(
            "prerequisites",
            why="the quotes describe the program and the GRE policy, not prerequisites",
        ),
        add_source(
            "program_name",
            "https://sse.tulane.edu/math/academics/graduate/programs",
            "This program emphasizes mathematics for science and engineering and examines "
            "applications through seminars and case studies.",
            "2026-12 (stored copy; page dated undated)",
        ),
        note(UNMATCHED),
    ],
    ("new_2", 19): [note(UNMATCHED)],
    ("new_2", 23): [null("prerequisites", why="from a third-party copy (collegelearners.com)")],
    ("new_2", 24): [
        null(
            "tracks",
            "prerequisites",
            why="the FAQ's options may be the undergraduate ones and the prerequisite quote "
            "is cut off",
        )
    ],
    ("new_2", 25): [
        null(
            "credits_total",
            "tracks",
            why="from the c. 2016 program page; the curriculum may have changed",
        )
    ],
    ("new_2", 26): [
        null("core_courses", "accreditation", why="from third-party guides"),
        note(
            "the catalog joins SMU's 30.70 (Data Science) row (completers not reported), "
            "not 11.04; the 2020-21 tuition is SMU's own page, shown with its year"
        ),
    ],
    ("new_2", 27): [note(UNMATCHED)],
    ("new_2", 29): [
        null(
            "core_courses",
            why="an older page listing the courses IS majors may waive, not the full core",
        ),
        note(UNMATCHED),
    ],
    ("new_2", 31): [note(UNMATCHED)],
    # --- new_4 --------------------------------------------------------------------------
    ("new_4", 1): [
        null(
            "credits_total",
            why="the credit unit is not stated (the unit's quote is about the CGPA)",
        )
    ],
    ("new_4", 2): [
        drop(
            "a newly launched program (pending VA approval); WGU's 11.01 row counts "
            "graduates of an older program"
        )
    ],
    ("new_4", 3): [note(UNMATCHED)],
    ("new_4", 4): [
        null(
            "core_courses",
            "thesis",
            why="from the older galton.uchicago.edu rules page",
        ),
        null("delivery", why="inferred from the consulting requirement, not stated"),
    ],
    ("new_4", 6): [
        null(
            "credits_total",
            why="two stored versions of the UTA page disagree (30 and 36 hours)",
        ),
        null("delivery", why="from a third-party listing (educations.com)"),
    ],
    ("new_4", 7): [
        null("credits_total", "core_courses", why="from a 2021 student review blog"),
    ],
    ("new_4", 10): [drop("duplicate of new_2 line 15 (same program_id)")],
    ("new_4", 13): [
        null(
            "credits_total",
            "core_courses",
            why="from a student's plan-of-study page (onmason.com), not GMU's",
        )
    ],
    ("new_4", 15): [
        split(
            "on-campus",
            "tamu-mcs-online",
            "(online)",
            "TAMU: the MCS 'can be pursued either in-person or remotely'; the distance MCS "
            "started in fall 2023, after the cohorts the federal row counts",
        ),
        add_source(
            "delivery",
            "https://engineering.tamu.edu/cse/academics/degrees/graduate/online-degrees/"
            "master-faq.html",
            "We offer distance versions of both of our nonthesis degree programs, the Master "
            "of Computer Science (MCS) and the Master of Engineering in computer engineering",
            "2026-12 (stored copy; page undated)",
        ),
    ],
    ("new_4", 16): [
        null(
            "credits_total",
            "core_courses",
            "thesis",
            "capstone",
            why="from an older department page (csc.uis.edu)",
        )
    ],
    ("new_4", 17): [
        note("the catalog CIP 11.0501 joins Northwest's 11.05 row (completers not reported)")
    ],
    ("new_4", 18): [
        split(
            "hybrid",
            "campbellsville-mscs-online",
            "(online)",
            "Campbellsville: 'available as a hybrid program, and it is also offered fully online'",
        )
    ],
    ("new_4", 19): [drop("duplicate of new_2 line 26 (tuition here from a third-party guide)")],
    ("new_4", 20): [note(UNMATCHED)],
    ("new_4", 21): [
        null("delivery", why="inferred by contrast with the online program, not stated"),
        note(UNMATCHED),
    ],
    ("new_4", 22): [note(UNMATCHED)],
    ("new_4", 23): [
        drop("launched in 2025; the World Campus 11.01 row counts graduates of other programs")
    ],
    ("new_4", 24): [
        drop(
            "joins Loyola's 11.01 row through the data science rule's second tier; a data "
            "science MS is not that computer science row's program"
        )
    ],
    ("new_4", 25): [
        null(
            "delivery",
            "gre_required",
            why="from the fall 2021 FAQ (pandemic-era format and test policy)",
        )
    ],
    ("new_4", 26): [
        drop(
            "joins Vanderbilt's 11.07 Computer Science row through the data science rule's "
            "second tier; the Data Science Institute MS is not that row's program"
        )
    ],
    ("new_4", 27): [
        null(
            "credits_total",
            "delivery",
            why="an older CPS page; the credit unit is inferred and the campus/online "
            "offer may have changed",
        )
    ],
    # --- new_5 (keyed by program id) ------------------------------------------------------
    ("new_5", "ttu-mscs-online"): [
        null(
            "tuition_total",
            why="pro-rated from a yearly tuition-and-fees estimate for all engineering "
            "programs, year not stated; not the program's price",
        )
    ],
    ("new_5", "etamu-mscs-online"): [
        null("credits_total", why="from an older page (degree plans through Fall 2018)")
    ],
    ("new_5", "ndsu-mscs"): [null("tuition_total", why=f"2021-22: {OLD_RATE}")],
    ("new_5", "usm-mscs-online"): [
        null(
            "credits_total",
            "tuition_total",
            why="the 33 hours are from the 2017-18 bulletin, and the tuition is that count "
            "times the per-hour rate",
        )
    ],
    ("new_5", "niu-mscs"): [
        note("the catalog joins NIU's 11.01 row (niu-ms-mis joins no row), not 11.07")
    ],
    ("new_5", "kennesaw-msdsa"): [null("tuition_total", why=f"2022-23: {OLD_RATE}")],
    ("new_5", "kennesaw-msai"): [null("tuition_total", why=f"2022-23: {OLD_RATE}")],
    ("new_5", "udel-msds"): [
        null("tuition_total", why=f"2021-22: {OLD_RATE}"),
        note("the catalog joins Delaware's 30.71 (Data Analytics) row, the one with completers"),
    ],
    ("new_5", "twu-msdsi"): [
        drop(
            "an informatics program run with nursing, kinesiology and library science; its "
            "join to TWU's 11.01 row cannot be established (the record says so)"
        )
    ],
    ("new_5", "tamucc-mscs"): [
        null("credits_total", "thesis", why="from the 2012-13 catalog and a scribd copy")
    ],
    ("new_5", "jhu-ep-mscs-online"): [
        null("enrollment_modes", why="from a copy of an EP catalog on docplayer.net")
    ],
    ("new_5", "csuniv-mscs"): [
        null("delivery", why="'may include online and blended' does not state the format")
    ],
    ("new_5", "uapb-mscst"): [
        null("internship", why="the catalog says the experience 'frequently involves' one")
    ],
    ("new_5", "uh-ms-stat-ds"): [
        drop(
            "no facts beyond the name, and the record itself doubts its join (30.71 with no "
            "completers; the program may report under 27.05)"
        )
    ],
    ("new_5", "und-mscs-online"): [
        null("credits_total", "delivery", why="from the 2019-20 catalog")
    ],
    ("new_5", "dsu-mscs"): [
        null(
            "tuition_total",
            why="an online-course rate whose column heading is not in the quote, for a "
            "program whose delivery is not stated",
        )
    ],
    ("new_5", "tufts-msds-online"): [drop(SECOND_TIER)],
    ("new_5", "tufts-msds-campus"): [drop(SECOND_TIER)],
    ("new_5", "cuchicago-mscs"): [
        null("duration_months_full_time", why="'2 Years' is not stated as full-time")
    ],
    ("new_5", "lewisu-msds-online"): [
        null("capstone", why="inferred from the certificate page, not stated for the MS")
    ],
    ("new_5", "iui-ms-applied-ds"): [drop(SECOND_TIER)],
    # --- new_6 (keyed by program id) ------------------------------------------------------
    ("new_6", "northwestern-mlds"): [
        drop(
            "every fact is from third-party pages, and the name puts it on Northwestern's "
            "11.07 Computer Science row through the data science rule's second tier"
        )
    ],
    ("new_6", "columbia-sps-ms-applied-analytics"): [
        null(
            "credits_total",
            "duration_months_full_time",
            "thesis",
            "capstone",
            "gre_required",
            "tuition_total",
            why="the 36 points, length and test policy come from a third-party article, and "
            "the tuition is the official per-point rate times those 36 points",
        )
    ],
    ("new_6", "columbia-ma-statistics"): [
        null(
            "credits_total",
            "core_courses",
            "capstone",
            why="from a third-party blog copy of the department FAQ",
        )
    ],
    ("new_6", "ncsu-msa"): [
        null("credits_total", why="from the Class of 2018-era FAQ (old curriculum page)")
    ],
    ("new_6", "usc-marshall-msba-residential"): [
        null("tuition_total", why="the 2016-17 estimate is the only price found; too old")
    ],
    ("new_6", "syracuse-msads-campus"): [drop(SECOND_TIER)],
    ("new_6", "syracuse-msads-online"): [drop(SECOND_TIER)],
    ("new_6", "cmu-heinz-mism-16month"): [
        null(
            "tuition_total",
            "internship",
            "capstone",
            "gre_required",
            why="from a third-party article (gradpilot), not CMU's pages",
        ),
        note(UNMATCHED),
    ],
    ("new_6", "bu-met-mscis-online"): [note(UNMATCHED)],
    ("new_6", "uiuc-ischool-msim-online"): [
        null("credits_total", "tuition_total", why="from the 2018-19 tuition page (old)"),
        note(UNMATCHED),
    ],
    ("new_6", "uiuc-ischool-msim-campus"): [
        null("credits_total", why="from the 2018-19 tuition page (old)"),
        note(UNMATCHED),
    ],
    ("new_6", "berkeley-ischool-mims"): [note(UNMATCHED)],
    ("new_6", "umich-umsi-msi"): [note(UNMATCHED)],
    ("new_6", "uw-ischool-msim-early-career"): [note(UNMATCHED)],
    ("new_6", "uw-ischool-msim-early-career-accelerated"): [note(UNMATCHED)],
    ("new_6", "uw-ischool-msim-early-career-online"): [note(UNMATCHED)],
    ("new_6", "uw-ischool-msim-mid-career-residential"): [
        note(UNMATCHED),
        null("gre_required", why="the quote naming it does not state the test policy"),
    ],
    ("new_6", "utd-jsom-ms-itm"): [note(UNMATCHED)],
    ("new_6", "umkc-mscs"): [
        null(
            "tracks",
            "prerequisites",
            "gre_required",
            why="from an old UMKC catalog page",
        )
    ],
    ("new_6", "stanford-ms-mse"): [
        null("credits_total", "capstone", why="from the 2011-12 Bulletin"),
        null("tuition_total", why=f"2021-22 university graduate tuition: {OLD_RATE}"),
        note(UNMATCHED),
    ],
    ("new_6", "nyu-tandon-ms-computer-engineering"): [note(UNMATCHED)],
    ("new_6", "uchicago-mpcs-12course"): [
        null(
            "credits_total",
            why="UChicago quarter courses have no semester-credit equivalent the catalog can "
            "state (a bare course count reads as 3 semester credits); the course count stays "
            "in the tuition basis",
        )
    ],
    ("new_6", "uchicago-mpcs-9course"): [
        null(
            "credits_total",
            why="UChicago quarter courses have no semester-credit equivalent the catalog can "
            "state (a bare course count reads as 3 semester credits); the course count stays "
            "in the tuition basis",
        )
    ],
    ("new_6", "rochester-ms-data-science"): [drop(SECOND_TIER)],
    ("new_6", "buffalo-ms-cse"): [
        null("credits_total", "thesis", "capstone", "core_courses", why="pre-2007 handbook")
    ],
    ("new_6", "usc-viterbi-mscs-general"): [
        null("tuition_total", why="the 2014-15 per-unit rate is the only one found; too old")
    ],
    ("new_6", "usc-viterbi-mscs-scientists-engineers"): [
        null("tuition_total", why="the 2014-15 per-unit rate is the only one found; too old")
    ],
    ("new_6", "harvard-extension-alm-data-science"): [drop(SECOND_TIER)],
    ("new_6", "neu-khoury-msds"): [drop(SECOND_TIER)],
    ("new_6", "bu-cds-msds-residential"): [drop(SECOND_TIER)],
    ("new_6", "bu-cds-omds-online"): [drop(SECOND_TIER)],
    ("new_6", "northwestern-sps-ms-data-science-programme-india"): [
        drop(f"{SECOND_TIER}; and it is delivered in India with Great Lakes")
    ],
    ("new_6", "northwestern-sps-ms-predictive-analytics"): [
        drop(
            "the program was renamed in 2018 (its page predates the rename) and the name puts "
            "it on the 11.07 Computer Science row"
        )
    ],
    ("new_6", "washu-olin-msba-residential"): [
        null("tuition_total", why="first-year tuition (2020-21), not the program's total")
    ],
    ("new_6", "columbia-ieor-msba"): [
        null(
            "tuition_total",
            "duration_months_full_time",
            why="2018-19 budget; the current FAQ says three semesters, not one calendar year",
        )
    ],
    ("new_6", "columbia-mscs-cvn-online"): [
        null("gre_required", why="the quote naming it ('Delivery Fully Online') does not say")
    ],
    ("new_6", "uw-ischool-msim-mid-career-online"): [
        note(UNMATCHED),
        null("gre_required", why="the quote naming it does not state the test policy"),
    ],
    ("new_6", "columbia-ieor-msor"): [
        null("tuition_total", why="2018-19 departmental budget (old)"),
        note(UNMATCHED),
    ],
    ("new_6", "columbia-mscs-campus"): [
        null("tuition_total", why="the 2017-18 per-point rate (old)")
    ],
}


def review(name: str) -> tuple[list[Record], list[str]]:
    out: list[Record] = []
    log: list[str] = []
    lines = (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        recs = [json.loads(line)]
        pid = recs[0]["program_id"]
        # new_1/2/4 by line; new_5/6 (written while the review ran) by program id
        edits = EDITS.get((name, n)) or EDITS.get((name, pid)) or []
        for e in edits:
            recs = [r2 for r in recs for r2 in e(r)]
        if not recs:
            log.append(f"| {name}:{n} | `{pid}` | dropped | {edits[-1].__doc__} |")
        else:
            added = [r["notes"].split(f"{REVIEWED}: ", 1)[1:] for r in recs]
            why = "; ".join(a[0].replace(f" {REVIEWED}: ", "; ") for a in added[:1] if a)
            kind = (
                "split"
                if len(recs) > 1
                else "fixed"
                if any(getattr(e, "fixes", False) for e in edits)
                else "kept"
            )
            ids = ", ".join(f"`{r['program_id']}`" for r in recs)
            log.append(f"| {name}:{n} | {ids} | {kind} | {why or 'checked; as it is'} |")
        out.extend(recs)
    return out, log


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    for name in names or ["new_1", "new_2", "new_4"]:
        recs, log = review(name)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
        (OUT / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print("\n".join(log))  # rows of REVIEW.md's table
        print(f"{name}: {len(recs)} reviewed records -> {OUT / name}.jsonl", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

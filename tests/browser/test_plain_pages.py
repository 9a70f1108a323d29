"""Every page, for several people, speaks plainly and stays on this machine.

For three people (the issue's journeys) and one example persona, every page they reach —
assessment, shortlist, two program pages, compare, edit, the report — and the shared pages
(start, catalog, data, saved profiles, API docs) are rendered in Chromium at 1280 and 375 px.
The test fails on:
- snake_case identifiers, raw codes ("data-scientist", "insufficient_data", "not-listed") or
  file paths ("docs/assess.md") in the text a person reads;
- "1 years"-style plurals, "1 more hours", "unknown (unknown)";
- any request outside 127.0.0.1 (the page fixture checks it), the API docs included;
- an axe-core violation of serious or critical impact, at either width.
Screenshots: $MLMASTERS_SCREENSHOTS/plain-<page>-<width>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PageWatch

pytestmark = pytest.mark.browser

#: the issue's three people (typed into the form by test_journeys.py) and an example persona
PEOPLE: dict[str, dict[str, Any]] = {
    "a": {"name": "Physics graduate in Austin", "age": 27, "highest_degree": "bachelor",
          "degree_field": "natural-science", "current_role": "Lab technician",
          "current_salary_usd": 52000, "state": "TX", "metro": "Austin-Round Rock-San Marcos, TX",
          "target_role": "data-scientist", "must_keep_working": False, "hours_per_week": 40},
    "b": {"name": "Software architect in Boston", "age": 45, "highest_degree": "bachelor",
          "degree_field": "computer-science", "current_role": "Software architect",
          "current_salary_usd": 210000, "state": "MA",
          "metro": "Boston-Cambridge-Newton, MA-NH", "target_role": "ml-engineer",
          "must_keep_working": True, "online_only": True, "hours_per_week": 10},
    "c": {"name": "Financial analyst in Atlanta", "age": 30, "highest_degree": "bachelor",
          "degree_field": "economics-business", "current_role": "Financial analyst",
          "current_salary_usd": 85000, "state": "GA",
          "metro": "Atlanta-Sandy Springs-Roswell, GA", "target_role": "ml-product-manager",
          "enrollment_mode": "part-time", "hours_per_week": 15},
}  # fmt: skip

CODES = (
    "ml-engineer", "data-scientist", "research-scientist", "ai-ethics-governance",
    "ml-product-manager", "deep-learning", "data-mining-big-data", "reinforcement-learning",
    "explainable-ethical-ai", "computer-science", "math-statistics", "natural-science",
    "economics-business", "social-science", "humanities-arts", "married-joint",
    "not-listed", "insufficient_data", "career-changer", "working-professional",
    "recent-graduate", "aspiring-researcher", "technically-inclined", "weighted-sum",
)  # fmt: skip
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PATH = re.compile(r"\b[\w.-]+/[\w./-]*\.(?:md|toml|py|csv|json|parquet|sqlite)\b")
UNITS = ("years", "months", "hours", "weeks", "programs", "credits", "terms", "courses",
         "areas", "answers", "problems", "filters", "draws", "semesters")  # fmt: skip
PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:more )?(?:{'|'.join(UNITS)})\b")


def leaks(text: str) -> list[str]:
    """What a person should not read: identifiers, codes, paths, bad plurals."""
    found = SNAKE.findall(text) + PATH.findall(text) + PLURAL.findall(text)
    found += [c for c in CODES if re.search(rf"(?<![\w/-]){re.escape(c)}(?![\w-])", text)]
    if "unknown (unknown)" in text:
        found.append("unknown (unknown)")
    return sorted(set(found))


def test_leak_finder_finds_what_it_should() -> None:
    bad = (
        "give hours_per_week in your profile; insufficient_data; not-listed; see "
        "docs/assess.md; 1 years; find 1 more hours; unknown (unknown); data-scientist"
    )
    assert len(leaks(bad)) == 8
    assert leaks("1 year, 2 years, 1.5 years, 21 months, part-time, Data scientist") == []


#: the text a person reads: code blocks of the methods docs are for analysts, and a source's
#: citation (<cite>) is quoted as its publisher gives it
_TEXT_JS = """() => {
  const root = document.body.cloneNode(true);
  root.querySelectorAll('script, style, cite, article.doc pre, article.doc code')
    .forEach(e => e.remove());
  const svg = [...document.querySelectorAll('svg text')].map(t => t.textContent).join(' \\n ');
  return root.innerText + ' \\n ' + svg;
}"""


def _people(watch: PageWatch) -> dict[str, str]:
    out = {}
    for key, prof in PEOPLE.items():
        r = watch.page.request.post(f"{watch.base}/api/v1/profiles", data={"profile": prof})
        assert r.status == 201, r.text()
        out[key] = r.json()["id"]
    watch.page.goto(f"{watch.base}/?persona=career-changer")
    watch.page.get_by_role("button", name="See my assessment").click()
    watch.page.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    out["persona"] = watch.page.url.rsplit("/", 1)[1]
    return out


def _top_ids(watch: PageWatch, pid: str, n: int) -> list[str]:
    watch.page.goto(f"{watch.base}/p/{pid}/shortlist")
    ids: list[str] = watch.page.locator("input[name=ids]").evaluate_all(
        "els => els.map(e => e.value)"
    )
    return ids[:n]


def _pages(watch: PageWatch) -> list[tuple[str, str]]:
    pages = [("start", "/"), ("catalog", "/programs?state=TX"), ("data", "/data"),
             ("methods-roi", "/methods/roi"), ("saved-profiles", "/profiles")]  # fmt: skip
    for who, pid in _people(watch).items():
        ids = _top_ids(watch, pid, 3)
        pages += [(f"{who}-assessment", f"/p/{pid}"), (f"{who}-shortlist", f"/p/{pid}/shortlist")]
        pages += [(f"{who}-program-{n}", f"/p/{pid}/programs/{i}") for n, i in enumerate(ids[:2])]
        if len(ids) >= 2:
            q = "&".join(f"ids={i}" for i in ids)
            pages.append((f"{who}-compare", f"/p/{pid}/compare?{q}"))
        pages.append((f"{who}-edit", f"/p/{pid}/edit"))
        pages.append((f"{who}-report", f"/p/{pid}/report.html"))
    return pages


def _open(watch: PageWatch, path: str) -> None:
    p = watch.page
    if path.endswith("report.html"):  # a download: show its HTML as a page
        html = p.request.get(watch.base + path).text()
        p.goto(watch.base + "/data")
        p.set_content(html)
        return
    p.goto(watch.base + path)
    p.wait_for_load_state("networkidle")
    if p.locator("div.chart").count():
        p.wait_for_selector("div.chart[data-ready='1'] svg")


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_speaks_plainly(browser: Any, live_server: str, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 400)
    watch = PageWatch(ctx.new_page(), live_server)
    problems: dict[str, Any] = {}
    try:
        for name, path in _pages(watch):
            _open(watch, path)
            found = leaks(watch.page.evaluate(_TEXT_JS))
            if found:
                problems[f"{name} text"] = found
            violations = watch.axe_violations()
            if violations:
                problems[f"{name} axe"] = violations
            watch.shot(f"plain-{name}-{width}")
        # the API docs: drawn from this server only (Swagger UI from an installed package)
        watch.page.goto(live_server + "/api/docs")
        watch.page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
        watch.shot(f"plain-api-docs-{width}")
    finally:
        ctx.close()
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.console_errors == [], watch.console_errors
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())

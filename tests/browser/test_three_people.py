"""Issue 24's acceptance in a real browser: the issue's three people, on a desktop (1280 x 800)
and on a phone (375 x 740), fill the start form as a person would, see their shortlist, pick
two programs, open the first one's page, compare the two from the tray and read the HTML
report. On every page: axe finds nothing serious or critical, no request leaves 127.0.0.1,
no script error, nothing fixed covers the content, and on a phone nothing scrolls sideways.
Across the pages: the statements agree (``tests/support/statements.py``), the answers are
echoed as given, the program page shows one tuition, and on a phone the first question, the
first shortlist card and the program's verdict are on the first screen or one swipe away.

Screenshots: ``$MLMASTERS_SCREENSHOTS/<who>-<desktop|phone>-<page>.png`` (start, shortlist,
program, compare, report); the phone positions are written to ``positions.txt`` there.
Five page loads a run, six runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from mlmasters.profile import Profile
from tests.browser.conftest import ACTION_TIMEOUT_MS, PageWatch, page_width, shots_dir
from tests.support.statements import contradictions, first, text_of

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 740)}
#: "one swipe away": the element's top is within a quarter screen below the first screen
SWIPE = 1.25


def _austin(p: Any) -> None:  # software engineer who keeps working, 12 h, $20k, online only
    p.get_by_role("radio", name=re.compile(r"^Yes —")).check()
    p.get_by_label("Hours a week you can give to study").fill("12")
    p.get_by_label("The job you want after the degree").select_option(
        label="Machine learning engineer"
    )
    p.get_by_label("Your pay now, a year before tax").fill("$130,000")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("State you live in").select_option(label="Texas")
    p.get_by_label("City or metro area").fill("Austin")
    p.get_by_label("Highest degree you hold").select_option(label="Bachelor's degree")
    p.get_by_label("Field of that degree").select_option(label="Computer science")
    p.get_by_label("Your job now").fill("Software engineer")
    p.locator("summary", has_text="Your constraints").click()
    p.get_by_label("Most you can spend on tuition, in total").fill("20000")
    p.get_by_label("Online programs only?").select_option(label="yes")


def _columbus(p: Any) -> None:  # statistics graduate who can stop working
    p.get_by_role("radio", name=re.compile(r"^No —")).check()
    p.get_by_label("Hours a week you can give to study").fill("40")
    p.get_by_label("The job you want after the degree").select_option(label="Data scientist")
    p.get_by_label("Your pay now, a year before tax").fill("62000")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("State you live in").select_option(label="Ohio")
    p.get_by_label("City or metro area").fill("Columbus")
    p.get_by_label("Highest degree you hold").select_option(label="Bachelor's degree")
    p.get_by_label("Field of that degree").select_option(label="Mathematics or statistics")


def _denver(p: Any) -> None:  # career changer, no programming, 15 h a week, keeps working
    p.get_by_role("radio", name=re.compile(r"^Yes —")).check()
    p.get_by_label("Hours a week you can give to study").fill("15")
    p.get_by_label("The job you want after the degree").select_option(label="Data scientist")
    p.get_by_label("Your pay now, a year before tax").fill("58k")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("State you live in").select_option(label="Colorado")
    p.get_by_label("City or metro area").fill("Denver")
    p.get_by_label("Highest degree you hold").select_option(label="Bachelor's degree")
    p.get_by_label("Field of that degree").select_option(label="Humanities or arts")
    p.get_by_label("Your job now").fill("Teacher")
    p.locator("summary", has_text=re.compile(r"^Your background")).click()
    p.get_by_label("Programming, in Python").select_option(label="0 — never studied it")


PEOPLE: dict[str, Callable[[Any], None]] = {
    "austin": _austin, "columbus": _columbus, "denver": _denver,
}  # fmt: skip

_TOP = (
    "s => { const e = document.querySelector(s);"
    " return e ? e.getBoundingClientRect().top + scrollY : null; }"
)
#: the compare tray, if shown: is it kept in view, and does it sit after the content it follows?
_TRAY = """() => {
  const t = document.getElementById('compare-tray');
  if (!t) return null;
  window.scrollTo(0, document.documentElement.scrollHeight);
  const prev = t.previousElementSibling, r = t.getBoundingClientRect();
  return {position: getComputedStyle(t).position, text: t.innerText, top: r.top,
          above: prev ? prev.getBoundingClientRect().bottom : null};
}"""


class Visit:
    """One person's run through their pages in one viewport."""

    def __init__(self, watch: PageWatch, who: str, vp: str) -> None:
        self.watch, self.who, self.vp = watch, who, vp
        self.p = watch.page
        self.width, self.height = VIEWPORTS[vp]
        self.pages: dict[str, str] = {}
        self.positions: dict[str, float] = {}

    def look(self, name: str) -> str:
        """The checks every page gets; returns its HTML as the person's browser holds it."""
        p = self.p
        p.wait_for_load_state("load")
        self.watch.shot(f"{self.who}-{self.vp}-{name}")
        assert self.watch.axe_violations() == [], name
        width = page_width(p)
        assert width <= self.width + 1, f"{name} scrolls sideways: {width} px"
        tray = p.evaluate(_TRAY)
        if tray is not None:
            assert not re.search(r"\b0 programs to compare", tray["text"]), (name, tray)
            if self.vp == "phone":
                assert tray["position"] == "static", (name, tray)  # never kept over content
            assert tray["above"] is None or tray["top"] >= tray["above"] - 1, (name, tray)
        html: str = p.content()
        self.pages[name] = html
        return html

    def near_top(self, name: str, selector: str) -> None:
        top = self.p.evaluate(_TOP, selector)
        assert top is not None, (name, selector)
        self.positions[name] = round(top)
        if self.vp == "phone":
            assert top <= SWIPE * self.height, f"{name} at y={top:.0f} on a phone"


def _profile(v: Visit, base: str, pid: str) -> Profile:
    got = v.p.request.get(f"{base}/api/v1/profiles/{pid}")
    assert got.ok, got.status
    return Profile.model_validate(got.json()["profile"])


def _one_tuition(html: str) -> set[str]:
    """The program's tuition wherever the page states it unlabelled: the return's note, the
    funding line and the tuition section's headline (a labelled other figure is allowed)."""
    text = text_of(html, attrs=False)
    found = set(re.findall(r"\bTuition:? (\$[\d,]+)", text))
    found |= set(re.findall(r'id="cost">Tuition</h2>\s*<p><strong>(\$[\d,]+)', html))
    return found


def _start(v: Visit, base: str) -> str:
    p = v.p
    p.goto(base + "/")
    v.near_top("first question", "fieldset.group.first input, fieldset.group.first select")
    PEOPLE[v.who](p)
    v.look("start")
    with p.expect_navigation():
        p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    expect(p.get_by_role("link", name="See your shortlist →")).to_be_visible()
    v.pages["assessment"] = p.content()
    return p.url.rsplit("/", 1)[1]


def _shortlist(v: Visit) -> tuple[list[str], str]:
    """The shortlist: its first card near the top; two programs ticked for the tray."""
    p = v.p
    with p.expect_navigation():
        p.get_by_role("link", name="See your shortlist →").click()
    expect(p.locator("table.shortlist tbody tr").first).to_be_visible()
    v.near_top("first shortlist card", "table.shortlist tbody tr")
    boxes = p.locator("table.shortlist input[name=ids]")
    assert boxes.count() >= 2, "fewer than two programs to compare"
    ids = [boxes.nth(i).get_attribute("value") or "" for i in range(2)]
    head = p.locator("table.shortlist tbody tr").first.locator(".headline-npv").inner_text()
    for i in range(2):
        boxes.nth(i).check()
    expect(p.locator("#compare-tray")).to_contain_text("2 programs to compare")
    v.look("shortlist")
    return ids, head.strip()


def _program(v: Visit, pid: str, prog: str, head: str, profile: Profile) -> None:
    p = v.p
    link = p.locator(f"table.shortlist tbody tr a[href='/p/{pid}/programs/{prog}']").first
    with p.expect_navigation():
        link.click()
    expect(p.locator("#roi-section")).to_be_attached()
    v.near_top("program verdict", "#verdict, #roi-section")
    html = v.look("program")
    assert p.locator("dl.kpis dd").first.inner_text().strip() == head  # the row's figure
    tuitions = _one_tuition(html)
    assert len(tuitions) == 1, f"the program page states tuitions {sorted(tuitions)}"
    main = p.inner_text("main")
    if profile.hours_per_week is not None and profile.must_keep_working:
        hours = rf"Weekly workload\s+[\d.]+ h of {profile.hours_per_week:g}\b"
        assert re.search(hours, main), "the hours a week not echoed as given"
    online = re.search(r"Delivery\s+online", main)
    if profile.online_only:
        assert online, "online only, shown a campus program"
    if profile.must_keep_working and not profile.can_relocate and not online:
        where = p.locator("main .lede").first.inner_text()  # keeps a job here: attendable?
        assert (profile.metro or "?") in where, f"keeps a job in {profile.metro}, shown {where}"


def _compare(v: Visit, ids: list[str]) -> None:
    p = v.p
    with p.expect_navigation():
        p.locator("#compare-tray").get_by_role("link", name="Compare them").click()
    p.wait_for_url(re.compile(r".*/compare\?.*"))
    expect(p.locator("table.compare")).to_be_visible()
    html = v.look("compare")
    assert all(f"/programs/{i}" in html for i in ids)
    wrap = p.locator(".table-wrap:has(table.compare)")
    scrolls = wrap.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    if scrolls:  # a table wider than the screen says so where the person looks
        expect(p.locator(".scroll-hint").first).to_be_visible()
        expect(p.locator(".scroll-hint").first).to_contain_text("Swipe sideways")


def _report(v: Visit, base: str, pid: str) -> None:
    got = v.p.request.get(f"{base}/p/{pid}/report.html")
    assert got.ok and "attachment" in got.headers.get("content-disposition", "")
    html = got.text()
    v.pages["report"] = html
    v.p.set_content(html)  # the downloaded file, opened in the same browser
    v.watch.shot(f"{v.who}-{v.vp}-report")
    assert v.watch.axe_violations() == [], "report"
    v.positions["report width"] = page_width(v.p)


@pytest.mark.parametrize("vp", sorted(VIEWPORTS))
@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_a_person_reads_pages_that_agree(browser: Any, live_server: str, who: str, vp: str) -> None:
    w, h = VIEWPORTS[vp]
    context = browser.new_context(viewport={"width": w, "height": h}, is_mobile=vp == "phone")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    watch = PageWatch(context.new_page(), live_server)
    v = Visit(watch, who, vp)
    try:
        pid = _start(v, live_server)
        profile = _profile(v, live_server, pid)
        ids, head = _shortlist(v)
        _program(v, pid, ids[0], head, profile)
        _compare(v, ids)
        _report(v, live_server, pid)
    finally:
        context.close()
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.console_errors == [], f"script errors: {watch.console_errors}"
    bad = contradictions(v.pages, profile)
    assert not bad, first(bad)
    if not profile.must_keep_working:  # "No — I can stop working" is not echoed as a job kept
        assert not any("keeping your job" in text_of(x) for x in v.pages.values())
    with (shots_dir() / "positions.txt").open("a", encoding="utf-8") as f:
        f.write(f"{who} {vp}: " + ", ".join(f"{k} {y}" for k, y in v.positions.items()) + "\n")

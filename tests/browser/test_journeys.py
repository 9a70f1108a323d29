"""The issue's three people, typed into the start form as a person would, to their shortlist,
two program pages, compare, the report and the PDF; the address bar always holds a whole page:
back, forward and reload after a slider show the page with its navigation. Screenshots at 1280
and 375 px: $MLMASTERS_SCREENSHOTS/journey-<who>-<step>-<width>.png; wall times and clicks are
printed (pytest -s) and written to $MLMASTERS_SCREENSHOTS/journeys.txt."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ACTION_TIMEOUT_MS, PageWatch, page_width, shots_dir, wait_until

pytestmark = pytest.mark.browser


def _a(p: Any) -> None:  # 27, physics graduate, lab technician at $52k in Austin, full-time
    p.get_by_role("radio", name=re.compile(r"^No —")).check()
    p.get_by_label("Hours a week you can give to study").fill("40")
    p.get_by_label("The job you want after the degree").select_option(label="Data scientist")
    p.get_by_label("Your pay now, a year before tax").fill("$52,000")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("Your age").fill("27")
    p.get_by_label("State you live in").select_option(label="Texas")
    p.get_by_label("City or metro area").fill("Austin")
    p.get_by_label("Highest degree you hold").select_option(label="Bachelor's degree")
    p.get_by_label("Field of that degree").select_option(label="A natural science")
    p.get_by_label("Your job now").fill("Lab technician")


def _b(p: Any) -> None:  # 45, architect at $210k in Boston, keeps working, online, 10 h
    p.get_by_role("radio", name=re.compile(r"^Yes —")).check()
    p.get_by_label("Hours a week you can give to study").fill("10")
    p.get_by_label("The job you want after the degree").select_option(
        label="Machine learning engineer"
    )
    p.get_by_label("Your pay now, a year before tax").fill("210k")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("Your age").fill("45")
    p.get_by_label("City or metro area").fill("Boston, Massachusetts")
    p.get_by_label("Your job now").fill("Software architect")
    p.locator("summary", has_text="Your constraints").click()
    p.get_by_label("Online programs only?").select_option(label="yes")


def _c(p: Any) -> None:  # 30, economics graduate, analyst at $85k in Atlanta, part-time
    p.get_by_role("radio", name=re.compile(r"^Yes —")).check()
    p.get_by_label("Hours a week you can give to study").fill("15")
    p.get_by_label("The job you want after the degree").select_option(
        label="Machine learning product manager"
    )
    p.get_by_label("Your pay now, a year before tax").fill("85,000")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("Your age").fill("30")
    p.get_by_label("State you live in").select_option(label="Georgia")
    p.get_by_label("City or metro area").fill("Atlanta")
    p.get_by_label("Field of that degree").select_option(label="Economics or business")
    p.get_by_label("Your job now").fill("Financial analyst")
    p.locator("summary", has_text="Your constraints").click()
    p.get_by_label("Full-time or part-time study").select_option(label="Part-time")


PEOPLE: dict[str, Callable[[Any], None]] = {"a": _a, "b": _b, "c": _c}


def _whole_page(p: Any) -> None:
    """The page shown is the whole page: styled, with its navigation and steps."""
    assert p.locator("header.top nav").count() == 1, p.url
    assert p.locator("nav.steps").count() == 1, p.url
    assert p.evaluate("getComputedStyle(document.body).fontFamily") != "", p.url


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_journey(page: PageWatch, live_server: str, who: str) -> None:
    p = page.page
    clicks = 0
    t0 = time.monotonic()
    p.goto(live_server + "/")
    PEOPLE[who](p)
    page.shot(f"journey-{who}-1-start-1280")
    p.get_by_role("button", name="See my assessment").click()
    clicks += 1
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    pid = p.url.rsplit("/", 1)[1]
    assert "Recommended path" in p.inner_text("main")
    page.shot(f"journey-{who}-2-assessment-1280")

    p.get_by_role("link", name="See your shortlist →").click()
    clicks += 1
    p.wait_for_selector("table.shortlist tbody tr")
    page.shot(f"journey-{who}-3-shortlist-1280")
    # a slider: the address bar gets the whole page's URL, not the fragment's
    with p.expect_response(re.compile(r".*/shortlist/results.*")):
        p.locator("#w_cost").fill("90")
    clicks += 1
    p.wait_for_load_state("networkidle")
    wait_until(p, "location.search.includes('w_cost=90')")
    assert re.search(rf"/p/{pid}/shortlist\?", p.url) and "/results" not in p.url
    slid = p.url
    p.reload()
    _whole_page(p)
    assert p.locator("#w_cost").input_value() == "90"  # the weight came back from the URL
    for move, url in ((p.go_back, f"/p/{pid}/shortlist"), (p.go_forward, slid)):
        p.evaluate("window.__before = 1")
        move()
        wait_until(p, "!window.__before")  # the page was loaded again, whole
        p.wait_for_load_state("load")
        assert p.url.endswith(url)
        _whole_page(p)

    ids = p.locator("table.shortlist input[name=ids]").evaluate_all("els => els.map(e => e.value)")
    assert len(ids) >= 2
    # each row says what the return means for this person, with its headline figure
    heads: dict[str, str] = {}
    rows = p.locator("table.shortlist tbody tr")
    for i in range(2):
        row = rows.nth(i)
        assert "median of all outcomes is" in row.locator(".verdict").inner_text()
        heads[ids[i]] = row.locator(".headline-npv").inner_text().strip()
    for n, pid_prog in enumerate(ids[:2]):
        p.goto(f"{live_server}/p/{pid}/programs/{pid_prog}")
        clicks += 1
        p.wait_for_load_state("networkidle")
        # verdict first, and the same headline as the shortlist row
        assert "median of all outcomes is" in p.locator("#verdict").inner_text()
        assert p.locator("dl.kpis dd").first.inner_text().strip() == heads[pid_prog]
        page.shot(f"journey-{who}-4-program-{n}-1280")
    # a what-if: the URL holds it, reload shows the whole page with before -> after
    if p.locator("#wi_tuition_scale").count():
        with p.expect_response(re.compile(r".*/roi\?.*")):
            p.locator("#wi_tuition_scale").fill("1.5")
        clicks += 1
        wait_until(p, "location.search.includes('tuition_scale=1.5')")
        p.reload()
        p.wait_for_load_state("networkidle")
        assert p.locator("header.top nav").count() == 1
        if p.locator("#roi-section dl.kpis").count():
            assert "Your answers → with these what-ifs" in p.inner_text("#roi-section")
        p.get_by_role("link", name="Reset the what-ifs").first.click()
        clicks += 1
        expect(p).not_to_have_url(re.compile(r".*tuition_scale.*"))  # waits for the reset
        p.wait_for_load_state("networkidle")

    p.goto(f"{live_server}/p/{pid}/compare?ids={ids[0]}&ids={ids[1]}")
    clicks += 1
    assert "Side by side" in p.inner_text("h1")
    shown = [t.strip() for t in p.locator(".headline-npv").all_inner_texts()]
    assert all(heads[i] in shown for i in ids[:2]), (heads, shown)
    page.shot(f"journey-{who}-5-compare-1280")
    for fmt in ("html", "pdf"):
        with p.expect_download() as dl:
            p.get_by_role("link", name="PDF" if fmt == "pdf" else "Report (HTML)").click()
        clicks += 1
        path = dl.value.path()
        assert path.stat().st_size > 10_000
        if fmt == "html":  # the report carries the verdict and the same headline
            html = path.read_text(encoding="utf-8")
            assert "median of all outcomes is" in html
            in_report = [m.strip() for m in re.findall(r'class="headline-npv">([^<]+)<', html)]
            assert any(heads[i] in in_report for i in ids[:2]), (heads, in_report)
        if fmt == "pdf":
            assert path.read_bytes()[:5] == b"%PDF-"
    wall = time.monotonic() - t0

    # the same pages on a 375 px phone
    ctx = p.context.browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    phone = PageWatch(ctx.new_page(), live_server)
    try:
        steps = (
            ("2-assessment", f"/p/{pid}"),
            ("3-shortlist", f"/p/{pid}/shortlist"),
            ("4-program-0", f"/p/{pid}/programs/{ids[0]}"),
            ("5-compare", f"/p/{pid}/compare?ids={ids[0]}&ids={ids[1]}"),
        )
        for step, path_ in steps:
            phone.page.goto(live_server + path_)
            phone.page.wait_for_load_state("networkidle")
            width = page_width(phone.page)
            assert width <= 376, f"{step} scrolls sideways on a phone: {width} px"
            phone.shot(f"journey-{who}-{step}-375")
    finally:
        ctx.close()
    assert phone.outside == [] and phone.console_errors == []
    line = f"journey {who}: {wall:.1f} s wall time, {clicks} clicks (after typing the form)"
    print(line)
    with (shots_dir() / "journeys.txt").open("a", encoding="utf-8") as f:
        f.write(line + "\n")

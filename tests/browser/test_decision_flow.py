"""The whole flow as a person would: profile -> assessment -> shortlist -> change a weight ->
program page -> compare two -> save and reload the profile -> download the report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageWatch, page_width

pytestmark = pytest.mark.browser


def _start_from_persona(page: PageWatch, base: str, persona: str) -> str:
    p = page.page
    p.goto(f"{base}/?persona={persona}")
    p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    return p.url.rsplit("/", 1)[1]


def test_full_decision_flow(page: PageWatch, live_server: str) -> None:
    p = page.page
    pid = _start_from_persona(page, live_server, "working-professional")
    # assessment: persona, path, readiness, careers chart drawn
    main = p.inner_text("main")
    assert "Recommended path" in main and "Part-time or online master's while working" in main
    assert "Readiness per core area" in main
    p.wait_for_selector("#main div.chart[data-ready='1'] svg")
    assert page.axe_violations() == []
    page.shot("1-assessment")
    # every chart offers PNG and SVG downloads (vega-embed's menu)
    menu = p.locator("div.chart[data-spec='wages-spec'] details")
    menu.locator("summary").click()
    expect(menu).to_contain_text("Save as SVG")
    expect(menu).to_contain_text("Save as PNG")
    menu.locator("summary").click()

    # shortlist with per-criterion bars and robustness
    p.get_by_role("link", name="See your shortlist →").click()
    p.wait_for_selector("table.shortlist tbody tr")
    first_before = p.locator("table.shortlist tbody tr").first.inner_text()
    assert "Chance of the top" in p.inner_text("table.shortlist thead")
    page.shot("2-shortlist")

    # change a weight: htmx swaps the results without a full reload
    p.evaluate("window.__marker = 'same page'")
    with p.expect_response(re.compile(r".*/shortlist/results.*")):
        p.locator("#w_cost").fill("100")
    expect(p).to_have_url(re.compile(r".*w_cost=100.*"))  # htmx pushes it after the swap
    assert p.evaluate("window.__marker") == "same page"
    first_after = p.locator("table.shortlist tbody tr").first.inner_text()
    assert first_before and first_after
    assert page.axe_violations() == []

    # open a program from the shortlist
    ids = p.locator("table.shortlist input[name=ids]").evaluate_all("els => els.map(e => e.value)")
    assert len(ids) >= 2
    p.locator("table.shortlist tbody tr").first.locator("a").first.click()
    p.wait_for_url(re.compile(rf".*/p/{pid}/programs/.+"))
    main = p.inner_text("main")
    assert "What it costs and returns" in main and "How long it would take you" in main
    assert "Risks" in main and "Sources of these figures" in main
    p.wait_for_selector("#roi-section div.chart[data-ready='1'] svg")
    page.shot("3-program")

    # what-if slider redraws the ROI section: wait for the new section, not the old one
    p.evaluate("document.getElementById('roi-section').dataset.old = '1'")
    with p.expect_response(re.compile(r".*/roi\?.*")):
        p.locator("#wi_tuition_scale").fill("1.5")
    p.wait_for_selector("#roi-section:not([data-old]) div.chart[data-ready='1'] svg")

    # compare two
    p.goto(f"{live_server}/p/{pid}/compare?ids={ids[0]}&ids={ids[1]}")
    assert "Side by side" in p.inner_text("h1")
    assert "Chance of ending ahead or even" in p.inner_text("table.compare")
    page.shot("4-compare")

    # save a shortlist, then reload the saved profile from the list
    p.goto(f"{live_server}/p/{pid}/shortlist")
    p.locator("table.shortlist input[name=ids]").nth(0).check()
    p.locator("table.shortlist input[name=ids]").nth(1).check()
    p.get_by_label("Shortlist name").fill("my two")
    p.get_by_role("button", name="Save selected as a shortlist").click()
    # the profile page (…/shortlist matched ".*/p/{pid}.*" before the click had landed)
    p.wait_for_url(re.compile(rf".*/p/{pid}(#.*)?$"))
    assert "my two" in p.inner_text("#main")
    p.goto(f"{live_server}/profiles")
    p.get_by_role("link", name="Working professional (software engineer, Seattle)").first.click()
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    assert "Recommended path" in p.inner_text("main")

    # download the report
    with p.expect_download() as dl:
        p.get_by_role("link", name="Report (HTML)").click()
    path = dl.value.path()
    html = path.read_text(encoding="utf-8")
    assert "Your machine learning master" in html and "data:image/svg+xml;base64" in html
    assert "<script" not in html  # self-contained, static


def test_program_page_on_a_phone(phone: PageWatch, live_server: str) -> None:
    p = phone.page
    p.goto(f"{live_server}/?persona=recent-graduate")
    p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    pid = p.url.rsplit("/", 1)[1]
    p.goto(f"{live_server}/p/{pid}/programs/ut-austin-msds-online")
    p.wait_for_selector("#roi-section")
    width = page_width(p)
    assert width <= 375 + 1
    phone.shot("program-phone")

"""A person fills the start form, saves the profile and browses the catalog."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageWatch, page_width

pytestmark = pytest.mark.browser


def test_fill_the_form_as_a_person_would(page: PageWatch, live_server: str) -> None:
    p = page.page
    p.goto(live_server + "/")
    assert "machine learning master" in p.inner_text("h1")
    p.get_by_role("radio", name=re.compile(r"^Yes —")).check()
    p.get_by_label("The job you want after the degree").select_option("data-scientist")
    p.get_by_label("Your pay now, a year before tax").fill("$68,000")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("Your age").fill("29")
    p.get_by_label("State you live in").select_option(label="Texas")
    p.locator("summary", has_text="What you want").click()
    p.get_by_label("Natural language processing").check()
    page.shot("start-filled")
    p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url("**/p/*")
    assert page.axe_violations() == []
    page.shot("profile-saved")


def test_form_errors_are_shown_next_to_the_field(page: PageWatch, live_server: str) -> None:
    p = page.page
    page.allow_4xx = True  # the form comes back with 422 Unprocessable Entity
    p.goto(live_server + "/")
    p.locator("summary", has_text="Where you are now").click()
    p.get_by_label("Your age").fill("7")
    p.get_by_label("City or metro area").fill("Columbus")
    p.get_by_role("button", name="See my assessment").click()
    # the form comes back with its errors: wait for them, not for luck
    err = p.locator("#f-age-err")  # the folded group opens to show its errors
    expect(err).to_be_visible()
    expect(err).to_have_text("Type your age in years from 16 to 80.")
    expect(p.get_by_label("Your age")).to_have_attribute("aria-invalid", "true")
    # says what to pick
    expect(p.locator("#f-metro-err")).to_contain_text("Columbus, GA-AL; Columbus, IN; Columbus, OH")
    assert page.axe_violations() == []


def test_metro_search_offers_the_snapshot_areas(page: PageWatch, live_server: str) -> None:
    p = page.page
    p.goto(live_server + "/")
    options = p.locator("datalist#metro-areas option").evaluate_all("els => els.map(e => e.value)")
    assert "Columbus, OH" in options and len(options) > 300
    assert p.get_by_label("City or metro area").get_attribute("list") == "metro-areas"


def test_start_page_has_no_serious_accessibility_violations(
    page: PageWatch, live_server: str
) -> None:
    page.page.goto(live_server + "/?persona=career-changer")
    assert page.axe_violations() == []
    page.shot("start")


def test_catalog_search_and_program_page(page: PageWatch, live_server: str) -> None:
    p = page.page
    p.goto(live_server + "/programs")
    p.get_by_label("State").fill("GA")
    p.locator("#cip").fill("11.01")  # labelled "field" on the page
    with p.expect_navigation():  # the results page, before a link on it is clicked
        p.get_by_role("button", name="Search").click()
    with p.expect_navigation():
        p.get_by_role("link", name="Online Master of Science in Computer Science (OMSCS)").click()
    p.wait_for_url(re.compile(r".*/programs/gatech-omscs.*"))
    assert "2,416" in p.inner_text("main") and "$195,622" in p.inner_text("main")
    assert "College Scorecard" in p.inner_text("footer")
    assert page.axe_violations() == []
    page.shot("program-omscs")


def test_keyboard_reaches_the_form(page: PageWatch, live_server: str) -> None:
    p = page.page
    p.goto(live_server + "/")
    for _ in range(40):
        p.keyboard.press("Tab")
        if p.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT"):
            break
    assert p.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT")


def test_phone_width(phone: PageWatch, live_server: str) -> None:
    phone.page.goto(live_server + "/programs?state=WA")
    width = page_width(phone.page)
    assert width <= 375 + 1
    phone.shot("programs-phone")

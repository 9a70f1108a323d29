"""A person fills the start form, saves the profile and browses the catalog."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageWatch

pytestmark = pytest.mark.browser


def test_fill_the_form_as_a_person_would(page: PageWatch, live_server: str) -> None:
    p = page.page
    p.goto(live_server + "/")
    assert "machine learning master" in p.inner_text("h1")
    p.get_by_label("Age").fill("29")
    p.get_by_label("State (e.g. WA)").fill("TX")
    p.get_by_label("Target role").select_option("data-scientist")
    p.get_by_label("nlp").check()
    p.get_by_label("Must keep working?").select_option("true")
    page.shot("start-filled")
    p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url("**/p/*")
    assert page.axe_violations() == []
    page.shot("profile-saved")


def test_form_errors_are_shown_next_to_the_field(page: PageWatch, live_server: str) -> None:
    p = page.page
    page.allow_4xx = True  # the form comes back with 422 Unprocessable Entity
    p.goto(live_server + "/")
    p.get_by_label("Age").fill("7")
    p.get_by_role("button", name="See my assessment").click()
    err = p.locator("#f-age-err")
    assert err.is_visible() and "greater than or equal to 16" in err.inner_text()
    assert p.get_by_label("Age").get_attribute("aria-invalid") == "true"


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
    p.get_by_label("CIP family").fill("11.01")
    p.get_by_role("button", name="Search").click()
    p.get_by_role("link", name="Online Master of Science in Computer Science (OMSCS)").click()
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
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
    phone.shot("programs-phone")

"""Private spaces in a real browser: a person makes a space, sees the key once, saves a
profile; a second browser (another person) cannot open it, and signing in there with the
key opens it. Accessible (axe) on the space page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.browser.conftest import ACTION_TIMEOUT_MS, PageWatch, page_width
from tests.support.server import served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def private_server(service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser-private") / "db.sqlite"
    app = create_app(service, database_url=f"sqlite:///{db}", private=True, request_timeout=0)
    with served(app) as base:  # no time budget on a busy machine (see conftest.live_server)
        yield base


def _person(browser: Any, base: str) -> tuple[Any, PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context, PageWatch(context.new_page(), base)


def test_a_space_is_made_used_and_closed_to_others(browser: Any, private_server: str) -> None:
    ctx_a, a = _person(browser, private_server)
    ctx_b, b = _person(browser, private_server)
    try:
        p = a.page
        p.goto(private_server + "/profiles")
        assert re.search(r"/space\?next=/profiles$", p.url)
        assert a.axe_violations() == []
        with p.expect_navigation():  # the key page, not the form clicked on
            p.get_by_role("button", name="Make my private space").click()
        expect(p.get_by_label("Your key")).to_be_visible()
        key = p.get_by_label("Your key").input_value()
        assert re.fullmatch(r"[0-9a-f-]{36}\.[A-Za-z0-9_-]{40,}", key)
        assert a.axe_violations() == []
        a.shot("space-new-key")
        p.goto(private_server + "/?persona=career-changer")
        p.get_by_role("button", name="See my assessment").click()
        p.wait_for_url("**/p/*")
        profile_url = p.url
        # another person, another browser: the profile does not open
        b.page.goto(profile_url)
        assert "/space?next=" in b.page.url
        assert "Career" not in b.page.inner_text("main")
        # the key, typed in the other browser, opens the same space
        b.page.get_by_label("Your personal key").fill(key)
        b.page.get_by_role("button", name="Sign in").click()
        b.page.wait_for_url(re.compile(r".*/p/[0-9a-f-]{36}$"))
        assert b.page.url == profile_url
        b.shot("space-signed-in-elsewhere")
        assert a.console_errors == [] and b.console_errors == []
        assert a.outside == [] and b.outside == []
    finally:
        ctx_a.close()
        ctx_b.close()


def test_the_key_page_fits_a_phone(browser: Any, private_server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        watch = PageWatch(context.new_page(), private_server)
        watch.page.goto(private_server + "/space")
        with watch.page.expect_navigation():
            watch.page.get_by_role("button", name="Make my private space").click()
        # read the key page once it is there (read right after the click, the width was null)
        expect(watch.page.get_by_label("Your key")).to_be_visible()
        width = page_width(watch.page)
        assert width <= 375, f"the page scrolls sideways ({width} px)"
        assert watch.axe_violations() == []
        watch.shot("space-new-key-phone")
    finally:
        context.close()

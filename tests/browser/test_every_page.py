"""Every page of the app (the API docs included), at desktop and phone width: 0
serious/critical axe-core violations at both widths, no horizontal scrolling on a 375 px
phone, and a screenshot of each under $MLMASTERS_SCREENSHOTS/ (page-<name>.png and
page-<name>-phone.png)."""

from __future__ import annotations

import re

import pytest

from mlmasters.web.methods import METHOD_DOCS
from tests.browser.conftest import PageWatch, page_width

pytestmark = pytest.mark.browser

#: name -> path; {pid} is a profile started from a persona
PAGES = {
    "start": "/",
    "assessment": "/p/{pid}",
    "shortlist": "/p/{pid}/shortlist",
    "program": "/p/{pid}/programs/gatech-omscs",
    "compare": "/p/{pid}/compare?ids=gatech-omscs&ids=uiuc-mcs-online&ids=uw-msds",
    "catalog": "/programs?state=TX",
    "data-and-methods": "/data",
    **{f"methods-{slug}": f"/methods/{slug}" for slug in METHOD_DOCS},
    "saved-profiles": "/profiles",
    "edit-profile": "/p/{pid}/edit",
    "api-docs": "/api/docs",
}
#: text a person sees on each page once it is drawn
SEEN = {
    "start": "See my assessment",
    "assessment": "Recommended path",
    "shortlist": "Chance of the top",
    "program": "What it costs and returns",
    "compare": "Side by side",
    "catalog": "programs",
    "data-and-methods": "sha256",
    **{f"methods-{slug}": title.split()[0] for slug, (_f, title) in METHOD_DOCS.items()},
    "saved-profiles": "Career changer",
    "edit-profile": "Save",
    "api-docs": "/api/v1/programs",
}


def _profile(watch: PageWatch) -> str:
    p = watch.page
    p.goto(f"{watch.base}/?persona=career-changer")
    p.get_by_role("button", name="See my assessment").click()
    p.wait_for_url(re.compile(r".*/p/[0-9a-f-]+$"))
    return p.url.rsplit("/", 1)[1]


def _visit(watch: PageWatch, name: str, pid: str) -> None:
    p = watch.page
    p.goto(watch.base + PAGES[name].format(pid=pid))
    p.wait_for_load_state("networkidle")
    charts = p.locator("div.chart")
    if charts.count():
        p.wait_for_selector("div.chart[data-ready='1'] svg")
    if name == "api-docs":  # Swagger UI, from an installed package (nothing from a CDN)
        p.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert SEEN[name] in p.inner_text("main"), name


def test_every_page_on_a_desktop(page: PageWatch) -> None:
    pid = _profile(page)
    for name in PAGES:
        _visit(page, name, pid)
        assert page.axe_violations() == [], name
        page.shot(f"page-{name}")


def test_every_page_on_a_phone(phone: PageWatch) -> None:
    pid = _profile(phone)
    for name in PAGES:
        _visit(phone, name, pid)
        width = page_width(phone.page)
        assert width <= 375 + 1, f"{name} scrolls sideways on a phone: {width} px"
        assert phone.axe_violations() == [], name
        phone.shot(f"page-{name}-phone")

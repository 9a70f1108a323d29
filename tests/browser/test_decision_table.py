"""The shortlist as a decision table: columns sort by their figures, and the programs a
person ticks follow them to the program pages in a compare tray."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageWatch, wait_until

pytestmark = pytest.mark.browser

PROFILE = {
    "age": 29, "current_salary_usd": 70_000, "state": "WA", "metro": "Seattle",
    "target_role": "data-scientist", "hours_per_week": 40, "must_keep_working": False,
    "degree_field": "computer-science", "highest_degree": "bachelor",
}  # fmt: skip


def test_sort_by_money_and_carry_a_compare_tray(page: PageWatch, live_server: str) -> None:
    saved = httpx.post(f"{live_server}/api/v1/profiles", json={"profile": PROFILE}).json()
    p = page.page
    p.goto(f"{live_server}/p/{saved['id']}/shortlist")
    p.wait_for_selector("table.shortlist tbody tr")
    p.get_by_role("button", name="Median of all outcomes").click()
    expect(p.locator("th[aria-sort=ascending]")).to_have_count(1)  # sorted, then read
    values = p.locator("table.shortlist tbody tr td:nth-child(4)").evaluate_all(
        "tds => tds.map(td => td.dataset.sort).filter(v => v !== '').map(Number)"
    )
    assert len(values) >= 2 and values == sorted(values)
    p.get_by_role("button", name="Median of all outcomes").click()
    expect(p.locator("th[aria-sort=descending]")).to_have_count(1)
    values = p.locator("table.shortlist tbody tr td:nth-child(4)").evaluate_all(
        "tds => tds.map(td => td.dataset.sort).filter(v => v !== '').map(Number)"
    )
    assert values == sorted(values, reverse=True)

    boxes = p.locator("table.shortlist input[name=ids]")
    ids = [boxes.nth(i).get_attribute("value") for i in range(2)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    wait_until(p, "document.getElementById('compare-tray') !== null")
    expect(p.locator("#compare-tray")).to_contain_text("2 programs to compare")
    p.goto(f"{live_server}/p/{saved['id']}/programs/{ids[0]}")
    tray = p.locator("#compare-tray")
    expect(tray).to_contain_text("2 programs to compare")
    href = tray.get_by_role("link", name="Compare them").get_attribute("href") or ""
    assert all(f"ids={i}" in href for i in ids)
    tray.get_by_role("link", name="Compare them").click()
    p.wait_for_url(re.compile(r".*/compare\?.*"))  # the compare page, not the one clicked on
    p.wait_for_load_state("networkidle")
    assert "Side by side" in p.inner_text("h1")
    assert page.outside == [] and page.console_errors == []
    assert [v for v in page.axe_violations() if v["impact"] in ("serious", "critical")] == []

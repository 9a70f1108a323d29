"""Browser tests: a live server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Chromium is installed by ``.ci/run`` (apt-get); Playwright never downloads a browser.
Every test fails on a console error or on any request that leaves 127.0.0.1, and saves a
screenshot of what it saw under ``$MLMASTERS_SCREENSHOTS`` (default: a pytest temporary
directory, printed at the end of the run).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.support.server import served

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_SHOTS: list[Path] = []
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"

pytestmark = pytest.mark.browser
# On a busy machine (CI shares 2 cores) a page that computes a new person's shortlist can take
# several seconds: an assertion waits for the state it reads up to this long, not 5 s
expect.set_options(timeout=20_000)
#: the same for a click, a navigation or a download (Playwright's own default is 30 s)
ACTION_TIMEOUT_MS = 60_000


def shots_dir() -> Path:
    """Where screenshots go: $MLMASTERS_SCREENSHOTS, else the session's temporary directory."""
    return _SHOTS[0]


@pytest.fixture(scope="session", autouse=True)
def _screenshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    env = os.environ.get("MLMASTERS_SCREENSHOTS")
    _SHOTS[:] = [Path(env) if env else tmp_path_factory.mktemp("screenshots")]
    _SHOTS[0].mkdir(parents=True, exist_ok=True)
    yield
    print(f"\nscreenshots: {_SHOTS[0]}")


@pytest.fixture(scope="session")
def live_server(service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser-db") / "db.sqlite"
    # no time budget: on a busy machine a first shortlist can take longer than the 20 s a
    # served request gets (503), and these tests check what pages say, not how fast
    app = create_app(service, database_url=f"sqlite:///{db}", request_timeout=0)
    with served(app) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class PageWatch:
    """Records console errors and requests that leave 127.0.0.1."""

    def __init__(self, page: Any, base: str):
        self.page = page
        self.base = base
        self.console_errors: list[str] = []
        self.outside: list[str] = []
        self.allow_4xx = False
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.route("**/*", self._route)

    def _console(self, msg: Any) -> None:
        expected = self.allow_4xx and "server responded with a status of 4" in msg.text
        if msg.type == "error" and not expected:
            self.console_errors.append(msg.text)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(shots_dir() / f"{name}.png"), full_page=True)

    def axe_violations(self) -> list[dict[str, Any]]:
        # evaluated through the DevTools protocol, so the page's CSP (no inline scripts)
        # stays in force for the app's own code; on the loaded page, not one still arriving
        wait_until(self.page, "document.readyState === 'complete'")
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result: dict[str, Any] = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


def wait_until(page: Any, js: str, timeout: float = 30.0) -> None:
    """Wait until the expression ``js`` is true in the page. (Playwright's wait_for_function
    polls through eval, which the app's CSP forbids; evaluate goes through DevTools.)"""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(js):
                return
        except Exception:  # the page is navigating: its context was replaced
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout:.0f} s: {js}")
        time.sleep(0.1)


def page_width(page: Any) -> int:
    """The document's width once it has loaded (read during a navigation it can be null)."""
    wait_until(
        page,
        "document.readyState === 'complete' && document.documentElement !== null"
        " && document.documentElement.scrollWidth > 0",
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert isinstance(width, int), width
    return width


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    pg = context.new_page()
    watch = PageWatch(pg, live_server)
    yield watch
    context.close()
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.console_errors == [], f"console errors: {watch.console_errors}"


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    pg = context.new_page()
    watch = PageWatch(pg, live_server)
    yield watch
    context.close()
    assert watch.outside == [] and watch.console_errors == []

"""Rendered pages say things in words: the text pass rewrites identifiers, codes, docs paths
and '1 years', and leaves tags, attributes, scripts, code and citations alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.present import plural as _plural
from mlmasters.service import Service
from mlmasters.web.app import create_app
from mlmasters.web.plain import plain_html, plain_text


@pytest.mark.parametrize(
    ("raw", "plain"),
    [("give hours_per_week in your profile", "give hours a week in your profile"),
     ("earnings test: insufficient_data", "earnings test: not enough data"),
     ("(profile: must_keep_working)", "(your answer: keeping your job)"),
     ("documented judgments (docs/assess.md)", "documented judgments (the method notes)"),
     ("find 1 more hours", "find 1 more hour"), ("1 years", "1 year"),
     ("11 years, 1.5 years, 21 months", "11 years, 1.5 years, 21 months"),
     ("unknown (unknown)", "unknown"), ("not-listed", "not listed"),
     ("roles: data-scientist, ml-engineer", "roles: data scientist, machine learning engineer"),
     ("part-time, full-time, self-study", "part-time, full-time, self-study")],
)  # fmt: skip
def test_plain_text(raw: str, plain: str) -> None:
    assert plain_text(raw) == plain


def test_plain_html_keeps_markup_scripts_and_code() -> None:
    html = (
        '<p class="a_b" data-x="hours_per_week">hours_per_week</p>'
        "<script>var must_keep_working = 1;</script><code>cip_code</code>"
        "<cite>data/sources/hd2024.csv</cite><pre>x_y</pre><p>value_flag</p>"
    )
    out = plain_html(html)
    assert '<p class="a_b" data-x="hours_per_week">hours a week</p>' in out
    assert "var must_keep_working = 1;" in out and "<code>cip_code</code>" in out
    assert "<cite>data/sources/hd2024.csv</cite>" in out and "<pre>x_y</pre>" in out
    assert "<p>earnings test</p>" in out


def test_plural() -> None:
    assert [_plural(1, "year"), _plural(2, "year"), _plural(1.5, "year"), _plural(0, "hour")] == [
        "1 year", "2 years", "1.5 years", "0 hours"]  # fmt: skip
    assert _plural(None, "year") == "unknown"


def test_metro_search_api(small_service: Service, tmp_path: Path) -> None:
    client = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'd.db'}"))
    names = small_service.wages.metro_names()
    city = names[0].split("-")[0].split(",")[0]
    r = client.get("/api/v1/areas", params={"q": city})
    assert r.status_code == 200 and names[0] in [a["name"] for a in r.json()]
    assert client.get("/api/v1/areas", params={"q": "x" * 200}).status_code == 422


def test_methods_figures_are_served(small_service: Service, tmp_path: Path) -> None:
    client = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'd.db'}"))
    r = client.get("/methods/earnings-calibration.svg")  # the back-test figure earnings.md shows
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert client.get("/methods/no-such-figure.svg").status_code == 404

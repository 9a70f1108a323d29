"""Rendered pages say things in words: the text pass rewrites identifiers, codes, docs paths
and '1 years', and leaves tags, attributes, scripts, code and citations alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.present import plural as _plural
from mlmasters.render.plain import plain_html, plain_text
from mlmasters.service import Service
from mlmasters.web.app import create_app


@pytest.mark.parametrize(
    ("raw", "plain"),
    [("give hours_per_week in your profile", "give hours a week in your profile"),
     ("earnings test: insufficient_data", "earnings test: not enough data"),
     ("(profile: must_keep_working)", "(from your answer on keeping your job)"),
     ("the career profile: growth", "the career profile: growth"),
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


def test_answers_are_echoed_as_given() -> None:
    """Issue 24.2: a model's "(profile: must_keep_working, ...)" reads as the answer given,
    so a person who can stop working is never told "keeping your job"."""
    from mlmasters.profile import Profile

    src = "<p>free to stop working (profile: must_keep_working, years_experience; guide)</p>"
    quit_ = plain_html(src, Profile(must_keep_working=False, years_experience=0))
    assert "(your answers — must keep working: no, years of work: 0; guide)" in quit_
    keep = plain_html(src, Profile(must_keep_working=True))
    assert "must keep working: yes, years of work: not given" in keep
    phd = plain_html("<p>(profile: research_interest >= 2)</p>", Profile(research_interest=3))
    assert "(your answer — interest in research: 3 — I want a PhD)" in phd
    assert "keeping your job" not in quit_ + keep


def test_developer_words_stay_in_data_and_methods() -> None:
    """Issue 24.6: statute numbers, codes, method and file names read as what they mean on
    pages a person reads (attributes too); ``technical`` keeps them."""
    src = (
        '<p title="core to ML (docs/catalog.md); at this UNITID">34 CFR 600.2 (federal '
        "credit-hour definition); in federal student aid (Title IV); samples (Dirichlet, "
        "concentration 50); TOPSIS; P(top 10); Scorecard FoS; DESIGN.md workload reference; "
        "CIP 11.01</p>"
    )
    out = plain_html(src)
    for word in ("CFR", "Title IV", "UNITID", "Dirichlet", "TOPSIS", "P(top", "FoS", ".md",
                 "CIP"):  # fmt: skip
        assert word not in out, word
    assert "the federal credit-hour definition" in out and "chance of the top 10" in out
    assert 'title="core to ML (the method notes); for this institution"' in out
    kept = plain_html(src, technical=True)
    assert "34 CFR 600.2" in kept and "TOPSIS" in kept and "UNITID" in kept


def test_a_percentile_gets_a_glossary_tooltip_in_text_only() -> None:
    """Issue 24.6: a term a sentence needs ("p10-p90") carries its meaning as a tooltip; not
    inside an option, an attribute or code, and not on Data & methods."""
    out = plain_html('<p title="p10">inside its p10-p90</p><option>p90</option><code>p50</code>')
    tip = '<abbr title="percentile: 10 in 100 are below it">p10</abbr>'
    assert f"inside its {tip}-<abbr" in out and 'title="p10"' in out
    assert "<option>p90</option>" in out and "<code>p50</code>" in out
    assert "<abbr" not in plain_html("<p>p10</p>", technical=True)


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


def test_data_and_methods_pages_keep_the_method_names(
    small_service: Service, tmp_path: Path
) -> None:
    """Issue 24.6: the words taken off person-facing pages stay where methods are explained."""
    client = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'd.db'}"))
    assert "34 CFR 600.2" in client.get("/methods/plan").text
    assert "TOPSIS" in client.get("/methods/rank").text
    assert client.get("/data").status_code == 200

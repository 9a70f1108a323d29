"""Reports carry the unknowns (issue 24.5): every "?" mark the web shortlist shows for a
program (filters passed only because a fact is unknown, criteria scored on an unknown fact)
appears in the HTML report's row of the same program, and the report reads on a phone."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app
from mlmasters.web.profiles import personas

Marks = dict[str, tuple[str, frozenset[str]]]
_FILTER = re.compile(r'class="unknown-mark[^"]*"[^>]*>\s*(\?[^<]*)<')
_BAR = re.compile(r'<div class="bar-row"[^>]*>(.*?)</div>', re.S)
_LABEL = re.compile(r'<span class="bar-label">([^<]*)</span>')
_CRITERION = re.compile(r'class="unknown-mark criterion-mark"[^>]*>([^<]*) \?<')


@pytest.fixture(scope="module")
def client(service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("report-marks-db") / "db.sqlite"
    with TestClient(create_app(service, database_url=f"sqlite:///{db}")) as c:
        yield c


def _text(s: str) -> str:
    return " ".join(html.unescape(s).split())


def web_marks(page: str) -> Marks:
    """Program id -> (the filter mark, the criteria marked "?") of the shortlist's rows."""
    table = page.split('id="unverified"')[0].split('<table class="shortlist">', 1)[1]
    out: Marks = {}
    for row in table.split("<tr>")[1:]:
        ids = re.findall(r'/programs/([\w.-]+)"', row)
        if not ids:
            continue
        filt = _FILTER.search(row.split('class="bars"')[0])
        unknown = {
            _text(m.group(1))
            for bar in _BAR.findall(row)
            if "unknown-mark" in bar and (m := _LABEL.search(bar))
        }
        out[ids[0]] = (_text(filt.group(1)) if filt else "", frozenset(unknown))
    return out


def report_marks(page: str) -> Marks:
    """The same, read from the report's shortlist table."""
    table = page.split('<table class="shortlist">', 1)[1].split("</table>")[0]
    out: Marks = {}
    for pid, row in re.findall(r'<tr data-program="([\w.-]+)">(.*?)</tr>', table, re.S):
        filt = _FILTER.search(row)
        crit = {_text(c) for c in _CRITERION.findall(row)}
        out[pid] = (_text(filt.group(1)) if filt else "", frozenset(crit))
    return out


@pytest.mark.parametrize("name", ["career-changer", "working-professional"])
def test_the_report_keeps_every_unknown_mark_of_the_shortlist(
    client: TestClient, name: str
) -> None:
    profile = personas()[name]
    r = client.post("/api/v1/profiles", json={"profile": profile.model_dump(mode="json")})
    pid = r.json()["id"]
    web = web_marks(client.get(f"/p/{pid}/shortlist").text)
    report = report_marks(client.get(f"/p/{pid}/report.html").text)
    both = sorted(set(web) & set(report))
    assert len(both) >= 5, (sorted(web), sorted(report))
    assert any(web[p][0] or web[p][1] for p in both), "no unknown to compare"
    for p in both:
        assert report[p] == web[p], p


def test_the_html_report_has_a_phone_viewport_and_wrapped_tables(client: TestClient) -> None:
    profile = personas()["career-changer"]
    pid = client.post("/api/v1/profiles", json={"profile": profile.model_dump(mode="json")}).json()[
        "id"
    ]
    page = client.get(f"/p/{pid}/report.html").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    tables = page.count("<table")
    # each wrapper that may scroll is a named tab stop (a static file has no script to mark it)
    wrapped = re.findall(
        r'<div class="table-wrap" tabindex="0" role="region" aria-label="[^"]+"><table', page
    )
    assert tables >= 2 and len(wrapped) == tables
    assert "What drives the months:" in page

"""Every page a person reads agrees with itself (issue 24): for every example persona, the
start page, assessment, shortlist, two program pages, their comparison, the HTML report, the
programs list, a program's public page and the saved profiles are rendered and read by
``tests/support/statements.py``, which fails on the contradictions people met; and it is
shown to fail on the issue's old sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.web.app import create_app
from mlmasters.web.profiles import personas
from tests.support.statements import contradictions, first, page_contradictions, totals

PERSONAS = sorted(personas())


@pytest.fixture(scope="module")
def client(service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("statements-db") / "db.sqlite"
    with TestClient(create_app(service, database_url=f"sqlite:///{db}")) as c:
        yield c


def pages_of(client: TestClient, name: str, profile: Profile) -> dict[str, str]:
    """Every person-facing page of one persona, as rendered."""
    r = client.post("/api/v1/profiles", json={"profile": profile.model_dump(mode="json")})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    got: dict[str, Any] = {
        "start": client.get("/", params={"persona": name}),
        "assessment": client.get(f"/p/{pid}"),
        "shortlist": client.get(f"/p/{pid}/shortlist"),
        "report": client.get(f"/p/{pid}/report.html"),
        "programs": client.get("/programs"),
    }
    ids = list(dict.fromkeys(re.findall(rf"/p/{pid}/programs/([\w.-]+)", got["shortlist"].text)))
    for prog in ids[:2]:
        got[f"program {prog}"] = client.get(f"/p/{pid}/programs/{prog}")
    if ids:
        got["catalog program"] = client.get(f"/programs/{ids[0]}")
    got["saved profiles"] = client.get("/profiles")
    if len(ids) >= 2:
        got["compare"] = client.get(f"/p/{pid}/compare", params=[("ids", i) for i in ids[:2]])
    for k, resp in got.items():
        assert resp.status_code == 200, (k, resp.status_code)
    return {k: resp.text for k, resp in got.items()}


@pytest.mark.parametrize("name", PERSONAS)
def test_no_page_contradicts_itself(client: TestClient, name: str) -> None:
    profile = personas()[name]
    pages = pages_of(client, name, profile)
    shown = sum(k.startswith("program ") for k in pages)
    assert shown >= 1 or "0</strong> are known" in pages["shortlist"]
    bad = contradictions(pages, profile)
    assert not bad, first(bad)


# -- the checker can fail: the sentences of the issue, as the pages printed them ------------
OLD_PROGRAM = """
<p class="verdict" id="verdict">For you the typical outcome loses $22,100 over your working life;
you come out ahead in 42% of outcomes. If you finish, the typical outcome is +$416,400. The
average over all outcomes is +$98,000. On the typical outcome you are not back to even within
your career. It takes you about 33 months.</p>
<dl class="kpis">
<div><dt>Typical outcome (median, after-tax)</dt><dd>−$22,100</dd></div>
<div><dt>Typical outcome if you finish</dt><dd>$416,358</dd></div>
<div><dt>Back to even (typical outcome)</dt><dd>not within your career</dd></div>
</dl>
<label>The degree's effect on your pay <output>4.0%</output></label>
<p class="note">The degree's lasting effect on your pay: +4.4% — estimated.</p>
<p>about 24 months, shorter than 100% of programs; field 11.07: core to ML (docs/catalog.md);
in federal student aid (Title IV); 10,000 samples (Dirichlet, concentration 50); TOPSIS;
34 CFR 600.2; at this UNITID; Scorecard FoS; DESIGN.md workload reference</p>
<h1>My your answer: your assessment</h1>
<li>free to stop working (your answer: keeping your job, years of work)</li>
"""


def test_the_checker_flags_the_old_wording() -> None:
    bad = page_contradictions("old program page", OLD_PROGRAM, Profile(must_keep_working=False))
    text = "\n".join(bad)
    for kind in ("not named by its statistic", "back to even for an unnamed outcome",
                 "positive if-you-finish figure", "sentences (at most two)", "pay effect reads",
                 "shorter than 100% of programs", "developer word 'catalog.md'", "'Title IV'",
                 "'Dirichlet'", "'TOPSIS'", "'CFR'", "'UNITID'", "'FoS'", "'DESIGN'",
                 "'My your answer'", "'keeping your job' told to someone"):  # fmt: skip
        assert kind in text, (kind, text)
    old_totals = {
        "shortlist": "<p><strong>320</strong> of 2,601 programs pass your hard filters</p>",
        "programs": '<p class="lede">2,157 programs match. Earnings are</p>',
    }
    assert totals(old_totals)
    new_totals = {
        "shortlist": "<p>Of the 2,601 programs in the catalog, <strong>320</strong> pass</p>",
        "programs": "<p>2,157 of the 2,601 programs in the catalog match</p>",
    }
    assert not totals(new_totals)
    from tests.support.statements import budget_words

    start = "<small>e.g. $40,000 or 40k; programs above it are marked</small>"
    shortlist = "<li>budget — tuition after employer support &lt;= $30,000: removed 1,466</li>"
    assert budget_words(start, shortlist)


def test_the_checker_flags_a_back_to_even_against_its_figure() -> None:
    html = """<dl class="kpis"><div><dt>Median of all outcomes (after-tax)</dt><dd>$41,000</dd>
    </div><div><dt>Back to even (median of all outcomes)</dt><dd>not within your career</dd></div>
    </dl>"""
    assert any("beside back to even" in b for b in page_contradictions("p", html))
    ok = html.replace("not within your career", "year 12")
    assert not page_contradictions("p", ok)


def test_a_report_of_two_programs_is_two_pay_effects() -> None:
    """A report with two programs of different pay effects is not one quantity twice."""
    html = (
        '<div class="program"><p class="muted">The degree\'s effect on your pay: +4.7%</p></div>'
        '<div class="program"><p class="muted">The degree\'s effect on your pay: +9.1%</p></div>'
    )
    assert not page_contradictions("report", html)

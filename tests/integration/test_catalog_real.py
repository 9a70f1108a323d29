"""Catalog on the real snapshot: joins, sources, tuition levels, acceptance figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mlmasters.catalog.tuition import resolve_tuition
from mlmasters.errors import NotFoundError
from mlmasters.service import Service

pytestmark = pytest.mark.integration

#: records in src/mlmasters/data/curated/programs_curated.jsonl (68 before the 2026-12-07 review)
CURATED_RECORDS = 277


def test_georgia_tech_cip_1101_acceptance(run_cli, data_dir: Path) -> None:
    code, out, _ = run_cli("programs", "search", "--cip", "11.01", "--state", "GA", "--json",
                           data_dir=data_dir)  # fmt: skip
    assert code == 0
    rows = json.loads(out)["programs"]
    gt = [r for r in rows if r["institution"].startswith("Georgia Institute of Technology")]
    # two named programs (OMSCS, the on-campus MSCS) join the one federal row and share it
    assert {r["program_id"] for r in gt} == {"gatech-omscs", "gatech-mscs-campus"}
    assert gt[0]["completers_count"] == gt[1]["completers_count"] == 2416
    assert gt[0]["earnings_median_usd"] == 195622
    assert gt[0]["earnings_horizon_years"] == 4
    assert gt[0]["debt_median_usd"] == 20500
    assert all(r["state"] == "GA" and r["cip_code"] == "11.01" for r in rows)


def test_every_federal_row_is_in_the_catalog(service: Service) -> None:
    fos = service.snapshot.table("scorecard_fos")
    ids = {f"{u}-{c}" for u, c in zip(fos.unitid, fos.cip_code, strict=True)}
    masters = fos[fos.credential_level == 5]
    mids = {f"{u}-{c}" for u, c in zip(masters.unitid, masters.cip_code, strict=True)}
    for fid in mids:
        assert service.catalog.get(fid).unitid == fid.split("-")[0]
    assert len(ids) > len(mids)


def test_curated_programs_are_matched_or_reported(service: Service) -> None:
    report = service.catalog.report
    assert len(report.matched) + len(report.unmatched) == CURATED_RECORDS
    unmatched = dict(report.unmatched)
    for pid in ("ucl-msc-ml", "ethz-msc-ds", "nus-mcomp-ai"):
        assert "outside the US" in unmatched[pid]
    omscs = service.catalog.get("gatech-omscs")
    assert omscs.cip_code == "11.01" and omscs.federal_match
    campus = service.catalog.get("gatech-mscs-campus")
    # the federal id resolves to the first (by id) of the named programs that share the row
    assert service.catalog.get("139755-11.01") is campus
    assert omscs.federal_id == campus.federal_id == "139755-11.01"
    assert omscs.federal_shared_with == ["gatech-mscs-campus"]
    assert campus.federal_shared_with == ["gatech-omscs"]
    pooled = service.catalog.get("139755-11.07")
    assert not pooled.named and pooled.name.endswith("(federal data; not one program)")


def test_a_data_science_program_joins_a_data_science_row_or_none(service: Service) -> None:
    """The name's first rule decides the families: no data science program sits on the
    institution's computer science or statistics row (Berkeley MIDS sat on 27.05)."""
    from mlmasters.catalog.match import name_rule

    unmatched = dict(service.catalog.report.unmatched)
    assert "no master's row in 30.70, 30.71" in unmatched["berkeley-mids-online"]
    assert service.catalog.get("berkeley-mids-online").cip_code is None
    rule = name_rule("Master of Science in Data Science")
    assert rule is not None
    for pid, _fid, how in service.catalog.report.matched:
        p = service.catalog.get(pid)
        if how.startswith("name matches") and name_rule(p.name) == rule:
            assert p.cip_code in ("30.70", "30.71"), pid
    # the new families join: information management, computer engineering, operations research
    assert service.catalog.get("uw-ischool-msim-mid-career-online").cip_code == "11.04"
    assert service.catalog.get("sjsu-ms-computer-engineering").cip_code == "14.09"
    assert service.catalog.get("columbia-ieor-msor").cip_code == "52.13"


def test_unknown_is_none_never_zero(service: Service) -> None:
    ucl = service.catalog.get("ucl-msc-ml")
    assert ucl.earnings_median_usd is None and ucl.completers_count is None
    ds = service.search_programs(cip="30.70", limit=5000).programs
    assert ds and all(p.earnings_median_usd is None for p in ds)


def test_tuition_resolution_order_and_labels(service: Service) -> None:
    omscs = service.catalog.get("gatech-omscs")
    t = resolve_tuition(omscs, "GA")
    assert t.level == "program" and t.total_usd == 7000
    # a federal row falls back to the institution's IPEDS average (GT: 14,064 + 1,506 in-state)
    fed = service.catalog.get("139755-11.07")
    t_in = resolve_tuition(fed, "GA")
    t_out = resolve_tuition(fed, "TX")
    assert t_in.level == "ipeds-institution" and "in-state" in t_in.label
    assert "IPEDS 2023-24" in t_in.label and "$15,570 a year" in t_in.label
    assert "out-of-state" in t_out.label and "$30,646 a year" in t_out.label
    # one basis for both modes: the federal row's credits are unknown, so the annual average
    part = resolve_tuition(fed, "GA", mode="part-time")
    assert part.total_usd == t_in.total_usd and part.label == t_in.label
    # in 2025 dollars from 2023-24 by the CPI-U: 321.943 / 304.702
    assert t_in.cpi_factor == pytest.approx(1.0566, abs=1e-4) and "in 2025 dollars" in t_in.label
    assert t_in.nominal_usd is not None and t_in.total_usd == round(
        t_in.nominal_usd * 321.943 / 304.702
    )
    # CMU MCDS: per-credit x its 36 credits, full- and part-time alike (was $65,933 vs $24,480)
    cmu = service.catalog.get("cmu-mcds")
    ft, pt = resolve_tuition(cmu, "TX"), resolve_tuition(cmu, "TX", mode="part-time")
    assert ft.basis == pt.basis == "per-credit" and ft.total_usd == pt.total_usd
    assert "$680 per credit x 36 credits" in ft.label and ft.nominal_usd == 24480
    # a published price of 2018-19, labelled and inflated (UIUC online MCS, $19,200)
    uiuc = resolve_tuition(service.catalog.get("uiuc-mcs-online"))
    assert uiuc.basis == "published" and uiuc.nominal_usd == 19200
    assert uiuc.total_usd == round(19200 * 321.943 / 251.107) and "2018-19" in uiuc.label
    # no online program is priced at a campus average
    for p in service.catalog.programs:
        if p.delivery == "online":
            assert resolve_tuition(p).basis != "annual-average", p.program_id
    # non-USD totals are not converted
    ucl = resolve_tuition(service.catalog.get("ucl-msc-ml"))
    assert ucl.total_usd is None


def test_program_detail_lists_sources_with_licenses(service: Service) -> None:
    d = service.get_program("gatech-omscs")
    labels = " ".join(s["label"] for s in d.sources)
    assert "College Scorecard" in labels and "2026-06-10" in labels
    assert any(s["license"] == "CC-BY-4.0" for s in d.sources)
    assert any((s["url"] or "").startswith("http") for s in d.sources)


def test_unknown_program_id_suggests(service: Service) -> None:
    with pytest.raises(NotFoundError) as exc:
        service.get_program("gatech-omsc")
    assert "gatech-omscs" in str(exc.value)


# --- issue 17: scope, institutions, credit units ------------------------------------------
def test_field_relevance_covers_every_family_in_the_catalog(service: Service) -> None:
    from mlmasters.catalog.fields import FIELD_RELEVANCE

    fos = service.snapshot.table("scorecard_fos")
    families = set(fos[fos.credential_level == 5].cip_code)
    assert families <= set(FIELD_RELEVANCE)
    rel = {k: v.relevance for k, v in FIELD_RELEVANCE.items()}
    assert {rel[c] for c in ("11.01", "11.07", "30.70", "30.71", "27.05", "14.09")} == {"core"}
    assert {rel[c] for c in ("27.03", "11.04", "52.13")} == {"adjacent"}
    assert {rel[c] for c in ("11.10", "11.09", "11.06", "11.03")} == {"outside"}


def test_default_catalog_leaves_out_closed_and_outside_and_counts_them(
    service: Service, run_cli, data_dir: Path
) -> None:
    res = service.search_programs(limit=5000)
    assert all(p.field_relevance != "outside" for p in res.programs)
    assert all(p.institution_status not in ("closed", "merged") for p in res.programs)
    removed = {c.rule: c.removed for c in res.removed_by_scope}
    assert removed["closed_institution"] == 3  # Rensselaer at Hartford, Multnomah, Cabrini
    assert removed["outside_field"] > 400
    assert res.total == len(service.catalog) - sum(removed.values())
    more = service.search_programs(limit=5000, include_outside_fields=True, include_closed=True)
    assert more.total == len(service.catalog)
    code, out, err = run_cli("programs", "search", "--limit", "3", data_dir=data_dir)
    assert code == 0 and "Left out of the default catalog" in err and "outside machine" in err
    code, out, _ = run_cli("programs", "search", "--limit", "1", "--json", data_dir=data_dir)
    assert {c["rule"] for c in json.loads(out)["removed_by_scope"]} >= {"outside_field"}


def test_closed_institution_is_shown_closed(service: Service, run_cli, data_dir: Path) -> None:
    cabrini = service.catalog.get("211352-30.70")
    assert cabrini.institution_status == "closed" and "2024-05-11" in (
        cabrini.institution_status_note or ""
    )
    code, out, _ = run_cli("programs", "show", "211352-30.70", data_dir=data_dir)
    assert code == 0 and "CLOSED" in out and "Radnor, PA" in out


def test_institution_place_research_and_web_address(service: Service) -> None:
    gt = service.catalog.get("139755-11.07")
    assert (gt.city, gt.cbsa) == ("Atlanta", "12060")
    assert gt.metro_name and gt.metro_name.startswith("Atlanta")
    assert gt.carnegie_research_2025 and gt.carnegie_research_2025.startswith("Research 1")
    assert gt.web_address == "https://www.gatech.edu/"
    assert gt.field_sources["carnegie_research_2025"].label.startswith("IPEDS directory")
    # every US row of the default catalog has its city and state (never just "US")
    shown = service.search_programs(limit=5000).programs
    assert all(p.state and p.city for p in shown if p.country == "US")
    mba = service.catalog.get("147767-52.13")
    assert mba.field_caution and "MBA" in mba.field_caution


def test_institutions_table_in_data_info(service: Service) -> None:
    info = service.data_info()
    inp = next(i for i in info.inputs if i["key"] == "institutions")
    assert inp["sha256"] == "de98ab36af2534d8970e4f97d6f57dfe69e4b2cb5aeb0fa11ecc8e14ddc5dee7"
    table = next(t for t in info.tables if t["name"] == "institutions")
    assert table["rows"] == 6072 and len(table["sha256"]) == 64


def test_every_curated_program_has_a_unit_and_a_plausible_full_time_plan(
    service: Service,
) -> None:
    from mlmasters.models.plan.assemble import build_plan
    from mlmasters.models.plan.result import PlanOptions
    from mlmasters.profile import Profile

    curated = [p for p in service.catalog.programs if p.kind == "curated"]
    assert len(curated) == CURATED_RECORDS
    for p in curated:
        if p.credits_total is not None:
            assert p.credit_unit and p.credits_conversion, p.program_id
        if p.enrollment_modes and "full-time" not in p.enrollment_modes:
            continue  # part-time only: no full-time plan
        plan = build_plan(p, Profile(), PlanOptions(mode="full-time", draws=200))
        hours = max(t.hours_per_week for t in plan.terms if t.kind == "courses")
        assert 20 <= hours <= 60, (p.program_id, hours)
        if p.duration_months_full_time:
            months = p.duration_months_full_time
            assert abs(plan.planned_months - months) <= 0.25 * months, p.program_id


def test_relocation_by_metro(service: Service) -> None:
    from mlmasters.profile import Profile

    prof = Profile(state="WA", metro="Seattle", can_relocate=False, target_role="ml-engineer")
    r = service.ranking(prof, _rank_opts(), roi=None)
    loc = next(o for o in r.filters.outcomes if o.name == "location")
    assert "Seattle" in loc.rule
    f = r.cs.facts
    for i in np.flatnonzero(r.filters.keep):
        if f.delivery[i] == 2:  # on campus and kept: in the Seattle metro or within 50 miles
            assert f.cbsa[i] == "42660" or f.state[i] == "WA", f.ids[i]


def _rank_opts():  # type: ignore[no-untyped-def]
    from mlmasters.models.rank.engine import rank_options

    return rank_options(samples=0)


def test_catalog_doc_generated_sections_are_current(service: Service) -> None:
    from mlmasters.catalog.coverage import render_catalog_doc

    doc = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"
    text = doc.read_text()
    assert text == render_catalog_doc(text, service.catalog.programs), (
        "regenerate: docs/catalog.md sections from mlmasters.catalog.coverage.render_catalog_doc"
    )


def test_catalog_page_counts_and_program_page_institution(service: Service, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from mlmasters.web.app import create_app

    client = TestClient(create_app(service, database_url=f"sqlite:///{tmp_path / 'w.db'}"))
    page = client.get("/programs").text
    assert 'id="scope-counts"' in page and "outside machine learning" in page
    assert "federal data code MBAs here too" in page
    closed = client.get("/programs/211352-30.70").text
    assert 'id="inst-status"' in closed and "2024-05-11" in closed
    gt = client.get("/programs/139755-11.07").text
    assert '<a href="https://www.gatech.edu/"' in gt and "not the department" in gt


def test_curated_table_is_checked_and_in_data_info(service: Service) -> None:
    from mlmasters.data.sources import CURATED, curated_path, sha256_file

    info = service.data_info()
    cur = next(i for i in info.inputs if i["key"] == "programs_curated")
    spec = next(c for c in CURATED if c.key == "programs_curated")
    assert cur["sha256"] == sha256_file(curated_path(spec))
    assert cur["records_used"] == CURATED_RECORDS and cur["left_out"] == []


def test_reviewed_candidates_join_what_the_review_found(service: Service) -> None:
    """data/candidates/2026-12-07/REVIEW.md and 2026-12-08/REVIEW.md: dropped records stay
    out, split formats are one record each, and the joins the review checked hold."""
    ids = {p.program_id for p in service.catalog.programs if p.kind == "curated"}
    for gone in ("uncc-ms-dsba", "scu-mscse", "vanderbilt-msds", "psu-worldcampus-mcs",
                 "mit-meng-eecs", "wgu-mscs-online", "ucdavis-mscs"):  # fmt: skip
        assert gone not in ids
    campus, online = service.catalog.get("tamu-mcs"), service.catalog.get("tamu-mcs-online")
    assert (campus.delivery, online.delivery) == ("on-campus", "online")
    assert campus.federal_id == online.federal_id == "228723-11.07"
    assert "tamu-mcs-online" in campus.federal_shared_with
    # a tie of unknown counts goes to the data science family, not data analytics
    assert service.catalog.get("unt-ms-data-science").cip_code == "30.70"
    # the school's own CIP (11.0501) decides the row
    assert service.catalog.get("nwmissouri-ms-acs").federal_id == "178624-11.05"
    # information systems joins the information science family (11.04) since issue 23's rules;
    # a management information systems degree (CIP 52.12, not in the catalog) joins none
    assert service.catalog.get("umbc-msis-online").federal_id == "163268-11.04"
    assert service.catalog.get("niu-ms-mis").federal_id is None

"""Catalog on the real snapshot: joins, sources, tuition levels, acceptance figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlmasters.catalog.tuition import resolve_tuition
from mlmasters.errors import NotFoundError
from mlmasters.service import Service

pytestmark = pytest.mark.integration


def test_georgia_tech_cip_1101_acceptance(run_cli, data_dir: Path) -> None:
    code, out, _ = run_cli("programs", "search", "--cip", "11.01", "--state", "GA", "--json",
                           data_dir=data_dir)  # fmt: skip
    assert code == 0
    rows = json.loads(out)["programs"]
    gt = [r for r in rows if r["institution"].startswith("Georgia Institute of Technology")]
    assert len(gt) == 1
    assert gt[0]["completers_count"] == 2416
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
    assert len(report.matched) + len(report.unmatched) == 35
    unmatched = dict(report.unmatched)
    for pid in ("ucl-msc-ml", "ethz-msc-ds", "nus-mcomp-ai"):
        assert "outside the US" in unmatched[pid]
    omscs = service.catalog.get("gatech-omscs")
    assert omscs.cip_code == "11.01" and omscs.federal_match
    assert service.catalog.get("139755-11.01") is omscs  # federal id resolves to it


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
    part = resolve_tuition(fed, "GA", mode="part-time")
    assert "$586 per credit" in part.label
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

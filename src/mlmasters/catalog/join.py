"""Join the snapshot's tables into programs: a curated or user record with its federal row,
its institution's directory entry and IPEDS tuition, or a federal row with no named program."""

from __future__ import annotations

from typing import Any

import pandas as pd

from mlmasters.catalog.credits import full_time_months_from_unit, to_semester_credits
from mlmasters.catalog.fields import CIP_SOURCE, relevance_of
from mlmasters.catalog.match import match_federal
from mlmasters.catalog.program import FieldSource, IpedsTuition, Program
from mlmasters.catalog.records import ProgramRecord
from mlmasters.data.snapshot import Snapshot

FEDERAL_FIELDS = (
    "completers_count",
    "earnings_median_usd",
    "earnings_horizon_years",
    "debt_median_usd",
    "earnings_premium_state_usd",
    "fails_earnings_premium",
    "value_flag",
    "cip_code",
    "cip_title",
    "control",
)
DETAIL_FIELDS = (
    "degree",
    "delivery",
    "enrollment_modes",
    "credits_total",
    "credit_unit",
    "duration_months_full_time",
    "duration_months_part_time_typical",
    "tuition_total",
    "tuition_currency",
    "tuition_basis",
    "tuition_academic_year",
    "thesis",
    "internship",
    "capstone",
    "tracks",
    "core_courses",
    "prerequisites",
    "accreditation",
    "gre_required",
    "confidence",
    "notes",
)


def _none(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def federal_id(unitid: str, cip: str) -> str:
    return f"{unitid}-{cip}"


def federal_row_name(cip_title: str) -> str:
    """What a federal row without a named program is: the institution's master's programs in a
    CIP family, pooled (its institution is shown beside it on every surface)."""
    return f"Master's programs in {cip_title} (federal data; not one program)"


def _scorecard_source(snap: Snapshot) -> FieldSource:
    i = snap.input("scorecard")
    return FieldSource(
        label=f"College Scorecard field of study, release {i['release']} "
        f"({i['package']} {i['version']}); institution-wide for the CIP family",
        license=i["license"],
    )


def _ipeds_by_unitid(snap: Snapshot) -> dict[str, IpedsTuition]:
    df = snap.table("ipeds_tuition", cache=False).sort_values(["unitid", "academic_year"])
    newest = df.groupby("unitid", sort=False).tail(1)
    out = {}
    for row in newest.to_dict("records"):
        out[str(row["unitid"])] = IpedsTuition(
            **{k: _none(row[k]) for k in IpedsTuition.model_fields}
        )
    return out


def _field_facts(cip_code: str | None) -> dict[str, Any]:
    rel = relevance_of(cip_code)
    if rel is None:
        return {}
    return {"field_relevance": rel.relevance, "field_caution": rel.caution}


def _field_source(cip_code: str | None) -> dict[str, FieldSource]:
    rel = relevance_of(cip_code)
    if rel is None:
        return {}
    src = FieldSource(label=f"{CIP_SOURCE}; relevance: docs/catalog.md", url=rel.url)
    return {"field_relevance": src}


#: IPEDS ACT codes -> the status shown (HD2024 dictionary; G "child campus" is not a closure).
STATUS_BY_ACT = {"A": "active", "N": "active", "R": "active", "G": "active",
                 "M": "closed", "D": "closed", "C": "merged"}  # fmt: skip
INSTITUTION_FIELDS = (
    "city",
    "web_address",
    "cbsa",
    "metro_name",
    "latitude",
    "longitude",
    "carnegie_research_2025",
    "institution_status",
)


def _web(addr: str | None) -> str | None:
    if not addr:
        return None
    return addr if addr.startswith(("http://", "https://")) else f"https://{addr}"


def _status_note(row: Any) -> str | None:
    act = str(row["status_act"])
    if act in ("A", "N", "R"):
        return None
    label = _none(row["status_act_label"]) or act
    if act == "G":
        return f"IPEDS: {label} (data reported with its parent institution)"
    when = _none(row["closed_on"])
    into = _none(row["merged_into_unitid"])
    return (
        f"IPEDS HD2024: {label}"
        + (f", closed {when}" if when else "")
        + (f"; data now under UNITID {into}" if into else "")
    )


def _institutions(snap: Snapshot, wanted: set[str]) -> dict[str, dict[str, Any]]:
    """unitid -> the Program fields that come from the IPEDS directory."""
    areas = snap.table("oews_areas", cache=False)
    metros = areas[areas["area_type"] == "M"]
    names = {str(c)[-5:]: str(n) for c, n in zip(metros.area_code, metros.area_name, strict=True)}
    inst = snap.table("institutions", cache=False)
    inst = inst[inst["unitid"].isin(wanted) | (inst["offers_graduate"] == "yes")]
    out: dict[str, dict[str, Any]] = {}
    for row in inst.to_dict("records"):
        cbsa = _none(row["cbsa"])
        act = str(row["status_act"])
        out[str(row["unitid"])] = {
            "city": _none(row["city"]),
            "state": _none(row["state"]),
            "web_address": _web(_none(row["web_address"])),
            "cbsa": cbsa,
            "metro_name": names.get(str(cbsa)) if cbsa else None,
            "latitude": _none(row["latitude"]),
            "longitude": _none(row["longitude"]),
            "carnegie_research_2025": _none(row["carnegie_research_2025_label"]),
            "institution_status": STATUS_BY_ACT.get(act),
            "institution_status_note": _status_note(row),
        }
    return out


class Joiner:
    """Joins a detail record to its federal row and its institution's IPEDS charges and
    directory entry (place, research designation, status)."""

    def __init__(self, snap: Snapshot):
        self.ipeds = _ipeds_by_unitid(snap)
        inp = snap.input("institutions")
        self.institution_source = FieldSource(
            label=f"IPEDS directory {inp['release']} (institution level, not the department)",
            license=inp["license"],
        )
        src = _scorecard_source(snap)
        self.ipeds_source = FieldSource(
            label="IPEDS graduate tuition and fees (institution-wide average)",
            license="Public domain (U.S. Government work)",
        )
        fos = snap.table("scorecard_fos")
        masters = fos[fos["credential_level"] == 5]
        self.federal: dict[str, dict[str, Any]] = {}
        self.rows_by_unitid: dict[str, dict[str, int]] = {}
        for row in masters.to_dict("records"):
            unitid, cip = str(row["unitid"]), str(row["cip_code"])
            values = {k: _none(row[k]) for k in FEDERAL_FIELDS}
            fid = federal_id(unitid, cip)
            self.federal[fid] = {
                # only what federal_program reads: the catalog keeps the joiner for users'
                # program files, and whole rows would cost a few MB for the server's life
                "row": {k: row[k] for k in ("unitid", "cip_title", "institution", "state")},
                "values": values,
                "sources": {k: src for k, v in values.items() if v is not None},
            }
            self.rows_by_unitid.setdefault(unitid, {})[cip] = int(
                _none(row["completers_count"]) or 0
            )
        self.institutions = _institutions(snap, set(self.rows_by_unitid))

    def institution_facts(
        self, unitid: str | None, known: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, FieldSource]]:
        """Directory fields for ``unitid`` (given values in ``known`` win), with sources."""
        if unitid is None:
            return {}, {}
        row = self.institutions.get(unitid)
        if row is None:
            note = (
                "not in the IPEDS 2024-25 directory (HD2024 lists every institution in IPEDS "
                "that year): closed, merged or no longer reporting"
            )
            out = {"institution_status": "not-listed", "institution_status_note": note}
            return out, {"institution_status": self.institution_source}
        out = {k: v for k, v in row.items() if known.get(k) is None and v is not None}
        return out, {k: self.institution_source for k in out if k in INSTITUTION_FIELDS}

    def detail_program(
        self, rec: ProgramRecord, kind: str, origin: str
    ) -> tuple[Program, str | None]:
        """The program for a record, and the federal id it matched (or None)."""
        sources: dict[str, FieldSource] = {}
        data: dict[str, Any] = {k: getattr(rec, k) for k in DETAIL_FIELDS}
        for k in DETAIL_FIELDS:
            if data[k] in (None, []):
                continue
            ref = rec.source_for(k)
            sources[k] = (
                FieldSource(label=ref.url, url=ref.url, retrieved=ref.retrieved)
                if ref is not None
                else FieldSource(label=origin)
            )
        conv = to_semester_credits(rec.credits_total, rec.credit_unit, country=rec.country)
        data["credits_semester_equiv"] = conv.value
        if conv.value is not None:
            data["credits_conversion"] = conv.rule
            sources["credits_semester_equiv"] = FieldSource(label=f"converted: {conv.rule}")
        implied = full_time_months_from_unit(rec.credits_total, rec.credit_unit)
        if data["duration_months_full_time"] is None and implied is not None:
            # a unit that defines a full-time year (ECTS 60, UK 180) implies the duration
            data["duration_months_full_time"] = implied
            sources["duration_months_full_time"] = FieldSource(
                label=f"derived from the credit unit: {rec.credits_total:g} {rec.credit_unit} "
                f"at a full-time year ({conv.rule})"
            )
        data["tuition_usd_per_unit"] = rec.tuition_usd_per_unit
        if rec.tuition_usd_per_unit is not None:
            sources["tuition_usd_per_unit"] = FieldSource(label=f"your exchange rate ({origin})")
        unitid = str(rec.ipeds_unitid) if rec.ipeds_unitid else None
        base: dict[str, Any] = {
            "program_id": rec.program_id,
            "kind": kind,
            "name": rec.program_name,
            "institution": rec.institution,
            "country": rec.country,
            "state": rec.state,
            "city": rec.city,
            "unitid": unitid,
            "detail_sources": list(rec.sources),
            **data,
        }
        if unitid is not None and unitid in self.ipeds:
            base["ipeds_tuition"] = self.ipeds[unitid]
            sources["ipeds_tuition"] = self.ipeds_source
        m = match_federal(unitid, rec.cip_code, rec.program_name, self.rows_by_unitid)
        fid = None
        if m is not None and unitid is not None:
            fid = federal_id(unitid, m.cip_code)
            fed = self.federal[fid]
            base.update(fed["values"])
            base["federal_match"] = m.rule
            base["federal_id"] = fid
            base["aliases"] = [fid]
            sources.update(fed["sources"])
        inst, inst_src = self.institution_facts(unitid, base)
        base.update(inst)
        sources.update(inst_src)
        base.update(_field_facts(base.get("cip_code")))
        sources.update(_field_source(base.get("cip_code")))
        base["field_sources"] = sources
        return Program(**base), fid

    def federal_program(self, fid: str) -> Program:
        fed = self.federal[fid]
        row = fed["row"]
        unitid = str(row["unitid"])
        sources = dict(fed["sources"])
        if unitid in self.ipeds:
            sources["ipeds_tuition"] = self.ipeds_source
        cip = fed["values"]["cip_code"]
        sources.update(_field_source(cip))
        inst, inst_src = self.institution_facts(unitid, {"state": _none(row["state"])})
        inst.setdefault("state", _none(row["state"]))
        sources.update(inst_src)
        return Program(
            **_field_facts(cip),
            **inst,
            program_id=fid,
            kind="federal",
            name=federal_row_name(str(row["cip_title"])),
            institution=str(row["institution"]),
            unitid=unitid,
            ipeds_tuition=self.ipeds.get(unitid),
            field_sources=sources,
            **fed["values"],
        )

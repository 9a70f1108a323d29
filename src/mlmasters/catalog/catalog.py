"""Build the catalog from the snapshot (and optional user program files) and search it."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mlmasters.catalog.join import Joiner
from mlmasters.catalog.match import unmatched_reason
from mlmasters.catalog.program import Program
from mlmasters.catalog.records import ProgramRecord
from mlmasters.catalog.scope import ScopeResult, apply_scope
from mlmasters.catalog.tuition import resolve_tuition
from mlmasters.data.snapshot import Snapshot
from mlmasters.errors import InputError, NotFoundError


@dataclass
class MatchReport:
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # id, federal id, rule
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # id, reason


class Catalog:
    def __init__(self, programs: list[Program], report: MatchReport, joiner: Joiner):
        self.programs = programs
        self.report = report
        self._joiner = joiner
        self._by_id: dict[str, Program] = {}
        for p in programs:
            self._by_id[p.program_id] = p
        for p in programs:
            for a in p.aliases:
                self._by_id.setdefault(a, p)

    def __len__(self) -> int:
        return len(self.programs)

    @property
    def ids(self) -> frozenset[str]:
        """Every id that resolves to a program (program ids and federal aliases)."""
        return frozenset(self._by_id)

    def get(self, program_id: str) -> Program:
        p = self._by_id.get(program_id)
        if p is None:
            close = difflib.get_close_matches(program_id, list(self._by_id), n=3, cutoff=0.6)
            hint = (
                f"did you mean {', '.join(close)}?"
                if close
                else "find ids with: mlmasters programs search TEXT"
            )
            raise NotFoundError(f"no program with id {program_id!r}", hint=hint)
        return p

    def search(
        self,
        text: str | None = None,
        state: str | None = None,
        cip: str | None = None,
        online: bool | None = None,
        max_tuition_usd: float | None = None,
        has_earnings: bool | None = None,
        residency_state: str | None = None,
    ) -> list[Program]:
        """Every program matching the filters, the default scope not applied."""
        out: Iterable[Program] = self.programs
        if text:
            words = text.lower().split()
            out = [
                p
                for p in out
                if all(
                    w in f"{p.name} {p.institution} {p.program_id} {p.cip_title or ''}".lower()
                    for w in words
                )
            ]
        if state:
            out = [p for p in out if p.state == state.upper()]
        if cip:
            out = [
                p
                for p in out
                if p.cip_code is not None and (p.cip_code == cip or p.cip_code[:2] == cip)
            ]
        if online is not None:
            out = [p for p in out if p.online is online]
        if has_earnings is not None:
            out = [p for p in out if (p.earnings_median_usd is not None) is has_earnings]
        if max_tuition_usd is not None:
            kept = []
            for p in out:
                t = resolve_tuition(p, residency_state).total_usd
                if t is not None and t <= max_tuition_usd:
                    kept.append(p)
            out = kept
        return sorted(out, key=lambda p: (-(p.completers_count or 0), p.program_id))

    def search_scoped(
        self, include_outside_fields: bool = False, include_closed: bool = False, **filters: Any
    ) -> ScopeResult:
        """``search`` within the default catalog, with what each scope rule removed."""
        return apply_scope(self.search(**filters), include_outside_fields, include_closed)

    def with_user_programs(self, records: list[ProgramRecord], file: str) -> Catalog:
        """A new catalog with a user's programs added (the federal rows stay listed)."""
        clashes = [r.program_id for r in records if r.program_id in self._by_id]
        if clashes:
            raise InputError(
                f"{file}: program_id already in the catalog: {', '.join(clashes)}",
                hint="choose ids that are not used by the catalog (e.g. prefix them with my-)",
            )
        extra = []
        for r in records:
            p, _fid = self._joiner.detail_program(r, "user", f"user file {file}")
            extra.append(p.model_copy(update={"aliases": []}))
        return Catalog(self.programs + extra, self.report, self._joiner)


def build_catalog(snap: Snapshot) -> Catalog:
    joiner = Joiner(snap)
    report = MatchReport()
    programs: list[Program] = []
    absorbed: set[str] = set()
    curated = snap.table("programs_curated", cache=False)
    for rec_json in curated["record_json"]:
        rec = ProgramRecord.model_validate(json.loads(rec_json))
        p, fid = joiner.detail_program(rec, "curated", "curated table")
        programs.append(p)
        if fid is not None:
            absorbed.add(fid)
            report.matched.append((p.program_id, fid, p.federal_match or ""))
        else:
            why = unmatched_reason(p.unitid, rec.cip_code, rec.program_name)
            report.unmatched.append((p.program_id, why))
    programs = _say_shared(programs)
    programs += [joiner.federal_program(fid) for fid in joiner.federal if fid not in absorbed]
    return Catalog(programs, report, joiner)


def _say_shared(programs: list[Program]) -> list[Program]:
    """Named programs that join the same federal row each name the others: the row's earnings
    and completers are the institution's for the CIP family, not any one program's."""
    by_row: dict[str, list[str]] = {}
    for p in programs:
        if p.federal_id is not None:
            by_row.setdefault(p.federal_id, []).append(p.program_id)
    out = []
    for p in programs:
        mates = [x for x in by_row.get(p.federal_id or "", []) if x != p.program_id]
        out.append(p.model_copy(update={"federal_shared_with": mates}) if mates else p)
    return out

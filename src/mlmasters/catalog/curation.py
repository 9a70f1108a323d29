"""Check, count and merge the curated program table (``data/curated/programs_curated.jsonl``).

Every record is checked line by line; a record with any problem is reported as
``file:line: field: problem`` and left out whole (never half-used), and the build goes on with
the others. That differs from a user's program file (``catalog/records.py``), where one bad row
fails the whole load. The checks:

- **schema**: the ``ProgramRecord`` model (the same one user files use), valid JSON, one object
  a line, no duplicate ``program_id``;
- **sources**: every non-null fact in ``SOURCED_FIELDS`` is named by a ``sources[].field`` list
  (a companion field, e.g. ``credit_unit`` of ``credits_total`` or the currency, basis and year
  of ``tuition_total``, is covered by its fact's source);
- **institution**: a US record gives its IPEDS UNITID, and the UNITID is in IPEDS HD2024 and
  open (``ACT`` A, N or R: active, new, restored);
- **credit unit**: credits are given with a unit that ``catalog/credits.py`` converts;
- **tuition**: a tuition is given with its currency and its academic year (a record may say
  "year not stated on the page"; the price is then shown nominal, its year unknown).

Command line (exit 2 when any record has a problem)::

    python -m mlmasters.catalog.curation FILE.jsonl [FILE.jsonl ...]     # check + coverage
    python -m mlmasters.catalog.curation merge BASE.jsonl NEW.jsonl [...] # append good records
    python -m mlmasters.catalog.curation --write-docs docs/catalog.md     # regenerate coverage
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlmasters.catalog.credits import ACCEPTED_UNITS, parse_unit
from mlmasters.catalog.records import ProgramRecord, _problems_from
from mlmasters.errors import Problem

#: Facts that need a source naming them when they are not null (or not an empty list).
SOURCED_FIELDS: tuple[str, ...] = (
    "ipeds_unitid",
    "cip_code",
    "delivery",
    "enrollment_modes",
    "credits_total",
    "duration_months_full_time",
    "duration_months_part_time_typical",
    "tuition_total",
    "thesis",
    "internship",
    "capstone",
    "tracks",
    "core_courses",
    "prerequisites",
    "accreditation",
    "gre_required",
)
#: A companion field is covered by the source of the fact it qualifies.
COMPANIONS: dict[str, str] = {
    "credit_unit": "credits_total",
    "tuition_currency": "tuition_total",
    "tuition_basis": "tuition_total",
    "tuition_academic_year": "tuition_total",
}
#: IPEDS HD2024 ``ACT`` codes of an open institution (A active, N new, R restored).
OPEN_ACT = frozenset({"A", "N", "R"})
#: Facts counted by ``coverage`` (record field -> label).
COVERAGE_FIELDS: dict[str, str] = {
    "delivery": "delivery",
    "enrollment_modes": "enrolment modes",
    "credits_total": "credits",
    "duration_months_full_time": "full-time duration",
    "duration_months_part_time_typical": "part-time duration",
    "tuition_total": "tuition",
    "thesis": "thesis",
    "internship": "internship",
    "tracks": "tracks",
    "core_courses": "core courses",
    "prerequisites": "prerequisites",
    "accreditation": "accreditation",
    "gre_required": "GRE",
}

DEFAULT_INSTITUTIONS = "ipeds_institutions_2024.csv"


@dataclass(frozen=True)
class Institution:
    unitid: int
    name: str
    state: str | None
    act: str
    act_label: str


@dataclass
class CurationResult:
    """The records that pass every check (with their line), and every problem found."""

    file: str
    records: list[tuple[int, ProgramRecord]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # line, program_id or "?"

    @property
    def ok(self) -> bool:
        return not self.problems


def load_institutions(path: Path) -> dict[int, Institution]:
    """UNITID -> directory entry, from the IPEDS HD2024 table kept in the repository."""
    out: dict[int, Institution] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            u = int(row["unitid"])
            out[u] = Institution(
                u, row["institution"], row["state"] or None, row["status_act"],
                row["status_act_label"],
            )  # fmt: skip
    return out


def _named_fields(raw: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for s in raw.get("sources") or []:
        if isinstance(s, Mapping) and isinstance(s.get("field"), str):
            names.update(f.strip() for f in s["field"].split(","))
    return names


def _given(v: Any) -> bool:
    return v is not None and v != [] and v != ""


def record_problems(
    rec: ProgramRecord, file: str, line: int, institutions: Mapping[int, Institution]
) -> list[Problem]:
    """What is wrong with one schema-valid record (empty: it may be used)."""

    def p(msg: str, fld: str, hint: str | None = None) -> Problem:
        return Problem(msg, field=fld, file=file, line=line, hint=hint)

    out: list[Problem] = []
    named = _named_fields(rec.model_dump())
    for f in SOURCED_FIELDS:
        if _given(getattr(rec, f)) and f not in named:
            out.append(p("no source names this fact", f, "add it to a sources[].field list"))
    for f, fact in COMPANIONS.items():
        if _given(getattr(rec, f)) and getattr(rec, fact) is None:
            out.append(p(f"given without {fact}", f))
    if rec.ipeds_unitid is None:
        if rec.country == "US":
            out.append(p("a US program needs its IPEDS UNITID", "ipeds_unitid", "see IPEDS HD2024"))
    else:
        inst = institutions.get(rec.ipeds_unitid)
        if inst is None:
            out.append(p(f"UNITID {rec.ipeds_unitid} is not in IPEDS HD2024", "ipeds_unitid"))
        elif inst.act not in OPEN_ACT:
            out.append(
                p(
                    f"UNITID {rec.ipeds_unitid} ({inst.name}) is not open in IPEDS HD2024: "
                    f"{inst.act} {inst.act_label}",
                    "ipeds_unitid",
                )
            )
        elif rec.state is not None and inst.state is not None and rec.state != inst.state:
            out.append(
                p(f"state {rec.state} but IPEDS HD2024 says {inst.state} ({inst.name})", "state")
            )
    if rec.credits_total is not None:
        if rec.credit_unit is None:
            out.append(p("credits given without their unit", "credit_unit", ACCEPTED_UNITS))
        elif parse_unit(rec.credit_unit) is None:
            out.append(p(f"unknown credit unit {rec.credit_unit!r}", "credit_unit", ACCEPTED_UNITS))
    if rec.tuition_total is not None:
        if not rec.tuition_academic_year:
            out.append(
                p(
                    "tuition given without its academic year",
                    "tuition_academic_year",
                    "give the year, or 'year not stated on the page'",
                )
            )
        if not rec.tuition_currency:
            out.append(p("tuition given without its currency", "tuition_currency", "e.g. USD"))
    if rec.tuition_usd_per_unit is not None:
        out.append(
            p("the curated table gives no exchange rates", "tuition_usd_per_unit", "drop it")
        )
    return out


def check_text(
    text: str,
    file: str,
    institutions: Mapping[int, Institution],
    taken: Mapping[str, str] | None = None,
) -> CurationResult:
    """Check every line of a curated JSONL text. ``taken``: program ids already used
    (id -> where), e.g. by the table a file is merged into."""
    res = CurationResult(file)
    seen: dict[str, str] = dict(taken or {})
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            res.problems.append(Problem(f"not valid JSON: {exc.msg}", file=file, line=n))
            res.left_out.append((n, "?"))
            continue
        if not isinstance(raw, dict):
            res.problems.append(Problem("expected one JSON object a line", file=file, line=n))
            res.left_out.append((n, "?"))
            continue
        pid = str(raw.get("program_id") or "?")
        try:
            rec = ProgramRecord.model_validate(raw)
        except ValidationError as exc:
            res.problems.extend(_problems_from(exc, file, n))
            res.left_out.append((n, pid))
            continue
        problems = record_problems(rec, file, n, institutions)
        if rec.program_id in seen:
            problems.append(
                Problem(
                    f"duplicate program_id {rec.program_id!r} (first at {seen[rec.program_id]})",
                    field="program_id",
                    file=file,
                    line=n,
                )
            )
        if problems:
            res.problems.extend(problems)
            res.left_out.append((n, rec.program_id))
            continue
        seen[rec.program_id] = f"{file}:{n}"
        res.records.append((n, rec))
    return res


def check_file(path: Path, institutions: Mapping[int, Institution]) -> CurationResult:
    return check_text(path.read_text(encoding="utf-8"), str(path), institutions)


def coverage(records: Sequence[ProgramRecord]) -> dict[str, int]:
    """Records that know each fact (``COVERAGE_FIELDS``), plus totals."""
    out = {"records": len(records), "us": sum(r.country == "US" for r in records)}
    for f, label in COVERAGE_FIELDS.items():
        out[label] = sum(_given(getattr(r, f)) for r in records)
    return out


def coverage_line(records: Sequence[ProgramRecord]) -> str:
    c = coverage(records)
    facts = ", ".join(f"{k} {v}" for k, v in c.items() if k not in ("records", "us"))
    return f"{c['records']} named programs ({c['us']} US): {facts}"


# --- command line -------------------------------------------------------------------------
def _default_institutions() -> Path:
    from importlib.resources import files

    return Path(str(files("mlmasters.data").joinpath("curated", DEFAULT_INSTITUTIONS)))


def _print_problems(res: CurationResult) -> None:
    for p in res.problems:
        print(str(p))
    if res.left_out:
        ids = ", ".join(f"{pid} (line {n})" for n, pid in res.left_out)
        print(f"{res.file}: {len(res.left_out)} record(s) left out: {ids}", file=sys.stderr)


def _merge(
    base: Path, new: Sequence[Path], out: Path | None, inst: Mapping[int, Institution]
) -> int:
    """Append the good records of ``new`` files to ``base`` (or write base + them to ``out``).
    Lines are copied as they are; a record with a problem (an id already used included) is
    reported and not appended."""
    base_text = base.read_text(encoding="utf-8")
    base_res = check_text(base_text, str(base), inst)
    taken = {r.program_id: f"{base}:{n}" for n, r in base_res.records}
    taken.update({pid: f"{base}:{n}" for n, pid in base_res.left_out if pid != "?"})
    added: list[str] = []
    status = 0
    for path in new:
        text = path.read_text(encoding="utf-8")
        res = check_text(text, str(path), inst, taken)
        _print_problems(res)
        if res.problems:
            status = 2
        lines = text.splitlines()
        for n, rec in res.records:
            added.append(lines[n - 1].strip())
            taken[rec.program_id] = f"{path}:{n}"
    body = base_text if base_text.endswith("\n") or not base_text else base_text + "\n"
    target = out or base
    target.write_text(body + "".join(a + "\n" for a in added), encoding="utf-8")
    merged = [r for _n, r in base_res.records] + [
        ProgramRecord.model_validate(json.loads(a)) for a in added
    ]
    print(f"{len(added)} record(s) appended to {target}; {coverage_line(merged)}", file=sys.stderr)
    return status


def _write_docs(path: Path) -> None:
    from mlmasters.catalog.catalog import build_catalog
    from mlmasters.catalog.coverage import render_catalog_doc
    from mlmasters.data.snapshot import Snapshot
    from mlmasters.settings import default_data_dir

    catalog = build_catalog(Snapshot.open(default_data_dir()))
    text = path.read_text(encoding="utf-8")
    path.write_text(render_catalog_doc(text, catalog.programs), encoding="utf-8")
    print(f"{path}: generated sections written", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_in[:1] == ["merge"]:
            mp = argparse.ArgumentParser(prog="python -m mlmasters.catalog.curation merge")
            mp.add_argument("base", type=Path, help="the table to append to")
            mp.add_argument("new", type=Path, nargs="+", help="files of new records")
            mp.add_argument("-o", "--output", type=Path, help="write here instead of BASE")
            mp.add_argument("--institutions", type=Path, default=None)
            a = mp.parse_args(args_in[1:])
            inst = load_institutions(a.institutions or _default_institutions())
            return _merge(a.base, a.new, a.output, inst)
        ap = argparse.ArgumentParser(
            prog="python -m mlmasters.catalog.curation",
            description="Check curated program files (problems as file:line: field: ...; "
            "exit 2 when any), print coverage; 'merge BASE NEW...' appends good records.",
        )
        ap.add_argument("files", type=Path, nargs="*")
        ap.add_argument("--institutions", type=Path, default=None, help="IPEDS HD2024 CSV")
        ap.add_argument("--json", action="store_true", help="print JSON")
        ap.add_argument("--write-docs", type=Path, help="regenerate docs/catalog.md's tables")
        a = ap.parse_args(args_in)
        if not a.files and a.write_docs is None:
            ap.error("give FILE.jsonl to check, or --write-docs docs/catalog.md")
        inst = load_institutions(a.institutions or _default_institutions())
        status = 0
        reports = []
        for path in a.files:
            res = check_file(path, inst)
            recs = [r for _n, r in res.records]
            if a.json:
                reports.append(
                    {
                        "file": res.file,
                        "records": len(recs),
                        "left_out": [{"line": n, "program_id": p} for n, p in res.left_out],
                        "problems": [p.to_dict() for p in res.problems],
                        "coverage": coverage(recs),
                    }
                )
            else:
                _print_problems(res)
                print(f"{path}: {coverage_line(recs)}")
            if res.problems:
                status = 2
        if a.json:
            print(json.dumps(reports, indent=2))
        if a.write_docs is not None:
            _write_docs(a.write_docs)
        return status
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from mlmasters.errors import MlmastersError

        if isinstance(exc, MlmastersError):
            print(f"error: {exc.message}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())

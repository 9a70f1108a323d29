"""Fill null facts of curated programs from fill files, checked the same way as the table.

A fill file (JSONL, ``data/candidates/<date>/fill_*.jsonl``) adds facts that a curated record
lacks, each with the page it was read from, without retyping the record::

    {"program_id": "kennesaw-msai",
     "facts": {"delivery": "online", "credits_total": 30,
               "credit_unit": "US semester credit hours"},
     "sources": [{"field": "delivery,credits_total", "url": "https://...", "quote": "...",
                  "retrieved": "2026-12 (stored copy; page dated 2025-09)"}],
     "inferred": [],
     "note": "what was found where, what stays unknown"}

The rules, each reported as ``file:line: field: problem`` (the fill is then left out whole):

- the program is in the table, and a fact is only given where the record has none (a fill never
  overwrites; a correction is an edit of the table, reviewed as such);
- only the record's fact fields (``curation.SOURCED_FIELDS`` and their companions) may be set;
- every fact is named by one of the fill's own sources (a companion rides on its fact's source);
  ``inferred`` lists facts the page implies without stating them, and the record's confidence
  then drops to medium;
- the record with the fill applied passes every check of ``curation.record_problems``.

Applying appends the sources and the note (``Filled <date> from <file>: ...``) and keeps the
table's line order, so a diff shows exactly what a fill changed. Written here because the fill
step is this project's own format; the checks themselves are ``curation``'s.

Command line (exit 2 when any fill has a problem)::

    python -m mlmasters.catalog.fill check FILL.jsonl [...]            # against the table
    python -m mlmasters.catalog.fill apply BASE.jsonl FILL.jsonl [...]  # write the filled table
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from mlmasters.catalog.curation import (
    COMPANIONS,
    SOURCED_FIELDS,
    Institution,
    _default_institutions,
    _given,
    load_institutions,
    record_problems,
)
from mlmasters.catalog.records import ProgramRecord, SourceRef, _problems_from
from mlmasters.errors import Problem

#: The fields a fill may set.
FILLABLE: frozenset[str] = frozenset(SOURCED_FIELDS) | frozenset(COMPANIONS)
#: Fields a fill never sets: the record's identity.
IDENTITY: frozenset[str] = frozenset({"ipeds_unitid", "cip_code"})


class Fill(BaseModel):
    """One line of a fill file."""

    program_id: str = Field(min_length=1)
    facts: dict[str, Any] = Field(min_length=1, description="field -> value, only null fields")
    sources: list[SourceRef] = Field(min_length=1)
    inferred: list[str] = Field(default_factory=list, description="facts implied, not stated")
    note: str = Field(min_length=1, description="what was found where; what stays unknown")


@dataclass
class FillResult:
    """The base table's records (line -> raw dict) with the good fills applied, and problems."""

    file: str
    applied: list[tuple[int, str, list[str]]] = field(default_factory=list)  # line, id, facts
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _named(sources: Sequence[SourceRef]) -> set[str]:
    return {f.strip() for s in sources for f in s.field.split(",")}


def _fill_problems(fill: Fill, raw: Mapping[str, Any], file: str, line: int) -> list[Problem]:
    def p(msg: str, fld: str, hint: str | None = None) -> Problem:
        return Problem(msg, field=fld, file=file, line=line, hint=hint)

    out: list[Problem] = []
    named = _named(fill.sources)
    for f, v in fill.facts.items():
        if f not in FILLABLE or f in IDENTITY:
            out.append(p("not a fact a fill may set", f"facts.{f}", ", ".join(sorted(FILLABLE))))
            continue
        if _given(raw.get(f)):
            out.append(
                p(
                    f"already known ({raw.get(f)!r}); a fill never overwrites",
                    f"facts.{f}",
                    "correct the table itself if the record is wrong",
                )
            )
        main = COMPANIONS.get(f)
        if main is None and _given(v) and f not in named:
            out.append(p("no source of this fill names the fact", f"facts.{f}"))
        if main is not None and main not in fill.facts and not _given(raw.get(main)):
            out.append(p(f"given without {main}", f"facts.{f}"))
    for f in fill.inferred:
        if f not in fill.facts:
            out.append(p("inferred but not among the facts", "inferred"))
    return out


def _apply(fill: Fill, raw: dict[str, Any], file: str) -> dict[str, Any]:
    out = dict(raw)
    out.update(fill.facts)
    out["sources"] = list(raw.get("sources") or []) + [
        s.model_dump(mode="json", exclude_none=True) for s in fill.sources
    ]
    inferred = f" (inferred: {', '.join(fill.inferred)})" if fill.inferred else ""
    filled = f"Filled from {Path(file).name}{inferred}: {fill.note}"
    out["notes"] = f"{raw['notes']} {filled}" if raw.get("notes") else filled
    if fill.inferred and raw.get("confidence") == "high":
        out["confidence"] = "medium"
    return out


def fill_table(
    base: dict[str, tuple[int, dict[str, Any]]],
    text: str,
    file: str,
    institutions: Mapping[int, Institution],
) -> FillResult:
    """Apply the fills in ``text`` to ``base`` (program_id -> (line, raw record)) in place."""
    res = FillResult(file)
    seen: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fill = Fill.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            res.problems.append(Problem(f"not valid JSON: {exc.msg}", file=file, line=n))
            continue
        except ValidationError as exc:
            res.problems.extend(_problems_from(exc, file, n))
            continue
        if fill.program_id not in base:
            res.problems.append(
                Problem(
                    f"no program {fill.program_id!r} in the table",
                    field="program_id",
                    file=file,
                    line=n,
                )
            )
            continue
        if fill.program_id in seen:
            res.problems.append(
                Problem(
                    f"second fill for {fill.program_id!r} (first at line "
                    f"{seen[fill.program_id]}): one line a program",
                    field="program_id",
                    file=file,
                    line=n,
                )
            )
            continue
        seen[fill.program_id] = n
        bline, raw = base[fill.program_id]
        problems = _fill_problems(fill, raw, file, n)
        if not problems:
            new = _apply(fill, raw, file)
            try:
                rec = ProgramRecord.model_validate(new)
            except ValidationError as exc:
                problems = _problems_from(exc, file, n)
            else:
                problems = record_problems(rec, file, n, institutions)
        if problems:
            res.problems.extend(problems)
            continue
        base[fill.program_id] = (bline, new)
        res.applied.append((n, fill.program_id, sorted(fill.facts)))
    return res


def read_base(path: Path) -> dict[str, tuple[int, dict[str, Any]]]:
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            raw = json.loads(line)
            out[str(raw["program_id"])] = (n, raw)
    return out


def write_base(path: Path, base: Mapping[str, tuple[int, dict[str, Any]]]) -> None:
    rows = sorted(base.values(), key=lambda t: t[0])
    path.write_text(
        "".join(json.dumps(raw, ensure_ascii=False) + "\n" for _n, raw in rows), encoding="utf-8"
    )


def _default_table() -> Path:
    return _default_institutions().parent / "programs_curated.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m mlmasters.catalog.fill",
        description="Check fill files against the curated table, or apply them to it.",
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="check fills (problems as file:line: field: ...)")
    c.add_argument("fills", type=Path, nargs="+")
    c.add_argument("--base", type=Path, default=None, help="the curated table (default: packaged)")
    a_ = sub.add_parser("apply", help="apply good fills to BASE (or write to -o)")
    a_.add_argument("base", type=Path)
    a_.add_argument("fills", type=Path, nargs="+")
    a_.add_argument("-o", "--output", type=Path, default=None)
    a = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        base_path: Path = a.base or _default_table()
        base = read_base(base_path)
        inst = load_institutions(_default_institutions())
        status = 0
        for path in a.fills:
            res = fill_table(base, path.read_text(encoding="utf-8"), str(path), inst)
            for p in res.problems:
                print(str(p))
            facts = sum(len(f) for _n, _pid, f in res.applied)
            print(
                f"{path}: {len(res.applied)} program(s) filled, {facts} fact(s); "
                f"{len(res.problems)} problem(s)",
                file=sys.stderr,
            )
            status = status or (2 if res.problems else 0)
        if a.cmd == "apply":
            target = a.output or base_path
            write_base(target, base)
            print(f"filled table written to {target}", file=sys.stderr)
        return status
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Bad input everywhere, as one table: malformed, mistyped, out-of-range, unknown, huge,
deep, over-long and non-UTF-8 inputs to every CLI command, every POST endpoint of the JSON
API and every form post of the site.

Each must give the documented error and change nothing saved:

- CLI: exit 2, one ``error:`` message naming the field, file or line, no traceback;
  ``--json`` prints the one error shape. Files (inputs, outputs, the data directory) are
  hashed before and after.
- HTTP: 4xx in the one JSON error shape (or, for a form, the form shown again with 422),
  with the security headers, no traceback. The rows of the saved-profiles database
  (profiles and shortlists) are read before and after.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app

pytestmark = pytest.mark.integration

CliRun = Callable[..., tuple[int, str, str]]
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+")

# -- input files ---------------------------------------------------------------------------
FILES: dict[str, bytes] = {
    "ok.toml": b'target_role = "data-scientist"\nstate = "GA"\nhours_per_week = 15\n',
    "malformed.toml": b"age = \n",
    "unclosed.toml": b'name = "Ana\nage = 30\n',
    "types.toml": b'age = "old"\n[background]\ncalculus = 7\n',
    "range.toml": b"age = 200\nhours_per_week = -3\n",
    "unknown_key.toml": b'favourite_color = "blue"\n',
    "latin1.toml": b'name = "Jos\xe9"\n',
    "role.toml": b'target_role = "astronaut"\n',
    "soc.toml": b'current_soc = "15-12"\n',
    "metro.toml": b'target_role = "data-scientist"\nmetro = "Atlantis"\n',
    "deep.toml": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "longname.toml": b'name = "' + b"x" * 500 + b'"\n',
    "budget_inf.toml": b"budget_usd = inf\n",
    "programs_missing_col.csv": b"program_id,institution\nx,Y University\n",
    "programs_bad_row.csv": (
        b"program_id,institution,program_name,credits_total\n"
        b"ok-1,U,MS Data Science,30\nBad Id,U,MS,abc\n"
    ),
    "programs_latin1.csv": b"program_id,institution,program_name\nx,Universit\xe9,MS\n",
    "programs_bad_line.jsonl": (
        b'{"program_id": "a", "institution": "U", "program_name": "MS"}\n{"program_id": \n'
    ),
    "programs_deep.json": b"[" * 50000 + b"]" * 50000,
    "programs_dup.csv": b"program_id,institution,program_name\nx,U,MS\nx,V,MS\n",
    "programs_empty.csv": b"",
    "programs.xlsx": b"PK\x03\x04 not a program file",
    "freopp_bad.toml": b'age_at_start = "young"\nprogram_years = 0\n',
    "freopp_latin1.toml": b"age_at_start = 25\n# caf\xe9\n",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("bad-inputs")
    for name, data in FILES.items():
        (d / name).write_bytes(data)
    (d / "empty-data").mkdir()
    return d


def _tree_digest(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# -- CLI -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cli:
    argv: tuple[str, ...]
    expect: tuple[str, ...]  # each must appear in stderr (field, file:line, option)
    env: dict[str, str] = field(default_factory=dict)
    json: bool = False  # also check the --json error shape on stdout


def cli(*argv: str, expect: str | tuple[str, ...], **kw: Any) -> Cli:
    return Cli(tuple(argv), (expect,) if isinstance(expect, str) else expect, **kw)


OK = "{d}/ok.toml"
CLI_CASES: dict[str, Cli] = {
    # assess: malformed TOML, wrong types, out of range, unknown keys, non-UTF-8 ...
    "assess-malformed-toml": cli("assess", "{d}/malformed.toml",
                                 expect=("malformed.toml", "line 1")),
    "assess-unclosed-string": cli("assess", "{d}/unclosed.toml",
                                  expect=("unclosed.toml", "line 1")),
    "assess-wrong-types": cli("assess", "{d}/types.toml",
                              expect=("types.toml:1: age", "types.toml:3: background.calculus")),
    "assess-out-of-range": cli("assess", "{d}/range.toml",
                               expect=("range.toml:1: age", "range.toml:2: hours_per_week")),
    "assess-unknown-key": cli("assess", "{d}/unknown_key.toml",
                              expect="unknown_key.toml:1: favourite_color: unknown field"),
    "assess-non-utf8": cli("assess", "{d}/latin1.toml", expect=("latin1.toml", "not UTF-8")),
    "assess-missing-file": cli("assess", "{d}/nope.toml", expect="cannot read profile"),
    "assess-directory": cli("assess", "{d}", expect="is a directory"),
    "assess-unknown-metro": cli("assess", "{d}/metro.toml", expect="metro.toml:2: metro"),
    "assess-unknown-role": cli("assess", "{d}/role.toml", expect="role.toml:1: target_role"),
    "assess-bad-soc": cli("assess", "{d}/soc.toml", expect="soc.toml:1: current_soc"),
    "assess-deep-toml": cli("assess", "{d}/deep.toml", expect="nested too deeply"),
    "assess-over-long-name": cli("assess", "{d}/longname.toml", expect="longname.toml:1: name"),
    "assess-infinite-budget": cli("assess", "{d}/budget_inf.toml",
                                  expect="budget_inf.toml:1: budget_usd"),
    "assess-json-error-shape": cli("assess", "{d}/types.toml", "--json", expect="age", json=True),
    # careers: unknown role, metro, state
    "careers-unknown-role": cli("careers", "--role", "astronaut", expect="--role"),
    "careers-missing-role": cli("careers", expect="--role"),
    "careers-unknown-metro": cli("careers", "--role", "data-scientist", "--area", "Atlantis",
                                 expect=("metro", "Atlantis")),
    "careers-unknown-state": cli("careers", "--role", "data-scientist", "--state", "ZZ",
                                 expect="state"),
    "careers-over-long-area": cli("careers", "--role", "data-scientist", "--area", "x" * 5000,
                                  expect="metro"),
    # skills
    "skills-unknown-program": cli("skills", OK, "--program", "nope", expect="'nope'"),
    "skills-unknown-role": cli("skills", OK, "--role", "chef", expect="--role"),
    "skills-bad-profile": cli("skills", "{d}/unknown_key.toml", expect="favourite_color"),
    # plan
    "plan-unknown-program": cli("plan", OK, "nope", expect="'nope'"),
    "plan-negative-credits": cli("plan", OK, "gatech-omscs", "--credits-per-term", "-3",
                                 expect="--credits-per-term"),
    "plan-too-few-draws": cli("plan", OK, "gatech-omscs", "--draws", "5", expect="--draws"),
    "plan-hours-not-a-number": cli("plan", OK, "gatech-omscs", "--hours", "lots",
                                   expect="--hours"),
    "plan-infinite-tuition": cli("plan", OK, "gatech-omscs", "--tuition", "inf",
                                 expect="--tuition"),
    "plan-longer-than-20-years": cli("plan", OK, "gatech-omscs", "--credits-per-term", "0.01",
                                     expect="credits_per_term"),
    "plan-json-error-shape": cli("plan", OK, "gatech-omscs", "--draws", "5", "--json",
                                 expect="--draws", json=True),
    # roi
    "roi-unknown-program": cli("roi", OK, "nope", expect="'nope'"),
    "roi-zero-draws": cli("roi", OK, "gatech-omscs", "--draws", "0", expect="draws"),
    "roi-too-many-draws": cli("roi", OK, "gatech-omscs", "--draws", "100001", expect="draws"),
    "roi-infinite-tuition": cli("roi", OK, "gatech-omscs", "--tuition", "inf",
                                expect="tuition_usd"),
    "roi-rate-not-a-number": cli("roi", OK, "gatech-omscs", "--discount-rate", "abc",
                                 expect="--discount-rate"),
    "roi-freopp-without-inputs": cli("roi", "--method", "freopp", expect="--inputs"),
    "roi-freopp-bad-inputs": cli("roi", "--method", "freopp", "--inputs", "{d}/freopp_bad.toml",
                                 expect=("freopp_bad.toml", "age_at_start")),
    "roi-freopp-non-utf8": cli("roi", "--method", "freopp", "--inputs",
                               "{d}/freopp_latin1.toml", expect="not UTF-8"),
    "roi-programs-missing-column": cli("roi", OK, "--programs", "{d}/programs_missing_col.csv",
                                       expect=("programs_missing_col.csv:1", "program_name")),
    # rank
    "rank-weight-not-a-number": cli("rank", OK, "--weights", "cost=abc", expect="--weights"),
    "rank-unknown-criterion": cli("rank", OK, "--weights", "prestige=5", expect="prestige"),
    "rank-infinite-weight": cli("rank", OK, "--weights", "cost=inf", expect="--weights"),
    "rank-too-many-samples": cli("rank", OK, "--samples", "300000", expect="--samples"),
    "rank-unknown-persona": cli("rank", OK, "--persona", "wizard", "--no-roi", expect="persona"),
    "rank-csv-bad-row": cli("rank", OK, "--programs", "{d}/programs_bad_row.csv",
                            expect=("programs_bad_row.csv:3", "program_id", "credits_total")),
    "rank-csv-non-utf8": cli("rank", OK, "--programs", "{d}/programs_latin1.csv",
                             expect="not UTF-8"),
    "rank-unsupported-file": cli("rank", OK, "--programs", "{d}/programs.xlsx",
                                 expect="unsupported"),
    "rank-csv-to-missing-dir": cli("rank", OK, "--no-roi", "--samples", "0", "--csv",
                                   "{d}/no-such-dir/out.csv", expect="--csv"),
    # compare
    "compare-one-program": cli("compare", OK, "gatech-omscs", expect="2 to 5"),
    "compare-six-programs": cli("compare", OK, "a", "b", "c", "d", "e", "f", expect="2 to 5"),
    "compare-unknown-program": cli("compare", OK, "gatech-omscs", "nope", expect="'nope'"),
    "compare-repeated-program": cli("compare", OK, "gatech-omscs", "gatech-omscs",
                                    expect="repeated"),
    # report
    "report-output-in-missing-dir": cli("report", OK, "-o", "{d}/no-such-dir/r.html",
                                        expect="--output"),
    "report-pdf-in-missing-dir": cli("report", OK, "-o", "{d}/r.html", "--pdf",
                                     "{d}/no-such-dir/r.pdf", expect="--pdf"),
    "report-top-out-of-range": cli("report", OK, "--top", "2", expect="--top"),
    "report-non-utf8-profile": cli("report", "{d}/latin1.toml", "-o", "{d}/r.html",
                                   expect="not UTF-8"),
    # programs
    "programs-bad-state": cli("programs", "search", "--state", "Georgia", expect="--state"),
    "programs-bad-cip": cli("programs", "search", "--cip", "zz", expect="--cip"),
    "programs-limit-zero": cli("programs", "search", "--limit", "0", expect="--limit"),
    "programs-nan-tuition": cli("programs", "search", "--max-tuition", "nan",
                                expect="--max-tuition"),
    "programs-unknown-id": cli("programs", "show", "nope", expect="'nope'"),
    "programs-jsonl-bad-line": cli("programs", "search", "--programs",
                                   "{d}/programs_bad_line.jsonl",
                                   expect="programs_bad_line.jsonl:2"),
    "programs-deep-json": cli("programs", "search", "--programs", "{d}/programs_deep.json",
                              expect="nested too deeply"),
    "programs-duplicate-ids": cli("programs", "search", "--programs", "{d}/programs_dup.csv",
                                  expect=("programs_dup.csv:3", "duplicate")),
    "programs-empty-csv": cli("programs", "search", "--programs", "{d}/programs_empty.csv",
                              expect="empty"),
    # data
    "data-unknown-option": cli("data", "info", "--bogus", expect="--bogus"),
    "data-unknown-command": cli("data", "frobnicate", expect="frobnicate"),
    "data-dir-is-a-file": cli("--data-dir", "{d}/ok.toml", "data", "info", expect="--data-dir"),
    "data-dir-without-snapshot": cli("--data-dir", "{d}/empty-data", "data", "info",
                                     expect="no data snapshot"),
    # serve (never binds: uvicorn.run is replaced by a failure)
    "serve-non-loopback-without-flag": cli("serve", "--host", "0.0.0.0",
                                           expect="refusing to bind"),
    "serve-host-not-an-address": cli("serve", "--host", "example.com", expect="--host"),
    "serve-port-zero": cli("serve", "--port", "0", expect="--port"),
    "serve-negative-timeout": cli("serve", "--request-timeout", "-1",
                                  expect="--request-timeout"),
    "serve-timeout-not-a-number": cli("serve", "--request-timeout", "soon",
                                      expect="--request-timeout"),
    "serve-bad-rate-limit": cli("serve", "--private", expect="MLMASTERS_RATE_COMPUTE",
                                env={"MLMASTERS_RATE_COMPUTE": "lots"}),
    "serve-workers-zero": cli("serve", "--workers", "0", expect="--workers"),
    "db-upgrade-unknown-database": cli("db", "upgrade", "--database-url", "nosuch://x",
                                       expect="--database-url"),
    "db-adviser-name-too-long": cli("db", "add-adviser", "x" * 200, expect="name"),
    "serve-unknown-database": cli("serve", "--database-url", "nosuch://x",
                                  expect="database_url"),
    "serve-database-in-missing-dir": cli("serve", "--database-url",
                                         "sqlite:////proc/no-such-dir/db.sqlite",
                                         expect="database_url"),
}  # fmt: skip


@pytest.fixture
def never_bind(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a bad-input test tried to start a server: {kwargs}")

    monkeypatch.setattr(uvicorn, "run", refuse)


@pytest.mark.parametrize("case", list(CLI_CASES.values()), ids=list(CLI_CASES))
def test_cli_bad_input(
    case: Cli,
    files: Path,
    small_data_dir: Path,
    run_cli: CliRun,
    never_bind: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for k, v in case.env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(files)
    before = _tree_digest(files, small_data_dir)
    argv = [a.replace("{d}", str(files)) for a in case.argv]
    code, out, err = run_cli(*argv, data_dir=None if "--data-dir" in argv else small_data_dir)
    assert code == 2, (code, out, err)
    assert re.search(r"^error: ", err, re.M), err  # after any progress lines
    for text in case.expect:
        assert text in err, (text, err)
    assert not TRACEBACK.search(out + err), err
    if case.json:
        body = json.loads(out)
        assert set(body["error"]) == {"code", "message", "problems", "hint"}
        assert any(case.expect[0] in (p["field"] or "") for p in body["error"]["problems"])
    assert _tree_digest(files, small_data_dir) == before, "a bad input changed a file"


# -- HTTP ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Http:
    method: str
    path: str
    status: int
    json: Any = None
    raw: bytes | None = None
    content_type: str = "application/json"
    expect: str | None = None  # a problem's field (or, failing that, text of the message)
    form: dict[str, Any] | None = None  # a form post (CSRF token added unless csrf=False)
    upload: bytes | None = None  # a file for /profiles/import
    csrf: bool = True
    html: str | None = None  # the form shown again: this marker in the page
    chunked: bool = False


def http(method: str, path: str, status: int, **kw: Any) -> Http:
    return Http(method, path, status, **kw)


P = {"target_role": "data-scientist", "state": "GA"}
FREOPP = {"age_at_start": 25, "program_years": 2, "tuition_per_year_usd": 20000,
          "completion_rate": 0.5, "earnings_with_degree": {"graduation": 90000},
          "earnings_counterfactual": {"graduation": 60000}}  # fmt: skip
DEEP = b'{"profile": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

HTTP_CASES: dict[str, Http] = {
    # saved profiles API
    "profiles-wrong-type": http("POST", "/api/v1/profiles", 422,
                                json={"profile": {"age": "old"}}, expect="profile.age"),
    "profiles-over-long-name": http("POST", "/api/v1/profiles", 422,
                                    json={"name": "x" * 500, "profile": {}}, expect="name"),
    "profiles-infinite-budget": http("POST", "/api/v1/profiles", 422,
                                     raw=b'{"profile": {"budget_usd": 1e400}}',
                                     expect="profile.budget_usd"),
    "profiles-unknown-field": http("POST", "/api/v1/profiles", 422,
                                   json={"profile": {"favourite_color": "blue"}},
                                   expect="profile.favourite_color"),
    "profiles-non-utf8": http("POST", "/api/v1/profiles", 400,
                              raw=b'{"profile": {"name": "Jos\xe9"}}'),
    "profiles-deeply-nested": http("POST", "/api/v1/profiles", 400, raw=DEEP),
    "profiles-huge-body": http("POST", "/api/v1/profiles", 413, raw=b"x" * 1_000_001),
    "profiles-huge-chunked-body": http("POST", "/api/v1/profiles", 413, raw=b"x" * 2_000_000,
                                       chunked=True),
    "profiles-array-body": http("POST", "/api/v1/profiles", 422, raw=b"[]"),
    "profiles-not-json": http("POST", "/api/v1/profiles", 422, raw=b"age=30",
                              content_type="text/plain"),
    "profiles-put-out-of-range": http("PUT", "/api/v1/profiles/{a}", 422, json={"age": 5},
                                      expect="age"),
    "profiles-put-unknown-id": http("PUT", "/api/v1/profiles/nope", 404, json={}),
    "profiles-rename-empty": http("PATCH", "/api/v1/profiles/{a}", 422, json={"name": "  "}),
    "profiles-rename-over-long": http("PATCH", "/api/v1/profiles/{a}", 422,
                                      json={"name": "y" * 121}),
    "profiles-rename-wrong-key": http("PATCH", "/api/v1/profiles/{a}", 422,
                                      json={"nom": "x"}, expect="name"),
    "profiles-delete-unknown-id": http("DELETE", "/api/v1/profiles/nope", 404),
    "profiles-get-over-long-id": http("GET", "/api/v1/profiles/" + "x" * 2000, 404),
    # assess, careers, skills
    "assess-out-of-range": http("POST", "/api/v1/assess", 422, json={"age": 200}, expect="age"),
    "assess-unknown-metro": http("POST", "/api/v1/assess", 422,
                                 json={"metro": "Atlantis"}, expect="metro"),
    "assess-bad-soc": http("POST", "/api/v1/assess", 422, json={"current_soc": "1512"},
                           expect="current_soc"),
    "assess-unknown-role": http("POST", "/api/v1/assess", 422,
                                json={"target_role": "astronaut"}, expect="target_role"),
    "assess-nan-hours": http("POST", "/api/v1/assess", 422, raw=b'{"hours_per_week": NaN}',
                             expect="hours_per_week"),
    "assess-empty-body": http("POST", "/api/v1/assess", 422, raw=b""),
    "assess-over-long-role": http("POST", "/api/v1/assess", 422,
                                  json={"current_role": "x" * 100_000}, expect="current_role"),
    "careers-unknown-role": http("GET", "/api/v1/careers?role=chef", 422, expect="role"),
    "careers-unknown-metro": http("GET", "/api/v1/careers?role=data-scientist&metro=Atlantis",
                                  422, expect="metro"),
    "careers-over-long-metro": http("GET", "/api/v1/careers?role=data-scientist&metro="
                                    + "x" * 500, 422, expect="metro"),
    "skills-unknown-program": http("POST", "/api/v1/skills", 404,
                                   json={"profile": P, "program_id": "nope"}),
    "skills-unknown-role": http("POST", "/api/v1/skills", 422,
                                json={"profile": {}, "role": "chef"}, expect="role"),
    "skills-without-role": http("POST", "/api/v1/skills", 422, json={"profile": {}},
                                expect="target_role"),
    # plan
    "plan-unknown-program": http("POST", "/api/v1/plan", 404,
                                 json={"profile": P, "program_id": "nope"}),
    "plan-too-few-draws": http("POST", "/api/v1/plan", 422,
                               json={"profile": P, "program_id": "gatech-omscs",
                                     "options": {"draws": 10}}, expect="options.draws"),
    "plan-unknown-option": http("POST", "/api/v1/plan", 422,
                                json={"profile": P, "program_id": "gatech-omscs",
                                      "options": {"warp": 9}}, expect="options.warp"),
    "plan-over-long-id": http("POST", "/api/v1/plan", 422,
                              json={"profile": P, "program_id": "x" * 300},
                              expect="program_id"),
    # roi
    "roi-unknown-program": http("POST", "/api/v1/roi", 404,
                                json={"profile": P, "program_id": "nope"}),
    "roi-too-many-draws": http("POST", "/api/v1/roi", 422,
                               json={"profile": P, "program_id": "gatech-omscs",
                                     "options": {"draws": 100_001}}, expect="options.draws"),
    "roi-nan-rate": http("POST", "/api/v1/roi", 422,
                         raw=b'{"profile": {}, "program_id": "gatech-omscs", '
                             b'"options": {"discount_rate": NaN}}',
                         expect="options.discount_rate"),
    "roi-infinite-tuition": http("POST", "/api/v1/roi", 422,
                                 raw=b'{"profile": {}, "program_id": "gatech-omscs", '
                                     b'"options": {"tuition_usd": 1e400}}',
                                 expect="options.tuition_usd"),
    "roi-catalog-too-many-draws": http("POST", "/api/v1/roi/catalog", 422,
                                       json={"profile": P, "draws": 20_001}, expect="draws"),
    "roi-catalog-draws-in-options": http("POST", "/api/v1/roi/catalog", 422,
                                         json={"profile": P, "options": {"draws": 1}},
                                         expect="options.draws"),
    "roi-catalog-unknown-option": http("POST", "/api/v1/roi/catalog", 422,
                                       json={"profile": P, "options": {"bogus": 1}},
                                       expect="bogus"),
    "roi-catalog-unknown-program": http("POST", "/api/v1/roi/catalog", 404,
                                        json={"profile": P, "program_ids": ["nope"]}),
    "roi-catalog-too-many-ids": http("POST", "/api/v1/roi/catalog", 422,
                                     json={"profile": P, "program_ids": ["a"] * 5001},
                                     expect="program_ids"),
    "roi-freopp-empty": http("POST", "/api/v1/roi/freopp", 422, json={},
                             expect="age_at_start"),
    "roi-freopp-bad-anchor": http("POST", "/api/v1/roi/freopp", 422,
                                  json=FREOPP | {"earnings_with_degree": {"abc": 1}},
                                  expect="earnings_with_degree.abc"),
    # rank, compare
    "rank-unknown-criterion": http("POST", "/api/v1/rank", 422,
                                   json={"profile": P, "weights": {"prestige": 1}},
                                   expect="weights.prestige"),
    "rank-infinite-weight": http("POST", "/api/v1/rank", 422,
                                 raw=b'{"profile": {}, "weights": {"cost": Infinity}}',
                                 expect="weights"),
    "rank-too-many-samples": http("POST", "/api/v1/rank", 422,
                                  json={"profile": P, "samples": 20_001}, expect="samples"),
    "rank-over-long-persona": http("POST", "/api/v1/rank", 422,
                                   json={"profile": P, "persona": "x" * 100_000},
                                   expect="persona"),
    "rank-unknown-filter": http("POST", "/api/v1/rank", 422,
                                json={"profile": P, "ignore_filters": ["moon"]},
                                expect="ignore_filters"),
    "rank-many-weights": http("POST", "/api/v1/rank", 422,
                              json={"profile": P, "weights": {f"w{i}": 1 for i in range(50_000)}},
                              expect="weights"),
    "compare-one-program": http("POST", "/api/v1/compare", 422,
                                json={"profile": P, "program_ids": ["gatech-omscs"]},
                                expect="program_ids"),
    "compare-unknown-program": http("POST", "/api/v1/compare", 404,
                                    json={"profile": P, "program_ids": ["gatech-omscs", "nope"]}),
    "compare-huge-id-list": http("POST", "/api/v1/compare", 422,
                                 json={"profile": P, "program_ids": ["a"] * 100_000},
                                 expect="program_ids"),
    # catalog
    "programs-limit-too-large": http("GET", "/api/v1/programs?limit=5001", 422, expect="limit"),
    "programs-negative-tuition": http("GET", "/api/v1/programs?max_tuition_usd=-1", 422,
                                      expect="max_tuition_usd"),
    "programs-unknown-id": http("GET", "/api/v1/programs/nope", 404),
    # form posts of the site (with a valid CSRF token unless said otherwise)
    "form-create-without-csrf": http("POST", "/profile", 403, form={"age": "30"}, csrf=False),
    "form-create-wrong-type": http("POST", "/profile", 422, form={"age": "abc"},
                                   html='id="f-age-err"'),
    "form-create-infinite-budget": http("POST", "/profile", 422, form={"budget_usd": "1e400"},
                                        html='id="f-budget_usd-err"'),
    "form-create-over-long-name": http("POST", "/profile", 422, form={"name": "x" * 500},
                                       html='id="f-name-err"'),
    "form-edit-out-of-range": http("POST", "/p/{a}/edit", 422, form={"hours_per_week": "-5"},
                                   html='id="f-hours_per_week-err"'),
    "form-edit-unknown-profile": http("POST", "/p/nope/edit", 404, form={"age": "30"}),
    "form-rename-empty": http("POST", "/profiles/{a}/rename", 422, form={"name": ""}),
    "form-rename-over-long": http("POST", "/profiles/{a}/rename", 422, form={"name": "y" * 121}),
    "form-delete-without-csrf": http("POST", "/profiles/{a}/delete", 403, form={}, csrf=False),
    "form-delete-unknown-profile": http("POST", "/profiles/nope/delete", 404, form={}),
    "form-import-malformed-toml": http("POST", "/profiles/import", 422, form={},
                                       upload=b"age = \n"),
    "form-import-non-utf8": http("POST", "/profiles/import", 422, form={},
                                 upload=b'name = "Jos\xe9"\n'),
    "form-import-too-large": http("POST", "/profiles/import", 422, form={},
                                  upload=b"# padding\n" * 7000),
    "form-import-deep": http("POST", "/profiles/import", 422, form={},
                             upload=FILES["deep.toml"]),
    "form-import-unknown-key": http("POST", "/profiles/import", 422, form={},
                                    upload=b"favourite_color = 1\n", expect="favourite_color"),
    "form-shortlist-unknown-program": http("POST", "/p/{a}/shortlists", 404,
                                           form={"name": "s", "ids": ["nope"]}),
    "form-shortlist-empty": http("POST", "/p/{a}/shortlists", 422, form={"name": "s"}),
    "form-shortlist-too-long": http("POST", "/p/{a}/shortlists", 422,
                                    form={"name": "s", "ids": ["gatech-omscs"] * 51}),
    "form-shortlist-delete-of-another-profile": http("POST", "/p/{b}/shortlists/{s}/delete",
                                                     404, form={}),
    "form-shortlist-delete-unknown": http("POST", "/p/{a}/shortlists/nope/delete", 404,
                                          form={}),
    # pages with bad query values
    "page-what-if-not-a-number": http("GET", "/p/{a}/programs/gatech-omscs?tuition_scale=abc",
                                      422, expect="tuition_scale"),
    "page-weight-nan": http("GET", "/p/{a}/shortlist?w_cost=nan", 422, expect="cost"),
    "page-unknown-method": http("GET", "/p/{a}/shortlist?method=magic", 422),
    "page-compare-one-program": http("GET", "/p/{a}/compare?ids=gatech-omscs", 422,
                                     expect="program_ids"),
    "page-unknown-report-format": http("GET", "/p/{a}/report.doc", 404),
}  # fmt: skip


@dataclass
class Site:
    client: TestClient
    db: Path
    ids: dict[str, str]
    csrf: str


@pytest.fixture(scope="module")
def site(small_service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("bad-inputs-db") / "profiles.db"
    client = TestClient(
        create_app(small_service, database_url=f"sqlite:///{db}"), raise_server_exceptions=False
    )
    store = client.app.state.store.space()  # type: ignore[attr-defined]
    from mlmasters.profile import Profile

    a = store.save_profile(Profile(name="Ana", **P, hours_per_week=12))
    b = store.save_profile(Profile(name="Ben"))
    s = store.save_shortlist(a.id, "first", ["gatech-omscs", "uw-msds"])
    client.get("/")
    csrf = client.cookies.get("mlm_csrf")
    assert csrf
    yield Site(client, db, {"a": a.id, "b": b.id, "s": s.id}, csrf)
    client.close()


def _rows(db: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return [
            *con.execute("SELECT 'p', * FROM profiles ORDER BY id"),
            *con.execute("SELECT 's', * FROM shortlists ORDER BY id"),
        ]
    finally:
        con.close()


def _send(site: Site, case: Http) -> Any:
    path = case.path.format(**site.ids)
    c = site.client
    if case.form is not None:
        data = dict(case.form) | ({"csrf_token": site.csrf} if case.csrf else {})
        headers = {} if case.html else {"accept": "application/json"}
        files = {"file": ("profile.toml", case.upload)} if case.upload is not None else None
        return c.post(path, data=data, files=files, headers=headers, follow_redirects=False)
    if case.json is not None:
        return c.request(case.method, path, json=case.json, follow_redirects=False)
    if case.raw is not None:
        raw = case.raw
        content: Any = (raw[i : i + 65536] for i in range(0, len(raw), 65536))
        return c.request(case.method, path, content=content if case.chunked else raw,
                         headers={"content-type": case.content_type})  # fmt: skip
    return c.request(case.method, path, follow_redirects=False)


@pytest.mark.parametrize("case", list(HTTP_CASES.values()), ids=list(HTTP_CASES))
def test_http_bad_input(case: Http, site: Site) -> None:
    before = _rows(site.db)
    r = _send(site, case)
    assert r.status_code == case.status, r.text[:2000]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert not TRACEBACK.search(r.text)
    if case.html:
        assert r.headers["content-type"].startswith("text/html")
        assert case.html in r.text
    elif case.path.startswith("/p/") and case.method == "GET":
        assert r.headers["content-type"].startswith("text/html")  # the friendly error page
        if case.expect:
            assert case.expect in r.text
    else:
        body = r.json()
        assert set(body) == {"error"}
        err = body["error"]
        assert set(err) == {"code", "message", "problems", "hint"}
        assert all(set(p) == {"message", "field", "file", "line", "hint"} for p in err["problems"])
        if case.expect:
            fields = [p["field"] or "" for p in err["problems"]]
            assert any(case.expect in f for f in fields) or case.expect in err["message"], err
        assert len(r.content) < 100_000, "an error should not echo a huge input back"
    assert _rows(site.db) == before, "a bad input changed saved data"


def test_table_has_at_least_40_bad_inputs_on_every_surface() -> None:
    assert len(CLI_CASES) + len(HTTP_CASES) >= 40
    commands = {c.argv[0] if c.argv[0] != "--data-dir" else c.argv[2] for c in CLI_CASES.values()}
    assert commands >= {"assess", "careers", "skills", "plan", "roi", "rank", "compare",
                        "report", "programs", "data", "serve"}  # fmt: skip
    posts = {(c.method, c.path) for c in HTTP_CASES.values() if c.method != "GET"}
    for path in ("/api/v1/profiles", "/api/v1/assess", "/api/v1/skills", "/api/v1/plan",
                 "/api/v1/roi", "/api/v1/roi/catalog", "/api/v1/roi/freopp", "/api/v1/rank",
                 "/api/v1/compare", "/profile", "/p/{a}/edit", "/profiles/{a}/rename",
                 "/profiles/nope/delete", "/profiles/import", "/p/{a}/shortlists"):  # fmt: skip
        assert ("POST", path) in posts, path


# -- valid inputs that used to fail (found while building the table) -----------------------
def test_pages_and_report_work_without_hours_per_week(
    site: Site, files: Path, small_data_dir: Path, run_cli: CliRun, tmp_path: Path
) -> None:
    """The risk list formatted the hours of an unknown workload (None): HTTP 500, exit 1."""
    page = site.client.get(f"/p/{site.ids['b']}/programs/gatech-omscs")
    assert page.status_code == 200, page.text[:500]
    (tmp_path / "p.toml").write_text('target_role = "data-scientist"\n')
    code, _, err = run_cli(
        "report", str(tmp_path / "p.toml"), "-o", str(tmp_path / "r.html"), data_dir=small_data_dir
    )
    assert code == 0, err
    assert (tmp_path / "r.html").stat().st_size > 1000


def test_shortlist_page_with_some_weights_in_the_query(site: Site) -> None:
    """Sliders named in the query and the persona's for the rest (was an HTTP 500)."""
    r = site.client.get(f"/p/{site.ids['a']}/shortlist", params={"w_cost": "5"})
    assert r.status_code == 200, r.text[:500]
    assert 'id="w_cost"' in r.text and 'value="5"' in r.text

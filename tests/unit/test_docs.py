"""Docs match behaviour: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import click

from mlmasters.cli.main import cli
from mlmasters.data.schema import schema_markdown
from mlmasters.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
        else:
            out.append(full)
    return out


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    for s in SETTINGS:
        assert f"`{s.name}`" in text and s.env in text, s.name


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for cmd in _commands(cli):
        assert f"mlmasters {cmd}" in readme, cmd


def test_data_docs_are_generated_from_the_schema() -> None:
    assert (ROOT / "docs" / "data.md").read_text().strip() == schema_markdown().strip()


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make run" in head and "make test" in head

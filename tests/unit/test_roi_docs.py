"""docs/roi.md documents every default (with its source), every option and every column."""

from __future__ import annotations

from pathlib import Path

from mlmasters.models.roi.defaults import DEFAULTS
from mlmasters.models.roi.results import RoiOptions
from mlmasters.service.roi import CATALOG_COLUMNS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "roi.md").read_text()


def test_every_default_is_in_the_table() -> None:
    for d in DEFAULTS:
        assert f"| {d.name} | {d.value} | {d.source} |" in DOC, d.name


def test_every_option_and_column_is_documented() -> None:
    for name in RoiOptions.model_fields:
        assert f"`{name}`" in DOC, name
    for col in CATALOG_COLUMNS:
        assert f"`{col}`" in DOC, col

"""docs/assess.md carries the rule tables the code uses (generated, and checked here)."""

from __future__ import annotations

from pathlib import Path

from mlmasters.models.assess.doc import BEGIN, END, rules_markdown
from mlmasters.models.assess.path_rules import PATH_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "assess.md"


def test_generated_rules_match_the_code() -> None:
    text = DOC.read_text()
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip() == rules_markdown().strip()


def test_every_path_rule_and_surface_is_documented() -> None:
    text = DOC.read_text()
    for rule in PATH_RULES:
        assert f"`{rule.rule_id}`" in text
    for surface in ("mlmasters assess", "mlmasters careers", "mlmasters skills",
                    "/api/v1/assess", "/api/v1/careers", "/api/v1/skills"):  # fmt: skip
        assert surface in text

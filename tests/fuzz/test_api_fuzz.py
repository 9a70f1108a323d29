"""Schemathesis over the whole OpenAPI schema (in-process ASGI, loopback only): no 5xx and
no response that violates the schema. Bounded number of examples per operation.

Schemathesis's pytest plugin does not yet work with pytest 9, so the operations are driven
through its Python API with Hypothesis directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from mlmasters.service import Service
from mlmasters.web.app import create_app

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 25
#: 0 server errors and 0 responses that break the schema (status codes, content types,
#: bodies). Semantic 4xx for schema-valid input (an unknown metro, say) are allowed.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def test_api_never_fails_and_matches_its_schema(small_service: Service, tmp_path: Path) -> None:
    app = create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 8
    counts: dict[str, int] = {}
    for op in operations:
        _fuzz(op, counts)
    print(f"fuzzed {len(counts)} operations, {sum(counts.values())} examples")
    assert all(n > 0 for n in counts.values())


def _fuzz(op: Any, counts: dict[str, int]) -> None:
    label = op.label
    counts[label] = 0

    @given(case=op.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case: Any) -> None:
        counts[label] += 1
        response = case.call()
        assert response.status_code < 500, (label, response.status_code, response.text)
        case.validate_response(response, checks=CHECKS)

    run()

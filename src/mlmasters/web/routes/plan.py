"""JSON API (and pages) for the plan model, on the same service calls as the CLI."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

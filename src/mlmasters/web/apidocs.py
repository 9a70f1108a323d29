"""Offline API docs: Swagger UI 5 (it reads OpenAPI 3.1) served at /api/docs from the
installed ``swagger-ui-bundle-v2`` package (Apache-2.0), so the page needs nothing outside
this server (no CDN); its start-up script is a static file, so the CSP needs no inline
script."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/api/docs/assets"

router = APIRouter(include_in_schema=False)

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API · mlmasters</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
  <link rel="stylesheet" href="/static/api-docs.css">
</head>
<body>
  <header class="api-top"><a href="/">mlmasters</a> · JSON API, served by this app</header>
  <main id="swagger-ui" data-spec="/openapi.json"></main>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def swagger_dir() -> Path:
    """The Swagger UI build inside the package (vendor/swagger-ui-<version>/)."""
    root = Path(str(files("swagger_ui_bundle").joinpath("vendor")))
    builds = sorted(root.glob("swagger-ui-5.*"))
    if not builds:
        raise RuntimeError(f"no Swagger UI 5 build in {root}: pip install swagger-ui-bundle-v2")
    return builds[-1]


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(_PAGE)


def install(app: FastAPI) -> None:
    """The docs page and its assets (call before the /static mount is matched)."""
    app.mount(ASSETS, StaticFiles(directory=swagger_dir()), name="swagger-ui")
    app.include_router(router)

"""The "Data & methods" pages: provenance, and every model's documented defaults.

The docs in ``docs/`` are the one written description of each model's method and defaults
(tests keep them in sync with the code); the app renders them instead of restating them.
In a wheel they are packaged as ``mlmasters/_docs``; in a source checkout they are read
from the repository.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mlmasters.errors import NotFoundError
from mlmasters.service import Service
from mlmasters.web.pages import render

router = APIRouter(include_in_schema=False)

#: slug -> (file, title), in reading order
METHOD_DOCS: dict[str, tuple[str, str]] = {
    "catalog": ("catalog.md", "Programs, matching and tuition"),
    "assess": ("assess.md", "Assessment: persona, readiness, paths, careers, skills"),
    "plan": ("plan.md", "Plan: time to degree, workload, funding"),
    "scenario": ("scenario.md", "One person, one answer: the scenario every model reads"),
    "roi": ("roi.md", "Return on investment"),
    "earnings": ("earnings.md", "Earnings the degree causes, and the back-test"),
    "rank": ("rank.md", "Ranking and comparing"),
    "sources": ("sources.md", "Defaults checked against their sources"),
    "data": ("data.md", "Snapshot tables"),
    "settings": ("settings.md", "Settings and limits"),
}


def docs_dir() -> Path | None:
    packaged = Path(str(files("mlmasters"))) / "_docs"
    if packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[3] / "docs"
    return repo if repo.is_dir() else None


@cache
def render_doc(slug: str) -> str:
    entry = METHOD_DOCS.get(slug)
    root = docs_dir()
    if entry is None or root is None or not (root / entry[0]).is_file():
        raise NotFoundError(f"no methods page {slug!r}", hint="see /data for the list")
    # imported on the first methods page read: a server worker that never shows one does
    # not keep markdown-it loaded (about 5 MB resident, issue 25)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    html: str = md.render((root / entry[0]).read_text(encoding="utf-8"))
    return html


def available_docs() -> list[tuple[str, str]]:
    root = docs_dir()
    if root is None:
        return []
    return [(slug, title) for slug, (f, title) in METHOD_DOCS.items() if (root / f).is_file()]


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request) -> HTMLResponse:
    """Provenance: the snapshot's sources, versions, licenses and checksums, and the docs."""
    svc: Service = request.app.state.service
    return render(request, "data.html", technical=True, info=svc.data_info(), docs=available_docs())


@router.get("/methods/{name}.svg", response_model=None)
def methods_figure(name: str) -> Response:
    """A figure a methods page shows (an SVG file beside the docs, e.g. the back-test)."""
    root = docs_dir()
    path = (root / f"{name}.svg") if root is not None else None
    if path is None or not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        raise NotFoundError(f"no figure {name!r}")
    return Response(path.read_bytes(), media_type="image/svg+xml")


@router.get("/methods/{slug}", response_class=HTMLResponse)
def methods_page(request: Request, slug: str) -> HTMLResponse:
    html = render_doc(slug)
    return render(request, "methods.html", technical=True, title=METHOD_DOCS[slug][1],
                  body=html, docs=available_docs())  # fmt: skip

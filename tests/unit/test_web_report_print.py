"""The report's PDF: no table row split across two pages (WeasyPrint's own layout)."""

from __future__ import annotations

from typing import Any

from mlmasters.profile import Profile
from mlmasters.service import Service


def _rows_by_page(doc: Any) -> dict[int, list[int]]:
    """id of each body row's element -> the pages it is drawn on (a table's header row is
    repeated on every page the table spans, by design, so it is left out)."""
    from weasyprint.formatting_structure.boxes import TableRowBox, TableRowGroupBox

    pages: dict[int, list[int]] = {}

    def walk(box: Any, n: int) -> None:
        if isinstance(box, TableRowGroupBox) and getattr(box, "is_header", False):
            return
        if isinstance(box, TableRowBox):
            pages.setdefault(id(box.element), []).append(n)
        for child in getattr(box, "children", []) or []:
            walk(child, n)

    for n, page in enumerate(doc.pages):
        walk(page._page_box, n)
    return pages


def test_report_rows_are_never_split(service: Service) -> None:
    from weasyprint import HTML

    from mlmasters.report import render_report_html

    profile = Profile(name="Architect", age=45, current_salary_usd=210000, state="MA",
                      target_role="ml-engineer", must_keep_working=True, online_only=True,
                      hours_per_week=10)  # fmt: skip
    doc = HTML(string=render_report_html(service, profile)).render()
    assert len(doc.pages) > 1
    split = [pages for pages in _rows_by_page(doc).values() if len(set(pages)) > 1]
    assert split == []

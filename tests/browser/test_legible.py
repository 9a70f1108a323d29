"""Legible everywhere: chart text at least 11 px on a 375 px phone (the tornado included), the
shortlist as cards on a phone (no column off-screen), no clipped tuition at 1280 px."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PageWatch, wait_until

pytestmark = pytest.mark.browser

#: the smallest text drawn in any chart, in CSS pixels as shown (font size x the SVG's scale)
_SMALLEST_TEXT = """() => {
  let smallest = 1e9, count = 0;
  document.querySelectorAll('div.chart svg').forEach(svg => {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim()) return;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      count += 1; smallest = Math.min(smallest, size);
    });
  });
  return [smallest, count];
}"""


def _person(watch: PageWatch, **profile: Any) -> str:
    r = watch.page.request.post(f"{watch.base}/api/v1/profiles", data={"profile": profile})
    assert r.status == 201, r.text()
    return str(r.json()["id"])


ARCHITECT = {"age": 45, "current_salary_usd": 210000, "state": "MA", "target_role": "ml-engineer",
             "must_keep_working": True, "online_only": True, "hours_per_week": 10}  # fmt: skip


def test_chart_text_is_legible_on_a_phone(phone: PageWatch) -> None:
    pid = _person(phone, **ARCHITECT)
    p = phone.page
    for path in (f"/p/{pid}", f"/p/{pid}/programs/gatech-omscs"):
        p.goto(phone.base + path)
        p.wait_for_load_state("networkidle")
        n = p.locator("div.chart").count()
        assert n, path
        wait_until(p, f"document.querySelectorAll('div.chart[data-ready=\"1\"]').length == {n}")
        smallest, count = p.evaluate(_SMALLEST_TEXT)
        assert count > 10 and smallest >= 11, f"{path}: chart text {smallest:.1f} px"
        for svg_w in p.locator("div.chart svg").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)"
        ):
            assert svg_w <= 376, f"{path}: a chart runs off the screen ({svg_w} px)"
    assert p.locator("div.chart[data-spec='tornado-spec'][data-ready='1']").count() == 1
    phone.shot("legible-program-375")


def test_shortlist_is_cards_on_a_phone(phone: PageWatch) -> None:
    pid = _person(phone, **ARCHITECT)
    p = phone.page
    p.goto(f"{phone.base}/p/{pid}/shortlist")
    p.wait_for_selector("table.shortlist tbody tr td[data-label]")
    rights = p.locator("table.shortlist tbody td").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= 376, f"a cell runs off the screen: {max(rights)} px"
    # every figure of a row is on its card, labelled with its column
    labels = (
        p.locator("table.shortlist tbody tr")
        .first.locator("td")
        .evaluate_all("els => els.map(e => getComputedStyle(e, '::before').content)")
    )
    assert any("Tuition" in lab for lab in labels), labels
    phone.shot("legible-shortlist-375")


@pytest.mark.parametrize(
    "profile",
    [ARCHITECT,
     {"age": 27, "current_salary_usd": 52000, "state": "TX", "target_role": "data-scientist",
      "must_keep_working": False, "hours_per_week": 40}],
)  # fmt: skip
def test_no_clipped_tuition_on_a_desktop(page: PageWatch, profile: dict[str, Any]) -> None:
    pid = _person(page, **profile)
    p = page.page
    p.goto(f"{page.base}/p/{pid}/shortlist?top=50")
    p.wait_for_selector("table.shortlist tbody tr")
    wrap = p.locator("#results .table-wrap").first
    scroll, client = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client + 1, f"the shortlist table is clipped: {scroll} > {client} px"
    heads = p.locator("table.shortlist thead th").all_inner_texts()
    col = next(i for i, h in enumerate(heads) if re.search("Tuition", h))
    cells = p.locator(f"table.shortlist tbody td:nth-child({col + 1})")
    right = max(cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)"))
    assert right <= 1280, f"tuition is off-screen: {right} px"
    page.shot("legible-shortlist-1280")


#: every text of an SVG, in its own coordinates: [text, left, right, svg width]
_SVG_TEXT_BOXES = """(svgText) => {
  const holder = document.createElement('div');
  holder.innerHTML = svgText;
  document.body.appendChild(holder);
  const svg = holder.querySelector('svg');
  const width = svg.viewBox.baseVal.width || svg.width.baseVal.value;
  const out = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const b = t.getBBox(), m = t.getCTM(), root = svg.getCTM().inverse().multiply(m);
    return [t.textContent, root.a * b.x + root.e, root.a * (b.x + b.width) + root.e, width];
  });
  holder.remove();
  return out;
}"""


def test_report_charts_have_whole_labels(page: PageWatch) -> None:
    """The report's charts (SVG images in the HTML and PDF, drawn with DejaVu Sans): no label
    runs past the image's edge, so none is cut ('ata Scientists')."""
    import base64

    pid = _person(page, **ARCHITECT, metro="Boston-Cambridge-Newton, MA-NH")
    html = page.page.request.get(f"{page.base}/p/{pid}/report.html").text()
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert uris
    page.page.goto(page.base + "/data")
    page.page.add_style_tag(content="svg text { font-family: 'DejaVu Sans' !important; }")
    for uri in uris:
        svg = base64.b64decode(uri).decode("utf-8")
        for text, left, right, width in page.page.evaluate(_SVG_TEXT_BOXES, svg):
            assert left >= -0.5 and right <= width + 0.5, f"cut: {text!r} {left:.0f}–{right:.0f}"

"""Statements a page makes, and the contradictions between them (issue 24.1, 24.2, 24.6).

``contradictions(pages, profile)`` reads the rendered HTML of one person's pages (start,
assessment, shortlist, program pages, compare, report, the programs list) and returns one
line per contradiction of the kinds people met:

- an outcome figure not named by its statistic ("typical outcome", "average of all
  outcomes": the pages say median of all outcomes, median if you finish, mean);
- a back-to-even statement for an outcome other than the figure beside it, or one that
  disagrees with that figure's sign ("not within your career" beside a positive median);
- a verdict of more than two sentences, or whose median is not the figure it is shown with;
- one quantity at two percentages on one page (the pay effect in the text and on its slider;
  the chance of ending ahead or even in the verdict and in its box);
- "shorter/cheaper than 100% of programs" (a program is never shorter than itself);
- totals counted from different wholes (the shortlist's catalog and the programs list's);
- help that says over-budget programs "are marked" while the shortlist removes them;
- an answer echoed unlike the one given ("keeping your job" to someone who can stop, "My
  your answer"), and developer words (file names, statute numbers, codes, method names).

It works on text, so it reads old wording as well as new: the tests show it flags the
sentences of the issue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

#: names of the statistics an outcome figure may carry
NAMED = ("median of all outcomes", "median if you finish", "mean of all outcomes")
#: developer words that belong to Data & methods only
DEVELOPER_WORDS = (
    re.compile(r"\b[\w-]+\.md\b"), re.compile(r"\bDESIGN\b"), re.compile(r"\bDirichlet\b"),
    re.compile(r"\bTOPSIS\b"), re.compile(r"\bP\(top \d+\)"), re.compile(r"\bTitle IV\b"),
    re.compile(r"\bCFR\b"), re.compile(r"\bUNITID\b"), re.compile(r"\bFoS\b"),
    re.compile(r"\bIRR not defined\b"), re.compile(r"not defined: on the median outcome"),
)  # fmt: skip
_UNNAMED = re.compile(
    r"\b(typical outcome|typical if you finish|average of (all|your) outcomes|average over all "
    r"outcomes)\b",
    re.I,
)
_MONEY = r"([−-]?\+?\$[\d,]+)"
_PCT = r"(<1|>99|\d+)%"


def money(text: str) -> float:
    t = text.replace("−", "-").replace("+", "").replace("$", "").replace(",", "")
    return float(t)


class _Text(HTMLParser):
    """Text of a page (title, aria-label and placeholder attributes included unless
    ``attrs`` is False)."""

    def __init__(self, attrs: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.attrs = attrs

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag in ("p", "li", "div", "tr", "td", "th", "dt", "dd", "br", "h1", "h2", "h3"):
            self.out.append("\n")
        for k, v in attrs if self.attrs else ():
            if k in ("title", "aria-label", "placeholder") and v:
                self.out.append(f" [{v}] ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def text_of(html: str, attrs: bool = True) -> str:
    p = _Text(attrs)
    p.feed(html)
    return re.sub(r"[ \t]+", " ", "".join(p.out))


def _kpis(html: str) -> dict[str, str]:
    """dt -> dd of the figure boxes (program page), in plain text."""
    out: dict[str, str] = {}
    for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S):
        out[" ".join(text_of(dt, False).split())] = " ".join(text_of(dd, False).split())
    return out


def _report_kpis(block: str) -> dict[str, str]:
    """label -> value of the report's kpi spans ("median of all outcomes $1,234")."""
    out: dict[str, str] = {}
    for span in re.findall(r'<span class="kpi">(.*?)</span>(?=<span class="kpi">|</p>|\s*\n)',
                           block, re.S):  # fmt: skip
        t = " ".join(text_of(span, False).split())
        m = re.match(r"(.*?) ((?:[−-]?\$|year |not |about |unknown|<|>|\d).*)$", t)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _verdict_checks(where: str, verdict: str, median: float | None) -> list[str]:
    bad: list[str] = []
    parts = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", verdict.strip()) if s]
    if len(parts) > 2:
        bad.append(f"{where}: the verdict has {len(parts)} sentences (at most two)")
    m = re.search(r"median of all outcomes is (?:about even \()?" + _MONEY, verdict)
    if median is not None and m and abs(money(m.group(1)) - median) > 50.5:
        bad.append(f"{where}: the verdict's median {m.group(1)} is not the figure {median:,.0f}")
    return bad


def _box_checks(where: str, boxes: Mapping[str, str]) -> list[str]:
    """Back to even beside the figure it is for, agreeing with its sign."""
    bad: list[str] = []
    for label, value in boxes.items():
        if not label.lower().startswith("back to even"):
            continue
        m = re.search(r"\(([^)]*)\)", label)
        outcome = m.group(1).lower() if m else ""
        if outcome not in NAMED:
            bad.append(f"{where}: back to even for an unnamed outcome ({label!r})")
            continue
        figure = next((v for k, v in boxes.items() if k.lower().startswith(outcome)), None)
        if figure is None:
            bad.append(f"{where}: back to even for the {outcome} without that figure beside it")
            continue
        amount = money(figure.split()[0])
        never = value.startswith(("not", "never"))
        if never and amount > 0:
            bad.append(f"{where}: {figure} ({outcome}) beside back to even {value!r}")
        if value.startswith("year") and amount < 0:
            bad.append(f"{where}: {figure} ({outcome}) beside back to even {value!r}")
    fin = next((v for k, v in boxes.items() if "if you finish" in k.lower()), None)
    even = next((v for k, v in boxes.items() if k.lower().startswith("back to even")), None)
    if fin and even and even.startswith(("not", "never")) and money(fin.split()[0]) > 0:
        labels = [k for k in boxes if k.lower().startswith("back to even")]
        if not any("median of all outcomes" in k for k in labels):
            bad.append(f"{where}: a positive if-you-finish figure {fin} beside {even!r}")
    return bad


def _one_percentage(where: str, text: str) -> list[str]:
    bad: list[str] = []
    pay = set(re.findall(r"effect on your pay:? ([+-]?\d+\.\d)%", text))
    if len({float(p) for p in pay}) > 1:
        bad.append(f"{where}: the pay effect reads {sorted(pay)}")
    ahead = set(re.findall(_PCT + r" of outcomes leave you ahead or even", text))
    box = re.search(r"Chance you end ahead or even\s*\n?\s*" + _PCT, text)
    if box and ahead and ahead != {box.group(1)}:
        bad.append(f"{where}: the chance ahead reads {sorted(ahead)} and {box.group(1)}%")
    return bad


def page_contradictions(where: str, html: str, profile: Any = None) -> list[str]:
    """Contradictions within one page (see the module docstring)."""
    text = text_of(html)
    bad: list[str] = []
    for m in _UNNAMED.finditer(text):
        bad.append(f"{where}: an outcome not named by its statistic: {m.group(0)!r}")
    for m in re.finditer(r"(shorter|cheaper|longer) than 100% of programs", text):
        bad.append(f"{where}: {m.group(0)!r}")
    for pat in DEVELOPER_WORDS:
        for m in pat.finditer(text):
            bad.append(f"{where}: a developer word {m.group(0)!r}")
    if re.search(r"\bMy your answer\b|\bMy profile: your\b", text):
        bad.append(f"{where}: a name that is not the person's ('My your answer')")
    if profile is not None:
        bad += echo_contradictions(where, text, profile)
    blocks = html.split('<div class="program">')
    if len(blocks) > 1:  # the report: one quantity per program
        for i, block in enumerate(blocks[1:], 1):
            bad += _one_percentage(f"{where} (program {i})", text_of(block))
    else:
        bad += _one_percentage(where, text)
    boxes = _kpis(html)
    if boxes:
        bad += _box_checks(where, boxes)
        head = next((v for k, v in boxes.items() if k.lower().startswith(NAMED[0])), None)
        for v in re.findall(r'class="verdict"[^>]*>(.*?)</', html, re.S):
            bad += _verdict_checks(where, text_of(v), money(head.split()[0]) if head else None)
    for i, block in enumerate(html.split('<div class="program">')[1:], 1):
        kp = _report_kpis(block)
        bad += _box_checks(f"{where} (program {i})", kp)
        head = kp.get(NAMED[0])
        for v in re.findall(r'<p class="verdict">(.*?)</p>', block, re.S):
            med = money(head) if head else None
            bad += _verdict_checks(f"{where} (program {i})", text_of(v), med)
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):  # shortlist rows
        v = re.search(r'class="verdict">(.*?)</', row, re.S)
        h = re.search(r'class="headline-npv">([^<]+)<', row)
        if v and h:
            bad += _verdict_checks(f"{where} (row)", text_of(v.group(1)), money(h.group(1)))
            said = re.search(_PCT + " of outcomes leave you ahead or even", text_of(v.group(1)))
            cell = re.search(r"<td[^>]*>(?:&lt;|&gt;|<|>)?(\d+)%</td>", row)
            if said and cell and said.group(1).strip("<>") != cell.group(1):
                bad.append(f"{where} (row): the chance ahead reads {said.group(1)}% and "
                           f"{cell.group(1)}%")  # fmt: skip
    return bad


def echo_contradictions(where: str, text: str, profile: Any) -> list[str]:
    """Answers echoed unlike the ones given."""
    bad: list[str] = []
    if profile.must_keep_working is False and "keeping your job" in text:
        bad.append(f"{where}: 'keeping your job' told to someone who can stop working")
    for m in re.finditer(r"must keep working: (yes|no)\b", text):
        given = "yes" if profile.must_keep_working else "no"
        if profile.must_keep_working is not None and m.group(1) != given:
            bad.append(f"{where}: echoed 'must keep working: {m.group(1)}', answered {given}")
    return bad


def totals(pages: Mapping[str, str]) -> list[str]:
    """The wholes that counts are taken from agree between the shortlist, the report and the
    programs list."""
    wholes: dict[str, set[str]] = {}
    for name, html in pages.items():
        text = text_of(html)
        found = re.findall(r"of the ([\d,]+) programs in the catalog", text, re.I)
        found += re.findall(r"(?<!the )\b[\d,]+ of ([\d,]+) programs (?:pass|are known)", text)
        old = re.findall(r"^\s*([\d,]+) programs match", text, re.M)
        if found or old:
            wholes[name] = set(found + old)
    every = set().union(*wholes.values()) if wholes else set()
    if len(every) > 1:
        return [f"totals counted from different wholes: {sorted(wholes.items())}"]
    return []


def budget_words(start_html: str, shortlist_html: str) -> list[str]:
    """The budget help says what the budget filter does."""
    removed = re.search(r"budget — [^:]*: removed ([\d,]+)", text_of(shortlist_html))
    marked = re.search(r"above it are marked", text_of(start_html))
    if removed and marked and money("$" + removed.group(1)) > 0:
        return [f"the budget help says 'are marked' while the filter removed {removed.group(1)}"]
    return []


def contradictions(pages: Mapping[str, str], profile: Any = None) -> list[str]:
    """Every contradiction on one person's pages, and between them."""
    bad: list[str] = []
    for name, html in pages.items():
        bad += page_contradictions(name, html, profile)
    bad += totals({k: v for k, v in pages.items() if k in ("shortlist", "report", "programs")})
    if "start" in pages and "shortlist" in pages:
        bad += budget_words(pages["start"], pages["shortlist"])
    return bad


def first(lines: Iterable[str], n: int = 12) -> str:
    return "\n".join(list(lines)[:n])

"""Plain words in rendered pages.

The models' sentences (reasons, assumptions, notes, sources) sometimes name a profile field,
a data column, a status code or a docs file, as the CLI and JSON API need. ``plain_html``
rewrites the text a person reads (never tags, attributes, scripts or code blocks) so pages
say "your answer on keeping your job" rather than "must_keep_working", "the method notes"
rather than "docs/plan.md", and "1 year" rather than "1 years".

On pages a person reads it also drops developer words: statute numbers, data codes, method
names and file names ("34 CFR 600.2", "UNITID", "Dirichlet", "DESIGN.md") become what they
mean; the Data & methods pages keep them (``technical=True``). Given the person's answers
(``profile``), a model's "(profile: must_keep_working)" is echoed as what they answered
("your answer — must keep working: no"), never as a paraphrase that could contradict it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mlmasters.present import money
from mlmasters.render.words import CHOICE_NAMES, RESEARCH_LABELS

#: profile fields and data columns that appear in model sentences, as a person says them
WORDS: dict[str, str] = {
    "must_keep_working": "keeping your job",
    "online_only": "online only",
    "risk_attitude": "attitude to risk",
    "hours_per_week": "hours a week",
    "years_experience": "years of work",
    "current_salary_usd": "pay now",
    "current_role": "job now",
    "current_soc": "occupation",
    "target_role": "target job",
    "highest_degree": "highest degree",
    "degree_field": "degree field",
    "research_interest": "interest in research",
    "budget_usd": "budget",
    "max_years": "most years",
    "can_relocate": "moving",
    "enrollment_mode": "full- or part-time",
    "enrollment_modes": "full- or part-time",
    "wants_thesis": "thesis",
    "wants_internship": "internship",
    "employer_support_usd_per_year": "employer support",
    "tax_filing_status": "tax filing",
    "discount_rate": "discount rate",
    "wage_growth": "wage growth",
    "tuition_scale": "tuition scale",
    "cip_code": "field code",
    "cip_title": "field",
    "completers_count": "completers",
    "debt_median_usd": "median debt",
    "earnings_median_usd": "median earnings",
    "earnings_horizon_years": "years after completion",
    "earnings_premium_state_usd": "state earnings benchmark",
    "fails_earnings_premium": "fails the earnings test",
    "passes_earnings_premium": "passes the earnings test",
    "insufficient_data": "not enough data",
    "value_flag": "earnings test",
    "credit_unit": "credit unit",
    "credits_total": "credits",
    "credits_semester_equiv": "semester credits",
    "tuition_total": "tuition",
    "tuition_academic_year": "tuition year",
    "tuition_basis": "tuition basis",
    "tuition_currency": "currency",
    "ipeds_tuition": "institution tuition",
    "gre_required": "GRE requirement",
    "duration_months_full_time": "full-time months",
    "duration_months_part_time_typical": "part-time months",
    "core_courses": "core courses",
    "not-listed": "not listed",
    "weighted-sum": "weighted sum",
}
_CODES = {
    k: v if v[:2].isupper() else v[0].lower() + v[1:] for k, v in CHOICE_NAMES.items() if "-" in k
}
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_ALTS = "|".join(map(re.escape, sorted([*_CODES, "not-listed", "weighted-sum"], key=len)[::-1]))
_KEBAB = re.compile(rf"(?<![\w/.-])({_ALTS})(?![\w-])")
_DOCS = re.compile(r"\bdocs/[\w-]+\.md\b")
_PATH = re.compile(r"\b(?:src/)?(?:mlmasters/)?[\w-]+/[\w/-]*\w\.py\b")
_PROFILE = re.compile(r"\(profile: ")
#: developer words on pages a person reads -> what they mean (Data & methods keeps them)
TERMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b)
    for a, b in (
        (r"\s*\(Dirichlet, concentration [\d.]+\)", ""),
        (r"34 CFR 600\.2 \(federal credit-hour definition\)", "the federal credit-hour definition"),
        (r"\b34 CFR 600\.2\b", "the federal credit-hour definition"),
        (r"\s*\(Title IV\)", ""),
        (r"\bTitle IV\b", "federal student aid"),
        (r"\bat this UNITID\b", "for this institution"),
        (r"\bUNITID\b", "institution"),
        (r"\bScorecard FoS\b", "College Scorecard field-of-study data"),
        (r"\bDESIGN\.md workload reference\b", "the workload guide"),
        (r"\bDESIGN\.md\b", "the design notes"),
        (r"\bTOPSIS closeness\b", "closeness to the best"),
        (r"\bTOPSIS\b", "closest to the best"),
        (r"\bP\(top (\d+)\)", r"chance of the top \1"),
        (r"\bCIP (\d\d\.(?:\d\d|xx))(?!\w)", r"field \1"),
        (r"\bCIP family\b", "field"),
    )
)
_TERM_HINTS = ("CFR", "Title IV", "UNITID", "FoS", "DESIGN", "TOPSIS", "P(top", "Dirichlet", "CIP")
#: a model's citation of the person's answers: "profile: must_keep_working, years_experience"
#: (a comparison after it, "research_interest >= 2", is dropped: the answer itself is shown)
_CITED = re.compile(
    r"\(?profile: ([a-z][a-z0-9_]*(?:, [a-z][a-z0-9_]*)*)\b(?: ?(?:[<>]=?|==?) ?[\w.-]+)?"
)
#: how a question reads when its answer is echoed (others: ``WORDS``)
ANSWER_LABELS: dict[str, str] = {
    "must_keep_working": "must keep working",
    "can_relocate": "can move",
    "online_only": "online only",
}
_ATTR = re.compile(r'(?<![\w-])(title|aria-label|placeholder)="([^"]*)"')
_ONE = re.compile(
    r"(?<![\d.,])\b1 (more )?(years|months|hours|weeks|programs|credits|terms|courses|areas|"
    r"answers|problems|filters|draws|semesters)\b"
)
_SKIP = ("script", "style", "pre", "code", "textarea", "cite")  # cite: sources quoted as given
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")


def _word(m: re.Match[str]) -> str:
    w = m.group(0)
    return WORDS.get(w) or w.removesuffix("_usd").replace("_", " ")


@lru_cache(maxsize=16_384)
def plain_text(text: str) -> str:
    """One run of text in plain words (memoised: most text nodes of a page, such as form
    labels and the metro list, are the same at every render)."""
    if not any(c in text for c in "_-/1u"):
        return text
    text = _DOCS.sub("the method notes", text)
    text = _PATH.sub("the method notes", text)
    text = _PROFILE.sub("(from your answer on ", text)  # neutral: the answer is not known here
    text = _SNAKE.sub(_word, text)
    text = _KEBAB.sub(lambda m: WORDS.get(m.group(1)) or _CODES[m.group(1)], text)
    text = _ONE.sub(lambda m: f"1 {m.group(1) or ''}{m.group(2)[:-1]}", text)
    return text.replace("unknown (unknown)", "unknown")


@lru_cache(maxsize=16_384)
def plain_terms(text: str) -> str:
    """``plain_text``, then developer words in what they mean (``TERMS``)."""
    text = plain_text(text)
    if not any(h in text for h in _TERM_HINTS):
        return text
    for pattern, repl in TERMS:
        text = pattern.sub(repl, text)
    return text


def answer(profile: Any, field: str) -> str:
    """One of the person's answers as they gave it: 'must keep working: no'."""
    label = ANSWER_LABELS.get(field) or WORDS.get(field) or field.replace("_", " ")
    v = getattr(profile, field, None)
    if v is None or v == []:
        shown = "not given"
    elif field == "research_interest" and v in RESEARCH_LABELS:
        shown = f"{v} — {RESEARCH_LABELS[v]}"
    elif isinstance(v, bool):
        shown = "yes" if v else "no"
    elif field.endswith("_usd"):
        shown = money(v)
    elif isinstance(v, int | float):
        shown = f"{v:,g}"
    elif isinstance(v, list):
        shown = ", ".join(CHOICE_NAMES.get(str(x), str(x)) for x in v)
    else:
        shown = CHOICE_NAMES.get(str(v), str(v))
    return f"{label}: {shown}"


def echo_answers(text: str, profile: Any) -> str:
    """A model's "(profile: field, field)" as the answers this person gave."""
    if "profile: " not in text:
        return text

    def cite(m: re.Match[str]) -> str:
        fields = m.group(1).split(", ")
        if not all(hasattr(profile, f) for f in fields):
            return m.group(0)
        head = "(" if m.group(0).startswith("(") else ""
        word = "your answer" if len(fields) == 1 else "your answers"
        return f"{head}{word} — " + ", ".join(answer(profile, f) for f in fields)

    return _CITED.sub(cite, text)


#: a percentile written as pNN ("inside its p10-p90"), given a glossary tooltip in text
_PERCENTILE = re.compile(r"(?<!\w)p(\d{1,2})(?!\w)")
#: elements whose text cannot hold markup (or already is a tooltip)
_NO_MARKUP = ("option", "title", "abbr")


@lru_cache(maxsize=16_384)
def glossary(text: str) -> str:
    """Tooltips for the terms a sentence needs (a text node's escaped HTML in, HTML out)."""
    if not _PERCENTILE.search(text):
        return text
    return _PERCENTILE.sub(
        lambda m: f'<abbr title="percentile: {m.group(1)} in 100 are below it">{m.group(0)}</abbr>',
        text,
    )


def plain_html(html: str, profile: Any = None, technical: bool = False) -> str:
    """``plain_text`` on every text node outside script, style, pre, code and textarea, and
    on the title, aria-label and placeholder attributes; with ``profile``, the answers a
    model cites are echoed (``echo_answers``); unless ``technical``, developer words go too
    (``plain_terms``) and the terms left get a tooltip (``glossary``)."""
    parts = _TAG.split(html)
    skip = 0
    bare = 0  # inside an element whose text cannot hold a tooltip
    fix = plain_text if technical else plain_terms

    def words(text: str) -> str:
        return fix(echo_answers(text, profile) if profile is not None else text)

    def attr(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{words(m.group(2))}"'

    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = _TAG_NAME.match(part)
            if m and m.group(2).lower() in _SKIP and not part.endswith("/>"):
                skip = max(0, skip + (-1 if m.group(1) else 1))
            elif m and m.group(2).lower() in _NO_MARKUP:
                bare = max(0, bare + (-1 if m.group(1) else 1))
            if not skip and m and not m.group(1) and "=" in part:
                parts[i] = _ATTR.sub(attr, part)
        elif part and not skip:
            parts[i] = words(part)
            if not technical and not bare:
                parts[i] = glossary(parts[i])
    return "".join(parts)

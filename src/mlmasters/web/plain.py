"""Plain words in rendered pages.

The models' sentences (reasons, assumptions, notes, sources) sometimes name a profile field,
a data column, a status code or a docs file, as the CLI and JSON API need. ``plain_html``
rewrites the text a person reads (never tags, attributes, scripts or code blocks) so pages
say "your answer on keeping your job" rather than "must_keep_working", "the method notes"
rather than "docs/plan.md", and "1 year" rather than "1 years".
"""

from __future__ import annotations

import re
from functools import lru_cache

from mlmasters.web.forms import CHOICE_NAMES

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
_PROFILE = re.compile(r"\bprofile: ")
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
    text = _PROFILE.sub("your answer: ", text)
    text = _SNAKE.sub(_word, text)
    text = _KEBAB.sub(lambda m: WORDS.get(m.group(1)) or _CODES[m.group(1)], text)
    text = _ONE.sub(lambda m: f"1 {m.group(1) or ''}{m.group(2)[:-1]}", text)
    return text.replace("unknown (unknown)", "unknown")


def plain_html(html: str) -> str:
    """``plain_text`` on every text node outside script, style, pre, code and textarea."""
    parts = _TAG.split(html)
    skip = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = _TAG_NAME.match(part)
            if m and m.group(2).lower() in _SKIP and not part.endswith("/>"):
                skip = max(0, skip + (-1 if m.group(1) else 1))
        elif part and not skip:
            parts[i] = plain_text(part)
    return "".join(parts)

"""Field relevance of every CIP family in the catalog, documented once.

Each 4-digit CIP 2020 family the snapshot keeps (``settings.ML_CIP_FAMILIES``) is

- **core**: the family's programs teach computing, statistics or data science at the level an
  ML master's needs (computer science, AI, data science, statistics, computer engineering);
- **adjacent**: related, and a route into ML work for some people, but most programs in the
  family are not ML degrees (information science, applied mathematics, programming,
  management science);
- **outside**: programs that prepare for IT operations, networking, office software or
  digital media, not for machine learning.

Outside families leave the default catalog (a person can include them:
``Profile.include_outside_fields``, ``programs search --include-outside-fields``).
52.13 is adjacent with a caution: federal data code some MBA programs there (the Scorecard
is coded at the 4-digit level only), so its rows enter a shortlist only for targets where
business analytics fits (``BUSINESS_ANALYTICS_ROLES``) or when the person includes them.

Source of the titles and the definitions summarised in ``definition``: NCES, Classification of
Instructional Programs (CIP 2020), https://nces.ed.gov/ipeds/cipcode/ (series 11, 14, 27, 30,
52). The definitions were summarised from CIP 2020, not quoted; the reasons are mlmasters'.
The table in docs/catalog.md is generated from ``FIELD_RELEVANCE`` (``relevance_markdown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Relevance = Literal["core", "adjacent", "outside"]
RELEVANCE_LEVELS: tuple[str, ...] = ("core", "adjacent", "outside")

CIP_SOURCE = "NCES, Classification of Instructional Programs 2020 (CIP 2020)"
CIP_URL = "https://nces.ed.gov/ipeds/cipcode/browse.aspx?y=56"

#: The caution every 52.13 row carries (shown wherever the program is listed).
MBA_CAUTION = (
    "federal data code MBAs here too: CIP 52.13 (Management Sciences and Quantitative Methods) "
    "holds business-analytics and operations-research degrees, but the Scorecard is coded at "
    "the 4-digit level only and some MBA programs are reported in it; check the program"
)
#: Target roles for which a business-analytics degree fits (the guide's ML product manager).
BUSINESS_ANALYTICS_ROLES: tuple[str, ...] = ("ml-product-manager",)
#: Families that carry the MBA caution.
CAUTION_FAMILIES: tuple[str, ...] = ("52.13",)


@dataclass(frozen=True)
class FieldRelevance:
    cip_code: str
    title: str
    relevance: Relevance
    reason: str
    definition: str

    @property
    def caution(self) -> str | None:
        return MBA_CAUTION if self.cip_code in CAUTION_FAMILIES else None

    @property
    def url(self) -> str:
        return f"https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cipid={self.cip_code}"


def _f(cip: str, title: str, rel: Relevance, reason: str, definition: str) -> FieldRelevance:
    return FieldRelevance(cip, title, rel, reason, definition)


FIELD_RELEVANCE: dict[str, FieldRelevance] = {
    f.cip_code: f
    for f in (
        _f("11.01", "Computer and Information Sciences, General", "core",
           "general computing; includes 11.0102 Artificial Intelligence",
           "computers, computing problems and solutions, and the design of computer systems "
           "from a scientific perspective; 6-digit codes include Artificial Intelligence "
           "(11.0102) and Informatics (11.0104)"),
        _f("11.02", "Computer Programming", "adjacent",
           "software development; ML is at most an elective",
           "preparing individuals to write, test and maintain computer programs"),
        _f("11.03", "Data Processing", "outside",
           "operating data-processing software and systems, not modelling",
           "using software and systems to input, verify, organise, store and retrieve data"),
        _f("11.04", "Information Science/Studies", "adjacent",
           "information organisation and retrieval; some programs teach data science",
           "the theory, organisation and process of information collection, transmission and "
           "use, in traditional and electronic forms"),
        _f("11.05", "Computer Systems Analysis", "adjacent",
           "analysis of business computing systems; little ML",
           "analysing business requirements and designing computer systems to meet them"),
        _f("11.06", "Data Entry/Microcomputer Applications", "outside",
           "office software and data entry",
           "using personal-computer applications such as word processing and spreadsheets"),
        _f("11.07", "Computer Science", "core",
           "computing theory and systems; the usual home of ML courses",
           "computer theory, computing problems and solutions, and the design of computer "
           "systems and user interfaces from a scientific perspective"),
        _f("11.08", "Computer Software and Media Applications", "outside",
           "web and digital-media design, graphics, database administration",
           "software applications for web pages, digital media, graphics, modelling and "
           "database administration"),
        _f("11.09", "Computer Systems Networking and Telecommunications", "outside",
           "network design and administration",
           "designing, installing and managing computer networks and telecommunications"),
        _f("11.10", "Computer/Information Technology Administration and Management", "outside",
           "IT operations, security and management",
           "managing computer and IT operations: system and network administration, security, "
           "web and IT project management"),
        _f("11.99", "Computer and Information Sciences and Support Services, Other", "adjacent",
           "a residual code: content not described",
           "any computing program not listed under another 11.xx code"),
        _f("14.09", "Computer Engineering", "core",
           "hardware-software systems; many programs teach ML and perception",
           "applying engineering principles to the design of computer hardware and software "
           "systems"),
        _f("27.03", "Applied Mathematics", "adjacent",
           "mathematical modelling and computation; the mathematics of ML without its practice",
           "applying mathematical methods to problems in science, engineering and other fields"),
        _f("27.05", "Statistics", "core",
           "statistical learning and inference: the statistical half of ML",
           "the theory and methods of collecting, analysing and interpreting data, including "
           "mathematical statistics and statistical computing"),
        _f("30.08", "Mathematics and Computer Science", "core",
           "combined mathematics and computing",
           "an interdisciplinary program combining mathematics and computer science"),
        _f("30.30", "Computational Science", "core",
           "scientific computing, simulation and numerical methods",
           "computational methods, modelling and simulation applied to science and engineering"),
        _f("30.70", "Data Science", "core",
           "data science: statistics, computing and machine learning on data",
           "an interdisciplinary program that combines statistics, computer science and domain "
           "knowledge to extract knowledge from data (new in CIP 2020)"),
        _f("30.71", "Data Analytics", "core",
           "data and business analytics, with predictive modelling",
           "analysing data to support decisions, including Business Analytics (30.7102) and "
           "Data Visualization (30.7103) (new in CIP 2020)"),
        _f("52.13", "Management Sciences and Quantitative Methods", "adjacent",
           "business analytics and operations research; federal data code MBAs here too",
           "management science, business statistics, actuarial science and other quantitative "
           "methods applied to business decisions"),
    )
}  # fmt: skip


def relevance_of(cip_code: str | None) -> FieldRelevance | None:
    """The family's relevance (None when the program has no CIP code: not classified)."""
    if not cip_code:
        return None
    return FIELD_RELEVANCE.get(cip_code[:5])


def relevance_markdown() -> str:
    """The relevance table of docs/catalog.md."""
    rows = ["| CIP family | title | relevance | reason | CIP 2020 definition (summary) |",
            "|---|---|---|---|---|"]  # fmt: skip
    for f in FIELD_RELEVANCE.values():
        rows.append(
            f"| [{f.cip_code}]({f.url}) | {f.title} | {f.relevance} | {f.reason} | {f.definition} |"
        )
    return "\n".join(rows)

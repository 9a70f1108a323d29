"""Every default of the ROI model, with its source, in one place.

``DEFAULTS`` lists them for the docs and the result's ``assumptions``; the constants are
what the code uses. Every one of them is overridable (a what-if parameter or a function
argument). ``docs/roi.md`` renders this table; a test checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Default:
    name: str
    value: str
    source: str


# -- method (FREOPP 2022) -------------------------------------------------------------------
#: Real discount rate; cash flows at the end of each year, discounted to the program start.
DISCOUNT_RATE = 0.03
#: Career ends after age 64 (FREOPP: "career through age 64").
RETIREMENT_AGE = 65
#: FREOPP's dropouts are enrolled for half the program: half the tuition and half the
#: forgone pay per program year, and gain nothing.
FREOPP_DROPOUT_SHARE = 0.5
#: Horizon (years from program start) when the person's age is unknown.
HORIZON_YEARS_DEFAULT = 40
#: Age assumed at bachelor's completion when only the age is known (18 + 4 years).
BACHELOR_AGE = 22

# -- completion and time to degree (Council of Graduate Schools, STEM master's) -------------
#: Share completing within 4 years; later completions are not counted.
P_COMPLETE = 0.66
#: Cumulative completion 41% / 60% / 66% within 2 / 3 / 4 years of a 2-year program, and a
#: median time to degree of 23 months: as (probability among completers, months) anchors of
#: the time-to-degree quantile function for a 24-month plan (scaled to the planned months).
CGS_REFERENCE_MONTHS = 24.0
CGS_TTD_ANCHORS: tuple[tuple[float, float], ...] = (
    (0.5, 23.0),  # median time to degree
    (0.41 / 0.66, 24.0),  # 41% of 66% finish within 2 years
    (0.60 / 0.66, 36.0),  # 60% of 66% within 3 years
    (1.0, 48.0),  # all counted completers within 4 years
)
#: Median months enrolled before attrition (CGS); exponential, so mean = median / ln 2.
ATTRITION_MEDIAN_MONTHS = 8.0

# -- wages -----------------------------------------------------------------------------------
#: Economy-wide real wage growth a year: the Social Security Trustees' intermediate
#: (alternative II) ultimate real-wage differential, about 1.1 points (2024 and 2025 Reports).
REAL_WAGE_GROWTH = 0.011
#: Spread of a person's real wage growth around it (one sd, in points): the issue's documented
#: sensitivity step, used as the standard deviation of the draws.
WAGE_GROWTH_SD = 0.01
#: Career-stage (experience) profile: growth from experience falls linearly from
#: ``EXPERIENCE_GROWTH_START`` at 0 years to 0 at ``EXPERIENCE_FLAT_AFTER_YEARS`` years, so
#: wages about double over a career (Lagakos, Moll, Porzio, Qian & Schoellman 2018, "Life-Cycle
#: Wage Growth across Countries", JPE: U.S. wages roughly double from entry to 25-30 years).
EXPERIENCE_FLAT_AFTER_YEARS = 27.0
EXPERIENCE_GROWTH_START = 2 * 0.6931471805599453 / EXPERIENCE_FLAT_AFTER_YEARS  # ln 2 total
#: Job search after full-time study (or after dropping out of it): lognormal with the median
#: and mean duration of unemployment, BLS CPS Table A-12, 2024 annual averages (about 9 and
#: 21 weeks), capped.
JOB_SEARCH_MEDIAN_MONTHS = 2.1
JOB_SEARCH_MEAN_MONTHS = 4.8
JOB_SEARCH_CAP_MONTHS = 24.0
#: Share of the salary kept while studying part-time: the person keeps a full-time job.
SALARY_KEPT_PART_TIME = 1.0
#: Part-time pace: half the full-time load (9 of 18 semester credits a year).
PART_TIME_PACE = 0.5
#: Target role when the profile has none (its SOC proxies blend three occupations).
DEFAULT_TARGET_ROLE = "ml-engineer"
#: Fallback role -> SOC weights until ``mlmasters.models.assess.careers`` is importable.
FALLBACK_ROLE_SOC_WEIGHTS: dict[str, list[tuple[str, float]]] = {
    "ml-engineer": [("15-1252", 0.5), ("15-2051", 0.3), ("15-1221", 0.2)],
    "data-scientist": [("15-2051", 1.0)],
    "research-scientist": [("15-1221", 1.0)],
    "ai-ethics-governance": [("13-1041", 0.5), ("13-1111", 0.3), ("11-9199", 0.2)],
    "ml-product-manager": [("11-3021", 0.4), ("11-2021", 0.3), ("13-1082", 0.3)],
}

# -- loans (Federal Direct Unsubsidized, graduate) -------------------------------------------
#: 2025-26 graduate Direct Unsubsidized rate (nominal), origination fee, 10-year standard plan
#: after a 6-month grace period; interest accrues while enrolled.
LOAN_RATE_NOMINAL = 0.0794
LOAN_ORIGINATION_FEE = 0.01057
LOAN_TERM_YEARS = 10
LOAN_GRACE_YEARS = 0.5
#: Inflation used to turn fixed nominal repayments into real dollars: CPI growth in the
#: Trustees' intermediate assumptions (2.4% a year).
INFLATION = 0.024
#: New graduate borrowers from July 2026: $20,500 a year, $100,000 aggregate, prorated for
#: part-time (DESIGN.md, One Big Beautiful Bill Act).
LOAN_ANNUAL_LIMIT_USD = 20_500.0
LOAN_AGGREGATE_LIMIT_USD = 100_000.0

# -- taxes -------------------------------------------------------------------------------------
#: Tax year tabulated with tenforty (federal + state income tax, incl. the 0.9% Additional
#: Medicare Tax); the schedule is applied to real incomes in every year (brackets are indexed).
TAX_YEAR = 2025
#: Employee FICA 2025 (SSA / IRS Publication 15): Social Security 6.2% up to the wage base,
#: Medicare 1.45% on all wages. The Additional Medicare Tax is in tenforty's federal total.
SOCIAL_SECURITY_RATE = 0.062
SOCIAL_SECURITY_WAGE_BASE_USD = 176_100.0
MEDICARE_RATE = 0.0145

# -- Monte Carlo -------------------------------------------------------------------------------
DRAWS_DEFAULT = 10_000
#: Largest number of draws a call accepts (memory: the catalog path chunks over programs).
DRAWS_MAX = 100_000
HORIZON_MAX_YEARS = 60
#: Histogram bins of the NPV distribution kept in a result.
HISTOGRAM_BINS = 40

# -- earnings shrinkage ----------------------------------------------------------------------
#: Fewest rows with earnings a CIP family needs to serve as a shrinkage target.
FAMILY_MIN_ROWS = 3
#: Occupation whose national OEWS spread stands for the spread of log earnings among one
#: program's graduates (sigma of the shrinkage model): Data Scientists.
SHRINKAGE_SIGMA_SOC = "15-2051"
#: Sampling variance of a median = (pi/2) sigma^2 / n for a normal log-earnings distribution.
MEDIAN_VARIANCE_FACTOR = 1.5707963267948966


DEFAULTS: tuple[Default, ...] = (
    Default("discount_rate", "3% real", "FREOPP graduate ROI method (2022)"),
    Default("cash-flow timing", "end of year, discounted to the program start", "FREOPP (2022)"),
    Default("career end", "through age 64", "FREOPP (2022)"),
    Default("horizon when age unknown", f"{HORIZON_YEARS_DEFAULT} years", "mlmasters assumption"),
    Default(
        "FREOPP dropouts",
        "half the tuition and half a year's forgone pay per program year; no gain",
        "FREOPP (2022) published rows",
    ),
    Default(
        "completion probability",
        f"{P_COMPLETE:.0%} (within 4 years)",
        "Council of Graduate Schools, STEM master's (41% / 60% / 66% in 2 / 3 / 4 years)",
    ),
    Default(
        "time to degree",
        "quantiles through median 23 months and the 2/3/4-year completion shares, "
        "scaled to the planned months; the plan model's distribution when available",
        "Council of Graduate Schools; mlmasters.models.plan",
    ),
    Default(
        "time to attrition",
        f"exponential, median {ATTRITION_MEDIAN_MONTHS:g} months",
        "Council of Graduate Schools",
    ),
    Default(
        "real wage growth",
        f"{REAL_WAGE_GROWTH:.1%} a year, sd {WAGE_GROWTH_SD:.0%} point",
        "SSA Trustees Report, intermediate real-wage differential; sd = the sensitivity step",
    ),
    Default(
        "career-stage profile",
        f"experience growth {EXPERIENCE_GROWTH_START:.1%} a year at entry, falling linearly "
        f"to 0 at {EXPERIENCE_FLAT_AFTER_YEARS:g} years (wages double over a career)",
        "Lagakos et al. (2018), Life-Cycle Wage Growth across Countries, JPE",
    ),
    Default(
        "experience when unknown",
        f"age - {BACHELOR_AGE}, else 0 (entry level)",
        "mlmasters assumption (bachelor's at 22)",
    ),
    Default(
        "job search after full-time study",
        f"lognormal, median {JOB_SEARCH_MEDIAN_MONTHS:g} and mean {JOB_SEARCH_MEAN_MONTHS:g} "
        f"months, capped at {JOB_SEARCH_CAP_MONTHS:g}",
        "BLS CPS Table A-12, duration of unemployment, 2024 annual averages",
    ),
    Default(
        "salary kept while studying",
        f"full-time 0%; part-time {SALARY_KEPT_PART_TIME:.0%} (you keep a full-time job)",
        "FREOPP (full-time students do not work); mlmasters assumption for part-time",
    ),
    Default(
        "part-time pace",
        f"{PART_TIME_PACE:.0%} of the full-time load (9 of 18 credits a year)",
        "IPEDS full-time graduate load (9 credits a term)",
    ),
    Default(
        "post-degree wage",
        "program's federal median (shrunk to its CIP family), placed at its horizon after "
        "graduation, spread by the target occupation's OEWS percentiles in your area",
        "College Scorecard; BLS OEWS May 2025",
    ),
    Default(
        "after graduation",
        "you keep the better of the new-role wage and your old path",
        "mlmasters assumption (you can return to your old kind of job)",
    ),
    Default("target role when unknown", DEFAULT_TARGET_ROLE, "mlmasters assumption"),
    Default(
        "loans",
        f"none by default; {LOAN_RATE_NOMINAL:.2%} nominal, {LOAN_ORIGINATION_FEE:.3%} fee, "
        f"{LOAN_TERM_YEARS}-year plan after {LOAN_GRACE_YEARS:g} year grace, limits "
        f"${LOAN_ANNUAL_LIMIT_USD:,.0f}/yr and ${LOAN_AGGREGATE_LIMIT_USD:,.0f}",
        "Federal Student Aid 2025-26 Direct Unsubsidized (graduate); July 2026 limits",
    ),
    Default("inflation (loans only)", f"{INFLATION:.1%}", "SSA Trustees intermediate CPI"),
    Default(
        "income tax",
        f"federal + state, tax year {TAX_YEAR}, tabulated once per state and filing status "
        "and interpolated; tuition credits ignored",
        "tenforty (Open Tax Solver; graph backend for states OTS lacks)",
    ),
    Default(
        "payroll tax (FICA)",
        f"{SOCIAL_SECURITY_RATE:.1%} Social Security up to ${SOCIAL_SECURITY_WAGE_BASE_USD:,.0f}"
        f" + {MEDICARE_RATE:.2%} Medicare",
        "SSA 2025 contribution and benefit base; IRS Publication 15 (2025)",
    ),
    Default(
        "employer tuition support",
        "reduces each year's tuition, never below zero; the $5,250 tax exclusion is not modelled",
        "profile; IRC section 127",
    ),
    Default(
        "earnings shrinkage",
        "empirical Bayes toward the CIP family median by cohort size; graduates' log-earnings "
        f"spread from the OEWS p10-p90 of {SHRINKAGE_SIGMA_SOC} nationally",
        "College Scorecard; BLS OEWS May 2025",
    ),
    Default(
        "location",
        "program figure x (target-occupation median in your area / in the institution's state;"
        " nationally for online programs)",
        "BLS OEWS May 2025",
    ),
    Default("draws", f"{DRAWS_DEFAULT:,} (at most {DRAWS_MAX:,})", "mlmasters"),
)

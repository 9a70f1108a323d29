"""Every default of the ROI model, with its source, in one place.

``DEFAULTS`` lists them for the docs and the result's ``assumptions``; the constants are
what the code uses. Every one of them is overridable (a what-if parameter or a function
argument). ``docs/roi.md`` renders this table; a test checks they agree. Each sourced figure
was checked against a stored copy of its source; ``docs/sources.md`` records the address,
the date, the source's figure and the verdict, and says which could not be verified offline.
"""

from __future__ import annotations

from dataclasses import dataclass

# Part-time / online completion lives with the plan model, which holds plans to it; the
# table below shows that one figure.
from mlmasters.models.plan.ttd import PART_TIME_COMPLETION, PART_TIME_COMPLETION_RANGE


@dataclass(frozen=True)
class Default:
    name: str
    value: str
    source: str


# -- method (FREOPP 2022) -------------------------------------------------------------------
#: Real discount rate; cash flows at the end of each year, discounted to the program start.
DISCOUNT_RATE = 0.03
#: Career ends after age 64 (FREOPP's working career runs to age 64; read in its bachelor's
#: method, the graduate method page says its approach is similar).
RETIREMENT_AGE = 65
#: FREOPP's dropouts are enrolled for half the program: half the tuition and half the
#: forgone pay per program year, and gain nothing. Inferred from FREOPP's published rows;
#: the method text on it was not verified offline.
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
#: (alternative II) ultimate real-wage differential, about 1.1 points. Not verified offline for
#: the 2024 and 2025 Reports (their stored pages did not yield the figure); consistent with
#: the 2020 Report's intermediate average wage growth of 3.5% against CPI growth of 2.4%.
REAL_WAGE_GROWTH = 0.011
#: Spread of a person's real wage growth around it (one sd, in points): the issue's documented
#: sensitivity step, used as the standard deviation of the draws.
WAGE_GROWTH_SD = 0.01
#: Career-stage (experience) profile: growth from experience falls linearly from
#: ``EXPERIENCE_GROWTH_START`` at 0 years to 0 at ``EXPERIENCE_FLAT_AFTER_YEARS`` years, so
#: wages about double over a career (Lagakos, Moll, Porzio, Qian & Schoellman 2018, "Life-Cycle
#: Wage Growth across Countries", JPE). Only the paper's qualitative finding (flatter profiles
#: in poorer countries) was verified offline; the U.S. "about double by 25-30 years of
#: experience" figure was not.
EXPERIENCE_FLAT_AFTER_YEARS = 27.0
EXPERIENCE_GROWTH_START = 2 * 0.6931471805599453 / EXPERIENCE_FLAT_AFTER_YEARS  # ln 2 total
#: Job search after full-time study (or after dropping out of it): lognormal with the median
#: and mean duration of unemployment, about 9 and 21 weeks (months = weeks x 12 / 52), capped.
#: BLS CPS Table E-10, seasonally adjusted quarterly averages, 2024 Q1-Q3: median 9.5, 9.1,
#: 9.5 weeks; mean 21.1, 20.6, 21.4 weeks. The 2024 annual average was not found offline.
JOB_SEARCH_MEDIAN_MONTHS = 2.1
JOB_SEARCH_MEAN_MONTHS = 4.8
JOB_SEARCH_CAP_MONTHS = 24.0
#: Share of the salary kept while studying part-time: the person keeps a full-time job.
SALARY_KEPT_PART_TIME = 1.0
#: Part-time pace: half the full-time load (9 of 18 semester credits a year). The full-time
#: graduate load is IPEDS's (9 or more semester credits a term); the half is an mlmasters
#: assumption (the plan model's own part-time default, two courses a term, is 2/3 of it).
PART_TIME_PACE = 0.5
#: The degree's premium for a person already in the target occupation shrinks with the years
#: they have spent there: ``1 / (1 + years / PREMIUM_HALF_AFTER_YEARS)`` of a newcomer's (half
#: after 10 years). An mlmasters assumption (labelled as such wherever it is shown): a degree
#: adds less to someone whose pay already reflects years of the same work; no published
#: estimate of this slope was found.
PREMIUM_HALF_AFTER_YEARS = 10.0
#: Spread of the degree's effect between people around the program's premium (log points,
#: one sd). An mlmasters assumption: Minaya, Scott-Clayton & Zhou (2024) report returns that
#: "vary widely" by field; 0.10 lets one person's effect range over about -8% to +30% (p10-p90)
#: around a +10% program premium.
PREMIUM_INDIVIDUAL_SD = 0.10
#: Probability that a person not yet in the target occupation works in it after the degree
#: (the career-switch channel). An mlmasters assumption, labelled wherever shown (no source
#: measures it for ML master's graduates); a what-if.
SWITCH_PROB = 0.5
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
#: 2025-26 graduate Direct Unsubsidized rate (nominal: 4.34% 10-year Treasury auction of
#: 8 May 2025 + 3.60% add-on, loans first disbursed 1 July 2025 - 30 June 2026), origination
#: fee (loans first disbursed 1 Oct 2020 - before 1 Oct 2026), 6-month grace period; interest
#: accrues while enrolled. Repayment follows the standard plan for loans made from 1 July
#: 2026, whose term is tiered by the amount borrowed: 10 years under $25,000, then 15 / 20 /
#: 25 years from $25,000 / $50,000 / $100,000 (P.L. 119-21, as summarised by the aid-office
#: pages in docs/sources.md).
LOAN_RATE_NOMINAL = 0.0794
LOAN_ORIGINATION_FEE = 0.01057
#: (balance from, years) of the tiered standard plan, ascending.
LOAN_TERM_TIERS: tuple[tuple[float, int], ...] = (
    (0.0, 10),
    (25_000.0, 15),
    (50_000.0, 20),
    (100_000.0, 25),
)
LOAN_GRACE_YEARS = 0.5
#: Inflation used to turn fixed nominal repayments into real dollars: the Trustees' intermediate
#: ultimate CPI growth, 2.4% a year (2020 Report; the 2024 and 2025 Reports were not re-read
#: offline).
INFLATION = 0.024
#: New graduate borrowers from July 2026: $20,500 a year, $100,000 aggregate, prorated for
#: less than full-time enrolment (Public Law 119-21 sec. 81001, amending HEA sec. 455(a);
#: students already borrowing for their program on 30 June 2026 keep the old limits for up to
#: three academic years).
LOAN_ANNUAL_LIMIT_USD = 20_500.0
LOAN_AGGREGATE_LIMIT_USD = 100_000.0

# -- taxes -------------------------------------------------------------------------------------
#: Tax year tabulated with tenforty (federal + state income tax, incl. the 0.9% Additional
#: Medicare Tax); the schedule is applied to real incomes in every year (brackets are indexed).
TAX_YEAR = 2025
#: Employee FICA 2025 (SSA, announced 10 Oct 2024): Social Security 6.2% up to the $176,100
#: wage base, Medicare 1.45% on all wages. The Additional Medicare Tax (0.9% of wages over
#: $200,000, the single filer's threshold) is in tenforty's federal total.
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
#: The bins span these quantiles of the draws; the rarer tails are counted in the end bins
#: (a long right tail of a few high earners otherwise squeezes the whole chart into two bars).
HISTOGRAM_QUANTILES = (0.01, 0.99)

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
    Default(
        "cash-flow timing",
        "end of year, discounted to the program start",
        "FREOPP (2022) discounts to the year graduate school begins; end-of-year timing not "
        "verified offline",
    ),
    Default(
        "career end", "through age 64", "FREOPP (2022 graduate; 23-64 in its bachelor's method)"
    ),
    Default("horizon when age unknown", f"{HORIZON_YEARS_DEFAULT} years", "mlmasters assumption"),
    Default(
        "FREOPP dropouts",
        "half the tuition and half a year's forgone pay per program year; no gain",
        "FREOPP (2022) published rows; not verified offline in the method text",
    ),
    Default(
        "time to degree, completion and attrition",
        "the plan's own distribution (its months, bridge courses first, load and mode), per "
        "draw: completion and months to degree for finishers, months enrolled for those who "
        "leave",
        "mlmasters plan model, calibrated to the Council of Graduate Schools STEM master's "
        "completion study (41% / 60% / 66% in 2 / 3 / 4 years; median attrition 8 months)",
    ),
    Default(
        "chance of finishing, part-time or online",
        f"{PART_TIME_COMPLETION:.0%} (range {PART_TIME_COMPLETION_RANGE[0]:.0%}-"
        f"{PART_TIME_COMPLETION_RANGE[1]:.0%}, in the tornado)",
        "mlmasters assumption between the CGS campus STEM figure (66% within 4 years) and "
        "IPEDS outcome measures at large online institutions (under half within 8 years, all "
        "levels; Inside Higher Ed, 2025-01-07); no published rate for online ML/CS master's",
    ),
    Default(
        "real wage growth",
        f"{REAL_WAGE_GROWTH:.1%} a year, sd {WAGE_GROWTH_SD:.0%} point",
        "SSA Trustees Report, intermediate real-wage differential (2024-25 figure not verified "
        "offline); sd = the sensitivity step",
    ),
    Default(
        "career-stage profile",
        f"experience growth {EXPERIENCE_GROWTH_START:.1%} a year at entry, falling linearly "
        f"to 0 at {EXPERIENCE_FLAT_AFTER_YEARS:g} years (wages double over a career)",
        "Lagakos et al. (2018), Life-Cycle Wage Growth across Countries, JPE (U.S. figure not "
        "verified offline)",
    ),
    Default(
        "experience when unknown",
        f"age - {BACHELOR_AGE}; else 4 years when your pay is unknown (the bachelor's median "
        "is measured then), else 0 (entry level)",
        "mlmasters assumption (bachelor's at 22)",
    ),
    Default(
        "job search after full-time study",
        f"lognormal, median {JOB_SEARCH_MEDIAN_MONTHS:g} and mean {JOB_SEARCH_MEAN_MONTHS:g} "
        f"months, capped at {JOB_SEARCH_CAP_MONTHS:g}",
        "BLS CPS Table E-10, duration of unemployment, 2024 Q1-Q3 (median 9.1-9.5, mean "
        "20.6-21.4 weeks)",
    ),
    Default(
        "salary kept while studying",
        f"full-time 0%; part-time {SALARY_KEPT_PART_TIME:.0%} (you keep a full-time job)",
        "FREOPP (full-time students do not work); mlmasters assumption for part-time",
    ),
    Default(
        "part-time pace",
        f"{PART_TIME_PACE:.0%} of the full-time load (9 of 18 credits a year)",
        "mlmasters assumption: half the IPEDS full-time graduate load (9 credits a term)",
    ),
    Default(
        "earnings with the degree",
        "your own pay path x e^premium: the program's causal premium (see docs/earnings.md), "
        f"with a person-to-person spread of {PREMIUM_INDIVIDUAL_SD:g} log points",
        "College Scorecard master's vs bachelor's pairs; Minaya, Scott-Clayton & Zhou (2024); "
        "spread: mlmasters assumption",
    ),
    Default(
        "years already in the target occupation",
        f"premium x 1 / (1 + years / {PREMIUM_HALF_AFTER_YEARS:g})",
        "mlmasters assumption",
    ),
    Default(
        "career switch",
        f"a separate scenario, never in the main result: a {SWITCH_PROB:.0%} extra chance (an "
        "assumption) of working in the target occupation after the degree, paid its wage in "
        "your area at your own wage rank, inside its p10-p90, with no degree premium on top",
        "mlmasters assumption; BLS OEWS May 2025 percentiles",
    ),
    Default(
        "after graduation",
        "no floor in either study mode: the degree's effect is drawn as estimated "
        "(mean-preserving) and can be below zero",
        "mlmasters assumption",
    ),
    Default("target role when unknown", DEFAULT_TARGET_ROLE, "mlmasters assumption"),
    Default(
        "loans",
        f"none by default; {LOAN_RATE_NOMINAL:.2%} nominal, {LOAN_ORIGINATION_FEE:.3%} fee "
        f"(amount borrowed grossed up by 1/(1-fee)), standard plan of 10/15/20/25 years by "
        f"balance after {LOAN_GRACE_YEARS:g} year grace, limits "
        f"${LOAN_ANNUAL_LIMIT_USD:,.0f}/yr and ${LOAN_AGGREGATE_LIMIT_USD:,.0f}",
        "Federal Student Aid 2025-26 Direct Unsubsidized (graduate); July 2026 limits and "
        "tiered standard repayment term (P.L. 119-21)",
    ),
    Default(
        "inflation (loans only)",
        f"{INFLATION:.1%}",
        "SSA Trustees intermediate ultimate CPI (2020 Report)",
    ),
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
        "SSA 2025 contribution and benefit base (announced 10 Oct 2024)",
    ),
    Default(
        "employer tuition support",
        "reduces each year's tuition, never below zero; the $5,250 tax exclusion is not modelled",
        "profile; IRC section 127",
    ),
    Default("draws", f"{DRAWS_DEFAULT:,} (at most {DRAWS_MAX:,})", "mlmasters"),
)

"""Each snapshot table described once: columns, types, units, meaning, source.

The build casts to these types and orders columns as listed; the loader checks them;
``docs/data.md`` is generated from them (``mlmasters data schema``).
Units are in column names (``_usd``, ``_pct``, ``_thousands``, ``_years``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # pandas dtype name: string, Int64, Int8, Float64, boolean
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    source_keys: tuple[str, ...]
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.parquet"

    def dtypes(self) -> dict[str, str]:
        return {c.name: c.dtype for c in self.columns}


def _c(name: str, dtype: str, description: str) -> Column:
    return Column(name, dtype, description)


SCORECARD_FOS = Table(
    name="scorecard_fos",
    source_keys=("scorecard",),
    description=(
        "College Scorecard field-of-study rows (institution x 4-digit CIP x credential) for "
        "master's (level 5) and bachelor's (level 3) credentials in the ML-relevant CIP families."
    ),
    key=("unitid", "cip_code", "credential_level"),
    columns=(
        _c("unitid", "string", "IPEDS UNITID of the institution"),
        _c("opeid6", "string", "6-digit OPE ID"),
        _c("institution", "string", "Institution name as in the Scorecard"),
        _c("state", "string", "State (USPS code) of the institution"),
        _c("control", "string", "Public / Private, nonprofit / Private, for-profit"),
        _c("cip_code", "string", "4-digit CIP 2020 family, written NN.NN"),
        _c("cip_title", "string", "CIP family title"),
        _c("credential_level", "Int8", "Scorecard credential level: 3 bachelor's, 5 master's"),
        _c("credential", "string", "Credential description"),
        _c("completers_count", "Int64", "Completers in the Scorecard's pooled cohort"),
        _c(
            "earnings_median_usd",
            "Int64",
            "Median earnings of completers (nominal USD); null when suppressed",
        ),
        _c(
            "earnings_horizon_years",
            "Int8",
            "Years after completion the earnings are measured: 4, or 1 when only the "
            "1-year measure exists (a different, lower measure; never mixed silently)",
        ),
        _c(
            "debt_median_usd",
            "Int64",
            "Median federal debt of completers (USD); null if suppressed",
        ),
        _c(
            "earnings_threshold_state_usd",
            "Int64",
            "Federal earnings-premium threshold for the state (typical earnings of the "
            "comparison group, USD)",
        ),
        _c("earnings_premium_state_usd", "Int64", "earnings_median_usd minus the state threshold"),
        _c(
            "fails_earnings_premium",
            "boolean",
            "True when the program fails the federal earnings-premium test; null if undecided",
        ),
        _c("value_flag", "string", "passes_/fails_earnings_premium or insufficient_data"),
    ),
)

_PCTS = ("p10", "p25", "p50", "p75", "p90")

OEWS_WAGES = Table(
    name="oews_wages",
    source_keys=("oews",),
    description=(
        "OEWS May 2025 employment and annual wage percentiles for every occupation, all "
        "industries combined, for the nation, every state and every metro area."
    ),
    key=("area_code", "soc_code"),
    columns=(
        _c("area_code", "string", "OEWS area code (0000000 = national)"),
        _c("soc_code", "string", "SOC 2018 code NN-NNNN (broad/major groups end in 0s)"),
        _c("employment", "Int64", "Employment (wage and salary workers; no self-employed)"),
        _c("employment_rse_pct", "Float64", "Relative standard error of employment, percent"),
        _c("wage_annual_mean_usd", "Int64", "Annual mean wage, USD"),
        *(
            _c(f"wage_annual_{p}_usd", "Int64", f"Annual {p[1:]}th percentile wage, USD")
            for p in _PCTS
        ),
        _c("employment_footnote", "string", "BLS footnote code on employment (see oews_footnotes)"),
        *(
            _c(
                f"wage_annual_{p}_footnote",
                "string",
                "BLS footnote code on that percentile (5 = at or above $239,200, top-coded; "
                "8 = not released; 4 = hourly-only occupation)",
            )
            for p in _PCTS
        ),
    ),
)

OEWS_AREAS = Table(
    name="oews_areas",
    source_keys=("oews",),
    description="OEWS areas: the nation, states and territories, metropolitan areas.",
    key=("area_code",),
    columns=(
        _c("area_code", "string", "OEWS area code"),
        _c("area_type", "string", "N national, S state, M metropolitan area"),
        _c("state_fips", "string", "State FIPS code (of the principal state for a metro)"),
        _c("state", "string", "USPS code of that state; null for the nation"),
        _c("area_name", "string", "Area name as BLS writes it"),
    ),
)

OEWS_OCCUPATIONS = Table(
    name="oews_occupations",
    source_keys=("oews",),
    description="OEWS occupations (SOC 2018 codes and titles, with their display level).",
    key=("soc_code",),
    columns=(
        _c("soc_code", "string", "SOC 2018 code NN-NNNN"),
        _c("occupation_name", "string", "Occupation title"),
        _c("display_level", "Int8", "0 major group ... 3 detailed occupation"),
    ),
)

OEWS_FOOTNOTES = Table(
    name="oews_footnotes",
    source_keys=("oews",),
    description="BLS OEWS footnote codes and their text.",
    key=("footnote_code",),
    columns=(
        _c("footnote_code", "string", "Footnote code"),
        _c("footnote_text", "string", "Footnote text"),
    ),
)

BLS_PROJECTIONS = Table(
    name="bls_projections",
    source_keys=("bls_projections",),
    description="BLS Employment Projections 2024-34 for the occupations mlmasters uses.",
    key=("soc_code",),
    columns=(
        _c("soc_code", "string", "SOC 2018 code"),
        _c("occupation_title", "string", "BLS matrix title"),
        _c("employment_2024_thousands", "Float64", "Employment 2024, thousands"),
        _c("employment_2034_thousands", "Float64", "Projected employment 2034, thousands"),
        _c("change_percent", "Float64", "Employment change 2024-34, percent (BLS rounding)"),
        _c("annual_openings_thousands", "Float64", "Average annual openings 2024-34, thousands"),
        _c("typical_entry_education", "string", "BLS typical education needed for entry"),
        _c("median_annual_wage_2024_usd", "Int64", "Median annual wage, May 2024, USD"),
        _c("source_url", "string", "BLS table the row comes from"),
        _c("source_note", "string", "How the values were obtained and checked"),
    ),
)

ONET_SKILLS = Table(
    name="onet_skills",
    source_keys=("onet_skills",),
    description="O*NET 30.1 importance (1-5) of 35 skills and 41 work activities per occupation.",
    key=("soc_code", "element_id"),
    columns=(
        _c("soc_code", "string", "SOC 2018 code"),
        _c("onet_soc_code", "string", "O*NET-SOC code(s); ';' joins codes averaged unweighted"),
        _c("element_id", "string", "O*NET Content Model element id"),
        _c("element_name", "string", "Element name"),
        _c("scale", "string", "Always IM (importance)"),
        _c("value", "Float64", "Importance 1 (not important) to 5 (extremely important)"),
        _c("onet_version", "string", "O*NET database release"),
    ),
)

IPEDS_TUITION = Table(
    name="ipeds_tuition",
    source_keys=("ipeds_tuition",),
    description=(
        "IPEDS graduate tuition and required fees per institution (institution-wide averages, "
        "nominal USD, full academic year), 2023-24 and 2022-23."
    ),
    key=("unitid", "academic_year"),
    columns=(
        _c("unitid", "string", "IPEDS UNITID"),
        _c("institution", "string", "Institution name (HD2023); may be empty"),
        _c("academic_year", "string", "2023-24 or 2022-23"),
        _c("tuition_in_state_ft_usd", "Int64", "In-state tuition, full-time graduate, per year"),
        _c("fees_in_state_ft_usd", "Int64", "In-state required fees, full-time graduate, per year"),
        _c("tuition_out_of_state_ft_usd", "Int64", "Out-of-state tuition, full-time, per year"),
        _c("fees_out_of_state_ft_usd", "Int64", "Out-of-state required fees, full-time, per year"),
        _c("per_credit_in_state_usd", "Int64", "In-state per-credit charge, part-time graduate"),
        _c("per_credit_out_of_state_usd", "Int64", "Out-of-state per-credit charge, part-time"),
        _c("source_file", "string", "File the row was read from"),
        _c("source_repo_commit", "string", "owner/repo@commit of the copy used"),
    ),
)

INSTITUTIONS = Table(
    name="institutions",
    source_keys=("institutions",),
    description=(
        "IPEDS HD2024 directory (2024-25, provisional): every institution's city, metro area "
        "(CBSA), coordinates, web address, Carnegie research designation and open/closed "
        "status. Institution level: it says nothing about one program or department."
    ),
    key=("unitid",),
    columns=(
        _c("unitid", "string", "IPEDS UNITID (UNITID)"),
        _c("institution", "string", "Institution name (INSTNM)"),
        _c("city", "string", "City (CITY)"),
        _c("state", "string", "State, USPS code (STABBR)"),
        _c("zip", "string", "ZIP code (ZIP)"),
        _c("web_address", "string", "Home page as reported (WEBADDR); may lack a scheme"),
        _c("control", "string", "Public / Private not-for-profit / Private for-profit (CONTROL)"),
        _c("offers_graduate", "string", "Offers graduate degrees: yes / no (GROFFER)"),
        _c("cbsa", "string", "Core Based Statistical Area code (CBSA); OEWS metros use CBSAs"),
        _c("cbsa_type", "string", "Metropolitan / Micropolitan Statistical Area (CBSATYPE)"),
        _c("latitude", "Float64", "Latitude, decimal degrees (LATITUDE)"),
        _c("longitude", "Float64", "Longitude, decimal degrees (LONGITUD)"),
        _c("carnegie_basic_2021", "Int64", "Carnegie Classification 2021 basic code (C21BASIC)"),
        _c("carnegie_basic_2021_label", "string", "Its NCES label"),
        _c(
            "carnegie_research_2025",
            "Int64",
            "2025 Carnegie research designation (CARNEGIERSCH): 1 R1, 2 R2, 3 Research "
            "Colleges and Universities; null = no designation",
        ),
        _c("carnegie_research_2025_label", "string", "Its NCES label"),
        _c(
            "status_act",
            "string",
            "Status (ACT): A active, N new, M closed in the current year, R restored, "
            "C combined with another institution, D deleted (out of business), G child campus",
        ),
        _c("status_act_label", "string", "Its NCES label"),
        _c("active_current_year", "string", "CYACTIVE: yes (A, N, M, R) / no (C, D, G)"),
        _c("closed_on", "string", "Date the institution closed, YYYY-MM-DD (CLOSEDAT)"),
        _c("deleted_year", "Int64", "Year the institution was deleted from IPEDS (DEATHYR)"),
        _c("merged_into_unitid", "string", "UNITID where a merged school's data are (NEWID)"),
    ),
)

PROGRAMS_CURATED = Table(
    name="programs_curated",
    source_keys=("programs_curated",),
    description=(
        "Hand-collected program details (credits, delivery, tuition, tracks, thesis, "
        "internship...) with sources; list fields are stored as JSON text."
    ),
    key=("program_id",),
    columns=(
        _c("program_id", "string", "Stable slug"),
        _c("record_json", "string", "The curated record, canonical JSON (sorted keys)"),
    ),
)

TABLES: tuple[Table, ...] = (
    SCORECARD_FOS,
    OEWS_WAGES,
    OEWS_AREAS,
    OEWS_OCCUPATIONS,
    OEWS_FOOTNOTES,
    BLS_PROJECTIONS,
    ONET_SKILLS,
    IPEDS_TUITION,
    INSTITUTIONS,
    PROGRAMS_CURATED,
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


def schema_markdown() -> str:
    """Markdown documentation of every snapshot table (kept in docs/data.md)."""
    out = ["# Snapshot tables", "", "Generated from `mlmasters.data.schema`.", ""]
    for t in TABLES:
        out += [f"## `{t.filename}`", "", t.description, "", f"Key: {', '.join(t.key)}", ""]
        out += ["| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.dtype} | {c.description} |" for c in t.columns]
        out.append("")
    return "\n".join(out)

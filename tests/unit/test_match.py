"""The federal-row matcher: its tie rule, and the first keyword rule deciding the families."""

from mlmasters.catalog.match import match_federal, unmatched_reason


def test_tie_goes_to_the_family_listed_first() -> None:
    rows = {"1": {"30.71": 0, "30.70": 0, "11.01": 40}}
    m = match_federal("1", None, "Master of Science in Data Science", rows)
    assert m is not None and m.cip_code == "30.70"


def test_more_completers_still_win_within_a_tier() -> None:
    rows = {"1": {"30.71": 12, "30.70": 3}}
    m = match_federal("1", None, "Master of Science in Data Science", rows)
    assert m is not None and m.cip_code == "30.71"


def test_given_cip_wins_over_the_name() -> None:
    rows = {"1": {"30.70": 50, "11.05": 0}}
    m = match_federal("1", "11.0501", "MS in Data Science", rows)
    assert m is not None and m.cip_code == "11.05"


def test_data_science_joins_a_data_science_row_or_none() -> None:
    rows = {"1": {"11.07": 90, "27.05": 40}}
    assert match_federal("1", None, "Master of Information and Data Science", rows) is None
    why = unmatched_reason("1", None, "Master of Information and Data Science")
    assert "30.70, 30.71" in why and "another field's row is not used" in why


def test_new_families_information_engineering_operations_research() -> None:
    rows = {"1": {"11.04": 10, "14.09": 20, "52.13": 30, "11.07": 99}}
    cases = {
        "Master of Science in Information Management": "11.04",
        "Computer Engineering, MS": "14.09",
        "MS in Operations Research": "52.13",
        "Master of Science in Management Science and Engineering": "52.13",
        "Master of Science in Computer Science": "11.07",
    }
    for name, cip in cases.items():
        m = match_federal("1", None, name, rows)
        assert m is not None and m.cip_code == cip, name


def test_management_information_systems_has_no_family_in_the_catalog() -> None:
    rows = {"1": {"11.04": 10, "11.01": 50}}
    name = "Master of Science in Management Information Systems"
    assert match_federal("1", None, name, rows) is None
    assert "outside the catalog" in unmatched_reason("1", None, name)

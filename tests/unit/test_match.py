"""The federal-row matcher's tie rule: equal completers go to the family listed first."""

from mlmasters.catalog.match import match_federal


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

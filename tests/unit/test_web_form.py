"""The start form speaks plainly: money as people type it, states by name, metro areas
resolved (never a silent fallback), every error says what to type; saved shortlists travel
with an exported profile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.storage import Store
from mlmasters.web.app import create_app
from mlmasters.web.forms import parse_money, state_code, validate_form
from mlmasters.web.profiles import resolve_metro


@pytest.mark.parametrize(
    ("text", "usd"),
    [("$68,000", 68_000), ("68,000", 68_000), ("68000", 68_000), ("68k", 68_000),
     ("68K", 68_000), ("$68.5k", 68_500), ("$1.2m", 1_200_000), (" $ 52,000 ", 52_000)],
)  # fmt: skip
def test_money_as_people_type_it(text: str, usd: float) -> None:
    assert parse_money(text) == pytest.approx(usd)


@pytest.mark.parametrize("text", ["sixty", "68,00", "$", "68kk", "-5", "1e9"])
def test_not_money(text: str) -> None:
    assert parse_money(text) is None


def test_state_names_and_codes() -> None:
    assert state_code("Ohio") == state_code("ohio") == state_code("OH") == state_code("oh") == "OH"
    assert state_code("District of Columbia") == "DC"
    assert state_code("Narnia") is None


NAMES = ["Columbus, GA-AL", "Columbus, IN", "Columbus, OH", "Austin-Round Rock-San Marcos, TX",
         "Boston-Cambridge-Newton, MA-NH", "Kansas City, MO-KS"]  # fmt: skip


@pytest.mark.parametrize(
    ("state", "text", "area"),
    [(None, "Columbus, OH", "Columbus, OH"), (None, "Columbus, Ohio", "Columbus, OH"),
     (None, "columbus, ohio", "Columbus, OH"), ("OH", "Columbus", "Columbus, OH"),
     ("IN", "Columbus", "Columbus, IN"), (None, "Austin", "Austin-Round Rock-San Marcos, TX"),
     (None, "Boston", "Boston-Cambridge-Newton, MA-NH"),
     ("KS", "Kansas City", "Kansas City, MO-KS")],
)  # fmt: skip
def test_metro_resolves(state: str | None, text: str, area: str) -> None:
    assert resolve_metro(NAMES, state, text)[0] == area


def test_metro_that_does_not_resolve_says_what_to_pick() -> None:
    profile, errors, _ = validate_form(
        {"metro": "Columbus"}, lambda s, t: resolve_metro(NAMES, s, t)
    )
    assert profile is None
    assert "Columbus, GA-AL; Columbus, IN; Columbus, OH" in errors["metro"]
    _, errors, _ = validate_form(
        {"metro": "Columbus, Texas"}, lambda s, t: resolve_metro(NAMES, s, t)
    )
    assert "metro" in errors  # no Columbus in Texas: an error, not a quiet fallback


def test_every_error_says_what_to_type_in_words() -> None:
    form = {"age": "7", "hours_per_week": "lots", "current_salary_usd": "sixty thousand",
            "state": "Narnia", "current_soc": "engineer", "max_years": "0",
            "budget_usd": "-3", "name": "x" * 200}  # fmt: skip
    profile, errors, _ = validate_form(form)
    assert profile is None and set(errors) == set(form)
    for field, msg in errors.items():
        assert msg[0].isupper() and msg.endswith("."), (field, msg)
        for jargon in ("String should", "pattern", "parse", "Input should", "^[", "float", "int"):
            assert jargon not in msg, (field, msg)
    assert errors["age"] == "Type your age in years from 16 to 80."
    assert "68k" in errors["current_salary_usd"]


def test_keep_working_yes_no_both() -> None:
    for raw, value in (("true", True), ("false", False), ("", None)):
        profile, errors, _ = validate_form({"must_keep_working": raw})
        assert errors == {} and profile is not None and profile.must_keep_working is value


@pytest.fixture
def client(service: Service, tmp_path: Path) -> TestClient:
    return TestClient(create_app(service, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))


def test_form_posts_as_a_person_types(client: TestClient) -> None:
    page = client.get("/")
    assert '<option value="Columbus, OH">' in page.text  # the metro list offers it
    assert '<option value="OH"' in page.text and ">Ohio</option>" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/profile",
        data={"csrf_token": token.group(1), "current_salary_usd": "$68,000",
              "metro": "Columbus, Ohio", "state": "", "must_keep_working": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    saved = client.get(f"/api/v1/profiles/{r.headers['location'].rsplit('/', 1)[1]}").json()
    prof = saved["profile"]
    assert (prof["current_salary_usd"], prof["metro"], prof["state"]) == (
        68000,
        "Columbus, OH",
        "OH",
    )
    assert prof["must_keep_working"] is None  # "show me both"


def test_exported_profile_carries_its_shortlists(tmp_path: Path) -> None:
    from mlmasters.profile import Profile

    store = Store(f"sqlite:///{tmp_path / 'a.sqlite'}").space()
    saved = store.save_profile(Profile(age=30), "Ana")
    store.save_shortlist(saved.id, "Online picks", ["gatech-omscs", "uiuc-mcs-online"])
    store.save_shortlist(saved.id, "", ["uw-msds"])
    text = store.export_toml(saved.id)
    assert ("[[shortlists]]" in text and 'programs = [\n    "gatech-omscs"' in text) or (
        '"gatech-omscs"' in text
    )
    other = Store(f"sqlite:///{tmp_path / 'b.sqlite'}").space()
    back = other.import_toml(text)
    assert back.profile.age == 30 and back.name == "Ana"
    lists = sorted((sl.name, sl.program_ids) for sl in other.list_shortlists(back.id))
    assert lists == [("Online picks", ["gatech-omscs", "uiuc-mcs-online"]),
                     ("Shortlist", ["uw-msds"])]  # fmt: skip


def test_bad_shortlists_in_an_import_are_refused(tmp_path: Path) -> None:
    from mlmasters.errors import InputError

    store = Store(f"sqlite:///{tmp_path / 'a.sqlite'}").space()
    with pytest.raises(InputError):
        store.import_toml('age = 30\n\n[[shortlists]]\nname = "x"\nprograms = []\n')
    assert store.list_profiles() == []

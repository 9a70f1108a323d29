"""Programs share equal values instead of each holding a copy (issue 25's memory), and the
sharing changes nothing a caller sees: values, dumps, the fields given, copies."""

from __future__ import annotations

from mlmasters.catalog.program import FieldSource, IpedsTuition, Program


def _program(pid: str, **extra: object) -> Program:
    src = {"name": FieldSource(label="IPEDS HD2024", url="https://nces.ed.gov/ipeds/")}
    charges = IpedsTuition(
        academic_year="2024-25", tuition_in_state_ft_usd=12_000, fees_in_state_ft_usd=800,
        tuition_out_of_state_ft_usd=30_000, fees_out_of_state_ft_usd=800,
        per_credit_in_state_usd=None, per_credit_out_of_state_usd=None,
    )  # fmt: skip
    return Program(
        program_id=pid, kind="federal", name="Master's in " + "Computer Science",
        institution="Example University", state="TX", field_sources=src,
        ipeds_tuition=charges, **extra,
    )  # fmt: skip


def test_equal_values_are_one_object_and_dumps_are_unchanged() -> None:
    a, b = _program("a-1"), _program("b-2")
    assert a.field_sources["name"] is b.field_sources["name"]
    assert a.ipeds_tuition is b.ipeds_tuition
    assert a.name is b.name  # interned text
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    dump = a.model_dump(exclude_unset=True)
    assert dump["program_id"] == "a-1" and "city" not in dump
    assert set(dump) == {"program_id", "kind", "name", "institution", "state",
                         "field_sources", "ipeds_tuition"}  # fmt: skip


def test_a_copy_with_changes_keeps_the_original_and_its_shared_fields_set() -> None:
    a, b = _program("a-1"), _program("b-2")
    c = a.model_copy(update={"city": "Austin"})
    assert c.city == "Austin" and a.city is None and b.city is None
    assert "city" in c.model_dump(exclude_unset=True)
    assert "city" not in a.model_dump(exclude_unset=True)
    assert "city" not in b.model_dump(exclude_unset=True)
    assert c.field_sources["name"] is a.field_sources["name"]


def test_programs_with_other_fields_given_do_not_share_a_fields_set() -> None:
    a, b = _program("a-1"), _program("b-2", city="Austin")
    assert a.__pydantic_fields_set__ is not b.__pydantic_fields_set__
    assert "city" in b.__pydantic_fields_set__ and "city" not in a.__pydantic_fields_set__

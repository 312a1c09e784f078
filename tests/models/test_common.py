"""The schema states the validators' rules: non-blank texts, integers that are not booleans."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from models import GroupRequest, MatchRequest, ProfileCreate
from models.common import NOT_BLANK


def test_the_non_blank_pattern_is_pythons_isspace() -> None:
    pattern = re.compile(NOT_BLANK)
    assert all((pattern.search(chr(c)) is None) == chr(c).isspace() for c in range(sys.maxunicode + 1))


@given(st.text(min_size=1, max_size=30))
def test_a_text_is_accepted_exactly_when_the_schema_pattern_matches(text: str) -> None:
    try:
        MatchRequest(text=text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (re.search(NOT_BLANK, text) is not None)


def test_texts_carry_the_pattern_in_the_schema() -> None:
    schema = MatchRequest.model_json_schema()
    assert schema["properties"]["text"]["pattern"] == NOT_BLANK


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (MatchRequest, {"text": "x", "top_k": True}),
        (MatchRequest, {"text": "x", "per_organisation": False}),
        (ProfileCreate, {"name": "a", "role": "supplier", "expertise": "b", "capacity": False}),
        (GroupRequest, {"size_min": True}),
        (GroupRequest, {"separate_organisations": 1}),
    ],
)
def test_booleans_are_not_integers_and_integers_not_booleans(model: type, values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(values)


def test_bounds_stay_in_the_schema_of_optional_integers() -> None:
    per_organisation = MatchRequest.model_json_schema()["properties"]["per_organisation"]["anyOf"][0]
    assert (per_organisation["minimum"], per_organisation["maximum"]) == (1, 100)


def test_lists_the_workshop_needs_say_min_items() -> None:
    participants = GroupRequest.model_json_schema()["properties"]["participants"]["anyOf"][0]
    assert participants["minItems"] == 2

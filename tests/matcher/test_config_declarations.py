"""RankConfig refuses what each field's own declaration (``option(ge=, le=)``, its ``Literal``) does
not admit, field by field: the bounds are declared once and nothing else restates them."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest

from matcher import RankConfig
from models.errors import InvalidInputError

HINTS = get_type_hints(RankConfig)
BOUNDED = [
    (f.name, f.metadata["ge"], f.metadata["le"])
    for f in fields(RankConfig)
    if f.metadata.get("ge") is not None
]
CHOICES = [(name, get_args(kind)) for name, kind in HINTS.items() if get_origin(kind) is Literal]


ALONGSIDE = {("document_analyzer", "char_wb"): {"document_ngram_max": 5}}  # char n-grams start at 3


def refused(**kwargs: Any) -> str:
    with pytest.raises(InvalidInputError) as info:
        RankConfig(**kwargs)
    return str(info.value.field)


@pytest.mark.parametrize(("name", "low", "high"), BOUNDED)
def test_a_number_outside_its_declared_bounds_is_refused(name: str, low: float, high: float | None) -> None:
    assert refused(**{name: low - 1}) == name
    if high is not None:
        assert refused(**{name: high + 1}) == name
        if name not in ("ngram_min", "document_ngram_max"):  # these also depend on another field
            RankConfig(**{name: high})


@pytest.mark.parametrize(("name", "choices"), CHOICES)
def test_a_choice_outside_its_literal_is_refused(name: str, choices: tuple[str, ...]) -> None:
    assert refused(**{name: "no-such-choice"}) == name
    for choice in choices:
        config = RankConfig(**{name: choice, **ALONGSIDE.get((name, choice), {})})
        assert getattr(config, name) == choice


def test_every_number_field_declares_its_bounds() -> None:
    numbers = [n for n, kind in HINTS.items() if {int, float} & ({kind} | set(get_args(kind)))]
    assert numbers and sorted(numbers) == sorted(name for name, _, _ in BOUNDED)


def test_a_whole_number_field_refuses_a_fraction() -> None:
    whole = [
        name
        for name, kind in HINTS.items()
        if int in ({kind} | set(get_args(kind))) and float not in ({kind} | set(get_args(kind)))
    ]
    assert "rrf_k" in whole and "ngram_min" in whole
    for name in whole:
        assert refused(**{name: 2.5}) == name

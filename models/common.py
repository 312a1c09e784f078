"""Shared field types and limits of the domain models."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

__all__ = [
    "MAX_LIST",
    "MAX_TEXT",
    "Id",
    "Language",
    "ShortText",
    "Tags",
    "Text",
]

MAX_TEXT = 20_000
"""Longest accepted free text (characters): expertise, document text, question."""

MAX_LIST = 50
"""Most tags or documents on one profile or project."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_not_blank)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_not_blank)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]{0,99}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Tags = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=60)]], Field(max_length=MAX_LIST)
]

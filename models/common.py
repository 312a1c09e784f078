"""Shared field types and limits of the domain models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler, Strict, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = [
    "MAX_LIST",
    "MAX_TEXT",
    "NOT_BLANK",
    "NOT_BOOL",
    "Flag",
    "Id",
    "Integer",
    "Language",
    "Message",
    "SchemaHint",
    "ShortText",
    "Tags",
    "Text",
]

MAX_TEXT = 20_000
"""Longest accepted free text (characters): expertise, document text, question."""

MAX_LIST = 50
"""Most tags or documents on one profile or project."""


NOT_BLANK = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""A JSON Schema ``pattern``: holds a character that is not a space (exactly Python's
``str.isspace``, so the schema says what :func:`_not_blank` refuses)."""


class SchemaHint:
    """JSON Schema keywords for a rule a validator enforces (the OpenAPI schema states it too).

    ``Annotated[str, AfterValidator(check), SchemaHint(pattern=...)]``: the validator keeps its
    own message; the schema tells clients (and schemathesis) the same rule.
    """

    def __init__(self, **keywords: Any) -> None:
        self.keywords: Mapping[str, Any] = keywords

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(self.keywords)
        return json_schema


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"Input should be a valid integer, not {str(value).lower()}")
    return value


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_not_blank),
    SchemaHint(pattern=NOT_BLANK),
]
ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_not_blank),
    SchemaHint(pattern=NOT_BLANK),
]
Message = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    AfterValidator(_not_blank),
    SchemaHint(pattern=NOT_BLANK),
]
"""A note from one user to another (an introduction's message)."""
NOT_BOOL = BeforeValidator(_not_bool)
"""Refuses JSON ``true``/``false`` for an integer (after the bounds in ``Annotated``: the schema
keeps ``minimum``/``maximum``)."""
Integer = Annotated[int, NOT_BOOL]
"""An integer of a request body (JSON ``true``/``false`` is not one, as the schema says)."""
Flag = Annotated[bool, Strict()]
"""A boolean of a request body: JSON ``true`` or ``false`` only."""
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]{0,99}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Tags = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=60)]], Field(max_length=MAX_LIST)
]

"""What users say about a result: FeedbackCreate → Feedback → FeedbackPublic."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from models.common import Id, ShortText, Text
from models.introduction import Party

__all__ = ["Feedback", "FeedbackCreate", "FeedbackPublic", "Verdict"]

Verdict = Literal["relevant", "not_relevant", "met"]


_SCOPES = ("project", "text", "profile")


class FeedbackCreate(BaseModel):
    """A verdict on one result: for a stored project's matches, a question text, or a profile's
    suggestions (exactly one of ``project``, ``text``, ``profile``; none may be null)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"oneOf": [{"required": [name]} for name in _SCOPES]}
    )

    project: Id | SkipJsonSchema[None] = Field(
        default=None, description="The project the result was found for."
    )
    text: Text | SkipJsonSchema[None] = Field(
        default=None, description="The question the result was found for."
    )
    profile: Id | SkipJsonSchema[None] = Field(
        default=None, description="The profile the suggestion was made to."
    )
    item: Party = Field(description="The result: a profile, or a project (a suggestion).")
    verdict: Verdict

    @model_validator(mode="after")
    def _one_scope(self) -> FeedbackCreate:
        null = [name for name in _SCOPES if name in self.model_fields_set and getattr(self, name) is None]
        if null:
            raise ValueError(f"{null[0]} must not be null: leave it out")
        given = [name for name in _SCOPES if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of project, text or profile (what the result was found for), "
                f"got {', '.join(given) or 'none'}"
            )
        return self


class Feedback(BaseModel):
    """A stored verdict. ``scope`` is ``project:<id>``, ``profile:<id>`` (a suggestion) or
    ``text:<organisation>:<normalised question>``."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    scope: str
    organisation: ShortText
    item: Party
    verdict: Verdict
    created_at: datetime
    features: list[float] | None = Field(
        default=None, description="The result's score channels when given (for the reranker; no text)."
    )


class FeedbackPublic(BaseModel):
    id: str
    scope: str
    item: Party
    verdict: Verdict
    created_at: datetime

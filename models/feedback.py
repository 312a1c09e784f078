"""What users say about a result: FeedbackCreate → Feedback → FeedbackPublic."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.common import Id, ShortText, Text
from models.introduction import Party

__all__ = ["Feedback", "FeedbackCreate", "FeedbackPublic", "Verdict"]

Verdict = Literal["relevant", "not_relevant", "met"]


class FeedbackCreate(BaseModel):
    """A verdict on one result: for a stored project's matches, a question text, or a profile's
    suggestions (exactly one of ``project``, ``text``, ``profile``)."""

    model_config = ConfigDict(extra="forbid")

    project: Id | None = Field(default=None, description="The project the result was found for.")
    text: Text | None = Field(default=None, description="The question the result was found for.")
    profile: Id | None = Field(default=None, description="The profile the suggestion was made to.")
    item: Party = Field(description="The result: a profile, or a project (a suggestion).")
    verdict: Verdict

    @model_validator(mode="after")
    def _one_scope(self) -> FeedbackCreate:
        given = [name for name in ("project", "text", "profile") if getattr(self, name) is not None]
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

"""What changed for an organisation since a moment: the digest a mail job sends."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.introduction import IntroductionPublic
from models.match import MatchPublic
from models.project import ProjectPublic

__all__ = ["DigestPublic", "SuggestionPublic"]


class SuggestionPublic(BaseModel):
    """A new open project that fits one of the organisation's profiles."""

    profile: str = Field(description="The organisation's profile it fits.")
    project: MatchPublic


class DigestPublic(BaseModel):
    since: datetime
    organisation: str | None
    introductions: list[IntroductionPublic] = Field(
        description="Introductions sent or received since then, or answered since then."
    )
    projects: list[SuggestionPublic] = Field(
        description="Open projects stored since then that fit the organisation's profiles."
    )
    cases: list[ProjectPublic] = Field(description="Cases published (or updated) since then.")

"""What changed for an organisation since a moment: the digest a mail job sends."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.errors import InvalidInputError
from models.introduction import IntroductionPublic
from models.match import MatchPublic
from models.project import ProjectPublic

__all__ = ["MOMENT", "DigestPublic", "SuggestionPublic", "parse_moment"]

MOMENT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"
"""An ISO 8601 moment with a time zone (``2026-11-01T00:00:00Z``), as a JSON Schema pattern."""


def parse_moment(value: str, field: str) -> datetime:
    """``value`` (matching :data:`MOMENT`) as an aware datetime; InvalidInputError naming ``field``."""
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"{field} must be an ISO 8601 moment with a time zone, got {value!r}", field=field, value=value
        ) from exc


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

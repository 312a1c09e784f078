"""Buyers' procurement questions: ProjectBase → ProjectCreate → Project → ProjectPublic."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.common import NOT_BOOL, Id, Language, ShortText, Tags, Text

__all__ = [
    "Project",
    "ProjectBase",
    "ProjectCreate",
    "ProjectPublic",
    "ProjectStatus",
    "ProjectsPublic",
    "Visibility",
]

ProjectStatus = Literal["open", "closed"]
Visibility = Literal["organisation", "network"]


class ProjectBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    buyer: ShortText = Field(description="The buying organisation.")
    title: ShortText | None = None
    text: Text = Field(description="The procurement question.")
    language: Language | None = None
    region: ShortText | None = None
    tags: Tags = Field(default_factory=list)
    status: ProjectStatus = "open"
    outcome: Text | None = Field(default=None, description="What was bought, how, what was learned.")
    year: Annotated[int, Field(ge=1990, le=2100), NOT_BOOL] | None = None
    visibility: Visibility = Field(
        default="organisation",
        description="Who reads the project once it is closed: its own organisation, or the whole "
        "network (a published case). Open projects are read by every member.",
    )
    contact: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None,
        description="Who to talk to; shown to its own organisation, admins and organisers, and to "
        "the other side of an accepted introduction. Never part of a match.",
    )


class ProjectCreate(ProjectBase):
    id: Id | None = None


class Project(ProjectCreate):
    id: Id
    created_at: datetime | None = Field(default=None, description="When it was first stored (UTC).")
    updated_at: datetime | None = Field(default=None, description="When it was last changed (UTC).")


class ProjectPublic(Project):
    """A project as the API returns it."""


class ProjectsPublic(BaseModel):
    data: list[ProjectPublic]
    count: int

"""Buyers' procurement questions: ProjectBase → ProjectCreate → Project → ProjectPublic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.common import NOT_BOOL, Id, Language, ShortText, Tags, Text

__all__ = ["Project", "ProjectBase", "ProjectCreate", "ProjectPublic", "ProjectStatus", "ProjectsPublic"]

ProjectStatus = Literal["open", "closed"]


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


class ProjectCreate(ProjectBase):
    id: Id | None = None


class Project(ProjectCreate):
    id: Id


class ProjectPublic(Project):
    """A project as the API returns it."""


class ProjectsPublic(BaseModel):
    data: list[ProjectPublic]
    count: int

"""Facilitators and suppliers: ProfileBase → ProfileCreate → Profile → ProfilePublic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.common import MAX_LIST, Id, Integer, Language, ShortText, Tags, Text

__all__ = ["Document", "Profile", "ProfileBase", "ProfileCreate", "ProfilePublic", "ProfilesPublic", "Role"]

Role = Literal["facilitator", "supplier"]


class Document(BaseModel):
    """A past project or publication; matched on its own."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(max_length=300)] = ""
    text: Text


class ProfileBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText
    organisation: ShortText | None = Field(default=None, description="Defaults to the name.")
    role: Role
    language: Language | None = Field(default=None, description="ISO 639-1, e.g. nl, en, fr.")
    region: ShortText | None = None
    expertise: Text
    tags: Tags = Field(default_factory=list)
    documents: Annotated[list[Document], Field(max_length=MAX_LIST)] = Field(default_factory=list)
    capacity: Integer = Field(default=1, ge=0, le=1000, description="How many projects it can support.")


class ProfileCreate(ProfileBase):
    """A new or replaced profile; the id is assigned when missing."""

    id: Id | None = None
    contact: Annotated[str, StringConstraints(max_length=300)] | None = None


class Profile(ProfileCreate):
    """A stored profile: id and organisation are always set."""

    id: Id
    organisation: ShortText


class ProfilePublic(Profile):
    """A profile as the API returns it."""


class ProfilesPublic(BaseModel):
    data: list[ProfilePublic]
    count: int

"""Workshop tables and facilitator assignment: requests and results."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.common import Flag, Id, Integer, SchemaHint, ShortText, Text

__all__ = [
    "AssignedPublic",
    "AssignmentRequest",
    "AssignmentsPublic",
    "GroupRequest",
    "GroupsPublic",
    "InlineParticipant",
    "MemberPublic",
    "PoolPublic",
    "PoolsPublic",
    "ProjectAssignmentPublic",
    "SeatingReport",
    "TablePublic",
]

ParticipantRole = Literal["buyer", "facilitator", "supplier"]
MAX_PARTICIPANTS = 5_000


class InlineParticipant(BaseModel):
    """Someone not stored in the network (a guest), described inline."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    name: ShortText
    organisation: ShortText | None = None
    role: ParticipantRole
    text: Text = Field(description="What they work on; places them by theme.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None


class GroupRequest(BaseModel):
    """Seat participants at tables. ``participants: null`` seats every profile and open project."""

    model_config = ConfigDict(extra="forbid")

    participants: (
        Annotated[list[Id | InlineParticipant], Field(max_length=MAX_PARTICIPANTS), SchemaHint(minItems=2)]
        | None
    ) = Field(default=None, description="At least size_min of them; null = every profile and open project.")
    size_min: Integer = Field(default=4, ge=2, le=50)
    size_max: Integer = Field(default=6, ge=2, le=50)
    mode: Literal["similar", "mixed"] = "similar"
    separate_organisations: Flag = True
    require_roles: Annotated[list[list[ParticipantRole]], Field(max_length=3)] | None = Field(
        default=None,
        description='e.g. [["buyer"], ["facilitator", "supplier"]]: every table has one of each list.',
    )
    met_before: Annotated[list[tuple[Id, Id]], Field(max_length=10_000)] = Field(default_factory=list)
    seed: Integer = Field(default=0, ge=0, le=2**31 - 1)

    @model_validator(mode="after")
    def _sizes(self) -> GroupRequest:
        if self.size_min > self.size_max:
            raise ValueError(f"size_min ({self.size_min}) must not exceed size_max ({self.size_max})")
        return self


class MemberPublic(BaseModel):
    id: str
    name: str
    organisation: str
    role: str


class TablePublic(BaseModel):
    table: int
    theme: list[str]
    cohesion: float | None = Field(description="Mean pairwise similarity at the table.")
    members: list[MemberPublic]


class SeatingReport(BaseModel):
    violations: list[str] = Field(description="Rules that could not be met (empty when all are).")
    mean_similarity: float
    baseline_similarity: float = Field(description="The same for a random seating under the same rules.")
    repeated_pairs: list[tuple[str, str]]


class GroupsPublic(BaseModel):
    tables: list[TablePublic]
    report: SeatingReport


class AssignmentRequest(BaseModel):
    """Give every project facilitators within their capacity (from the profiles)."""

    model_config = ConfigDict(extra="forbid")

    projects: Annotated[list[Id], Field(max_length=MAX_PARTICIPANTS), SchemaHint(minItems=1)] | None = Field(
        default=None, description="Project ids; null = every open project."
    )
    facilitators: Annotated[list[Id], Field(max_length=MAX_PARTICIPANTS), SchemaHint(minItems=1)] | None = (
        Field(default=None, description="Profile ids; null = every facilitator.")
    )
    per_project: Integer = Field(default=1, ge=1, le=10)
    objective: Literal["total", "fair"] = "total"
    pinned: Annotated[list[tuple[Id, Id]], Field(max_length=10_000)] = Field(
        default_factory=list, description="(project id, facilitator id) pairs that must be assigned."
    )
    blocked: Annotated[list[tuple[Id, Id]], Field(max_length=10_000)] = Field(
        default_factory=list, description="(project id, facilitator id) pairs that must not be."
    )


class AssignedPublic(BaseModel):
    id: str
    name: str
    organisation: str
    affinity: float


class ProjectAssignmentPublic(BaseModel):
    project: MemberPublic
    facilitators: list[AssignedPublic]
    alternates: list[AssignedPublic]


class AssignmentsPublic(BaseModel):
    data: list[ProjectAssignmentPublic]
    total: float
    minimum: float
    gap: float = Field(description="Relative optimality gap proven by the solver.")


class PoolPublic(BaseModel):
    """Open projects of different buyers close enough to tender or consult together."""

    pool: int
    theme: list[str]
    members: list[MemberPublic]


class PoolsPublic(BaseModel):
    data: list[PoolPublic]
    count: int

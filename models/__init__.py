"""Kringmatch's domain data models (pydantic)."""

from models.caller import CallerPublic
from models.common import MAX_LIST, MAX_TEXT
from models.health import HealthPublic
from models.match import ExplanationPublic, MatchesPublic, MatchKind, MatchPublic, MatchRequest
from models.profile import Document, Profile, ProfileBase, ProfileCreate, ProfilePublic, ProfilesPublic, Role
from models.project import Project, ProjectBase, ProjectCreate, ProjectPublic, ProjectsPublic, ProjectStatus
from models.workshop import (
    AssignedPublic,
    AssignmentRequest,
    AssignmentsPublic,
    GroupRequest,
    GroupsPublic,
    InlineParticipant,
    MemberPublic,
    PoolPublic,
    PoolsPublic,
    ProjectAssignmentPublic,
    SeatingReport,
    TablePublic,
)

__all__ = [
    "AssignedPublic",
    "AssignmentRequest",
    "AssignmentsPublic",
    "CallerPublic",
    "GroupRequest",
    "GroupsPublic",
    "InlineParticipant",
    "MemberPublic",
    "PoolPublic",
    "PoolsPublic",
    "ProjectAssignmentPublic",
    "SeatingReport",
    "TablePublic",
    "MAX_LIST",
    "MAX_TEXT",
    "Document",
    "ExplanationPublic",
    "HealthPublic",
    "MatchKind",
    "MatchPublic",
    "MatchRequest",
    "MatchesPublic",
    "Profile",
    "ProfileBase",
    "ProfileCreate",
    "ProfilePublic",
    "ProfilesPublic",
    "Project",
    "ProjectBase",
    "ProjectCreate",
    "ProjectPublic",
    "ProjectStatus",
    "ProjectsPublic",
    "Role",
]

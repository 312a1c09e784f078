"""Learning-network days: EventCreate → Event → EventPublic, attendees, rounds of tables, 1:1s.

An event is stored as one record (its attendees, its seating and its schedule inside it), so each
change of an event is one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from models.common import Flag, Id, Integer, Language, ShortText, Text

__all__ = [
    "MAX_ATTENDEES",
    "AgendaPublic",
    "Attendee",
    "AttendeeCreate",
    "AttendeeRole",
    "Event",
    "EventBase",
    "EventCreate",
    "EventPublic",
    "EventsPublic",
    "MeetingPublic",
    "MeetingsPublic",
    "MeetingsReport",
    "MeetingsRequest",
    "MoveRequest",
    "Preferences",
    "RoundPublic",
    "RoundsPublic",
    "RoundsReport",
    "RoundsRequest",
    "RoundTablePublic",
]

MAX_ATTENDEES = 2000
"""Most attendees of one event."""
MAX_SLOTS = 48
AttendeeRole = Literal["buyer", "facilitator", "supplier", "other"]
Slot = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z:.\- ]+$")]
Wishes = Annotated[list[ShortText], Field(max_length=200)]


def _not_a_number(value: object) -> object:
    if isinstance(value, int | float):
        raise ValueError(f"Input should be a date as YYYY-MM-DD, got the number {value!r}")
    return value


class EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: ShortText
    date: Annotated[dt.date, BeforeValidator(_not_a_number)]
    place: ShortText | None = None
    languages: Annotated[list[Language], Field(max_length=3)] = Field(default_factory=list)


class EventCreate(EventBase):
    id: Id | None = None


class Preferences(BaseModel):
    """Whom an attendee wants to meet: attendee ids of the event, or organisations' names."""

    model_config = ConfigDict(extra="forbid")

    must_meet: Wishes = Field(default_factory=list)
    would_like: Wishes = Field(default_factory=list)
    no_thanks: Wishes = Field(default_factory=list)


def _without(*names: str) -> dict[str, Any]:
    return {"not": {"anyOf": [{"required": [n]} for n in names]}}


_GUEST = ("name", "role", "interest", "organisation", "language")
_ATTENDEE_KINDS: list[Any] = [
    {"required": ["profile"], **_without("project", *_GUEST)},
    {"required": ["project"], **_without("profile", *_GUEST)},
    {"required": ["name", "role", "interest"], **_without("profile", "project")},
]
"""The JSON Schema of the three kinds of attendee (what :class:`AttendeeCreate` checks)."""


class AttendeeCreate(BaseModel):
    """One attendee: a stored ``profile``, a stored ``project``'s buyer, or a guest (``name``,
    ``role`` and ``interest``; ``organisation`` and ``language`` optional)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": _ATTENDEE_KINDS})

    id: Id | SkipJsonSchema[None] = None
    profile: Id | SkipJsonSchema[None] = None
    project: Id | SkipJsonSchema[None] = None
    name: ShortText | SkipJsonSchema[None] = None
    organisation: ShortText | SkipJsonSchema[None] = None
    role: AttendeeRole | SkipJsonSchema[None] = None
    language: Language | SkipJsonSchema[None] = None
    interest: Text | SkipJsonSchema[None] = None
    preferences: Preferences = Field(default_factory=Preferences)
    wants_meetings: Flag = Field(default=True, description="Asks for 1:1 meetings (gets a floor of one).")

    @model_validator(mode="after")
    def _one_kind(self) -> AttendeeCreate:
        null = [k for k in self.model_fields_set if getattr(self, k) is None]
        if null:
            raise ValueError(f"{sorted(null)[0]} must not be null: leave it out")
        guest = [k for k in ("name", "role", "interest") if getattr(self, k) is not None]
        kinds = [k for k in ("profile", "project") if getattr(self, k) is not None] + (
            ["guest"] if guest else []
        )
        if len(kinds) != 1:
            raise ValueError(
                f"give a profile, a project or a guest (name, role, interest), got {kinds or 'none'}"
            )
        if kinds == ["guest"] and len(guest) != 3:
            missing = sorted({"name", "role", "interest"} - set(guest))
            raise ValueError(f"a guest needs name, role and interest; missing {', '.join(missing)}")
        if kinds != ["guest"] and (self.organisation is not None or self.language is not None):
            raise ValueError("organisation and language come from the stored profile or project")
        return self


class Attendee(BaseModel):
    """An attendee as stored in the event: what seating and meetings need."""

    id: Id
    kind: Literal["profile", "project", "guest"]
    ref: str | None = Field(default=None, description="The stored profile's or project's id.")
    name: str
    organisation: str
    role: AttendeeRole
    language: str | None = None
    interest: str
    preferences: Preferences = Field(default_factory=Preferences)
    wants_meetings: bool = True


class RoundTablePublic(BaseModel):
    table: int
    theme: list[str]
    members: list[str]


class RoundPublic(BaseModel):
    round: int
    tables: list[RoundTablePublic]


class RoundsReport(BaseModel):
    repeated_pairs: int = Field(description="Pairs who share a table in two rounds of this event.")
    met_before_pairs: int = Field(description="Pairs together again who sat together at earlier events.")
    colleague_pairs: int
    colleague_floor: int = Field(description="Colleague pairs no seating avoids.")
    missing_roles: int = Field(description="Tables without one of the required roles.")
    violations: list[str]
    affinity: float | None
    elapsed: float
    time_limit: float
    timed_out: bool


class RoundsPublic(BaseModel):
    """The seating; before the first ``POST …/rounds``: no rounds and no report."""

    rounds: list[RoundPublic]
    report: RoundsReport | None


class RoundsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rounds: Integer = Field(default=3, ge=1, le=12)
    size_min: Integer = Field(default=4, ge=2, le=50)
    size_max: Integer = Field(default=6, ge=2, le=50)
    mode: Literal["similar", "mixed"] = "similar"
    require_roles: Annotated[list[AttendeeRole], Field(max_length=4)] = Field(default_factory=list)
    separate_organisations: Flag = True
    time_limit: float = Field(default=20.0, gt=0, le=300)


class MoveRequest(BaseModel):
    """Put one attendee at a table in a round; the rest of the seating is solved again."""

    model_config = ConfigDict(extra="forbid")

    attendee: Id
    round: Integer = Field(ge=1, le=12)
    table: Integer = Field(ge=1, le=MAX_ATTENDEES)


class MeetingPublic(BaseModel):
    slot: str
    table: int
    a: str
    b: str
    reason: str


class MeetingsReport(BaseModel):
    must_meet_met: int
    must_meet_total: int
    mutual_met: int
    mutual_total: int
    objective: float
    bound: float
    gap: float
    below_floor: list[str]
    elapsed: float
    time_limit: float


class MeetingsPublic(BaseModel):
    """The schedule; before the first ``POST …/meetings``: no meetings and no report."""

    meetings: list[MeetingPublic]
    report: MeetingsReport | None


class MeetingsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slots: Annotated[
        list[Slot], Field(min_length=1, max_length=MAX_SLOTS, json_schema_extra={"uniqueItems": True})
    ]
    tables: Integer = Field(ge=1, le=1000)
    max_per_person: Integer = Field(default=6, ge=1, le=MAX_SLOTS)
    availability: dict[Id, Annotated[list[Slot], Field(max_length=MAX_SLOTS)]] = Field(
        default_factory=dict, description="Attendee id → the slots they can meet in (default: all)."
    )
    buyers_meet_suppliers: Flag = Field(
        default=True, description="Only meetings between a buyer and a facilitator or supplier."
    )
    time_limit: float = Field(default=60.0, gt=0, le=600)


class Event(EventCreate):
    id: Id
    attendees: list[Attendee] = Field(default_factory=list)
    seating: RoundsPublic | None = None
    seating_request: RoundsRequest | None = None
    schedule: MeetingsPublic | None = None
    schedule_slots: list[str] = Field(default_factory=list)


class EventPublic(EventBase):
    """An event as the API returns it (its attendees; seating and schedule have their own routes)."""

    id: str
    attendees: list[Attendee]
    has_rounds: bool
    has_meetings: bool


class EventsPublic(BaseModel):
    data: list[EventPublic]
    count: int


class AgendaPublic(BaseModel):
    """One attendee's day: their table per round and their meetings."""

    attendee: Attendee
    rounds: list[RoundPublic] = Field(description="Per round, the attendee's table only.")
    meetings: list[MeetingPublic]

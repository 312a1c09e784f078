"""Learning-network days: events, attendees and their wishes, rounds of tables, 1:1 meetings,
agendas (docs/events.md). Organisers and admins run them; members read their own agendas."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Response
from fastapi.responses import PlainTextResponse

from api.http.deps import Caller, EmbeddingSlot, NetworkDep
from models import (
    AgendaPublic,
    AttendeeCreate,
    EventBase,
    EventCreate,
    EventPublic,
    EventsPublic,
    MeetingsPublic,
    MeetingsRequest,
    MoveRequest,
    Preferences,
    RoundsPublic,
    RoundsRequest,
)
from models.event import MAX_ATTENDEES

router = APIRouter(prefix="/events", tags=["events"])


def _csv(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}}


@router.post("", response_model=EventPublic, status_code=201)
def create_event(network: NetworkDep, caller: Caller, body: EventCreate) -> EventPublic:
    """A new event (organisers, admins)."""
    return network.events.create(caller, body)


@router.get("", response_model=EventsPublic)
def list_events(network: NetworkDep, caller: Caller) -> EventsPublic:
    """Every event by date (members see only their own organisation's attendees)."""
    return network.events.list(caller)


@router.get("/{event_id}", response_model=EventPublic)
def read_event(network: NetworkDep, caller: Caller, event_id: str) -> EventPublic:
    """One event."""
    return network.events.read(caller, event_id)


@router.put("/{event_id}", response_model=EventPublic)
def update_event(network: NetworkDep, caller: Caller, event_id: str, body: EventBase) -> EventPublic:
    """Change title, date, place or languages."""
    return network.events.update(caller, event_id, body)


@router.delete("/{event_id}", status_code=204)
def delete_event(network: NetworkDep, caller: Caller, event_id: str) -> Response:
    """Remove an event with its attendees, seating and schedule."""
    network.events.delete(caller, event_id)
    return Response(status_code=204)


@router.post("/{event_id}/attendees", response_model=EventPublic, status_code=201)
def add_attendees(
    network: NetworkDep,
    caller: Caller,
    event_id: str,
    body: Annotated[list[AttendeeCreate], Body(min_length=1, max_length=MAX_ATTENDEES)],
) -> EventPublic:
    """Add attendees (stored profiles, projects' buyers, guests), all or nothing."""
    return network.events.add_attendees(caller, event_id, body)


@router.put("/{event_id}/attendees/{attendee_id}/preferences", response_model=EventPublic)
def set_preferences(
    network: NetworkDep, caller: Caller, event_id: str, attendee_id: str, body: Preferences
) -> EventPublic:
    """Replace an attendee's must-meet / would-like / no-thanks lists (attendee ids or organisations)."""
    return network.events.set_preferences(caller, event_id, attendee_id, body)


@router.delete("/{event_id}/attendees/{attendee_id}", response_model=EventPublic)
def remove_attendee(network: NetworkDep, caller: Caller, event_id: str, attendee_id: str) -> EventPublic:
    """Remove an attendee (the stored seating and schedule are dropped)."""
    return network.events.remove_attendee(caller, event_id, attendee_id)


@router.post("/{event_id}/rounds", response_model=RoundsPublic, dependencies=[EmbeddingSlot])
def seat_rounds(network: NetworkDep, caller: Caller, event_id: str, body: RoundsRequest) -> RoundsPublic:
    """Rounds of tables: no pair twice, nobody with whom they sat at an earlier event, colleagues apart."""
    return network.event_days.seat(caller, event_id, body)


@router.get("/{event_id}/rounds", response_model=RoundsPublic, responses=_csv("The seating; CSV per table."))
def read_rounds(
    network: NetworkDep, caller: Caller, event_id: str, format: Literal["json", "csv"] = "json"
) -> RoundsPublic | PlainTextResponse:
    """The stored seating (``format=csv``: one row per round, table and member)."""
    if format == "csv":
        return PlainTextResponse(network.event_meetings.rounds_csv(caller, event_id), media_type="text/csv")
    return network.event_days.rounds(caller, event_id)


@router.post("/{event_id}/rounds/move", response_model=RoundsPublic, dependencies=[EmbeddingSlot])
def move_attendee(network: NetworkDep, caller: Caller, event_id: str, body: MoveRequest) -> RoundsPublic:
    """Put an attendee at a table in a round; the rest is solved again around it."""
    return network.event_days.move(caller, event_id, body)


@router.post("/{event_id}/meetings", response_model=MeetingsPublic, dependencies=[EmbeddingSlot])
def schedule_meetings(
    network: NetworkDep, caller: Caller, event_id: str, body: MeetingsRequest
) -> MeetingsPublic:
    """1:1 meetings in time slots: mutual must-meets first, never a no-thanks, caps and availability kept."""
    return network.event_meetings.schedule(caller, event_id, body)


@router.get("/{event_id}/meetings", response_model=MeetingsPublic)
def read_meetings(network: NetworkDep, caller: Caller, event_id: str) -> MeetingsPublic:
    """The stored schedule."""
    return network.event_meetings.meetings(caller, event_id)


@router.get(
    "/{event_id}/agendas", response_model=list[AgendaPublic], responses=_csv("Agendas; CSV per person.")
)
def read_agendas(
    network: NetworkDep, caller: Caller, event_id: str, format: Literal["json", "csv"] = "json"
) -> list[AgendaPublic] | PlainTextResponse:
    """Each attendee's day: tables per round and meetings (members: their own organisation's)."""
    if format == "csv":
        return PlainTextResponse(network.event_meetings.agendas_csv(caller, event_id), media_type="text/csv")
    return network.event_meetings.agendas(caller, event_id)


@router.get("/{event_id}/agendas/{attendee_id}", response_model=AgendaPublic)
def read_agenda(network: NetworkDep, caller: Caller, event_id: str, attendee_id: str) -> AgendaPublic:
    """One attendee's day."""
    return network.event_meetings.agenda(caller, event_id, attendee_id)

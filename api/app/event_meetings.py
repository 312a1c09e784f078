"""1:1 meetings of an event, and each attendee's agenda (their tables and meetings).

Wishes name attendee ids or organisations (every attendee of that organisation). Mutual
must-meets first, then one-sided ones, then would-likes, then affinity; never a no-thanks pair.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence

import numpy as np

from api.app.access import check_role, owns
from api.app.event_days import EventDays, same_people
from api.app.events import ORGANISERS, fold_name
from api.app.keys import Principal
from matcher.meetings import schedule_meetings
from models import (
    AgendaPublic,
    Attendee,
    Event,
    MeetingPublic,
    MeetingsPublic,
    MeetingsReport,
    MeetingsRequest,
    RoundPublic,
)
from models.errors import InvalidInputError, NotFoundError

__all__ = ["AGENDA_COLUMNS", "EventMeetings"]

AGENDA_COLUMNS = ("event", "date", "attendee", "name", "organisation", "when", "table", "with", "note")
"""The columns of an agenda list: who, when (a round or a slot), where, with whom, about what."""

log = logging.getLogger("kringmatch.events")


def _wished(people: Sequence[Attendee], kind: str) -> list[tuple[int, int]]:
    """Directed (a, b) pairs of one kind of wish; an organisation stands for its attendees."""
    position = {a.id: i for i, a in enumerate(people)}
    by_org: dict[str, list[int]] = {}
    for i, a in enumerate(people):
        by_org.setdefault(fold_name(a.organisation), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for i, a in enumerate(people):
        for wish in getattr(a.preferences, kind):
            targets = [position[wish]] if wish in position else by_org.get(fold_name(wish), [])
            pairs.update((i, j) for j in targets if j != i)
    return sorted(pairs)


class EventMeetings:
    """Meetings and agendas of the events of ``days`` (which holds the book and the embedding)."""

    def __init__(self, days: EventDays) -> None:
        self.days = days
        self.book = days.book

    def schedule(self, caller: Principal, event_id: str, request: MeetingsRequest) -> MeetingsPublic:
        """Solve the 1:1 schedule, store it and return it."""
        check_role(caller, *ORGANISERS)
        event = self.book.get(event_id)
        people = event.attendees
        if len(people) < 2:
            raise InvalidInputError(f"event {event_id!r} has fewer than 2 attendees", field="attendees")
        slots = list(request.slots)
        if len(set(slots)) != len(slots):
            raise InvalidInputError("slots repeat", field="slots", value=slots)
        position = {a.id: i for i, a in enumerate(people)}
        available = np.ones((len(people), len(slots)), dtype=bool)
        for attendee, free in request.availability.items():
            if attendee not in position:
                raise InvalidInputError(
                    f"availability names {attendee!r}, not an attendee of {event_id!r}",
                    field="availability",
                    value=attendee,
                )
            unknown = sorted(set(free) - set(slots))
            if unknown:
                raise InvalidInputError(
                    f"availability of {attendee!r} names slot {unknown[0]!r}, not one of the slots",
                    field=f"availability.{attendee}",
                    value=unknown[0],
                )
            available[position[attendee]] = [s in free for s in slots]
        roles = np.array([a.role for a in people])
        eligible = None
        if request.buyers_meet_suppliers:
            buyer = roles == "buyer"
            eligible = buyer[:, None] ^ buyer[None, :]
        found = schedule_meetings(
            self.days.affinity(people),
            slots=len(slots),
            tables=request.tables,
            max_per_person=request.max_per_person,
            availability=available,
            must_meet=_wished(people, "must_meet"),
            would_like=_wished(people, "would_like"),
            no_thanks=_wished(people, "no_thanks"),
            requesters=np.array([a.wants_meetings for a in people]),
            eligible=eligible,
            time_limit=request.time_limit,
        )
        log.info("scheduled %d meetings for %s in %.1f s (limit %.0f s), gap %.4f", len(found.meetings),
                 event_id, found.elapsed, found.time_limit, found.gap)  # fmt: skip
        public = MeetingsPublic(
            meetings=[
                MeetingPublic(
                    slot=slots[m.slot], table=m.table + 1, a=people[m.a].id, b=people[m.b].id, reason=m.reason
                )  # fmt: skip
                for m in found.meetings
            ],
            report=MeetingsReport(
                must_meet_met=found.must_meet_met,
                must_meet_total=found.must_meet_total,
                mutual_met=found.mutual_met,
                mutual_total=found.mutual_total,
                objective=round(found.objective, 4),
                bound=round(found.bound, 4),
                gap=round(found.gap, 6),
                below_floor=[people[i].id for i in found.below_floor],
                elapsed=round(found.elapsed, 3),
                time_limit=found.time_limit,
            ),
        )
        update = {"schedule": public, "schedule_slots": slots}
        self.book.change(event_id, lambda e: same_people(e, people).model_copy(update=update))
        return public

    def meetings(self, caller: Principal, event_id: str) -> MeetingsPublic:
        """The stored schedule (organisers and admins)."""
        check_role(caller, *ORGANISERS)
        return self.book.get(event_id).schedule or MeetingsPublic(meetings=[], report=None)

    # --- agendas ------------------------------------------------------------------------------

    @staticmethod
    def _agenda(event: Event, attendee: Attendee) -> AgendaPublic:
        rounds = []
        for rnd in event.seating.rounds if event.seating else []:
            mine = [t for t in rnd.tables if attendee.id in t.members]
            rounds.append(RoundPublic(round=rnd.round, tables=mine))
        meetings = [
            m for m in (event.schedule.meetings if event.schedule else []) if attendee.id in (m.a, m.b)
        ]
        return AgendaPublic(attendee=attendee, rounds=rounds, meetings=meetings)

    def agendas(self, caller: Principal, event_id: str) -> list[AgendaPublic]:
        """Every attendee's day (organisers, admins); a member: its own organisation's attendees."""
        event = self.book.get(event_id)
        people = event.attendees
        if caller.role not in ORGANISERS:
            people = [a for a in people if owns(caller, a.organisation)]
        return [self._agenda(event, a) for a in people]

    def agenda(self, caller: Principal, event_id: str, attendee_id: str) -> AgendaPublic:
        """One attendee's day; another organisation's attendee is a 404 to a member."""
        for agenda in self.agendas(caller, event_id):
            if agenda.attendee.id == attendee_id:
                return agenda
        raise NotFoundError(f"no attendee {attendee_id!r} in event {event_id!r}")

    def agenda_rows(self, caller: Principal, event_id: str) -> list[dict[str, str]]:
        """One row of :data:`AGENDA_COLUMNS` per attendee and item of their day (a table in a
        round, or a meeting)."""
        event = self.book.get(event_id)
        names = {a.id: a.name for a in event.attendees}
        rows: list[dict[str, str]] = []
        for day in self.agendas(caller, event_id):
            who = {"event": event.id, "date": event.date.isoformat(), "attendee": day.attendee.id,
                   "name": day.attendee.name, "organisation": day.attendee.organisation}  # fmt: skip
            for rnd in day.rounds:
                for t in rnd.tables:
                    others = ", ".join(names.get(m, m) for m in t.members if m != day.attendee.id)
                    rows.append({**who, "when": f"round {rnd.round}", "table": str(t.table), "with": others,
                                 "note": " ".join(t.theme)})  # fmt: skip
            for m in day.meetings:
                other = m.b if m.a == day.attendee.id else m.a
                rows.append({**who, "when": m.slot, "table": str(m.table), "with": names.get(other, other),
                             "note": m.reason})  # fmt: skip
        return rows

    def agendas_csv(self, caller: Principal, event_id: str) -> str:
        """:meth:`agenda_rows` as CSV with a header row."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=AGENDA_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.agenda_rows(caller, event_id))
        return buffer.getvalue()

    def rounds_csv(self, caller: Principal, event_id: str) -> str:
        """The seating per table: one row per round, table and member."""
        seating = self.days.rounds(caller, event_id)
        people = {a.id: a for a in self.book.get(event_id).attendees}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["round", "table", "theme", "attendee", "name", "organisation", "role"])
        for rnd in seating.rounds:
            for t in rnd.tables:
                for m in t.members:
                    a = people[m]
                    writer.writerow(
                        [rnd.round, t.table, " ".join(t.theme), m, a.name, a.organisation, a.role]
                    )
        return buffer.getvalue()

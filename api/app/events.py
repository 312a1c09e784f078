"""Events of the learning network and their attendees (docs/events.md).

Organisers and admins create events, list attendees and their wishes; members read the events
and, of the attendees, only their own organisation's. One event is one stored record: every
change below is one transaction (read, change, write under the book's lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from api.app.access import check_role, owns
from api.app.keys import AccessRole, Principal
from api.app.records import new_id, project_query
from models import (
    Attendee,
    AttendeeCreate,
    Event,
    EventBase,
    EventCreate,
    EventPublic,
    EventsPublic,
    Preferences,
)
from models.errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from store import Store

__all__ = ["EventBook", "fold_name", "person_key"]

ORGANISERS: tuple[AccessRole, ...] = ("admin", "organiser")


def fold_name(text: str) -> str:
    """A name as the events compare names and organisations: case folded, spaces collapsed."""
    return " ".join(text.casefold().split())


def person_key(attendee: Attendee) -> str:
    """Who an attendee is across events: the stored record, or a guest's name and organisation."""
    if attendee.ref is not None:
        return f"{attendee.kind}:{attendee.ref}"
    name, organisation = fold_name(attendee.name), fold_name(attendee.organisation)
    return f"guest:{name}|{organisation}"


class EventBook:
    """The network's events, as each caller may see and change them.

    Args:
        store: where events (and the profiles and projects attendees come from) are kept.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    # --- one event, read and changed whole --------------------------------------------------

    def get(self, event_id: str) -> Event:
        return self.store.events.get(event_id)

    def change(self, event_id: str, edit: Callable[[Event], Event]) -> Event:
        """Apply ``edit`` to the stored event and store the result, in one step."""
        with self._lock:
            changed = edit(self.get(event_id))
            self.store.events.put(changed)
        return changed

    def public(self, caller: Principal, event: Event) -> EventPublic:
        """The event; members see only their own organisation's attendees."""
        attendees = event.attendees
        if caller.role not in ORGANISERS:
            attendees = [a for a in attendees if owns(caller, a.organisation)]
        return EventPublic(
            **event.model_dump(include={"id", "title", "date", "place", "languages"}),
            attendees=attendees,
            has_rounds=event.seating is not None,
            has_meetings=event.schedule is not None,
        )

    # --- events -----------------------------------------------------------------------------

    def create(self, caller: Principal, body: EventCreate) -> EventPublic:
        check_role(caller, *ORGANISERS)
        event = Event(**body.model_dump(exclude={"id"}), id=body.id or new_id(body.title))
        self.store.events.add_many([event])
        return self.public(caller, event)

    def list(self, caller: Principal) -> EventsPublic:
        events = sorted(self.store.events.list(), key=lambda e: (e.date, e.id))
        return EventsPublic(data=[self.public(caller, e) for e in events], count=len(events))

    def read(self, caller: Principal, event_id: str) -> EventPublic:
        return self.public(caller, self.get(event_id))

    def update(self, caller: Principal, event_id: str, body: EventBase) -> EventPublic:
        """Change title, date, place or languages (attendees, seating and schedule stay)."""
        check_role(caller, *ORGANISERS)
        fields = body.model_dump()
        return self.public(caller, self.change(event_id, lambda e: e.model_copy(update=fields)))

    def delete(self, caller: Principal, event_id: str) -> None:
        check_role(caller, *ORGANISERS)
        self.store.events.delete(event_id)

    # --- attendees --------------------------------------------------------------------------

    def _attendee(self, body: AttendeeCreate, taken: set[str]) -> Attendee:
        if body.profile is not None:
            try:
                p = self.store.profiles.get(body.profile)
            except NotFoundError as exc:
                raise NotFoundError(f"profile: no profile with id {body.profile!r}") from exc
            base = {"kind": "profile", "ref": p.id, "name": p.name, "organisation": p.organisation,
                    "role": p.role, "language": p.language, "interest": p.expertise}  # fmt: skip
        elif body.project is not None:
            try:
                q = self.store.projects.get(body.project)
            except NotFoundError as exc:
                raise NotFoundError(f"project: no project with id {body.project!r}") from exc
            if q.status != "open" and q.visibility != "network":  # members read agendas
                raise InvalidInputError(
                    f"project {q.id!r} is closed and not published: members could read it in agendas; "
                    "add its buyer as a guest, or publish it as a case",
                    field="project",
                    value=q.id,
                )
            base = {"kind": "project", "ref": q.id, "name": q.title or q.buyer, "organisation": q.buyer,
                    "role": "buyer", "language": q.language, "interest": project_query(q)}  # fmt: skip
        else:
            assert body.name is not None and body.interest is not None  # AttendeeCreate checks
            base = {"kind": "guest", "name": body.name, "organisation": body.organisation or body.name,
                    "role": body.role, "language": body.language, "interest": body.interest}  # fmt: skip
        attendee_id = body.id or str(base.get("ref") or new_id(body.name or "guest"))
        if attendee_id in taken:
            raise ConflictError(f"attendee id {attendee_id!r} is already in the event")
        taken.add(attendee_id)
        return Attendee.model_validate(
            {
                **base,
                "id": attendee_id,
                "preferences": body.preferences,
                "wants_meetings": body.wants_meetings,
            }
        )

    def add_attendees(
        self, caller: Principal, event_id: str, bodies: Sequence[AttendeeCreate]
    ) -> EventPublic:
        """Add attendees, all or nothing (409 on an id already in the event)."""
        check_role(caller, *ORGANISERS)

        def add(event: Event) -> Event:
            taken = {a.id for a in event.attendees}
            new = [self._attendee(b, taken) for b in bodies]
            attendees = [*event.attendees, *new]
            check_wishes(attendees)
            return event.model_copy(update={"attendees": attendees})

        return self.public(caller, self.change(event_id, add))

    def set_preferences(
        self, caller: Principal, event_id: str, attendee_id: str, wishes: Preferences
    ) -> EventPublic:
        """Replace one attendee's must-meet / would-like / no-thanks lists."""
        check_role(caller, *ORGANISERS)

        def edit(event: Event) -> Event:
            found = [a for a in event.attendees if a.id == attendee_id]
            if not found:
                raise NotFoundError(f"no attendee {attendee_id!r} in event {event.id!r}")
            attendees = [a.model_copy(update={"preferences": wishes}) if a.id == attendee_id else a
                         for a in event.attendees]  # fmt: skip
            check_wishes(attendees)
            return event.model_copy(update={"attendees": attendees})

        return self.public(caller, self.change(event_id, edit))

    def remove_attendee(self, caller: Principal, event_id: str, attendee_id: str) -> EventPublic:
        """Remove an attendee (the stored seating and schedule are dropped: solve them again)."""
        check_role(caller, *ORGANISERS)

        def edit(event: Event) -> Event:
            kept = [a for a in event.attendees if a.id != attendee_id]
            if len(kept) == len(event.attendees):
                raise NotFoundError(f"no attendee {attendee_id!r} in event {event.id!r}")
            kept = [_forget(a, attendee_id) for a in kept]  # nobody's wishes name them any more
            return event.model_copy(update={"attendees": kept, "seating": None, "schedule": None})

        return self.public(caller, self.change(event_id, edit))


def _forget(attendee: Attendee, other: str) -> Attendee:
    wishes = attendee.preferences
    lists = {
        k: [w for w in getattr(wishes, k) if w != other] for k in ("must_meet", "would_like", "no_thanks")
    }
    return attendee.model_copy(update={"preferences": Preferences(**lists)})


def check_wishes(attendees: Sequence[Attendee]) -> None:
    """Every wish names an attendee id or an attendee's organisation; InvalidInputError otherwise."""
    ids = {a.id for a in attendees}
    orgs = {fold_name(a.organisation) for a in attendees}
    for a in attendees:
        for kind in ("must_meet", "would_like", "no_thanks"):
            for wish in getattr(a.preferences, kind):
                if wish not in ids and fold_name(wish) not in orgs:
                    raise InvalidInputError(
                        f"attendee {a.id!r}: {kind} names {wish!r}, neither an attendee id nor an "
                        "organisation of the event",
                        field=f"preferences.{kind}",
                        value=wish,
                    )

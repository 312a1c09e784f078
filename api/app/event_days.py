"""The day itself: rounds of tables that never repeat a pair, 1:1 meetings, agendas.

Seating (:func:`matcher.rounds.seat_rounds`) avoids pairs who shared a table at the network's
earlier events (memory across events: attendees are the same person when they are the same
stored profile or project, or a guest of the same name and organisation). Meetings
(:func:`matcher.meetings.schedule_meetings`) are solved exactly under a time limit, the gap
reported. Both are stored in the event; organisers and admins run them, members read the
agendas of their own organisation's attendees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from api.app.access import check_role
from api.app.events import ORGANISERS, EventBook, fold_name, person_key
from api.app.keys import Principal
from matcher.grouping import table_themes
from matcher.rounds import Rounds, seat_rounds
from models import (
    Attendee,
    Event,
    MoveRequest,
    RoundPublic,
    RoundsPublic,
    RoundsReport,
    RoundsRequest,
    RoundTablePublic,
)
from models.errors import ConflictError, InvalidInputError, NotFoundError

__all__ = ["EventDays", "same_people"]

log = logging.getLogger("kringmatch.events")
Embed = Callable[[Sequence[str], Sequence[str | None]], np.ndarray]


def same_people(event: Event, solved_for: Sequence[Attendee]) -> Event:
    """``event`` when its attendees are still those a seating or schedule was solved for."""
    if [a.id for a in event.attendees] != [a.id for a in solved_for]:
        raise ConflictError(
            f"the attendees of {event.id!r} changed while it was being solved: solve it again"
        )
    return event


class EventDays:
    """Seating, meetings and agendas of the events in ``book``.

    Args:
        book: the events.
        embed: ``(texts, languages) -> (n, d)`` unit rows (the network's grouping embedding).
    """

    def __init__(self, book: EventBook, embed: Embed) -> None:
        self.book = book
        self.embed = embed

    def affinity(self, attendees: Sequence[Attendee]) -> np.ndarray:
        """(n, n) cosine of the attendees' texts, embedded as for pools.

        :func:`api.app.workshop.embed_for_grouping` (the documents' rule); the seating rule of
        ``POST /groups`` was not clearly better for rounds (mixed on dev: EVALUATION.md, "Tables").
        """
        vectors = self.embed([a.interest for a in attendees], [a.language for a in attendees])
        return np.asarray(vectors @ vectors.T, dtype=np.float64)

    def _met_before(self, event: Event) -> np.ndarray:
        """(n, n) bool: pairs who shared a table at another event on or before this one's date."""
        index: dict[str, list[int]] = {}
        for i, a in enumerate(event.attendees):  # two guests of one name and organisation: one person
            index.setdefault(person_key(a), []).append(i)
        met = np.zeros((len(event.attendees), len(event.attendees)), dtype=bool)
        for other in self.book.store.events.list():
            if other.id == event.id or other.seating is None or other.date > event.date:
                continue
            keys = {a.id: person_key(a) for a in other.attendees}
            for rnd in other.seating.rounds:
                for table in rnd.tables:
                    here = [i for m in table.members if m in keys for i in index.get(keys[m], [])]
                    for i in here:
                        met[i, here] = True
        np.fill_diagonal(met, False)
        return met

    # --- rounds of tables ---------------------------------------------------------------------

    def seat(self, caller: Principal, event_id: str, request: RoundsRequest) -> RoundsPublic:
        """Seat the event's attendees for ``request.rounds`` rounds, store it and return it."""
        check_role(caller, *ORGANISERS)
        return self._solve(event_id, request, fixed=(), start=None)

    def move(self, caller: Principal, event_id: str, request: MoveRequest) -> RoundsPublic:
        """Put one attendee at a table in a round; the rest is solved again around it."""
        check_role(caller, *ORGANISERS)
        event = self.book.get(event_id)
        if event.seating is None or event.seating_request is None:
            raise ConflictError(f"event {event_id!r} has no rounds yet: POST /events/{event_id}/rounds first")
        ids = [a.id for a in event.attendees]
        if request.attendee not in ids:
            raise NotFoundError(f"attendee: no attendee {request.attendee!r} in event {event_id!r}")
        rounds, tables = len(event.seating.rounds), len(event.seating.rounds[0].tables)
        if request.round > rounds or request.table > tables:
            field, value = ("round", request.round) if request.round > rounds else ("table", request.table)
            raise InvalidInputError(
                f"{field} {value} is beyond the seating ({rounds} rounds of {tables} tables)",
                field=field,
                value=value,
            )
        start = np.zeros((rounds, len(ids)), dtype=np.intp)
        position = {a: i for i, a in enumerate(ids)}
        for rnd in event.seating.rounds:
            for table in rnd.tables:
                for member in table.members:
                    start[rnd.round - 1, position[member]] = table.table - 1
        fixed = [(request.round - 1, position[request.attendee], request.table - 1)]
        return self._solve(event_id, event.seating_request, fixed=fixed, start=start)

    def _solve(
        self,
        event_id: str,
        request: RoundsRequest,
        *,
        fixed: Sequence[tuple[int, int, int]],
        start: np.ndarray | None,
    ) -> RoundsPublic:
        event = self.book.get(event_id)
        people = event.attendees
        if len(people) < request.size_min:
            raise InvalidInputError(
                f"event {event_id!r} has {len(people)} attendees, fewer than size_min {request.size_min}",
                field="size_min",
                value=request.size_min,
            )
        if request.size_min > request.size_max:
            raise InvalidInputError(
                f"size_min {request.size_min} is larger than size_max {request.size_max}",
                field="size_min",
                value=request.size_min,
            )
        organisations = (
            [fold_name(a.organisation) for a in people] if request.separate_organisations else None
        )
        found = seat_rounds(
            self.affinity(people),
            rounds=request.rounds,
            size_min=request.size_min,
            size_max=request.size_max,
            organisations=organisations,
            roles=[a.role for a in people],
            require_roles=list(request.require_roles),
            met_before=self._met_before(event),
            mode=request.mode,
            fixed=fixed,
            start=start,
            time_limit=request.time_limit,
        )
        log.info("seated %d attendees of %s in %.1f s (limit %.0f s)", len(people), event_id,
                 found.elapsed, found.time_limit)  # fmt: skip
        public = self._rounds_public(people, found)
        update = {"seating": public, "seating_request": request}
        self.book.change(event_id, lambda e: same_people(e, people).model_copy(update=update))
        return public

    @staticmethod
    def _rounds_public(people: Sequence[Attendee], found: Rounds) -> RoundsPublic:
        tables = np.asarray(found.tables)
        out = []
        for r in range(tables.shape[0]):
            members = [
                [people[int(i)] for i in np.flatnonzero(tables[r] == t)]
                for t in range(int(tables[r].max()) + 1)
            ]
            themes = table_themes([[a.interest for a in m] for m in members])
            out.append(RoundPublic(round=r + 1, tables=[
                RoundTablePublic(table=t + 1, theme=themes[t], members=[a.id for a in m])
                for t, m in enumerate(members)
            ]))  # fmt: skip
        f = found
        violations = [f"{len(f.repeated_pairs)} pairs share a table twice"] if f.repeated_pairs else []
        if f.met_before_pairs:
            violations.append(f"{len(f.met_before_pairs)} pairs met at an earlier event")
        if f.missing_roles:
            violations.append(f"{len(f.missing_roles)} tables lack a required role")
        report = RoundsReport(
            repeated_pairs=len(f.repeated_pairs),
            met_before_pairs=len(f.met_before_pairs),
            colleague_pairs=len(f.colleague_pairs),
            colleague_floor=f.colleague_floor,
            missing_roles=len(f.missing_roles),
            violations=violations,
            affinity=None if np.isnan(f.affinity) else round(float(f.affinity), 4),
            elapsed=round(f.elapsed, 3),
            time_limit=f.time_limit,
            timed_out=f.timed_out,
        )
        return RoundsPublic(rounds=out, report=report)

    def rounds(self, caller: Principal, event_id: str) -> RoundsPublic:
        """The stored seating (organisers and admins; members read agendas)."""
        check_role(caller, *ORGANISERS)
        event = self.book.get(event_id)
        return event.seating or RoundsPublic(rounds=[], report=None)

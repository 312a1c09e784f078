"""Introductions with consent: ask, accept or decline, and only then see each other's contact.

The rules (docs/introductions.md): the caller sends for its own organisation's project or profile
(admins for any); one pending request per pair; a daily cap per sending organisation; only the
receiving organisation answers (anyone else gets the 404 of a missing id); contacts appear on
both sides once accepted. Admins and organisers read every introduction: the market-dialogue log
a public buyer must keep of a market consultation.
"""

from __future__ import annotations

import builtins
import csv
import io
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from api.app.access import check_project_visible, check_role, owns
from api.app.errors import PermissionDeniedError, RateLimitedError
from api.app.keys import Principal
from models import (
    Introduction,
    IntroductionCreate,
    IntroductionPublic,
    IntroductionsPublic,
    Party,
    PartyPublic,
)
from models.errors import ConflictError, InvalidInputError, NotFoundError
from models.organisations import fold_organisation
from store import Store

__all__ = ["LOG_COLUMNS", "Introductions", "utc_now"]

LOG_COLUMNS = (
    "id", "status", "created_at", "answered_at", "from_kind", "from_id", "from_name",
    "from_organisation", "to_kind", "to_id", "to_name", "to_organisation", "message", "reply",
)  # fmt: skip
"""The columns of the market-dialogue log (CSV header, in this order)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Introductions:
    """The introductions of a network, as each caller may see and answer them.

    Args:
        store: where introductions, profiles and projects are kept.
        per_day: new introductions one organisation may send per UTC day.
        clock: the current time (tests pass their own).
    """

    def __init__(self, store: Store, *, per_day: int = 20, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.per_day = per_day
        self.clock = clock
        self._lock = threading.Lock()  # one check-then-write at a time in this process

    # --- the two sides ------------------------------------------------------------------

    def _side(self, party: Party, field: str) -> tuple[str, str, str | None]:
        """``(name, organisation, contact)`` of a stored project or profile."""
        try:
            if party.kind == "profile":
                p = self.store.profiles.get(party.id)
                return p.name, p.organisation, p.contact
            project = self.store.projects.get(party.id)
        except NotFoundError as exc:
            raise NotFoundError(f"{field}: no {party.kind} with id {party.id!r}") from exc
        return project.title or project.text[:80], project.buyer, project.contact

    def _party(self, party: Party, organisation: str, contact_shown: bool) -> PartyPublic:
        try:
            name, current, contact = self._side(party, "party")
        except NotFoundError:
            name, current, contact = party.id, organisation, None
        if fold_organisation(current) != fold_organisation(organisation):
            # removed since, and the id reused or moved to another organisation: the introduction
            # keeps what it knew, and shows nothing of a record it was not about
            name, current, contact = party.id, organisation, None
        return PartyPublic(
            kind=party.kind,
            id=party.id,
            name=name,
            organisation=current,
            contact=contact if contact_shown else None,
        )

    def public(self, intro: Introduction) -> IntroductionPublic:
        """As the parties, admins and organisers see it: contacts only once accepted."""
        shown = intro.status == "accepted"
        return IntroductionPublic.model_validate(
            {
                **intro.model_dump(include={"id", "status", "message", "reply", "created_at", "answered_at"}),
                "from": self._party(intro.from_, intro.from_organisation, shown),
                "to": self._party(intro.to, intro.to_organisation, shown),
            }
        )

    # --- asking -----------------------------------------------------------------------------

    def create(self, caller: Principal, body: IntroductionCreate) -> IntroductionPublic:
        """Ask for an introduction (pending until the receiver answers).

        Raises:
            PermissionDeniedError: the ``from`` side is not the caller's organisation's.
            NotFoundError: either side is missing (or a project the caller may not see).
            ConflictError: the same pair has a pending introduction.
            RateLimitedError: the sending organisation's daily cap is reached.
        """
        check_role(caller, "admin", "member")
        _, sender, _ = self._side(body.from_, "from")
        if caller.role != "admin" and not owns(caller, sender):
            mine = caller.organisation or "no organisation"
            raise PermissionDeniedError(
                f"a member key of {mine!r} may only ask for introductions for its own organisation's "
                f"projects and profiles; {body.from_.kind} {body.from_.id!r} belongs to {sender!r}"
            )
        _, receiver, _ = self._side(body.to, "to")
        if body.to.kind == "project" and caller.role != "admin":
            check_project_visible(caller, self.store.projects.get(body.to.id))
        if fold_organisation(sender) == fold_organisation(receiver):
            raise InvalidInputError(
                f"to: {body.to.kind} {body.to.id!r} belongs to the asking organisation ({receiver!r})",
                field="to.id",
                value=body.to.id,
            )
        with self._lock:
            self._check_open_pair(body, sender)
            self._check_cap(sender)
            intro = Introduction.model_validate(
                {
                    "id": f"i-{uuid.uuid4().hex[:12]}",
                    "from": body.from_,
                    "to": body.to,
                    "from_organisation": sender,
                    "to_organisation": receiver,
                    "message": body.message,
                    "created_at": self.clock(),
                }
            )
            self.store.introductions.add_many([intro])
        return self.public(intro)

    def _check_open_pair(self, body: IntroductionCreate, sender: str) -> None:
        pending = self.store.introductions.list({"status": "pending", "sender": fold_organisation(sender)})
        for other in pending:
            if other.from_ == body.from_ and other.to == body.to:
                raise ConflictError(
                    f"introduction {other.id} from {body.from_.kind} {body.from_.id!r} to "
                    f"{body.to.kind} {body.to.id!r} is still pending"
                )

    def _check_cap(self, sender: str) -> None:
        now = self.clock()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        sent = self.store.introductions.list({"sender": fold_organisation(sender)})
        today = sum(1 for i in sent if i.created_at >= midnight)
        if today >= self.per_day:
            wait = (midnight + timedelta(days=1) - now).total_seconds()
            raise RateLimitedError(
                f"{sender!r} has sent {today} introductions today, the most one organisation may send "
                f"per day ({self.per_day}); try again after midnight UTC",
                retry_after=wait,
            )

    # --- reading and answering --------------------------------------------------------------

    def list(self, caller: Principal, box: str) -> IntroductionsPublic:
        """``in``: what reached the caller's organisation; ``out``: what it sent; ``all``: every
        introduction (admins and organisers)."""
        if box == "all":
            check_role(caller, "admin", "organiser")
            rows = self.store.introductions.list()
        elif box in ("in", "out"):
            if caller.organisation is None:
                rows = []
            else:
                key = "receiver" if box == "in" else "sender"
                rows = self.store.introductions.list({key: fold_organisation(caller.organisation)})
        else:
            raise InvalidInputError(f"box must be in, out or all, got {box!r}", field="box", value=box)
        rows.sort(key=lambda i: i.created_at, reverse=True)
        return IntroductionsPublic(data=[self.public(i) for i in rows], count=len(rows))

    def _visible(self, caller: Principal, intro_id: str) -> Introduction:
        intro = self.store.introductions.get(intro_id)
        if caller.role in ("admin", "organiser") or any(
            owns(caller, org) for org in (intro.from_organisation, intro.to_organisation)
        ):
            return intro
        raise NotFoundError(f"no introduction with id {intro_id!r}")

    def get(self, caller: Principal, intro_id: str) -> IntroductionPublic:
        """One introduction: for its two organisations, admins and organisers (404 for others)."""
        return self.public(self._visible(caller, intro_id))

    def answer(
        self, caller: Principal, intro_id: str, *, accept: bool, reply: str | None
    ) -> IntroductionPublic:
        """Accept or decline: only the receiving organisation (admin: any); 409 once answered."""
        with self._lock:
            intro = self.store.introductions.get(intro_id)
            if caller.role != "admin" and not owns(caller, intro.to_organisation):
                raise NotFoundError(f"no introduction with id {intro_id!r} for you to answer")
            if intro.status != "pending":
                raise ConflictError(f"introduction {intro_id} was already {intro.status}")
            answered = intro.model_copy(
                update={
                    "status": "accepted" if accept else "declined",
                    "reply": reply,
                    "answered_at": self.clock(),
                }
            )
            self.store.introductions.put(answered)
        return self.public(answered)

    # --- the market-dialogue log --------------------------------------------------------------

    def log(self, caller: Principal) -> builtins.list[dict[str, str]]:
        """Every introduction, oldest first, as flat rows of :data:`LOG_COLUMNS` (admins, organisers)."""
        check_role(caller, "admin", "organiser")
        return self.rows()

    def rows(self) -> builtins.list[dict[str, str]]:
        """:meth:`log` without the role check (exports run by admins and organisers)."""
        rows = sorted(self.store.introductions.list(), key=lambda i: i.created_at)
        out: list[dict[str, str]] = []
        for intro in rows:
            seen = self.public(intro)
            out.append(
                {
                    "id": intro.id,
                    "status": intro.status,
                    "created_at": intro.created_at.isoformat(),
                    "answered_at": intro.answered_at.isoformat() if intro.answered_at else "",
                    "from_kind": intro.from_.kind,
                    "from_id": intro.from_.id,
                    "from_name": seen.from_.name,
                    "from_organisation": intro.from_organisation,
                    "to_kind": intro.to.kind,
                    "to_id": intro.to.id,
                    "to_name": seen.to.name,
                    "to_organisation": intro.to_organisation,
                    "message": intro.message,
                    "reply": intro.reply or "",
                }
            )
        return out

    def log_csv(self, caller: Principal) -> str:
        """:meth:`log` as CSV with a header row."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=LOG_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.log(caller))
        return buffer.getvalue()

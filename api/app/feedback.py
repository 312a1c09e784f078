"""Feedback on results: kept per scope, and what is "not relevant" there is never shown again.

A scope is what a result was found for (docs/introductions.md): a stored project
(``project:<id>``), a profile's suggestions (``profile:<id>``), or one organisation's question
text (``text:<hash>`` of the organisation and the folded text: the text itself is not kept).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from api.app.access import check_project_visible, owns
from api.app.errors import PermissionDeniedError
from api.app.keys import Principal
from models import Feedback, FeedbackCreate, FeedbackPublic
from models.errors import NotFoundError
from models.organisations import fold_organisation
from store import Store
from store.columns import scope_key

__all__ = ["FeedbackBook", "asker", "text_scope"]


def asker(caller: Principal) -> str:
    """The organisation a caller asks for (a key without one asks as itself)."""
    return caller.organisation or f"key {caller.name}"


def text_scope(caller: Principal, text: str) -> str:
    """The scope of ``caller``'s question ``text``: the same for any case, accents and spacing."""
    key = f"{fold_organisation(asker(caller))}\n{fold_organisation(text)}"
    return "text:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class FeedbackBook:
    """Verdicts on results, stored, and the exclusions they imply.

    Args:
        store: where feedback (and the records it names) is kept.
        clock: the current time.
    """

    def __init__(self, store: Store, *, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def _own_record(self, caller: Principal, organisation: str, what: str) -> None:
        if caller.role != "admin" and not owns(caller, organisation):
            raise PermissionDeniedError(
                f"feedback on the results of {what} is for its own organisation ({organisation!r})"
            )

    def scope_of(self, caller: Principal, body: FeedbackCreate) -> str:
        """The scope a verdict applies to; checks the caller may give it.

        Raises:
            NotFoundError: the project or profile is missing (or a project the caller may not see).
            PermissionDeniedError: it belongs to another organisation.
        """
        if body.project is not None:
            project = check_project_visible(caller, self.store.projects.get(body.project))
            self._own_record(caller, project.buyer, f"project {project.id!r}")
            return f"project:{project.id}"
        if body.profile is not None:
            profile = self.store.profiles.get(body.profile)
            self._own_record(caller, profile.organisation, f"profile {profile.id!r}")
            return f"profile:{profile.id}"
        assert body.text is not None  # FeedbackCreate checks that one is given
        return text_scope(caller, body.text)

    def give(
        self, caller: Principal, body: FeedbackCreate, *, features: Sequence[float] | None = None
    ) -> FeedbackPublic:
        """Store one verdict (``features``: the result's score channels, for the reranker)."""
        scope = self.scope_of(caller, body)
        try:
            if body.item.kind == "profile":
                self.store.profiles.get(body.item.id)
            else:  # a project the caller may not see looks missing, as everywhere
                check_project_visible(caller, self.store.projects.get(body.item.id))
        except NotFoundError as exc:
            raise NotFoundError(f"item: no {body.item.kind} with id {body.item.id!r}") from exc
        record = Feedback(
            id=f"f-{uuid.uuid4().hex[:12]}",
            scope=scope,
            organisation=asker(caller),
            item=body.item,
            verdict=body.verdict,
            created_at=self.clock(),
            features=list(features) if features is not None else None,
        )
        self.store.feedback.add_many([record])
        return FeedbackPublic(
            id=record.id, scope=scope, item=record.item, verdict=record.verdict, created_at=record.created_at
        )

    def excluded(self, scope: str) -> frozenset[str]:
        """Ids given as ``not_relevant`` in ``scope``: never shown there again."""
        rows = self.store.feedback.list({"scope": scope_key(scope), "verdict": "not_relevant"})
        return frozenset(f.item.id for f in rows)

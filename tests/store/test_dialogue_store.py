"""Introductions and feedback in every backend: stored whole, filtered by their own keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models import Feedback, Introduction, Project
from store import Store
from store.columns import scope_key


def introduction(iid: str, sender: str, receiver: str, **kw: Any) -> Introduction:
    return Introduction.model_validate(
        {
            "id": iid,
            "from": {"kind": "project", "id": "p1"},
            "to": {"kind": "profile", "id": "s1"},
            "from_organisation": sender,
            "to_organisation": receiver,
            "message": "Zullen we praten?",
            "created_at": datetime(2026, 12, 1, 9, tzinfo=UTC),
            **kw,
        }
    )


def test_introductions_filter_on_sender_receiver_and_status(store: Store) -> None:
    store.introductions.add_many(
        [
            introduction("i1", "Ville de Bruxelles", "Circulair Zuid"),
            introduction("i2", "Stad Gent", "Circulair Zuid", status="accepted"),
            introduction("i3", "Circulair Zuid", "Ville de Bruxelles"),
        ]
    )
    received = store.introductions.list({"receiver": "circulair zuid"})
    assert [i.id for i in received] == ["i1", "i2"]
    assert [i.id for i in store.introductions.list({"sender": "ville de bruxelles"})] == ["i1"]
    assert store.introductions.count({"receiver": "circulair zuid", "status": "pending"}) == 1
    assert store.introductions.get("i2") == introduction(
        "i2", "Stad Gent", "Circulair Zuid", status="accepted"
    )
    answered = store.introductions.get("i1").model_copy(update={"status": "declined", "reply": "Nee."})
    assert store.introductions.put(answered) is False
    assert store.introductions.list({"status": "declined"}) == [answered]


def test_feedback_filters_on_scope_and_verdict(store: Store) -> None:
    def verdict(fid: str, scope: str, item: str, value: str) -> Feedback:
        return Feedback.model_validate(
            {
                "id": fid,
                "scope": scope,
                "organisation": "Stad Gent",
                "item": {"kind": "profile", "id": item},
                "verdict": value,
                "created_at": datetime(2026, 12, 1, tzinfo=UTC),
                "features": [0.5, 0.25],
            }
        )

    store.feedback.add_many(
        [
            verdict("f1", "project:p1", "s1", "not_relevant"),
            verdict("f2", "project:p1", "s2", "relevant"),
            verdict("f3", "text:abc", "s1", "not_relevant"),
        ]
    )
    dropped = store.feedback.list({"scope": scope_key("project:p1"), "verdict": "not_relevant"})
    assert [(f.id, f.item.id, f.features) for f in dropped] == [("f1", "s1", [0.5, 0.25])]
    assert store.feedback.count({"organisation": "stad  gent"}) == 3
    assert store.feedback.count({"scope": scope_key("project:P1")}) == 0  # ids keep their case


def test_published_cases_are_open_to_every_member(store: Store) -> None:
    def case(pid: str, **kw: Any) -> Project:
        return Project(id=pid, buyer="Stad Gent", text="Meubilair hergebruikt.", status="closed", **kw)

    store.projects.add_many([case("private"), case("published", visibility="network")])
    assert [p.id for p in store.projects.list(open_or_owned_by="Ville de Bruxelles")] == ["published"]
    assert store.projects.count(open_or_owned_by="stad gent") == 2


def test_a_nul_in_a_project_does_not_break_what_members_may_read(store: Store) -> None:
    closed = Project(id="nul", buyer="Stad Gent", text="a \x00 b", status="closed")
    store.projects.add_many([closed, Project(id="open", buyer="Stad Gent", text="open")])
    assert [p.id for p in store.projects.list(open_or_owned_by="Ville de Bruxelles")] == ["open"]

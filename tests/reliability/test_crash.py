"""Crash safety: a real server under a stream of writes is killed with SIGKILL, again and again.

After every kill, each acknowledged write (201/200 received) must be there — profiles, projects a
member key created, introductions, their acceptance, feedback — a bulk import must be all there
or not at all, an acknowledged update must not be lost, and SQLite's ``PRAGMA integrity_check``
must say ok. Runs against SQLite, and against PostgreSQL too when
KRINGMATCH_TEST_POSTGRES_URL is set. Rounds: KRINGMATCH_TEST_CRASH_ROUNDS (default 4).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app.keys import hash_key
from tests.reliability.conftest import Server

ROUNDS = int(os.environ.get("KRINGMATCH_TEST_CRASH_ROUNDS", "4"))
WRITERS = 4
COUNTERS = [f"counter-{n}" for n in range(WRITERS)]
BUYER_KEY = "km_crash-buyer-key"  # a member key of the buyer: its projects are its own writes
BUYER = {"Authorization": f"Bearer {BUYER_KEY}"}
FIRST = (
    0.0,
    0.1,
    0.1,
    0.4,
    0.65,
    0.75,
    0.8,
    0.95,
)  # event, 2 profiles, project, ask, accept, feedback, guest
SERVER_ENV = {
    "KRINGMATCH_OPEN_ACCESS": "true",  # callers without a key act as admin (accepting introductions)
    "KRINGMATCH_INTRODUCTIONS_PER_DAY": "100000",
    "KRINGMATCH_API_KEYS": json.dumps(
        [
            {
                "name": "crash-buyer",
                "role": "member",
                "organisation": "Crash Gemeente",
                "hash": hash_key(BUYER_KEY),
            }
        ]
    ),
}


@dataclass
class Acknowledged:
    """What the server said it stored (guarded by ``lock``)."""

    created: set[str] = field(default_factory=set)
    bulks: list[list[str]] = field(default_factory=list)
    attempted_bulks: list[list[str]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    introductions: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    feedback: set[str] = field(default_factory=set)
    attendees: dict[str, set[str]] = field(default_factory=dict)  # event -> attendee ids
    wishes: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (event, attendee) -> must_meet
    seated: set[str] = field(default_factory=set)
    scheduled: set[str] = field(default_factory=set)
    primed: set[str] = field(default_factory=set)  # writers past their first write of each kind
    lock: threading.Lock = field(default_factory=threading.Lock)


def _profile(pid: str, text: str, organisation: str = "Crash Test") -> dict[str, Any]:
    return {"id": pid, "name": pid, "organisation": organisation, "role": "supplier", "expertise": text}


def _writer(url: str, run: str, n: int, ack: Acknowledged, rng: random.Random) -> None:
    """Create profiles and (as the buyer's member key) projects, import small bulks, ask for and
    accept introductions, give feedback, bump a counter profile; until the server dies."""
    counter = COUNTERS[n]
    version = ack.versions.get(counter, 0)
    mine: list[str] = []  # this writer's acknowledged profiles and projects
    event = f"{run}-w{n}-event"
    guests: list[str] = []
    projects: list[str] = []
    pending: list[str] = []
    with httpx.Client(base_url=url, timeout=10) as http:
        for step in range(100_000):
            pid = f"{run}-w{n}-{step}"
            if step == len(FIRST):
                with ack.lock:
                    ack.primed.add(f"{run}-w{n}")
            try:
                # first one of each kind of write (so every round proves each), then at random
                kind = FIRST[step] if step < len(FIRST) else rng.random()
                if step == 0:
                    body = {"id": event, "title": f"Dag {run}", "date": "2026-06-01"}
                    if http.post("/events", json=body).status_code == 201:
                        with ack.lock:
                            ack.attendees[event] = set()
                elif event in ack.attendees and kind > 0.93:
                    _event_step(http, event, pid, guests, ack, rng)
                elif kind < 0.35 or not mine:
                    r = http.post("/profiles", json=_profile(pid, f"Wij leveren onderdeel {step} van {n}."))
                    if r.status_code == 201:
                        mine.append(pid)
                        with ack.lock:
                            ack.created.add(pid)
                elif kind < 0.5 or not projects:
                    body = {"id": pid, "buyer": "Crash Gemeente", "text": f"Wij zoeken product {step}."}
                    if http.post("/projects", json=body, headers=BUYER).status_code == 201:
                        projects.append(pid)
                        with ack.lock:
                            ack.created.add("project:" + pid)
                elif kind < 0.6:
                    ids = [f"{pid}-b{i}" for i in range(5)]
                    with ack.lock:
                        ack.attempted_bulks.append(ids)
                    bulk = [_profile(i, f"Bulk {i}: herbruikbare pallets.") for i in ids]
                    if http.post("/profiles/bulk", json=bulk).status_code == 201:
                        with ack.lock:
                            ack.bulks.append(ids)
                elif kind < 0.7:
                    ask = {
                        "from": {"kind": "project", "id": projects[-1]},
                        "to": {"kind": "profile", "id": mine.pop()},
                        "message": f"Gesprek {step}?",
                    }
                    r = http.post("/introductions", json=ask, headers=BUYER)
                    if r.status_code == 201:
                        pending.append(r.json()["id"])
                        with ack.lock:
                            ack.introductions.add(r.json()["id"])
                elif kind < 0.78 and pending:
                    intro = pending.pop()
                    if http.post(f"/introductions/{intro}/accept").status_code == 200:
                        with ack.lock:
                            ack.accepted.add(intro)
                elif kind < 0.86:
                    body = {"project": projects[-1], "item": {"kind": "profile", "id": mine[-1]}}
                    r = http.post("/feedback", json={**body, "verdict": "not_relevant"}, headers=BUYER)
                    if r.status_code == 201:
                        with ack.lock:
                            ack.feedback.add(r.json()["id"])
                else:
                    body = _profile(counter, f"Versie {version + 1} van de teller.")
                    if http.put(f"/profiles/{counter}", json={**body, "id": None}).status_code == 200:
                        version += 1
                        with ack.lock:
                            ack.versions[counter] = version
            except httpx.TransportError:
                return  # the server is gone


def _event_step(
    http: httpx.Client, event: str, pid: str, guests: list[str], ack: Acknowledged, rng: random.Random
) -> None:
    """Add a guest, change a guest's wishes, seat rounds or schedule meetings of the writer's event."""
    choice = rng.random()
    if choice < 0.5 or len(guests) < 4:
        guest = {"id": pid, "name": pid, "role": "buyer", "interest": f"Circulair inkopen {pid}."}
        if http.post(f"/events/{event}/attendees", json=[guest]).status_code == 201:
            guests.append(pid)
            with ack.lock:
                ack.attendees[event].add(pid)
    elif choice < 0.7:
        wish = {"must_meet": [rng.choice(guests)]}
        if http.put(f"/events/{event}/attendees/{guests[0]}/preferences", json=wish).status_code == 200:
            with ack.lock:
                ack.wishes[(event, guests[0])] = wish["must_meet"]
    elif choice < 0.85:
        body = {"rounds": 2, "size_min": 2, "size_max": 3, "time_limit": 5}
        if http.post(f"/events/{event}/rounds", json=body).status_code == 200:
            with ack.lock:
                ack.seated.add(event)
    else:
        body = {"slots": ["09:00", "09:30"], "tables": 2, "buyers_meet_suppliers": False, "time_limit": 5}
        if http.post(f"/events/{event}/meetings", json=body).status_code == 200:
            with ack.lock:
                ack.scheduled.add(event)


def _check_events(events: dict[str, dict[str, Any]], ack: Acknowledged) -> None:
    """Every acknowledged event change is there (``has_rounds``/``has_meetings`` as the API says)."""
    for event, attendees in ack.attendees.items():
        assert event in events, f"acknowledged event {event} lost"
        stored = events[event]
        assert attendees <= {a["id"] for a in stored["attendees"]}, f"acknowledged attendee of {event} lost"
        assert event not in ack.seated or stored["has_rounds"], f"acknowledged seating of {event} lost"
        assert event not in ack.scheduled or stored["has_meetings"], f"acknowledged schedule of {event} lost"
    for event, attendee in ack.wishes:  # a later unacknowledged change may have landed: not empty
        prefs = {a["id"]: a["preferences"] for a in events[event]["attendees"]}[attendee]
        assert prefs["must_meet"], f"acknowledged wishes of {attendee} lost"


def _stored_version(expertise: str) -> int:
    return int(expertise.split()[1])


def _check_sqlite(db: Path, ack: Acknowledged) -> None:
    with sqlite3.connect(db) as conn:  # opening recovers the WAL, as the server's restart does
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        profiles = {r[0]: r[1] for r in conn.execute("SELECT id, data FROM profiles")}
        projects = {r[0] for r in conn.execute("SELECT id FROM projects")}
        introductions = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT id, data FROM introductions")}
        feedback = {r[0] for r in conn.execute("SELECT id FROM feedback")}
        rows = [json.loads(r[0]) for r in conn.execute("SELECT data FROM events")]
    events = {
        e["id"]: {**e, "has_rounds": e["seating"] is not None, "has_meetings": e["schedule"] is not None}
        for e in rows
    }
    _check_events(events, ack)
    for intro in ack.introductions:
        assert intro in introductions, f"acknowledged introduction {intro} lost"
    for intro in ack.accepted:
        assert introductions[intro]["status"] == "accepted", f"acceptance of {intro} lost"
    assert ack.feedback <= feedback, f"acknowledged feedback lost: {sorted(ack.feedback - feedback)[:3]}"

    for pid in ack.created:
        if pid.startswith("project:"):
            assert pid.removeprefix("project:") in projects, f"acknowledged project {pid} lost"
        else:
            assert pid in profiles, f"acknowledged profile {pid} lost"
    for ids in ack.bulks:
        assert all(i in profiles for i in ids), f"acknowledged bulk {ids[0]}.. lost"
    for ids in ack.attempted_bulks:
        present = [i in profiles for i in ids]
        assert all(present) or not any(present), f"bulk {ids[0]}.. half stored"
    for counter, version in ack.versions.items():
        assert _stored_version(json.loads(profiles[counter])["expertise"]) >= version, f"{counter} went back"


def _check_api(url: str, ack: Acknowledged) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        profiles = {}
        offset = 0
        while True:
            page = http.get("/profiles", params={"limit": 1000, "offset": offset}).json()
            profiles.update({p["id"]: p for p in page["data"]})
            offset += 1000
            if offset >= page["count"]:
                break
        for pid in ack.created:
            if pid.startswith("project:"):
                assert http.get(f"/projects/{pid.removeprefix('project:')}").status_code == 200
            else:
                assert pid in profiles, f"acknowledged profile {pid} not served after restart"
        for ids in ack.bulks:
            assert all(i in profiles for i in ids)
        for counter, version in ack.versions.items():
            assert _stored_version(profiles[counter]["expertise"]) >= version
        served = {
            i["id"]: i["status"] for i in http.get("/introductions", params={"box": "all"}).json()["data"]
        }
        assert ack.introductions <= set(served), "an acknowledged introduction is not served after restart"
        assert all(served[i] == "accepted" for i in ack.accepted)
        events = {}
        for event in ack.attendees:
            r = http.get(f"/events/{event}")
            assert r.status_code == 200, f"acknowledged event {event} not served after restart"
            events[event] = r.json()
        _check_events(events, ack)
        found = http.post("/match", json={"text": "herbruikbare pallets", "top_k": 5})
        assert found.status_code == 200  # the index was rebuilt from what survived


def _store_urls() -> list[Any]:
    urls = [pytest.param("sqlite", id="sqlite")]
    pg = os.environ.get("KRINGMATCH_TEST_POSTGRES_URL")
    marks = [pytest.mark.postgres] + (
        [] if pg else [pytest.mark.skip(reason="set KRINGMATCH_TEST_POSTGRES_URL")]
    )
    urls.append(pytest.param("postgres", id="postgres", marks=marks))
    return urls


@pytest.mark.slow
@pytest.mark.parametrize("backend", _store_urls())
def test_acknowledged_writes_survive_sigkill(backend: str, tmp_path: Path, server_factory: Any) -> None:
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}" if backend == "sqlite" else os.environ["KRINGMATCH_TEST_POSTGRES_URL"]
    run = "c" + uuid.uuid4().hex[:8]  # a shared PostgreSQL database may hold earlier runs
    rng = random.Random(int(os.environ.get("KRINGMATCH_TEST_CRASH_SEED", "7")))
    ack = Acknowledged()
    server: Server = server_factory(url, env=SERVER_ENV)
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for counter in COUNTERS:
            body = _profile(counter, "Versie 0 van de teller.")
            assert http.put(f"/profiles/{counter}", json={**body, "id": None}).status_code in (200, 404)
            if http.get(f"/profiles/{counter}").status_code == 404:
                assert http.post("/profiles", json=body).status_code == 201
    for round_ in range(ROUNDS):
        writers = [
            threading.Thread(
                target=_writer, args=(server.url, f"{run}-r{round_}", n, ack, random.Random(rng.random()))
            )
            for n in range(WRITERS)
        ]
        before = len(ack.created)
        for w in writers:
            w.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            len(ack.created) < before + 10 or not any(p.startswith(f"{run}-r{round_}-") for p in ack.primed)
        ):
            time.sleep(0.01)  # some writes of each kind acknowledged in this round, then a random moment
        time.sleep(rng.uniform(0.0, 0.5))
        server.kill()
        for w in writers:
            w.join(timeout=30)
        if backend == "sqlite":
            _check_sqlite(db, ack)
        server.start()
        _check_api(server.url, ack)
    assert len(ack.created) > 10 * ROUNDS, "too few writes were acknowledged to prove anything"
    assert ack.introductions and ack.accepted and ack.feedback, "no introduction or feedback was acknowledged"
    assert any(ack.attendees.values()), "no attendee was acknowledged"

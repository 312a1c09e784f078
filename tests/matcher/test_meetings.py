"""1:1 meetings: nobody double-booked, no no-thanks meeting, caps, tables and availability kept,
mutual must-meets all met when capacity clearly allows, the floor before preferences, the
value never above the proven bound, and inputs refused with the bad value named."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.meetings import FLOOR, MUST, MUTUAL, WOULD, Meetings, schedule_meetings
from models.errors import InvalidInputError


def check_schedule(
    res: Meetings, n: int, slots: int, tables: int, caps, avail, no_thanks, eligible=None
) -> None:
    """Every hard rule, checked on the output alone."""
    busy = np.zeros((n, slots), dtype=int)
    seats: set[tuple[int, int]] = set()
    pairs: set[tuple[int, int]] = set()
    for m in res.meetings:
        assert 0 <= m.slot < slots and 0 <= m.table < tables and 0 <= m.a < m.b < n
        assert (m.slot, m.table) not in seats  # one meeting per table per slot
        seats.add((m.slot, m.table))
        assert (m.a, m.b) not in pairs  # a pair meets once
        pairs.add((m.a, m.b))
        busy[[m.a, m.b], m.slot] += 1
        assert avail[m.a, m.slot] and avail[m.b, m.slot]
        assert (m.a, m.b) not in no_thanks and (m.b, m.a) not in no_thanks
        assert eligible is None or eligible[m.a, m.b]
    assert busy.max(initial=0) <= 1  # nobody in two meetings at once
    assert (busy.sum(axis=1) <= np.broadcast_to(caps, (n,))).all()
    assert res.objective <= res.bound + 1e-6 * max(1.0, abs(res.bound))


@st.composite
def instances(draw: st.DrawFn):
    n = draw(st.integers(2, 9))
    slots, tables = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    ordered = [(a, b) for a in range(n) for b in range(n) if a != b]
    prefs = st.lists(st.sampled_from(ordered), max_size=8, unique=True)
    must, would, no = draw(prefs), draw(prefs), draw(prefs)
    caps = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    flags = draw(st.lists(st.booleans(), min_size=n * slots, max_size=n * slots))
    avail = np.array(flags, dtype=bool).reshape(n, slots)
    aff = np.array(draw(st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n))).reshape(n, n)
    return n, slots, tables, must, would, no, caps, avail, aff


@settings(max_examples=60, deadline=None)
@given(instances())
def test_hard_rules_hold_on_random_instances(case) -> None:
    n, slots, tables, must, would, no, caps, avail, aff = case
    res = schedule_meetings(
        aff,
        slots=slots,
        tables=tables,
        max_per_person=caps,
        availability=avail,
        must_meet=must,
        would_like=would,
        no_thanks=no,
        time_limit=10,
    )
    check_schedule(res, n, slots, tables, caps, avail, set(no))
    wanted = {tuple(sorted(p)) for p in must}
    assert res.must_meet_total == len(wanted)
    met = {(m.a, m.b) for m in res.meetings}
    assert res.must_meet_met == len(met & wanted)
    for m in res.meetings:
        mutual = (m.a, m.b) in must and (m.b, m.a) in must
        assert (m.reason == "mutual must-meet") == mutual
        if not mutual:
            assert (m.reason == "must-meet") == ((m.a, m.b) in wanted)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(0, 10_000))
def test_mutual_must_meets_are_all_met_when_capacity_clearly_allows(n_pairs, slots, seed) -> None:
    rng = np.random.default_rng(seed)
    n = 2 * n_pairs + 3
    people = rng.permutation(n)
    mutual = [(int(people[2 * k]), int(people[2 * k + 1])) for k in range(n_pairs)]
    must = mutual + [(b, a) for a, b in mutual]
    ordered = [(a, b) for a in range(n) for b in range(n) if a != b]
    others = [ordered[i] for i in rng.choice(len(ordered), 10, replace=False)]
    wishes = {tuple(sorted(p)) for p in mutual}
    would = [p for p in others[:6] if tuple(sorted(p)) not in wishes]
    no = [p for p in others[6:] if tuple(sorted(p)) not in wishes]
    tables = -(-n_pairs // slots)  # room for every mutual pair
    floor = np.isin(np.arange(n), people[: 2 * n_pairs])  # (others' floors could outrank them)
    res = schedule_meetings(
        rng.random((n, n)),
        slots=slots,
        tables=tables,
        max_per_person=1,
        must_meet=must,
        would_like=would,
        no_thanks=no,
        requesters=floor,
    )
    check_schedule(res, n, slots, tables, 1, np.ones((n, slots), bool), set(no))
    assert res.mutual_met == res.mutual_total == n_pairs
    assert {(m.a, m.b) for m in res.meetings} >= wishes


def brute_force_best(n, slots, tables, caps, avail, must, would, no, asked) -> float:
    """The best value over every schedule (affinity all equal, so it adds nothing)."""
    m, w = np.zeros((n, n), bool), np.zeros((n, n), bool)
    m[tuple(zip(*must, strict=True))] = bool(must)
    w[tuple(zip(*would, strict=True))] = bool(would)
    banned = set(no) | {(b, a) for a, b in no}
    pairs = [p for p in itertools.combinations(range(n), 2) if p not in banned]
    mutual = {p: bool(m[p] and m[p[::-1]]) for p in pairs}
    weight = {
        p: MUTUAL * mutual[p]
        + MUST * (bool(m[p] or m[p[::-1]]) and not mutual[p])
        + WOULD * ((w[p] and not m[p]) + (w[p[::-1]] and not m[p[::-1]]))
        for p in pairs
    }
    per_slot = []
    for s in range(slots):
        free = [p for p in pairs if avail[p[0], s] and avail[p[1], s]]
        per_slot.append(
            [
                c
                for k in range(tables + 1)
                for c in itertools.combinations(free, k)
                if len({x for q in c for x in q}) == 2 * k
            ]
        )
    best = -np.inf
    for plan in itertools.product(*per_slot):
        chosen = [p for c in plan for p in c]
        count = np.bincount([x for p in chosen for x in p], minlength=n)
        if len(set(chosen)) < len(chosen) or (count > caps).any():
            continue
        floor = np.where(asked, np.minimum(1, np.minimum(caps, avail.sum(axis=1))), 0)
        best = max(best, sum(weight[p] for p in chosen) - FLOOR * np.clip(floor - count, 0, None).sum())
    return float(best)


@settings(max_examples=30, deadline=None)
@given(instances())
def test_value_equals_brute_force_on_tiny_instances(case) -> None:
    n, slots, tables, must, would, no, caps, avail, _ = case
    if n > 5 or slots > 3:
        n, slots = min(n, 5), min(slots, 3)
        must, would, no = ([p for p in x if max(p) < n] for x in (must, would, no))
        caps, avail = caps[:n], avail[:n, :slots]
    tables = min(tables, 2)
    res = schedule_meetings(
        np.zeros((n, n)),
        slots=slots,
        tables=tables,
        max_per_person=caps,
        availability=avail,
        must_meet=must,
        would_like=would,
        no_thanks=no,
        top_affinity=n,
    )
    asked = np.zeros(n, bool)
    asked[[a for a, _ in must + would]] = True
    best = brute_force_best(n, slots, tables, caps, avail, must, would, no, asked)
    assert res.objective == pytest.approx(best, abs=1e-6)
    assert res.bound >= best - 1e-6


def test_floor_comes_before_preferences() -> None:
    # 2 slots x 1 table. Buyer 0: mutual must with 2 and must with 3; buyer 1 only would like 3.
    # Without the floor, buyer 0 would take both places; with it, buyer 1 gets one.
    res = schedule_meetings(
        np.zeros((4, 4)),
        slots=2,
        tables=1,
        max_per_person=2,
        must_meet=[(0, 2), (2, 0), (0, 3)],
        would_like=[(1, 3)],
        eligible=np.array([[a < 2 <= b or b < 2 <= a for b in range(4)] for a in range(4)]),
    )
    assert sorted((m.a, m.b, m.reason) for m in res.meetings) == [
        (0, 2, "mutual must-meet"),
        (1, 3, "would like"),
    ]
    assert res.below_floor == [] and res.gap == pytest.approx(0.0, abs=1e-6)
    unfloored = schedule_meetings(
        np.zeros((4, 4)),
        slots=2,
        tables=1,
        max_per_person=2,
        must_meet=[(0, 2), (2, 0), (0, 3)],
        would_like=[(1, 3)],
        minimum=0,
    )
    assert sorted((m.a, m.b) for m in unfloored.meetings) == [(0, 2), (0, 3)]


def test_preference_order_mutual_then_must_then_would_then_affinity() -> None:
    # Person 0 has one slot and four candidates; each level beats everything below it.
    aff = np.zeros((5, 5))
    aff[0, 4] = aff[4, 0] = 1.0
    cases = [
        ([(0, 1), (1, 0), (0, 2)], [(0, 3)], 1),
        ([(0, 2)], [(0, 3), (3, 0)], 2),
        ([], [(0, 3)], 3),
        ([], [], 4),
    ]
    for must, would, partner in cases:
        res = schedule_meetings(
            aff,
            slots=1,
            tables=1,
            max_per_person=1,
            must_meet=must,
            would_like=would,
            requesters=np.zeros(5, bool),
        )
        assert [(m.a, m.b) for m in res.meetings] == [(0, partner)], (must, would)


def test_pruned_candidates_at_scale_stay_exact() -> None:
    """40 buyers x 30 suppliers x 6 slots: a bipartite instance the two stages solve to the bound."""
    rng = np.random.default_rng(5)
    nb, n = 40, 70
    buyer = np.arange(n) < nb
    must = [(b, int(s)) for b in range(nb) for s in nb + rng.choice(n - nb, 2, replace=False)]
    must += [(s, b) for b, s in must[::3]]
    avail = rng.random((n, 6)) < 0.8
    eligible = buyer[:, None] != buyer[None, :]
    caps = np.where(buyer, 3, 4)
    res = schedule_meetings(
        rng.random((n, n)),
        slots=6,
        tables=12,
        max_per_person=caps,
        availability=avail,
        must_meet=must,
        eligible=eligible,
    )
    check_schedule(res, n, 6, 12, caps, avail, set(), eligible)
    assert res.candidates < n * n / 4
    assert res.gap < 1e-3 and res.below_floor == []


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"affinity": np.zeros((3, 4))}, "(3, 4)"),
        ({"slots": 0}, "slots must be an int >= 1, got 0"),
        ({"max_per_person": -1}, "max_per_person"),
        ({"availability": np.ones((4, 3), bool)}, "(4, 2)"),
        ({"must_meet": [(0, 0)]}, "(0, 0)"),
        ({"no_thanks": [(0, 7)]}, "(0, 7)"),
        ({"time_limit": 0}, "time_limit must be > 0"),
    ],
)
def test_bad_input_is_refused_with_the_value_named(kwargs, words) -> None:
    args = {"affinity": np.zeros((4, 4)), "slots": 2, "tables": 1, "max_per_person": 1, **kwargs}
    with pytest.raises(InvalidInputError) as info:
        schedule_meetings(**args)
    assert words in str(info.value)


def test_every_pair_of_a_tiny_instance_is_considered() -> None:
    """With 3 people and all pairs wished, the best schedule uses both slots (2 meetings)."""
    wishes = list(itertools.permutations(range(3), 2))
    res = schedule_meetings(np.zeros((3, 3)), slots=2, tables=1, max_per_person=2, would_like=wishes)
    assert len(res.meetings) == 2 and len({m.slot for m in res.meetings}) == 2

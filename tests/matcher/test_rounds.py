"""Rounds of tables: sizes kept, no repeated pair whenever a brute-force search finds a
repeat-free seating, met-before pairs and colleagues apart, roles at every table, fixed
placements honoured, determinism, and inputs refused with the bad value named."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.rounds import Rounds, seat_rounds
from models.errors import InfeasibleError, InvalidInputError


def pair_counts(tables: np.ndarray) -> np.ndarray:
    """(n, n) rounds each pair shared a table, computed independently of the solver."""
    n = tables.shape[1]
    counts = np.zeros((n, n), dtype=int)
    for row in tables:
        for t in np.unique(row):
            members = np.flatnonzero(row == t)
            for i, j in itertools.combinations(members, 2):
                counts[i, j] += 1
    return counts


def check_sizes(res: Rounds, n: int, rounds: int, size_min: int, size_max: int) -> None:
    assert res.tables.shape == (rounds, n)
    for row in res.tables:
        sizes = np.bincount(row)
        assert sizes.min() >= size_min and sizes.max() <= size_max, sizes
    assert len(res.repeated_pairs) == int((pair_counts(res.tables) > 1).sum())


def partitions(people: tuple[int, ...], sizes: tuple[int, ...]) -> Iterator[list[tuple[int, ...]]]:
    """Every split of ``people`` into tables of the given sizes (tables unordered)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for size in sorted(set(sizes)):
        left = list(sizes)
        left.remove(size)
        for mates in itertools.combinations(rest, size - 1):
            remaining = tuple(p for p in rest if p not in mates)
            for tail in partitions(remaining, tuple(left)):
                yield [(first, *mates), *tail]


def seating_exists(n: int, sizes: tuple[int, ...], rounds: int, banned: set[tuple[int, int]]) -> bool:
    """Depth-first: ``rounds`` splits with no pair twice and no pair of ``banned``."""
    options = [
        {pair for table in split for pair in itertools.combinations(table, 2)}
        for split in partitions(tuple(range(n)), sizes)
    ]

    def extend(used: set[tuple[int, int]], left: int) -> bool:
        return left == 0 or any(not (o & used) and extend(used | o, left - 1) for o in options)

    return extend(set(banned), rounds)


@st.composite
def tiny_instances(draw: st.DrawFn) -> tuple[int, int, int, int, np.ndarray, list[tuple[int, int]], int]:
    n = draw(st.integers(4, 8))
    size_max = draw(st.integers(2, 4))
    size_min = draw(st.integers(max(1, size_max - 1), size_max))
    if -(-n // size_max) > n // size_min:  # no valid table count: widen
        size_min = 1
    rounds = draw(st.integers(2, 3))
    aff = np.array(draw(st.lists(st.floats(0, 1), min_size=n * n, max_size=n * n))).reshape(n, n)
    pairs = list(itertools.combinations(range(n), 2))
    met = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    return n, rounds, size_min, size_max, aff, met, draw(st.integers(0, 3))


@settings(max_examples=30, deadline=None)
@given(tiny_instances())
def test_no_repeat_or_met_before_pair_when_brute_force_finds_a_clean_seating(case) -> None:
    n, rounds, size_min, size_max, aff, met, seed = case
    met_matrix = np.zeros((n, n), dtype=bool)
    for i, j in met:
        met_matrix[i, j] = True
    res = seat_rounds(
        aff,
        rounds=rounds,
        size_min=size_min,
        size_max=size_max,
        met_before=met_matrix,
        seed=seed,
        time_limit=5,
    )
    check_sizes(res, n, rounds, size_min, size_max)
    sizes = tuple(sorted(np.bincount(res.tables[0]).tolist()))
    if seating_exists(n, sizes, rounds, set()):
        assert res.repeated_pairs == []
        if seating_exists(n, sizes, rounds, set(met)):
            assert res.met_before_pairs == []
    found = {(i, j) for _, i, j in res.met_before_pairs}
    together = pair_counts(res.tables)
    assert found == {(i, j) for i, j in met if together[i, j]}


def test_a_social_golfer_instance_is_solved() -> None:
    # 5 rounds of 5 tables of 5: repeat-free only as the 6 parallel classes of the affine plane
    # of order 5 (any 5 of them); the greedy start alone leaves repeats.
    aff = np.random.default_rng(0).random((25, 25))
    res = seat_rounds(aff, rounds=5, size_min=5, size_max=5, seed=1)
    check_sizes(res, 25, 5, 5, 5)
    assert res.repeated_pairs == [] and pair_counts(res.tables).max() == 1
    assert not res.timed_out and res.elapsed <= res.time_limit


def test_rules_at_event_scale() -> None:
    """60 attendees, 4 rounds of 6: colleagues (pairs), met-before pairs, a buyer per table."""
    rng = np.random.default_rng(3)
    n = 60
    org = np.arange(n) // 2
    roles = np.where(np.arange(n) % 6 == 0, "buyer", "supplier")
    met = np.zeros((n, n), dtype=bool)
    for i, j in rng.integers(n, size=(80, 2)):
        met[i, j] = i != j
    res = seat_rounds(
        rng.random((n, n)),
        rounds=4,
        size_min=6,
        size_max=6,
        organisations=org,
        roles=roles,
        require_roles=["buyer"],
        met_before=met,
    )
    check_sizes(res, n, 4, 6, 6)
    assert res.repeated_pairs == [] and res.met_before_pairs == [] and res.colleague_pairs == []
    assert res.missing_roles == []
    for row in res.tables:  # 10 buyers, 10 tables: exactly one each
        assert sorted(row[roles == "buyer"].tolist()) == list(range(10))
    together = pair_counts(res.tables)
    assert not (together & (met | met.T)).any()


def test_unavoidable_colleagues_are_counted_and_kept_to_the_floor() -> None:
    org = np.array([0] * 5 + list(range(1, 12)))  # 5 colleagues, 4 tables: one pair per round
    res = seat_rounds(np.zeros((16, 16)), rounds=2, size_min=4, size_max=4, organisations=org)
    assert res.colleague_floor == 2
    assert len(res.colleague_pairs) == 2 and res.repeated_pairs == []
    assert all(org[i] == org[j] == 0 for _, i, j in res.colleague_pairs)


def test_missing_role_is_reported_when_there_are_too_few() -> None:
    roles = ["facilitator"] * 2 + ["buyer"] * 10  # 2 facilitators for 3 tables
    res = seat_rounds(
        np.zeros((12, 12)), rounds=1, size_min=4, size_max=4, roles=roles, require_roles=["facilitator"]
    )
    assert len(res.missing_roles) == 1 and res.missing_roles[0][2] == 0


def test_similar_tables_have_higher_affinity_than_mixed() -> None:
    groups = np.repeat(np.arange(4), 6)
    aff = (groups[:, None] == groups[None, :]).astype(float)
    similar = seat_rounds(aff, rounds=1, size_min=6, size_max=6, mode="similar")
    mixed = seat_rounds(aff, rounds=1, size_min=6, size_max=6, mode="mixed")
    assert similar.affinity == pytest.approx(1.0)  # each table one group
    assert mixed.affinity == pytest.approx(2 / 15)  # the least: 6 from 4 groups, 2 pairs of 15


def test_fixed_placements_are_kept_and_the_rest_resolved() -> None:
    aff = np.random.default_rng(1).random((24, 24))
    first = seat_rounds(aff, rounds=3, size_min=4, size_max=4, seed=2)
    r, person = 1, 5
    table = (int(first.tables[r, person]) + 1) % 6
    fixed = [(r, person, table), (0, 7, 3)]
    for start in (None, first.tables):
        res = seat_rounds(aff, rounds=3, size_min=4, size_max=4, fixed=fixed, start=start, seed=2)
        check_sizes(res, 24, 3, 4, 4)
        assert res.tables[r, person] == table and res.tables[0, 7] == 3
        assert res.repeated_pairs == []


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 19), st.integers(0, 4)), max_size=6),
    st.integers(0, 9),
)
def test_random_fixed_placements_hold(fixed, seed) -> None:
    pins = {(r, p): t for r, p, t in fixed}  # the last placement of a person wins
    per_table = np.zeros((3, 5), int)
    for (r, _), t in pins.items():
        per_table[r, t] += 1
    if per_table.max() > 4:
        return
    aff = np.random.default_rng(seed).random((20, 20))
    res = seat_rounds(
        aff, rounds=3, size_min=4, size_max=4, fixed=[(r, p, t) for (r, p), t in pins.items()], seed=seed
    )
    check_sizes(res, 20, 3, 4, 4)
    assert all(res.tables[r, p] == t for (r, p), t in pins.items())


def test_same_seed_same_seating() -> None:
    aff = np.random.default_rng(2).random((30, 30))
    a = seat_rounds(aff, rounds=3, size_min=5, size_max=5, seed=4)
    b = seat_rounds(aff, rounds=3, size_min=5, size_max=5, seed=4)
    assert np.array_equal(a.tables, b.tables)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"affinity": np.zeros((3, 4))}, InvalidInputError, "(3, 4)"),
        ({"rounds": 0}, InvalidInputError, "rounds must be >= 1, got 0"),
        ({"size_min": 5, "size_max": 4}, InvalidInputError, "size_min=5"),
        ({"size_min": 5, "size_max": 5}, InfeasibleError, "12 attendees"),
        ({"organisations": [1, 2]}, InvalidInputError, "organisations must have shape (12,)"),
        ({"require_roles": ["buyer"]}, InvalidInputError, "require_roles needs roles"),
        ({"fixed": [(0, 0, 9)]}, InvalidInputError, "(0, 0, 9)"),
        ({"fixed": [(0, p, 0) for p in range(5)]}, InfeasibleError, "5 people are fixed to table 0"),
        ({"mode": "random"}, InvalidInputError, "'random'"),
        ({"start": np.zeros((2, 12), int)}, InvalidInputError, "table 0 of round 0 seats 12"),
        ({"start": np.zeros((3, 12), int)}, InvalidInputError, "(R, n) = (2, 12)"),
    ],
)
def test_bad_input_is_refused_with_the_value_named(kwargs, error, words) -> None:
    args = {"affinity": np.zeros((12, 12)), "rounds": 2, "size_min": 4, "size_max": 4, **kwargs}
    with pytest.raises(error, match=None) as info:
        seat_rounds(**args)
    assert words in str(info.value)

"""Capacity-aware facilitator assignment: exactness against independent references, the rules
(capacities, pins, blocks, conflicts), the fair objective and infeasibility messages."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matcher import assignment as assignment_module
from matcher.assignment import Assignment, assign
from models.errors import InfeasibleError, InvalidInputError


def check_rules(result: Assignment, capacities: np.ndarray, per_project: int) -> None:
    loads = np.bincount([j for _, j in result.pairs], minlength=capacities.size)
    assert (loads <= capacities).all()
    for facilitators in result.by_project:
        assert len(facilitators) == per_project == len(set(facilitators))


def lsa_reference(affinity: np.ndarray, capacities: np.ndarray) -> float:
    """Optimal total for per_project=1: Hungarian algorithm on facilitators repeated by capacity."""
    slots = np.repeat(np.arange(capacities.size), capacities)
    rows, cols = linear_sum_assignment(affinity[:, slots], maximize=True)
    return float(affinity[:, slots][rows, cols].sum())


def brute_force(
    affinity: np.ndarray, capacities: np.ndarray, per_project: int, fair: bool
) -> tuple[float, ...] | None:
    """Best (total,) or (minimum, total) over every way to give each project its facilitators."""
    n_projects, n_facilitators = affinity.shape
    best: tuple[float, ...] | None = None
    sets = list(itertools.combinations(range(n_facilitators), per_project))
    for choice in itertools.product(sets, repeat=n_projects):
        loads = np.bincount(np.ravel(choice), minlength=n_facilitators)
        if (loads > capacities).any():
            continue
        values = [float(affinity[i, list(c)].sum()) for i, c in enumerate(choice)]
        key = (min(values), sum(values)) if fair else (sum(values),)
        best = key if best is None or key > best else best
    return best


def test_total_equals_hungarian_reference_on_capacity_expanded_matrix() -> None:
    rng = np.random.default_rng(1)
    for _ in range(40):
        n_p, n_f = int(rng.integers(1, 9)), int(rng.integers(1, 6))
        capacities = rng.integers(0, 4, size=n_f)
        if capacities.sum() < n_p:
            continue
        affinity = rng.normal(size=(n_p, n_f))
        result = assign(affinity, capacities=capacities, per_project=1)
        check_rules(result, capacities, 1)
        assert result.total == pytest.approx(lsa_reference(affinity, capacities), abs=1e-9)
        assert result.gap < 1e-9 and result.bound >= result.total - 1e-9


def test_column_generation_is_exact_on_a_larger_instance() -> None:
    """400 x 100 with top-8 candidate pairs: the pricing loop must still reach the optimum."""
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(5, 16))
    projects = centres[rng.integers(5, size=400)] + rng.normal(size=(400, 16))
    facilitators = centres[rng.integers(5, size=100)] + rng.normal(size=(100, 16))
    affinity = projects @ facilitators.T / 16
    capacities = np.full(100, 4)
    result = assign(affinity, capacities=capacities, per_project=1)
    assert result.total == pytest.approx(lsa_reference(affinity, capacities), abs=1e-7)
    assert result.gap < 1e-9


@pytest.mark.parametrize("per_project", [1, 2])
def test_total_and_fair_equal_brute_force_on_tiny_instances(per_project: int) -> None:
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(60):
        n_p, n_f = int(rng.integers(1, 5)), int(rng.integers(2, 5))
        capacities = rng.integers(0, 4, size=n_f)
        affinity = np.round(rng.random((n_p, n_f)), 3)
        best_total = brute_force(affinity, capacities, per_project, fair=False)
        if best_total is None:
            with pytest.raises(InfeasibleError):
                assign(affinity, capacities=capacities, per_project=per_project)
            continue
        total = assign(affinity, capacities=capacities, per_project=per_project)
        fair = assign(affinity, capacities=capacities, per_project=per_project, objective="fair")
        best = brute_force(affinity, capacities, per_project, fair=True)
        best_min, best_fair_total = best or (0.0, 0.0)
        check_rules(total, capacities, per_project)
        check_rules(fair, capacities, per_project)
        assert total.total == pytest.approx(best_total[0], abs=1e-9)
        assert fair.minimum == pytest.approx(best_min, abs=1e-6)
        assert fair.total == pytest.approx(best_fair_total, abs=1e-6)
        assert fair.gap <= 5e-6 and fair.bound >= fair.minimum - 1e-9
        checked += 1
    assert checked >= 30


@settings(max_examples=30)
@given(
    n_p=st.integers(1, 12),
    n_f=st.integers(2, 7),
    per_project=st.integers(1, 2),
    seed=st.integers(0, 2**16),
)
def test_rules_hold_and_fair_never_lowers_the_minimum(
    n_p: int, n_f: int, per_project: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    affinity = rng.random((n_p, n_f))
    conflicts = rng.random((n_p, n_f)) < 0.15
    capacities = rng.integers(1, 5, size=n_f)
    try:
        total = assign(affinity, capacities=capacities, per_project=per_project, conflicts=conflicts)
    except InfeasibleError:
        return
    fair = assign(
        affinity,
        capacities=capacities,
        per_project=per_project,
        conflicts=conflicts,
        objective="fair",
    )
    for result in (total, fair):
        check_rules(result, capacities, per_project)
        assert not any(conflicts[i, j] for i, j in result.pairs)
        for i, row in enumerate(result.alternates):
            assert len(row) <= 2
            assert not set(row) & set(result.by_project[i])
            assert not any(conflicts[i, j] for j in row)
    assert fair.minimum >= total.minimum - 1e-9
    assert total.total >= fair.total - 1e-9
    assert fair.gap <= 5e-6


def test_fair_raises_the_minimum_and_keeps_the_best_total_among_max_min_solutions() -> None:
    # Both projects prefer facilitator 0 (capacity 1 each); the total gives it to project 0.
    affinity = np.array([[1.0, 0.2], [0.5, 0.0]])
    total = assign(affinity, capacities=[1, 1], per_project=1)
    fair = assign(affinity, capacities=[1, 1], per_project=1, objective="fair")
    assert total.by_project == [[0], [1]] and total.minimum == 0.0
    assert fair.by_project == [[1], [0]] and fair.minimum == pytest.approx(0.2)
    # Among assignments with minimum 0.5 the one with the larger total wins.
    affinity = np.array([[0.5, 0.9, 0.6], [0.5, 0.5, 0.5]])
    fair = assign(affinity, capacities=[1, 1, 1], per_project=1, objective="fair")
    assert fair.minimum == 0.5 and fair.total == pytest.approx(1.4)


def test_pins_blocks_and_conflicts_are_honoured() -> None:
    rng = np.random.default_rng(4)
    affinity = rng.random((6, 5))
    conflicts = np.zeros((6, 5), dtype=bool)
    conflicts[0, int(np.argmax(affinity[0]))] = True
    pinned = [(1, int(np.argmin(affinity[1])))]
    blocked = [(2, int(np.argmax(affinity[2])))]
    for objective in ("total", "fair"):
        result = assign(
            affinity,
            capacities=[3] * 5,
            per_project=2,
            conflicts=conflicts,
            pinned=pinned,
            blocked=blocked,
            objective=objective,
        )
        check_rules(result, np.full(5, 3), 2)
        assert pinned[0] in result.pairs
        assert blocked[0] not in result.pairs
        assert not any(conflicts[i, j] for i, j in result.pairs)
        assert blocked[0][1] not in result.alternates[2]


def test_alternates_prefer_spare_capacity_then_affinity() -> None:
    affinity = np.array([[0.9, 0.8, 0.1, 0.0]])
    result = assign(affinity, capacities=[1, 0, 1, 1], per_project=1, alternates=2)
    assert result.by_project == [[0]]
    # facilitator 1 is liked more but has no capacity; 2 and 3 have spare capacity
    assert result.alternates == [[2, 3]]
    assert assign(affinity, capacities=[1, 0, 1, 1], per_project=1, alternates=3).alternates == [[2, 3, 1]]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"capacities": [1, 1], "per_project": 2}, "total capacity 2 is below the demand 6"),
        (
            {"capacities": [5, 5], "per_project": 2, "blocked": [(1, 0)]},
            "project 1 has only 1 allowed",
        ),
        (
            {"capacities": [5, 5], "per_project": 1, "pinned": [(0, 1)], "blocked": [(0, 1)]},
            "is also blocked",
        ),
        (
            {"capacities": [1, 5], "per_project": 1, "pinned": [(0, 0), (2, 0)]},
            "facilitator 0 is pinned to 2",
        ),
        (
            {"capacities": [5, 5], "per_project": 1, "pinned": [(0, 0), (0, 1)]},
            "project 0 has 2 pins",
        ),
    ],
)
def test_infeasible_inputs_name_the_cause(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InfeasibleError, match=fragment):
        assign(np.ones((3, 2)), **kwargs)  # type: ignore[arg-type]


def test_conflict_on_a_pin_and_competition_for_scarce_facilitators_are_explained() -> None:
    conflicts = np.array([[True, False], [False, False]])
    with pytest.raises(InfeasibleError, match="marked as a conflict"):
        assign(np.ones((2, 2)), capacities=[1, 1], per_project=1, conflicts=conflicts, pinned=[(0, 0)])
    # enough capacity overall, but projects 0-2 may only use facilitator 0 (capacity 2)
    conflicts = np.zeros((4, 3), dtype=bool)
    conflicts[:3, 1:] = True
    with pytest.raises(InfeasibleError, match="only 3 of the 4 facilitator slots"):
        assign(np.ones((4, 3)), capacities=[2, 5, 5], per_project=1, conflicts=conflicts)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"affinity": np.ones(3)}, "affinity"),
        ({"capacities": [1, -1]}, "capacities"),
        ({"capacities": [1.5, 1]}, "capacities"),
        ({"per_project": 0}, "per_project"),
        ({"objective": "best"}, "objective"),
        ({"alternates": -1}, "alternates"),
        ({"conflicts": np.zeros((2, 3), dtype=bool)}, "conflicts"),
        ({"pinned": [(0, 9)]}, "pinned"),
    ],
)
def test_bad_arguments_raise_invalid_input_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "affinity": np.ones((2, 2)),
        "capacities": [2, 2],
        "per_project": 1,
        **kwargs,
    }
    with pytest.raises(InvalidInputError) as info:
        assign(**args)  # type: ignore[arg-type]
    assert info.value.field == field


def test_fair_with_a_restricted_column_set_reports_an_honest_gap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Force the large-input path (MILP on a subset of pairs, LP-dual certificate for the rest)
    and compare with the complete run: whatever it misses must show up in ``gap``."""
    certified: list[float] = []
    certify = assignment_module._certify

    def spy(*args: Any) -> float:
        certified.append(certify(*args))
        return certified[-1]

    monkeypatch.setattr(assignment_module, "_certify", spy)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        affinity = rng.random((60, 15)) + np.linspace(1.0, 0.0, 15)  # everyone wants the same few
        capacities = np.full(15, 8)
        complete = assign(affinity, capacities=capacities, per_project=2, objective="fair")
        with monkeypatch.context() as patch:
            patch.setattr(assignment_module, "_COMPLETE_COLS", 10)
            patch.setattr(assignment_module, "_FAIR_M", 3)
            restricted = assign(affinity, capacities=capacities, per_project=2, objective="fair")
        check_rules(restricted, capacities, 2)
        assert complete.gap <= 5e-6
        assert restricted.bound >= complete.minimum - 1e-9  # the proven bound is a true bound
        assert restricted.minimum <= complete.minimum + 1e-6
        shortfall = (complete.minimum - restricted.minimum) / max(1.0, complete.minimum)
        assert restricted.gap >= shortfall - 1e-9
        if abs(restricted.minimum - complete.minimum) < 1e-6 and restricted.total < complete.total - 1e-6:
            assert restricted.gap > 0
    assert certified and all(gap >= 0 for gap in certified)


def test_no_projects_gives_an_empty_assignment() -> None:
    result = assign(np.zeros((0, 3)), capacities=[1, 1, 1], per_project=2)
    assert result.pairs == [] and result.by_project == [] and result.total == 0.0

"""Workshop tables: themes recovered, seating rules kept (sizes, colleagues, roles), met-before
pairs avoided, infeasible rules reported, determinism, and TF-IDF table themes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from matcher.grouping import Seating, TableSeater, seat_tables, table_themes
from models.errors import InfeasibleError, InvalidInputError


def unit_rows(x: np.ndarray) -> np.ndarray:
    rows: np.ndarray = x / np.linalg.norm(x, axis=1, keepdims=True)
    return rows


def themed_people(n_themes: int = 3, per_theme: int = 8, noise: float = 0.3, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_themes, 32))
    return unit_rows(
        np.repeat(centres, per_theme, axis=0) + noise * rng.normal(size=(n_themes * per_theme, 32))
    )


# 3 themes x 8 people; inside each theme 4 organisations of 2 colleagues.
THEMES = np.repeat(np.arange(3), 8)
ORGS = [f"org-{t}-{(i % 8) // 2}" for i, t in enumerate(THEMES)]
ROLES = ["buyer" if i % 4 == 0 else "supplier" if i % 4 in (1, 2) else "facilitator" for i in range(24)]


def colleagues_together(seating: Seating, organisations: list[str]) -> int:
    return sum(
        organisations[i] == organisations[j]
        for table in seating.tables
        for i, j in itertools.combinations(table, 2)
    )


def test_similar_tables_recover_the_themes_and_split_colleagues() -> None:
    x = themed_people()
    seating = seat_tables(x, organisations=ORGS, roles=ROLES, size_min=3, size_max=5)
    ari = adjusted_rand_score(THEMES, seating.labels)
    rng = np.random.default_rng(0)
    random_ari = np.mean([adjusted_rand_score(THEMES, rng.permutation(seating.labels)) for _ in range(50)])
    print(f"ARI similar={ari:.3f} random={random_ari:.3f} margin={ari - random_ari:.3f}")
    # 6 tables of 4 inside 3 themes of 8 (each theme split in two): the best possible ARI is 0.51
    assert ari >= 0.45 and ari - random_ari >= 0.4
    assert all(len({THEMES[i] for i in table}) == 1 for table in seating.tables)
    assert colleagues_together(seating, ORGS) == 0 and seating.violations == []
    assert seating.mean_similarity > seating.baseline_similarity + 0.3


def test_mixed_tables_are_less_similar_than_similar_tables() -> None:
    x = themed_people()
    similar = seat_tables(x, organisations=ORGS, roles=ROLES, size_min=3, size_max=5)
    mixed = seat_tables(x, organisations=ORGS, roles=ROLES, size_min=3, size_max=5, mode="mixed")
    assert mixed.mean_similarity < similar.mean_similarity
    assert mixed.mean_similarity < mixed.baseline_similarity
    assert all(len({THEMES[i] for i in table}) >= 2 for table in mixed.tables)
    assert mixed.violations == []


def test_result_fields_are_consistent() -> None:
    x = themed_people()
    seating = seat_tables(x, organisations=ORGS, roles=ROLES, size_min=3, size_max=5)
    assert seating.labels.shape == (24,)
    assert sorted(i for table in seating.tables for i in table) == list(range(24))
    for t, table in enumerate(seating.tables):
        assert (seating.labels[table] == t).all()
        pairs = [float(x[i] @ x[j]) for i, j in itertools.combinations(table, 2)]
        assert seating.cohesion[t] == pytest.approx(np.mean(pairs))
    all_pairs = [float(x[i] @ x[j]) for table in seating.tables for i, j in itertools.combinations(table, 2)]
    assert seating.mean_similarity == pytest.approx(np.mean(all_pairs))


@settings(max_examples=40)
@given(
    n=st.integers(1, 60),
    size_min=st.integers(1, 8),
    extra=st.integers(0, 5),
    seed=st.integers(0, 99),
)
def test_table_sizes_always_within_bounds(n: int, size_min: int, extra: int, seed: int) -> None:
    size_max = size_min + extra
    rng = np.random.default_rng(seed)
    x = unit_rows(rng.normal(size=(n, 8)))
    orgs = [f"o{v}" for v in rng.integers(0, max(2, n // 3), size=n)]
    roles = list(rng.choice(["buyer", "facilitator", "supplier"], size=n))
    splittable = any(k * size_min <= n <= k * size_max for k in range(1, n + 1))
    if not splittable:
        with pytest.raises(InfeasibleError, match=f"tables of {size_min} to {size_max} people"):
            seat_tables(x, organisations=orgs, roles=roles, size_min=size_min, size_max=size_max)
        return
    for mode in ("similar", "mixed"):
        seating = seat_tables(
            x,
            organisations=orgs,
            roles=roles,
            size_min=size_min,
            size_max=size_max,
            mode=mode,
            seed=seed,
        )
        assert all(size_min <= len(table) <= size_max for table in seating.tables)
        assert sorted(i for table in seating.tables for i in table) == list(range(n))


@settings(max_examples=25)
@given(
    k=st.integers(2, 7),
    size=st.integers(3, 6),
    n_orgs=st.integers(2, 12),
    mode=st.sampled_from(["similar", "mixed"]),
    seed=st.integers(0, 999),
)
def test_rules_are_met_whenever_a_seating_exists(
    k: int, size: int, n_orgs: int, mode: str, seed: int
) -> None:
    """Plant a seating that meets every rule, shuffle, and ask for one: zero violations expected."""
    rng = np.random.default_rng(seed)
    n = k * size
    planted_table = np.repeat(np.arange(k), size)
    roles = np.where(rng.random(n) < 0.5, "supplier", "facilitator").astype(object)
    roles[::size] = "buyer"  # one buyer per planted table (exactly k buyers)
    orgs = np.empty(n, dtype=object)
    for t in range(k):  # a table never holds two people of one organisation
        members = np.flatnonzero(planted_table == t)
        orgs[members] = [f"org{o}" for o in rng.choice(max(n_orgs, size), size=size, replace=False)]
    order = rng.permutation(n)
    x = unit_rows(rng.normal(size=(n, 16)))
    seating = seat_tables(
        x,
        organisations=list(orgs[order]),
        roles=list(roles[order]),
        size_min=size,
        size_max=size,
        mode=mode,  # type: ignore[arg-type]
        require_roles=[{"buyer"}, {"facilitator", "supplier"}],
        seed=seed,
    )
    assert seating.violations == []
    for table in seating.tables:
        assert len({orgs[order][i] for i in table}) == len(table)
        assert "buyer" in {roles[order][i] for i in table}


def test_too_many_colleagues_for_the_tables_is_reported() -> None:
    rng = np.random.default_rng(1)
    x = unit_rows(rng.normal(size=(12, 8)))
    orgs = ["Acme"] * 4 + [f"solo-{i}" for i in range(8)]
    seating = seat_tables(x, organisations=orgs, roles=["supplier"] * 12, size_min=4, size_max=4)
    assert len(seating.tables) == 3
    assert len(seating.violations) == 1  # the 4th colleague must join one of the 3 others
    assert "'Acme'" in seating.violations[0] and "4 people for 3 tables" in seating.violations[0]


def test_too_few_buyers_is_reported_and_the_rest_is_still_met() -> None:
    rng = np.random.default_rng(2)
    x = unit_rows(rng.normal(size=(12, 8)))
    roles = ["buyer", "buyer"] + ["supplier"] * 10
    seating = seat_tables(
        x,
        organisations=[f"o{i}" for i in range(12)],
        roles=roles,
        size_min=4,
        size_max=4,
        require_roles=[{"buyer"}],
    )
    assert seating.violations == [
        f"table {t} has no buyer (only 2 for 3 tables)"
        for t, table in enumerate(seating.tables)
        if not any(roles[i] == "buyer" for i in table)
    ]
    assert len(seating.violations) == 1


def test_met_before_pairs_are_avoided_when_possible() -> None:
    # 16 people met in 4 tables of 4 (rows of a 4 x 4 grid); a new seating can use the columns.
    # Their embeddings are clustered by old table, so similarity alone would rebuild the old tables.
    old = np.repeat(np.arange(4), 4)
    x = themed_people(n_themes=4, per_theme=4, noise=0.1, seed=3)
    met = [(i, j) for i, j in itertools.combinations(range(16), 2) if old[i] == old[j]]
    orgs = [f"o{i}" for i in range(16)]
    seating = seat_tables(x, organisations=orgs, roles=["buyer"] * 16, size_min=4, size_max=4, met_before=met)
    assert seating.repeated_pairs == []
    assert all(len({old[i] for i in table}) == 4 for table in seating.tables)
    # without the history, the same people would be seated together again
    again = seat_tables(x, organisations=orgs, roles=["buyer"] * 16, size_min=4, size_max=4)
    assert all(len({old[i] for i in table}) == 1 for table in again.tables)
    assert again.mean_similarity > seating.mean_similarity


def test_same_seed_gives_the_same_seating() -> None:
    rng = np.random.default_rng(4)
    x = unit_rows(rng.normal(size=(40, 16)))
    orgs = [f"o{v}" for v in rng.integers(0, 10, size=40)]
    roles = list(rng.choice(["buyer", "facilitator", "supplier"], size=40))
    kwargs = {
        "organisations": orgs,
        "roles": roles,
        "size_min": 4,
        "size_max": 6,
        "require_roles": [{"buyer"}],
    }
    first, second = seat_tables(x, seed=7, **kwargs), seat_tables(x, seed=7, **kwargs)  # type: ignore[arg-type]
    assert np.array_equal(first.labels, second.labels) and first.tables == second.tables
    assert first.mean_similarity == second.mean_similarity
    assert first.baseline_similarity == second.baseline_similarity
    assert first.violations == second.violations


def test_table_seater_wraps_seat_tables() -> None:
    x = themed_people()
    seater = TableSeater(size_min=3, size_max=5, mode="similar").fit(x, organisations=ORGS, roles=ROLES)
    direct = seat_tables(x, organisations=ORGS, roles=ROLES, size_min=3, size_max=5)
    assert np.array_equal(seater.labels_, direct.labels)
    assert seater.seating_.violations == []


def test_impossible_table_count_names_the_sizes() -> None:
    x = unit_rows(np.random.default_rng(5).normal(size=(4, 4)))
    with pytest.raises(InfeasibleError, match="4 participants cannot be split into tables of 5 to 6"):
        seat_tables(x, organisations=["a"] * 4, roles=["buyer"] * 4, size_min=5, size_max=6)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"roles": ["buyer"] * 5 + ["chef"]}, "roles"),
        ({"organisations": ["a"] * 5}, "organisations"),
        ({"embeddings": np.ones((6, 3))}, "embeddings"),
        ({"size_min": 4, "size_max": 3}, "size_min"),
        ({"mode": "random"}, "mode"),
        ({"require_roles": [set()]}, "require_roles"),
        ({"met_before": [(0, 0)]}, "met_before"),
        ({"n_tables": 5}, "n_tables"),
    ],
)
def test_bad_arguments_raise_invalid_input_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "embeddings": unit_rows(np.random.default_rng(6).normal(size=(6, 3))),
        "organisations": ["a", "b", "c", "d", "e", "f"],
        "roles": ["buyer"] * 6,
        "size_min": 2,
        "size_max": 3,
        **kwargs,
    }
    embeddings = args.pop("embeddings")
    with pytest.raises(InvalidInputError) as info:
        seat_tables(embeddings, **args)  # type: ignore[arg-type]
    assert info.value.field == field


def test_table_themes_pick_distinctive_words_without_stopwords() -> None:
    themes = table_themes(
        [
            [
                "Circulair textiel: inzameling van kleding",
                "textile recycling and sorting of clothing",
            ],
            ["Hergebruik van meubilair", "les meubles de bureau", "meubilair voor kantoren"],
            ["de het een the les des"],
        ],
        top_n=2,
    )
    assert len(themes) == 3 and all(len(t) <= 2 for t in themes)
    assert themes[1][0] == "meubilair"
    assert themes[2] == []
    stop = {"de", "het", "een", "van", "the", "and", "of", "les", "des"}
    assert not stop & {word for words in themes for word in words}
    assert table_themes([[], []]) == [[], []]
    with pytest.raises(InvalidInputError):
        table_themes([["x"]], top_n=0)

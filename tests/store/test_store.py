"""The store contract, run against every backend.

Each backend is one parameter of the ``backend`` fixture. A PostgreSQL backend is already wired
in: it joins the parameters when ``KRINGMATCH_TEST_POSTGRES_URL`` is set (marker ``postgres``),
once ``open_store`` accepts that URL. The tests use only the public ``Store`` interface: on a
shared backend they empty the collections before and after each test, and vectors always get a
fresh model id, so a server database can be reused.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from models import Document, Profile, Project
from models.errors import ConflictError, InvalidInputError, NotFoundError
from store import Collection, Store, open_store
from tests.store.conftest import empty_store

# --- records --------------------------------------------------------------------------------------


def profile(pid: str, **kw: Any) -> Profile:
    values: dict[str, Any] = {
        "id": pid,
        "name": f"Naam {pid}",
        "organisation": "Kringloop Coöperatie",
        "role": "supplier",
        "region": "Utrecht",
        "expertise": f"Tweedehands meubilair ({pid}).",
        **kw,
    }
    return Profile(**values)


def project(pid: str, **kw: Any) -> Project:
    values: dict[str, Any] = {
        "id": pid,
        "buyer": "Gemeente Utrecht",
        "text": f"Wij zoeken meubilair ({pid}).",
        "region": "Utrecht",
        **kw,
    }
    return Project(**values)


FACTORIES: dict[str, Callable[..., Any]] = {"profiles": profile, "projects": project}
KINDS = ["profiles", "projects"]


def collection(store: Store, kind: str) -> Collection[Any]:
    return store.profiles if kind == "profiles" else store.projects


def snapshot(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return [p.model_dump() for p in store.profiles.list()], [p.model_dump() for p in store.projects.list()]


# --- CRUD -----------------------------------------------------------------------------------------


def test_open_store_gives_a_store(store: Store) -> None:
    assert isinstance(store, Store)
    assert store.profiles.count() == 0 and store.projects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_put_get_replace_delete(store: Store, kind: str) -> None:
    coll, make = collection(store, kind), FACTORIES[kind]
    first = make("a-1")
    assert coll.put(first) is True
    assert coll.get("a-1") == first
    changed = make("a-1", region="Gelderland")
    assert coll.put(changed) is False
    assert coll.get("a-1") == changed
    assert coll.count() == 1
    coll.delete("a-1")
    assert coll.count() == 0
    with pytest.raises(NotFoundError, match="a-1"):
        coll.get("a-1")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("op", ["get", "delete"])
def test_unknown_ids_raise_not_found_naming_the_id(store: Store, kind: str, op: str) -> None:
    coll = collection(store, kind)
    coll.put(FACTORIES[kind]("bestaat"))
    with pytest.raises(NotFoundError, match="bestaat-niet"):
        getattr(coll, op)("bestaat-niet")
    assert coll.count() == 1


def test_records_round_trip_every_field(store: Store) -> None:
    full = profile(
        "vol",
        language="nl",
        tags=["meubilair", "ĳzer", "日本"],
        documents=[Document(title="Stadhuis", text="Ronde 1.\nRonde 2."), Document(text="Zonder titel")],
        capacity=7,
        contact="a@b.example",
    )
    store.profiles.put(full)
    assert store.profiles.get("vol") == full
    case = project(
        "zaak", title="Kantoor", status="closed", outcome="Geleverd.", year=2021, tags=["x"], language="fr"
    )
    store.projects.put(case)
    assert store.projects.get("zaak") == case


# --- listing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("limit", "offset"), [(None, 0), (3, 0), (3, 3), (3, 7), (100, 0), (0, 0), (None, 5), (1, 8), (5, 100)]
)
def test_list_orders_by_id_with_limit_and_offset(
    store: Store, kind: str, limit: int | None, offset: int
) -> None:
    coll, make = collection(store, kind), FACTORIES[kind]
    pids = ["m", "b", "Z", "a-2", "a-10", "0", "a.b", "y", "c:1"]
    coll.add_many([make(pid) for pid in pids])
    expected = sorted(pids)[offset:][:limit] if limit is not None else sorted(pids)[offset:]
    assert [r.id for r in coll.list(limit=limit, offset=offset)] == expected
    assert coll.count() == len(pids)


def test_profile_filters_and_counts(store: Store) -> None:
    store.profiles.add_many(
        [
            profile("p1", role="facilitator", region="Utrecht", organisation="Gemeente Utrecht"),
            profile("p2", role="supplier", region="Utrecht"),
            profile("p3", role="supplier", region="Gelderland"),
            profile("p4", role="facilitator", region=None),
        ]
    )
    table: list[tuple[dict[str, str], list[str]]] = [
        ({}, ["p1", "p2", "p3", "p4"]),
        ({"role": "supplier"}, ["p2", "p3"]),
        ({"role": "facilitator"}, ["p1", "p4"]),
        ({"region": "Utrecht"}, ["p1", "p2"]),
        ({"region": "UTRECHT"}, ["p1", "p2"]),  # case-insensitive
        ({"role": "supplier", "region": "utrecht"}, ["p2"]),
        ({"organisation": "gemeente utrecht"}, ["p1"]),
        ({"region": "Friesland"}, []),
    ]
    for where, expected in table:
        assert [p.id for p in store.profiles.list(where)] == expected, where
        assert store.profiles.count(where) == len(expected), where
        assert [p.id for p in store.profiles.list(where, limit=1, offset=1)] == expected[1:2], where


def test_project_filters_and_counts(store: Store) -> None:
    store.projects.add_many(
        [
            project("j1", status="open", buyer="Gemeente Utrecht"),
            project("j2", status="closed", buyer="Gemeente Utrecht", region="Gelderland"),
            project("j3", status="open", buyer="Provincie Gelderland", region="Gelderland"),
        ]
    )
    table: list[tuple[dict[str, str], list[str]]] = [
        ({"status": "open"}, ["j1", "j3"]),
        ({"status": "closed"}, ["j2"]),
        ({"region": "gelderland"}, ["j2", "j3"]),
        ({"organisation": "Gemeente Utrecht"}, ["j1", "j2"]),
        ({"status": "open", "region": "Gelderland"}, ["j3"]),
    ]
    for where, expected in table:
        assert [p.id for p in store.projects.list(where)] == expected, where
        assert store.projects.count(where) == len(expected), where


@pytest.mark.parametrize(
    ("owner", "where", "expected"),
    [
        ("Ville de Bruxelles", {}, ["c1", "o1", "o2"]),
        ("  VILLE de  bruxelles ", {}, ["c1", "o1", "o2"]),  # case and spaces do not count
        ("Ville de Bruxellés", {"status": "closed"}, ["c1"]),  # nor accents, as in matching
        ("Stad Gent", {}, ["o1", "o2"]),
        ("", {"status": "closed"}, []),  # no organisation: open projects only
        ("Stad Gent", {"region": "Brussel"}, ["o1"]),
    ],
)
def test_open_or_owned_by_filters_in_the_store(
    store: Store, owner: str, where: dict[str, str], expected: list[str]
) -> None:
    store.projects.add_many(
        [
            project("c1", status="closed", buyer="Ville de Bruxelles", region="Brussel"),
            project("c2", status="closed", buyer="Stad Antwerpen", region="Brussel"),
            project("o1", status="open", buyer="Stad Antwerpen", region="Brussel"),
            project("o2", status="open", buyer="Ville de Bruxelles", region="Antwerpen"),
        ]
    )
    found = store.projects.list(where, open_or_owned_by=owner)
    assert [p.id for p in found] == expected
    assert store.projects.count(where, open_or_owned_by=owner) == len(expected)
    assert [p.id for p in store.projects.list(where, open_or_owned_by=owner, limit=1, offset=1)] == expected[
        1:2
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_filter_raises_naming_the_key(store: Store, kind: str) -> None:
    with pytest.raises(InvalidInputError, match="colour") as info:
        collection(store, kind).list({"colour": "blue"})
    assert info.value.field == "colour"
    with pytest.raises(InvalidInputError, match="colour"):
        collection(store, kind).count({"colour": "blue"})


def test_profiles_cannot_be_filtered_on_status(store: Store) -> None:
    store.profiles.put(profile("p1", role="supplier"))
    with pytest.raises(InvalidInputError):
        store.profiles.count({"status": "supplier"})


def test_region_filter_ignores_case_beyond_ascii(store: Store) -> None:
    store.profiles.put(profile("p1", region="Île-de-France"))
    assert store.profiles.count({"region": "île-de-france"}) == 1


# --- add_many -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_add_many_inserts_all(store: Store, kind: str) -> None:
    coll, make = collection(store, kind), FACTORIES[kind]
    coll.add_many([make(f"r{n:03d}") for n in range(20)])
    assert coll.count() == 20
    coll.add_many([])
    assert coll.count() == 20


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "batch",
    [
        ["n1", "n2", "n1"],  # repeats within the batch
        ["n1", "n2", "old-2"],  # one id already stored
        ["old-1"],
        [f"n{n:04d}" for n in range(700)] + ["old-2"],  # the clash beyond the first 500
    ],
    ids=["repeat-in-batch", "existing", "only-existing", "existing-after-700"],
)
@pytest.mark.parametrize("replace", [False, True])
def test_add_many_is_all_or_nothing(store: Store, kind: str, batch: list[str], replace: bool) -> None:
    coll, make = collection(store, kind), FACTORIES[kind]
    coll.add_many([make("old-1"), make("old-2")])
    before = snapshot(store)
    records = [make(pid, region="Anders") for pid in batch]
    repeats = len(set(batch)) < len(batch)
    if replace and not repeats:
        coll.add_many(records, replace=True)  # replace: existing ids are overwritten, no error
        assert coll.count() == len(set(batch) | {"old-1", "old-2"})
        assert all(coll.get(pid).region == "Anders" for pid in batch)
        return
    with pytest.raises(ConflictError):
        coll.add_many(records, replace=replace)
    assert snapshot(store) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_repeat_in_the_batch_is_named(store: Store, kind: str) -> None:
    make = FACTORIES[kind]
    with pytest.raises(ConflictError, match="repeats.*n1") as info:
        collection(store, kind).add_many([make("n1"), make("n2"), make("n1")])
    assert "n2" not in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("new", [["n1", "n2"], [f"n{n:04d}" for n in range(700)]], ids=["2-new", "700-new"])
def test_a_conflict_names_exactly_the_taken_ids(store: Store, kind: str, new: list[str]) -> None:
    make = FACTORIES[kind]
    coll = collection(store, kind)
    coll.add_many([make("old-1"), make("old-2")])
    with pytest.raises(ConflictError, match="old-2") as info:
        coll.add_many([make(pid) for pid in [*new, "old-2"]])
    assert "n1" not in str(info.value) and "n0000" not in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_add_many_leaves_the_store_usable(store: Store, kind: str) -> None:
    coll, make = collection(store, kind), FACTORIES[kind]
    coll.put(make("x"))
    with pytest.raises(ConflictError):
        coll.add_many([make("y"), make("x")])
    coll.add_many([make("y"), make("z")])
    assert [r.id for r in coll.list()] == ["x", "y", "z"]


# --- vectors --------------------------------------------------------------------------------------

VECTORS = st.dictionaries(
    st.text(min_size=1, max_size=12),
    hnp.arrays(
        np.float32, st.integers(1, 16), elements=st.floats(width=32, allow_nan=True, allow_infinity=True)
    ),
    max_size=8,
)


@settings(max_examples=30)
@given(vectors=VECTORS)
def test_vectors_round_trip_float32_exactly(store: Store, vectors: dict[str, np.ndarray]) -> None:
    model = f"test-{uuid.uuid4().hex}"
    store.put_vectors(model, vectors)
    got = store.get_vectors(model, [*vectors, "not-stored"])
    assert set(got) == set(vectors)
    for key, vector in vectors.items():
        assert got[key].dtype == np.float32
        assert got[key].shape == vector.shape
        assert got[key].tobytes() == vector.tobytes()  # bit for bit, NaN and -0.0 included
    assert store.count_vectors(model) == len(vectors)


def test_vectors_are_kept_per_model_and_replaced_by_key(store: Store) -> None:
    a, b = f"a-{uuid.uuid4().hex}", f"b-{uuid.uuid4().hex}"
    total = store.count_vectors()
    store.put_vectors(a, {"k1": np.ones(3, np.float32), "k2": np.zeros(3, np.float32)})
    store.put_vectors(b, {"k1": np.full(3, 2.0, np.float32)})
    store.put_vectors(a, {"k1": np.full(3, 5.0, np.float32)})
    assert store.get_vectors(a, ["k1"])["k1"].tolist() == [5.0, 5.0, 5.0]
    assert store.get_vectors(b, ["k1", "k2"]).keys() == {"k1"}
    assert store.count_vectors(a) == 2 and store.count_vectors(b) == 1
    assert store.count_vectors() == total + 3
    assert store.get_vectors(a, []) == {}


def test_many_keys_are_fetched(store: Store) -> None:
    model = f"m-{uuid.uuid4().hex}"
    vectors = {f"k{n}": np.full(2, n, np.float32) for n in range(1200)}
    store.put_vectors(model, vectors)
    got = store.get_vectors(model, sorted(vectors))
    assert len(got) == 1200 and got["k1199"].tolist() == [1199.0, 1199.0]


# --- durability -----------------------------------------------------------------------------------


def test_reopening_keeps_everything(store: Store, reopen: Callable[[], Store]) -> None:
    model = f"m-{uuid.uuid4().hex}"
    store.profiles.add_many([profile("p1"), profile("p2", role="facilitator")])
    store.projects.put(project("j1", status="closed"))
    store.put_vectors(model, {"k": np.arange(4, dtype=np.float32)})
    before = snapshot(store)
    again = reopen()
    try:
        assert snapshot(again) == before
        assert again.profiles.count({"role": "facilitator"}) == 1
        assert again.get_vectors(model, ["k"])["k"].tolist() == [0.0, 1.0, 2.0, 3.0]
        again.profiles.delete("p1")
    finally:
        empty_store(again)  # cheap here, and needed on a shared backend
        again.close()


def test_a_file_store_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "x.db"
    opened = open_store(f"sqlite:///{path}")
    opened.profiles.put(profile("p"))
    opened.close()
    assert path.exists()


@pytest.mark.parametrize("url", ["postgresql://localhost/x", "mysql://x", "kringmatch.db", ""])
def test_unsupported_urls_raise_naming_database_url(url: str) -> None:
    if url.startswith("postgresql") and os.environ.get("KRINGMATCH_TEST_POSTGRES_URL"):
        pytest.skip("PostgreSQL is configured")
    with pytest.raises(InvalidInputError, match="database_url") as info:
        open_store(url)
    assert info.value.value == url

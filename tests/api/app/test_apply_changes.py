"""Network.apply_changes: one replica's index follows writes another replica made to a shared store.

Two Networks on one SQLite file stand in for two replicas here (no server needed); the
PostgreSQL notifications that trigger the calls are tested in tests/store.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from api.app.network import Network
from matcher.embedding import FakeEmbedder
from models import MatchRequest, ProfileCreate, ProjectCreate
from models.errors import InvalidInputError
from store import open_store


@pytest.fixture
def pair(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    stores = [open_store(url), open_store(url)]
    writer = Network(stores[0], [FakeEmbedder()])
    reader_embedder = FakeEmbedder()
    reader = Network(stores[1], [reader_embedder])
    yield writer, reader, reader_embedder
    for s in stores:
        s.close()


def ids(network: Network, text: str, kind: str = "profiles") -> list[str]:
    return [m.id for m in network.match(MatchRequest(text=text, top_k=20, kind=kind)).data]  # type: ignore[arg-type]


def test_a_new_changed_and_deleted_profile_reach_the_other_index(
    pair: Any, profiles_data: list[dict[str, Any]]
) -> None:
    writer, reader, embedder = pair
    writer.add_profiles([ProfileCreate(**p) for p in profiles_data])
    assert ids(reader, "betonelementen sloop") == []
    encoded = embedder.texts_encoded
    assert reader.apply_changes("profiles", [p["id"] for p in profiles_data]) == len(profiles_data)
    assert embedder.texts_encoded == encoded  # the writer's cached vectors were reused
    assert "zuid-beton" in ids(reader, "betonelementen sloop")
    assert reader.apply_change("profiles", "zuid-beton") == 0  # unchanged: nothing to do

    changed = {**profiles_data[3], "expertise": "Wij leveren gerecycled glas voor gevels."}
    writer.replace_profile("zuid-beton", ProfileCreate(**changed))
    assert reader.apply_change("profiles", "zuid-beton") == 1
    assert ids(reader, "gerecycled glas gevels")[0] == "zuid-beton"

    writer.delete_profile("zuid-beton")
    assert reader.apply_change("profiles", "zuid-beton") == 1
    assert "zuid-beton" not in ids(reader, "gerecycled glas gevels")
    assert reader.apply_change("profiles", "never-existed") == 0


def test_none_resynchronises_a_whole_table(
    pair: Any, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    writer, reader, _ = pair
    writer.add_projects([ProjectCreate(**p) for p in projects_data])
    reader.apply_changes("projects", None)
    assert sorted(ids(reader, "meubilair beton", kind="projects")) == sorted(p["id"] for p in projects_data)
    writer.delete_project("eindhoven-beton")
    assert reader.apply_changes("projects") == 1
    assert "eindhoven-beton" not in ids(reader, "meubilair beton", kind="projects")
    assert reader.apply_changes("profiles") == 0


def test_an_unknown_table_is_refused(pair: Any) -> None:
    _, reader, _ = pair
    with pytest.raises(InvalidInputError, match="orders") as info:
        reader.apply_changes("orders", ["x"])
    assert info.value.field == "table"


def test_searches_survive_concurrent_removals(pair: Any) -> None:
    """A search whose snapshot still holds an item another thread just removed must not fail."""
    writer, reader, _ = pair
    items = [
        ProfileCreate(id=f"glas-{n}", name="Glas", role="supplier", expertise=f"Wij leveren glas nummer {n}.")
        for n in range(30)
    ]
    writer.add_profiles(items)
    reader.apply_changes("profiles")
    stop, errors = threading.Event(), []

    def search() -> None:
        while not stop.is_set():
            try:
                reader.match(MatchRequest(text="glas", top_k=30))
            except Exception as exc:  # reported below
                errors.append(exc)
                stop.set()

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        for _ in range(150):
            writer.delete_profile("glas-7")
            reader.apply_change("profiles", "glas-7")
            writer.add_profiles([items[7]])
            reader.apply_change("profiles", "glas-7")
            if stop.is_set():
                break
    finally:
        stop.set()
        searcher.join()
    assert errors == []

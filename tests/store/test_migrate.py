"""``kringmatch migrate --from sqlite:///a.db --to postgresql://...``: same network, same answers.

The SQLite → SQLite cases run everywhere; the PostgreSQL cases skip unless
KRINGMATCH_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.app.network import Network
from api.cli import main
from matcher.embedding import FakeEmbedder
from models import MatchRequest, ProfileCreate, ProjectCreate
from store import open_store

QUESTIONS: list[dict[str, Any]] = [
    {"text": "gerefurbishte bureaustoelen voor het stadskantoor"},
    {"text": "betonelementen uit sloopprojecten hergebruiken", "role": "supplier"},
    {"text": "circular construction tenders", "region": "Noord-Brabant"},
    {"text": "textiel inzameling werkkleding", "top_k": 3},
    {"text": "tweedehands kantoormeubilair", "kind": "projects"},
]


def answers(network: Network) -> list[list[tuple[str, float]]]:
    """Top-k ids and scores for every fixed question."""
    out = []
    for question in QUESTIONS:
        found = network.match(MatchRequest(**{"top_k": 5, **question}))
        out.append([(m.id, m.score) for m in found.data])
    return out


@pytest.fixture
def source(tmp_path: Path, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]) -> str:
    """A SQLite network with the test corpus; its URL."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = open_store(url)
    network = Network(store, [FakeEmbedder()])
    network.add_profiles([ProfileCreate(**p) for p in profiles_data])
    network.add_projects([ProjectCreate(**p) for p in projects_data])
    store.close()
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["migrate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def check_same_network(source_url: str, target_url: str) -> None:
    before_store, after_store = open_store(source_url), open_store(target_url)
    try:
        assert [p.model_dump() for p in after_store.profiles.list()] == [
            p.model_dump() for p in before_store.profiles.list()
        ]
        assert [p.model_dump() for p in after_store.projects.list()] == [
            p.model_dump() for p in before_store.projects.list()
        ]
        before = answers(Network(before_store, [FakeEmbedder()]))
        embedder = FakeEmbedder()
        after_network = Network(after_store, [embedder])
        assert embedder.texts_encoded == 0  # every profile and project text came from the copied cache
        assert answers(after_network) == before
        assert all(before), "every fixed question has answers"
    finally:
        before_store.close()
        after_store.close()


def test_migrate_to_postgres_keeps_the_top_k(
    source: str, fresh_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--from", source, "--to", fresh_pg_url)
    assert code == 0, err
    vectors = open_store(source)
    try:
        cached = vectors.count_vectors()
    finally:
        vectors.close()
    assert f"migrated 6 profiles, 3 projects and {cached} embeddings" in out
    assert "@" not in out or ":***@" in out  # no password printed
    check_same_network(source, fresh_pg_url)


def test_migrate_back_from_postgres_to_sqlite(
    source: str, fresh_pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--from", source, "--to", fresh_pg_url)[0] == 0
    back = f"sqlite:///{tmp_path / 'back.db'}"
    code, out, err = run(capsys, "--from", fresh_pg_url, "--to", back, "--batch", "4")
    assert code == 0, err
    assert out.startswith("migrated 6 profiles, 3 projects and ")
    check_same_network(source, back)


def test_a_non_empty_target_is_refused_unless_replace(
    source: str, fresh_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--from", source, "--to", fresh_pg_url)[0] == 0
    code, _, err = run(capsys, "--from", source, "--to", fresh_pg_url)
    assert code == 2
    assert "not empty" in err and "6 profiles" in err and "--replace" in err

    target = open_store(fresh_pg_url)
    try:  # an extra record and a changed one: --replace makes the target the source again
        target.profiles.put(target.profiles.get("zuid-beton").model_copy(update={"region": "Elders"}))
        target.projects.put(target.projects.get("eindhoven-beton").model_copy(update={"id": "extra"}))
    finally:
        target.close()
    code, out, err = run(capsys, "--from", source, "--to", fresh_pg_url, "--replace")
    assert code == 0, err
    assert "(1 records only the target had were deleted)" in out
    check_same_network(source, fresh_pg_url)


def test_migrate_between_sqlite_files(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = f"sqlite:///{tmp_path / 'b.db'}"
    code, out, err = run(capsys, "--from", source, "--to", target, "--batch", "2")
    assert code == 0, err
    assert out.startswith("migrated 6 profiles, 3 projects and ")
    check_same_network(source, target)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "sqlite:///does/not/exist.db", "--to", "sqlite:///x.db"], "--from: no SQLite file"),
        (["--from", "SRC", "--to", "SRC"], "same store"),
        (["--from", "SRC", "--to", "mysql://x"], "database_url"),
        (["--from", "SRC", "--to", "sqlite:///x.db", "--batch", "0"], "--batch"),
    ],
)
def test_bad_arguments_are_named(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [source if a == "SRC" else a for a in args]
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err, err

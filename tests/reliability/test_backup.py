"""``kringmatch backup`` / ``restore`` and the start-up check of the store."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app.errors import StoreCorruptError
from api.app.network import Network
from api.cli import main
from api.http.main import create_app
from matcher.embedding import FakeEmbedder
from models import ProfileCreate
from models.errors import ConflictError, InvalidInputError
from store import open_store
from store.backup import BackupError, backup, restore
from tests.conftest import PROFILES, make_settings


def _profile(n: int) -> ProfileCreate:
    return ProfileCreate(
        id=f"p-{n}", name=f"Profiel {n}", role="supplier", expertise=f"Wij leveren ding {n}."
    )


def _network(path: Path) -> Network:
    return Network(open_store(f"sqlite:///{path}"), [FakeEmbedder()])


def test_backup_while_writing_is_a_consistent_snapshot(tmp_path: Path) -> None:
    db, copy = tmp_path / "live.db", tmp_path / "backup.db"
    network = _network(db)
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        n = 0
        while not stop.is_set():
            network.add_profiles([_profile(n)])
            written.append(n)
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            pass
        before = len(written)
        report = backup(f"sqlite:///{db}", copy)
        after = len(written)
    finally:
        stop.set()
        writer.join()
    network.store.close()
    assert before <= report.profiles <= after + 1
    with sqlite3.connect(copy) as snap:
        assert snap.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in snap.execute("SELECT id FROM profiles")}
        assert snap.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert ids == {f"p-{n}" for n in range(report.profiles)}  # a prefix of the writes: no gaps
    assert not (tmp_path / "backup.db.partial").exists()


def test_restore_refuses_a_store_with_records_unless_forced(tmp_path: Path) -> None:
    source, target, copy = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.backup"
    a = _network(source)
    a.add_profiles([_profile(1), _profile(2)])
    a.store.close()
    b = _network(target)
    b.add_profiles([_profile(9)])
    b.store.close()
    backup(f"sqlite:///{source}", copy)
    with pytest.raises(ConflictError, match="holds 1 profiles and 0 projects; pass --force"):
        restore(copy, f"sqlite:///{target}")
    report = restore(copy, f"sqlite:///{target}", force=True)
    assert report.profiles == 2
    restored = open_store(f"sqlite:///{target}")
    assert restored.profiles.ids() == ["p-1", "p-2"]
    restored.close()
    fresh = tmp_path / "new" / "c.db"
    assert restore(copy, f"sqlite:///{fresh}").profiles == 2  # a new or empty store needs no --force


def test_restore_refuses_a_damaged_or_foreign_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError):
        restore(junk, f"sqlite:///{tmp_path / 'x.db'}")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="not a Kringmatch store"):
        restore(foreign, f"sqlite:///{tmp_path / 'x.db'}")


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "postgresql://u@localhost/db"])
def test_backup_needs_a_sqlite_file(tmp_path: Path, url: str) -> None:
    with pytest.raises(InvalidInputError):
        backup(url, tmp_path / "b.db")


def test_backup_and_restore_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    db, copy = tmp_path / "k.db", tmp_path / "k.backup"
    network = _network(db)
    network.add_profiles([ProfileCreate.model_validate(p) for p in PROFILES])
    network.store.close()
    assert main(["backup", str(copy), "--db", str(db)]) == 0
    assert "6 profiles" in capsys.readouterr().out
    assert main(["restore", str(copy), "--db", str(db)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["restore", str(copy), "--db", str(db), "--force"]) == 0
    assert main(["backup", str(copy), "--db", str(tmp_path / "missing.db")]) == 2


def test_startup_reports_the_cache_and_re_embeds_what_is_missing(tmp_path: Path, clean_env: None) -> None:
    db = tmp_path / "k.db"
    network = _network(db)
    network.add_profiles([ProfileCreate.model_validate(p) for p in PROFILES])
    network.store.put_vectors(
        "some-other-model", {"k1": np.ones(4, np.float32), "k2": np.ones(4, np.float32)}
    )
    with network.store.transaction() as tx:  # lose some vectors of the current model
        lost = [r[0] for r in tx.execute("SELECT key FROM embeddings WHERE model = 'fake-64' LIMIT 3")]
        tx.executemany("DELETE FROM embeddings WHERE model = 'fake-64' AND key = ?", [(k,) for k in lost])
    network.store.close()
    app = create_app(make_settings(database_url=f"sqlite:///{db}"))
    with TestClient(app) as client:
        report: dict[str, Any] = client.get("/health/store").json()
    assert report["integrity"] == "ok" and report["backend"] == "sqlite"
    assert report["vectors_other_models"] == 2  # kept, unused
    assert report["embedded_at_start"] >= 1  # the lost ones came back
    assert report["vectors_current_model"] > 0


def test_a_damaged_database_stops_the_start(tmp_path: Path, clean_env: None) -> None:
    db = tmp_path / "k.db"
    network = _network(db)
    network.add_profiles([_profile(n) for n in range(300)])
    network.store.close()
    raw = bytearray(db.read_bytes())
    page = 4096
    for start in range(2 * page, len(raw) - page, 3 * page):  # scribble over every third page
        raw[start + 100 : start + 400] = b"\xff" * 300
    db.write_bytes(bytes(raw))
    with pytest.raises((StoreCorruptError, sqlite3.DatabaseError)):
        with TestClient(create_app(make_settings(database_url=f"sqlite:///{db}"))):
            pass

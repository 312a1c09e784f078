"""API keys: hash formats, constant-time verification, the keys file, ``kringmatch keys``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.app.access import Access
from api.app.config import Settings
from api.app.keys import KeyConfigError, KeyEntry, KeyRing, add_key, hash_key, new_key, read_keys_file
from api.cli import main


@pytest.mark.parametrize("scheme", ["sha256", "pbkdf2", "scrypt"])
def test_every_hash_format_verifies_its_key_only(scheme: str) -> None:
    key = new_key()
    ring = KeyRing([KeyEntry(name="a", role="organiser", hash=hash_key(key, scheme))])  # type: ignore[arg-type]
    found = ring.verify(key)
    assert found is not None and found.name == "a" and found.role == "organiser"
    assert ring.verify(key + "x") is None
    assert ring.verify("") is None
    assert ring.verify(key) == found  # the second time from the cache for salted hashes


def test_salted_hashes_differ_for_the_same_key() -> None:
    key = new_key()
    assert hash_key(key, "scrypt") != hash_key(key, "scrypt")
    assert hash_key(key) == hash_key(key)  # sha256: unsalted, fine for 256-bit random keys


def test_new_keys_are_long_and_random() -> None:
    keys = {new_key() for _ in range(100)}
    assert len(keys) == 100 and all(k.startswith("km_") and len(k) >= 40 for k in keys)


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "m", "role": "member", "hash": "a" * 64},  # a member needs an organisation
        {"name": "a", "role": "admin", "hash": "not-hex" * 10},
        {"name": "a", "role": "admin", "hash": "scrypt$1$2$" + "a" * 60},
        {"name": "a", "role": "root", "hash": "a" * 64},
        {"name": "a", "role": "admin", "hash": "a" * 64, "key": "plain"},
    ],
)
def test_malformed_entries_are_refused(entry: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        KeyEntry.model_validate(entry)


def test_keys_create_prints_the_key_once_and_stores_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    path = tmp_path / "keys.json"
    args = ["keys", "create", "--role", "member", "--organisation", "Circulair Zuid", "--name", "alice"]
    assert main([*args, "--file", str(path)]) == 0
    key = capsys.readouterr().out.strip()
    stored = json.loads(path.read_text())
    assert stored == [
        {"name": "alice", "role": "member", "organisation": "Circulair Zuid", "hash": hash_key(key)}
    ]
    assert key not in path.read_text()
    assert path.stat().st_mode & 0o077 == 0  # readable by the owner only
    assert main([*args, "--file", str(path)]) == 2  # the name is taken
    assert "already has a key named 'alice'" in capsys.readouterr().err
    cmd = ["keys", "create", "--role", "admin", "--name", "root", "--file", str(path), "--hash", "scrypt"]
    assert main(cmd) == 0
    admin_key = capsys.readouterr().out.strip()
    assert main(["keys", "list", "--file", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"name": "alice", "role": "member", "organisation": "Circulair Zuid", "scheme": "sha256"},
        {"name": "root", "role": "admin", "organisation": None, "scheme": "scrypt"},
    ]
    assert main(["keys", "list", "--file", str(path)]) == 0
    table = [line.split() for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert table[0] == ["name", "role", "organisation", "scheme"]
    assert ["alice", "member", "Circulair", "Zuid", "sha256"] in table
    assert ["root", "admin", "-", "scrypt"] in table
    ring = Access.from_settings(Settings(_env_file=None, keys_file=path)).keys  # type: ignore[call-arg]
    alice, root = ring.verify(key), ring.verify(admin_key)
    assert alice is not None and alice.organisation == "Circulair Zuid"
    assert root is not None and root.role == "admin"


def test_a_member_key_needs_an_organisation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["keys", "create", "--role", "member", "--name", "bob", "--file", str(tmp_path / "k.json")]) == 2
    )
    assert "needs an organisation" in capsys.readouterr().err
    assert not (tmp_path / "k.json").exists()


def test_keys_from_the_environment(monkeypatch: pytest.MonkeyPatch, clean_env: None) -> None:
    key = new_key()
    monkeypatch.setenv(
        "KRINGMATCH_API_KEYS", json.dumps([{"name": "ci", "role": "admin", "hash": hash_key(key)}])
    )
    access = Access.from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
    assert not access.open  # keys configured: even localhost needs one
    found = access.keys.verify(key)
    assert found is not None and found.name == "ci"


def test_a_broken_keys_file_stops_the_start(tmp_path: Path, clean_env: None) -> None:
    path = tmp_path / "keys.json"
    path.write_text('[{"name": "x"}]')
    with pytest.raises(KeyConfigError, match="not a valid list of keys"):
        Access.from_settings(Settings(_env_file=None, keys_file=path))  # type: ignore[call-arg]
    assert read_keys_file(tmp_path / "missing.json") == []


def test_duplicate_names_are_refused(tmp_path: Path, clean_env: None) -> None:
    path = tmp_path / "keys.json"
    add_key(path, name="a", role="admin")
    entry = KeyEntry(name="a", role="admin", hash=hash_key(new_key()))
    with pytest.raises(KeyConfigError, match="share a name"):
        Access.from_settings(Settings(_env_file=None, keys_file=path, api_keys=[entry]))  # type: ignore[call-arg]

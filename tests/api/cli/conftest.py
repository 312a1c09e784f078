"""Fixtures of the CLI tests: run ``kringmatch`` in-process on a tmp database; the corpus as a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import main


@pytest.fixture
def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_env: None
) -> Any:
    """``run(*args, db=...)`` -> (exit code, stdout, stderr), with the fake embedder and a tmp database."""
    monkeypatch.chdir(tmp_path)  # no .env of the repository is read

    def go(*args: str, db: str = "kringmatch.db") -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*args, "--db", str(tmp_path / db), "--embedder", "fake"])
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def corpus_file(
    tmp_path: Path, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> Path:
    path = tmp_path / "network.json"
    path.write_text(
        json.dumps({"profiles": profiles_data, "projects": projects_data}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path

"""``kringmatch eval feedback``: a network file in, the curve out (fake embedder)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from api.cli import main
from matcher.reranker import FeedbackReranker
from tests.evaluation.test_feedback_sim import tiny_network


@pytest.fixture
def network_file(tmp_path: Path) -> Path:
    data = tiny_network()
    questions = [dataclasses.asdict(q) for q in data.questions]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps({"profiles": data.profiles, "projects": [], "questions": questions}), "utf-8")
    return path


def run(tmp_path: Path, network_file: Path, *flags: str) -> int:
    """``kringmatch eval feedback FILE`` with the fake embedder; every file under ``tmp_path``."""
    places = ["--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache.db")]
    return main(["eval", "feedback", str(network_file), "--embedder", "fake", *places, *flags])


def test_eval_feedback_prints_the_curve_tables(
    tmp_path: Path, network_file: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    assert run(tmp_path, network_file, "--splits", "2", "--min-feedback", "5", "--markdown") == 0
    out = capsys.readouterr().out
    assert "reranker weight=" in out and f"mode={FeedbackReranker().mode}" in out
    assert "| verdicts | test nDCG@10 | test top-1 | test verdicts given |" in out  # not a dev network
    assert "| tiny | test |" in out and "| all |" in out


def test_eval_feedback_json_gives_one_curve_per_network(
    tmp_path: Path, network_file: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    assert run(tmp_path, network_file, "--splits", "2", "--json") == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    report = json.loads(lines[0])
    assert report["network"] == "tiny" and [p["budget"] for p in report["curve"]] == [
        0,
        10,
        25,
        50,
        100,
        None,
    ]


def test_eval_feedback_tunes_on_dev_networks_only(
    tmp_path: Path, network_file: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    code = main(
        ["eval", "feedback", str(network_file), "--embedder", "fake", "--out", str(tmp_path), "--tune"]
    )
    assert code == 1
    assert "dev networks only" in capsys.readouterr().out

"""The CLI shows progress on a terminal (count, rate, time left) and stays silent off one or ``--quiet``."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import api.cli.progress
from api.app.demo import demo_data
from api.cli import main
from api.cli.progress import BarProgress
from tests.evaluation.test_sick import HEADER, _line


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """What a terminal on standard error would show (rich believes it is one)."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(api.cli.progress, "stderr_console", lambda: console)
    return buffer


@pytest.fixture
def pipe(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a file or a pipe: no terminal."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=120)
    monkeypatch.setattr(api.cli.progress, "stderr_console", lambda: console)
    return buffer


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(demo_data(), ensure_ascii=False), encoding="utf-8")
    return path


def kringmatch(tmp_path: Path, *args: str) -> int:
    return main([*args, "--db", str(tmp_path / "k.db"), "--embedder", "fake"])


def test_import_shows_a_bar_with_count_rate_and_time_on_a_terminal(
    screen: io.StringIO, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    assert kringmatch(tmp_path, "import", str(demo_file)) == 0
    shown = screen.getvalue()
    profiles = len(demo_data()["profiles"])
    assert "demo.json: embedding " in shown
    texts = int(shown.split("demo.json: embedding ", 1)[1].split()[0])
    assert texts >= profiles and f"{texts}/{texts}" in shown  # the count, complete at the end
    assert "/s, " in shown and "━" in shown  # a rate and a bar
    assert capsys.readouterr().out.strip().startswith(f"imported {profiles} profiles")  # results stay clean


def test_quiet_shows_no_bar(
    screen: io.StringIO, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    assert kringmatch(tmp_path, "import", str(demo_file), "--quiet") == 0
    assert screen.getvalue() == ""
    assert capsys.readouterr().out.startswith("imported")


def test_no_bar_when_the_output_is_not_a_terminal(
    pipe: io.StringIO, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    assert kringmatch(tmp_path, "import", str(demo_file)) == 0
    assert pipe.getvalue() == ""
    assert capsys.readouterr().err == ""


def test_eval_counts_its_datasets_on_a_terminal(
    screen: io.StringIO, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    sick = tmp_path / "sick.txt"
    lines = [HEADER] + [
        _line(n, f"een man loopt {n}", f"een man rent {n % 3}", str(1 + n % 4), "TEST") for n in range(8)
    ]
    sick.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["eval", "sick-nl", str(sick), "--backends", "fake,fake", "--cache", str(tmp_path / "c.db")]
    assert main([*args, "--json"]) == 0
    assert "SICK-NL backends" in screen.getvalue() and "2/2" in screen.getvalue()
    result = json.loads(capsys.readouterr().out)
    assert result["pairs"] == 8 and set(result["spearman"]) == {"fake"}
    screen.truncate(0)
    assert main([*args, "--quiet"]) == 0
    assert screen.getvalue() == ""
    table = capsys.readouterr().out
    assert "backend" in table and "Spearman" in table and "fake" in table


def test_a_bar_tracks_items_and_reports_embedding() -> None:
    buffer = io.StringIO()
    bar = BarProgress(Console(file=buffer, force_terminal=True, width=120, color_system=None))
    bar.label = "the demo network"
    with bar.progress:
        assert list(bar.track(["a", "b", "c"], "networks")) == ["a", "b", "c"]
        bar.start("embedding 10 texts", 10)
        bar.advance(4)
        bar.advance(6)
        bar.finish()
        bar.advance(99)  # after finish: no task to advance
    shown = buffer.getvalue()
    assert "networks" in shown and "3/3" in shown
    assert "the demo network: embedding 10 texts" in shown and "10/10" in shown
    assert [t.completed for t in bar.progress.tasks] == [3, 10]


@pytest.mark.parametrize(("flags", "level"), [([], logging.INFO), (["--quiet"], logging.WARNING)])
def test_serve_shows_the_start_up_log_lines_unless_quiet(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clean_env: None, flags: list[str], level: int
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(app))
    logger = logging.getLogger("kringmatch")
    before_level, before_handlers = logger.level, list(logger.handlers)
    try:
        assert kringmatch(tmp_path, "serve", *flags) == 0
        assert served and logger.getEffectiveLevel() == level
        assert logging.getLogger("kringmatch.startup").isEnabledFor(logging.INFO) is (level == logging.INFO)
        assert any(isinstance(h, logging.StreamHandler) for h in logger.handlers)
    finally:
        for handler in [h for h in logger.handlers if h not in before_handlers]:
            logger.removeHandler(handler)
        logger.setLevel(before_level)

"""The README stays true: two commands, CI runs the test one, every setting and command documented."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from api.app.config import Settings
from api.cli import parser
from matcher import RankConfig

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_quick_start_has_exactly_two_commands_and_make_defines_them() -> None:
    commands = quick_start_commands()
    assert commands == ["make run", "make test"]
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", MAKEFILE, re.M), target


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M)


def test_make_run_serves_the_demo_network() -> None:
    recipe = MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "kringmatch serve --demo" in recipe


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_configuration_table(name: str) -> None:
    assert f"`KRINGMATCH_{name.upper()}`" in README


def _commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_is_documented(command: str) -> None:
    assert f"kringmatch {command}" in README


def _eval_flags(command: str) -> set[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    ev = sub.choices["eval"]  # type: ignore[index]
    evsub = next(a for a in ev._actions if a.dest == "eval")
    return {s for a in evsub.choices[command]._actions for s in a.option_strings}  # type: ignore[index]


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(RankConfig)])
def test_every_ranking_option_is_a_setting_a_cli_flag_and_a_readme_row(name: str) -> None:
    option = next(f for f in dataclasses.fields(RankConfig) if f.name == name)
    assert name in Settings.model_fields
    assert Settings.model_fields[name].default == option.default
    assert option.metadata.get("help"), f"{name}: declare it with option(default, help, ...)"
    flag = "--" + name.replace("_", "-")
    assert flag in _eval_flags("domain") and flag in _eval_flags("goldstandard")
    assert re.search(rf"^\| `KRINGMATCH_{name.upper()}` \|", README, re.M), name

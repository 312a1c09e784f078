"""The layers import only downwards: matcher and models know no web framework and no database,
models know no matcher, the store knows no API. Checked on the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

WEB_AND_DB = {"fastapi", "starlette", "uvicorn", "sqlite3", "store", "api"}
RULES: dict[str, set[str]] = {
    "matcher": WEB_AND_DB,
    "models": WEB_AND_DB | {"matcher"},
    "store": {"api", "fastapi", "starlette", "uvicorn"},
}


def imported_modules(source: str, package: str) -> set[str]:
    """Top-level names of every module imported anywhere in ``source`` (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level > 0:
                found.add(package)  # a relative import stays inside its package
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.split(".")[0])
    return found


def files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


CASES = [
    pytest.param(path, package, id=str(path.relative_to(ROOT)))
    for package in RULES
    for path in files(package)
]


def test_every_layer_has_sources() -> None:
    for package in RULES:
        assert files(package), package
    assert len(CASES) >= 20


@pytest.mark.parametrize(("path", "package"), CASES)
def test_imports_go_only_downwards(path: Path, package: str) -> None:
    forbidden = imported_modules(path.read_text(encoding="utf-8"), package) & RULES[package]
    assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import fastapi", {"fastapi"}),
        ("from starlette.requests import Request", {"starlette"}),
        ("def f():\n    import sqlite3\n", {"sqlite3"}),
        ("import os, store.base as b", {"os", "store"}),
        ("from . import x", {"matcher"}),
        ("import importlib\nimportlib.import_module('api.http.main')", {"importlib", "api"}),
        ("__import__('uvicorn')", {"uvicorn"}),
        ("from matcher.errors import NotFoundError", {"matcher"}),
    ],
)
def test_the_checker_sees_imports(source: str, expected: set[str]) -> None:
    assert imported_modules(source, "matcher") == expected

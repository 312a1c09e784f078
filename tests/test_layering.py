"""The layers import only downwards, and no project module imports itself round a cycle.

    api.cli → api.http → api.app → matcher, store → models        evaluation → api.app, matcher, store

Checked on the source with ``ast``: every import, also inside functions (only ``if
TYPE_CHECKING:`` blocks, which never run, are left out of the cycle check).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "store", "matcher", "api", "evaluation")
MAX_LINES = 400

WEB = {"fastapi", "starlette", "uvicorn", "jinja2", "httpx", "schemathesis"}
DATABASE = {"sqlite3", "psycopg", "psycopg_pool"}
PROJECT = {"api", "store", "matcher", "models", "evaluation", "benchmarks", "tests"}

# package (longest prefix wins) -> the imports it may not make (a name forbids its submodules too)
FORBIDDEN: dict[str, set[str]] = {
    "models": PROJECT - {"models"} | WEB | DATABASE,
    "store": PROJECT - {"models", "store"} | WEB,
    "matcher": PROJECT - {"models", "matcher"} | WEB | DATABASE,
    "evaluation": {"api.http", "api.cli", "benchmarks", "tests"} | WEB,
    "api.app": {"api.http", "api.cli", "evaluation", "benchmarks", "tests"} | WEB,
    "api.http": {"api.cli", "evaluation", "benchmarks", "tests"},
    "api.cli": {"benchmarks", "tests"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


SOURCES = sources()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imported_modules(source: str, module: str, *, runtime_only: bool = False) -> set[str]:
    """Dotted names of every module imported anywhere in ``source`` (also inside functions).

    ``from a.b import c`` gives ``a.b.c`` when that is a project module, else ``a.b``; relative
    imports are resolved against ``module``; ``import_module("x")`` and ``__import__("x")`` count.
    """
    tree = ast.parse(source)
    skipped = _type_checking_nodes(tree) if runtime_only else set()
    found: set[str] = set()
    package = (
        module if (ROOT / module.replace(".", "/") / "__init__.py").exists() else module.rpartition(".")[0]
    )
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in SOURCES else base)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def rules_for(module: str) -> set[str]:
    owner = max((p for p in FORBIDDEN if module == p or module.startswith(p + ".")), key=len, default=None)
    return FORBIDDEN[owner] if owner else set()


def violations(imports: set[str], forbidden: set[str]) -> list[str]:
    return sorted(i for i in imports if any(i == f or i.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if m != "api"))
def test_imports_go_only_downwards(module: str) -> None:
    imports = imported_modules(SOURCES[module].read_text(encoding="utf-8"), module)
    bad = violations(imports, rules_for(module))
    assert not bad, f"{module} imports {bad}"


def test_every_package_has_rules_and_sources() -> None:
    for package in FORBIDDEN:
        assert any(m == package or m.startswith(package + ".") for m in SOURCES), package
    every = {m for m in SOURCES if m != "api"}
    assert all(rules_for(m) for m in every), sorted(m for m in every if not rules_for(m))


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in SOURCES.items():
        imports = imported_modules(path.read_text(encoding="utf-8"), module, runtime_only=True)
        graph[module] = {i for i in imports if i in SOURCES and i != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (``[a, b, ..., a]``), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = len(SOURCES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it (one concept per file)"


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import fastapi", "matcher.x", {"fastapi"}),
        ("from starlette.requests import Request", "matcher.x", {"starlette.requests"}),
        ("def f():\n    import sqlite3\n", "matcher.x", {"sqlite3"}),
        ("import os, store.base as b", "matcher.x", {"os", "store.base"}),
        ("from . import text", "matcher.lexical", {"matcher.text"}),
        ("from .text import words", "matcher.lexical", {"matcher.text"}),
        (
            "import importlib\nimportlib.import_module('api.http.main')",
            "matcher.x",
            {"importlib", "api.http.main"},
        ),
        ("__import__('uvicorn')", "matcher.x", {"uvicorn"}),
        ("from models.errors import NotFoundError", "matcher.x", {"models.errors"}),
        ("from api.app import access", "api.http.x", {"api.app.access"}),
    ],
)
def test_the_checker_sees_imports(source: str, module: str, expected: set[str]) -> None:
    assert imported_modules(source, module) == expected


def test_the_checker_finds_cycles_and_skips_type_checking() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from api.app.network import Network\n"
    assert "api.app.network" not in imported_modules(source, "api.cli.x", runtime_only=True)
    assert "api.app.network" in imported_modules(source, "api.cli.x")


def test_a_forbidden_name_forbids_its_submodules() -> None:
    assert violations({"api.http.main", "api.app.network"}, {"api.http"}) == ["api.http.main"]
    assert rules_for("api.app.network") == FORBIDDEN["api.app"]
    assert rules_for("matcher.embedding.cache") == FORBIDDEN["matcher"]

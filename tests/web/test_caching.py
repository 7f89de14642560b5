"""Caching lives in one place (web/data.py), shared and keyed by the store's version."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    p for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("samverkan/**/*.py")]
)
DATA = ROOT / "samverkan/web/data.py"
# Preparing the store (schema, demo) once per server process is not a read of it.
ONCE_PER_PROCESS = {("samverkan/web/shell.py", "_prepare_store")}


def cached_functions(path: Path) -> list[tuple[ast.FunctionDef, str]]:
    """Every function decorated with st.cache_data or st.cache_resource, and which."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr.startswith("cache_"):
                    found.append((node, target.attr))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_web_data_caches_reads(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    for function, _ in cached_functions(path):
        assert path == DATA or (relative, function.name) in ONCE_PER_PROCESS, (
            f"{relative}: {function.name} caches a read; put it in samverkan/web/data.py"
        )


def test_every_read_is_shared_and_keyed_by_the_store_version() -> None:
    cached = cached_functions(DATA)
    assert len(cached) >= 15
    for function, kind in cached:
        assert kind == "cache_resource", f"{function.name} pickles a copy per call"
        arguments = [a.arg for a in function.args.args]
        assert arguments[:2] == ["path", "version"], function.name

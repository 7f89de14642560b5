"""The package's boundaries, walked with ast: streamlit and duckdb stay where they belong."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import samverkan

ROOT = Path(__file__).resolve().parent.parent
PYTHON_FILES = sorted(
    p for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("samverkan/**/*.py")]
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_streamlit_only_in_app_pages_and_web(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    allowed = relative == "app.py" or relative.startswith(("pages/", "samverkan/web/"))
    if not allowed:
        assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_duckdb_only_in_the_store(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    if not relative.startswith("samverkan/store/"):
        assert "duckdb" not in imported_modules(path)


@pytest.mark.parametrize("path", sorted(ROOT.glob("pages/*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql_or_pandas(path: Path) -> None:
    assert {"pandas", "duckdb", "openpyxl", "python_calamine"}.isdisjoint(imported_modules(path))
    assert "SELECT " not in path.read_text("utf-8")


def test_public_api_is_what_init_exports() -> None:
    """Everything the package names is in __all__; its submodules (named once imported) aside."""
    exported = set(samverkan.__all__)
    submodules = {m.name for m in pkgutil.iter_modules(samverkan.__path__)}
    assert exported == {n for n in dir(samverkan) if not n.startswith("_")} - submodules
    for name in exported:
        assert getattr(samverkan, name) is not None

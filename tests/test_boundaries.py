"""The package's boundaries, walked with ast: streamlit and duckdb stay where they belong, SQL
only in the store, no import circle, no long module without a reason."""

from __future__ import annotations

import ast
import pkgutil
import re
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


# --- The shape of the package (issue 15) -------------------------------------------------

PACKAGE_FILES = sorted(ROOT.glob("samverkan/**/*.py"))
LONG_MODULE_LINES = 400
# A module may be longer when its docstring says why, in a paragraph that starts like this.
LONG_MODULE_REASON = "Why one module:"
SQL_WORDS = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
    r"(TABLE|INDEX|VIEW|SEQUENCE)|ALTER\s+TABLE|DROP\s+TABLE|BEGIN\s+TRANSACTION)\b",
    re.DOTALL,  # our SQL is written in capitals; Swedish and English prose is not
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE_FILES}


def imported_samverkan_modules(path: Path) -> set[str]:
    """Every samverkan module `path` imports, wherever the import stands (lazy ones too).

    `from samverkan.store import audit` names the module samverkan.store.audit when there is
    one, else the package samverkan.store itself.
    """
    tree = ast.parse(path.read_text("utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return {name for name in found if name in MODULES and name != own}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in `graph`, as the modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := walk(start)):
            return cycle
    return None


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_find_cycle_finds_what_is_there(
    graph: dict[str, set[str]], expected: list[str] | None
) -> None:
    assert find_cycle(graph) == expected


def test_no_import_circle_anywhere_in_the_package() -> None:
    graph = {name: imported_samverkan_modules(path) for name, path in MODULES.items()}
    cycle = find_cycle(graph)
    assert cycle is None, " → ".join(cycle or [])


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_sql_only_in_the_store(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    if relative.startswith("samverkan/store/"):
        return
    tree = ast.parse(path.read_text("utf-8"))
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    docstrings = {
        ast.get_docstring(node, clean=False)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert [t for t in texts if t not in docstrings and SQL_WORDS.search(t)] == []


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_long_without_saying_why(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    if lines > LONG_MODULE_LINES:
        docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert LONG_MODULE_REASON in docstring, f"{lines} lines and no reason in the docstring"


@pytest.mark.parametrize(
    ("text", "is_sql"),
    [
        ("SELECT id FROM activity WHERE upload_id = ?", True),
        ("INSERT INTO meeting (id) VALUES (?)", True),
        ("insert into the plan", False),
        ("CREATE TABLE IF NOT EXISTS x (id INTEGER)", True),
        ("Välj vilka aktiviteter som ska visas", False),
        ("Select a file to upload from your computer", False),
        ("Uppdatera status", False),
    ],
)
def test_the_sql_check_knows_sql_from_swedish(text: str, is_sql: bool) -> None:
    assert bool(SQL_WORDS.search(text)) is is_sql

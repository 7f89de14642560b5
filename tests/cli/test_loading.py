"""The command line's shape: each command loads only what it needs; parser and DESIGN.md agree.

The loading tests run `python -X importtime -m samverkan …` in a child and read every module
it imported from standard error: the real entry point, nothing imported before it.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.cli import main
from samverkan.cli.parser import build_parser, load_command
from samverkan.cli.users import _SECRETS_FILES
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "samverkan" / "cli"
ESLOV = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"
CHARTS_PDF_AND_WEB = {"altair", "fpdf", "vl_convert", "streamlit"}


def loaded_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `python -X importtime -m samverkan ARGS`; its result and every module it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    modules = set(re.findall(r"^import time:.*\|\s*([\w.]+)$", result.stderr, re.MULTILINE))
    assert "samverkan.cli" in modules  # the log was read: an empty one would prove nothing
    return result, modules


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture(scope="module")
def eslov_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("loading") / "samverkan.duckdb"
    assert main(["import", str(ESLOV), "--kommun", "Eslöv", "--db", str(db)]) == 0
    return db


@pytest.mark.parametrize("args", [["--help"], ["status", "--help"], ["import", "--help"]])
def test_help_loads_no_command_and_no_store(args: list[str]) -> None:
    result, modules = loaded_modules(*args)
    assert result.returncode == 0
    assert not top_level(modules) & (CHARTS_PDF_AND_WEB | {"duckdb", "pyarrow", "openpyxl"})
    commands = {m for m in modules if m.startswith("samverkan.cli.")}
    assert commands == {"samverkan.cli.common", "samverkan.cli.parser"}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(["status"], "Eslöv – läget", id="status"),
        pytest.param(["status", "--json"], '"kommun": "Eslöv"', id="status --json"),
        pytest.param(["survey"], "inga mätvärden", id="survey"),
    ],
)
def test_status_loads_no_chart_pdf_or_streamlit(args: list[str], said: str, eslov_db: Path) -> None:
    result, modules = loaded_modules(*args, "--db", str(eslov_db))
    assert result.returncode == 0, result.stderr[-500:]
    assert said in result.stdout
    assert not top_level(modules) & CHARTS_PDF_AND_WEB
    assert "samverkan.excel.plan" not in modules  # nor the import's readers


def test_import_loads_no_chart_pdf_or_streamlit(tmp_path: Path) -> None:
    db = tmp_path / "samverkan.duckdb"
    result, modules = loaded_modules("import", str(ESLOV), "--kommun", "Eslöv", "--db", str(db))
    assert result.returncode == 0, result.stderr[-500:]
    assert "8 aktiviteter i 3 fokusområden importerade för Eslöv 2022" in result.stdout
    assert not top_level(modules) & CHARTS_PDF_AND_WEB


def test_report_still_loads_what_it_needs_and_writes_the_pdf(
    eslov_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rapport.pdf"
    result, modules = loaded_modules(
        "report", "--kind", "ar", str(path), "--as-of", "2022-12-31", "--db", str(eslov_db)
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "Årsrapporten år 2022 för Eslöv är skriven till" in result.stdout
    assert path.read_bytes().startswith(b"%PDF")
    assert {"fpdf", "altair"} <= top_level(modules)  # the log shows a heavy library when loaded


def leaf_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, str]:
    """Every runnable command ("meeting add") with the function path it names."""
    leaves: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                leaves |= leaf_commands(sub, (*path, name))
    if not leaves and path:
        leaves[" ".join(path)] = parser.get_default("run")
    return leaves


def test_every_command_names_a_function_that_exists() -> None:
    leaves = leaf_commands(build_parser())
    assert len(leaves) == 19
    for command, run in leaves.items():
        module = run.partition(":")[0]
        assert module.startswith("samverkan.cli."), command
        assert callable(load_command(run)), command


def design_command_line() -> str:
    design = (ROOT / "docs" / "DESIGN.md").read_text("utf-8")
    return design.split("## The command line", 1)[1].split("\n## ", 1)[0]


def test_every_command_is_in_design_md_and_every_documented_command_exists() -> None:
    section = design_command_line()
    leaves = leaf_commands(build_parser())
    documented = set(re.findall(r"`samverkan ([a-z][a-z-]*)", section))
    assert documented == {leaf.split()[0] for leaf in leaves}
    for group in {leaf.split()[0] for leaf in leaves if " " in leaf}:
        actions = set(re.findall(rf"`samverkan {group} ([a-z]+)", section))
        assert actions == {leaf.split()[1] for leaf in leaves if leaf.startswith(f"{group} ")}


def imports_of(path: Path) -> dict[str, set[str]]:
    """The modules a file imports from (absolute), each with the names it takes."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.setdefault(node.module, set()).update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, set())
    return found


CLI_FILES = sorted(CLI.glob("*.py"))


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.name)
def test_no_cli_module_imports_back_or_takes_a_private_name(path: Path) -> None:
    imports = imports_of(path)
    if path.name != "__init__.py":
        assert "samverkan.cli" not in imports  # the package that runs them: a circle
    for module, names in imports.items():
        private = {n for n in names if n.startswith("_") and n != "__future__"}
        assert not private, f"{path.name} takes {private} from {module}"


def test_the_parser_and_common_import_no_command() -> None:
    commands = {f"samverkan.cli.{p.stem}" for p in CLI_FILES} - {
        "samverkan.cli.__init__",
        "samverkan.cli.common",
        "samverkan.cli.parser",
    }
    for name in ("parser.py", "common.py", "__init__.py"):
        assert not set(imports_of(CLI / name)) & commands, name


def test_user_commands_look_for_secrets_beside_the_app() -> None:
    """The repository's .streamlit/, where scripts/run starts the app (not samverkan/'s)."""
    assert _SECRETS_FILES[0] == ROOT / ".streamlit" / "secrets.toml"

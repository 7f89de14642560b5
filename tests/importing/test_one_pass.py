"""The import is one pass: a file is read once, and the page, the command line, the demo and
the benchmark all go through the same entry point (importing.pipeline.import_workbook)."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from samverkan import store
from samverkan.excel import read as excel_read
from samverkan.excel.guard import guard_spreadsheet
from samverkan.excel.plan import ImportOptions
from samverkan.excel.rows import activities_from_columns, validate_activity_columns
from samverkan.importing import pipeline, reading
from samverkan.importing.reading import (
    pack_outcome,
    read_guarded_file,
    read_plan,
    unpack_outcome,
)
from samverkan.importing.sandbox import _CHILD_CODE
from samverkan.models import Activity, activity_columns
from tests.conftest import SAMPLES, make_activity_row, make_plan_workbook

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ("ID", "Fokusområde", "Aktivitet", "Kontakt", "Slutdatum", "Status", "Kommun")


def plan_with_unknown_column(kommun: str = "Höör") -> bytes:
    rows = [
        make_activity_row(
            ID=f"K{n}", Aktivitet=f"Insats {n}", Kontakt=f"Kontakt {n}",
            Slutdatum=dt.date(2024, 3 + n, 1), Kommun=kommun,
        )
        for n in (1, 2)
    ]  # fmt: skip
    return make_plan_workbook(rows, headers=HEADERS)


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Wrap module.name so each call is counted; returns the list the calls are counted in."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize(
    ("data", "name", "remembered"),
    [
        (plan_with_unknown_column(), "plan.xlsx", {}),
        # a remembered choice is applied to the sheets already read, not by reading again
        (plan_with_unknown_column(), "plan.xlsx", {"Höör": {"Kontakt": "owner"}}),
        ((SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes(), "eslov.xlsx", {}),
        ((SAMPLES / "trygghetsmatning_eslov_2020-2023.xlsx").read_bytes(), "matning.xlsx", {}),
    ],
)
def test_the_child_reads_the_values_once(
    monkeypatch: pytest.MonkeyPatch, data: bytes, name: str, remembered: dict[str, Any]
) -> None:
    """The child's whole pass (kind, plan or survey, remembered choices) reads the values once."""
    calls = count_calls(monkeypatch, reading, "read_values")
    options = ImportOptions(kommun="Eslöv" if name == "eslov.xlsx" else None)
    packed = read_guarded_file(guard_spreadsheet(data), name, options, remembered)
    outcome = unpack_outcome(packed)
    assert len(calls) == 1
    assert outcome.report.is_accepted or (outcome.survey and outcome.survey.is_accepted)
    if remembered:
        assert outcome.remembered_mapping == {"Kontakt": "owner"}
        owners = [a.owner for a in outcome.report.agreements[0].activities]
        assert owners == ["Kontakt 1", "Kontakt 2"]


def test_a_remembered_choice_costs_one_child_and_one_read(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """import_workbook with a kommun's remembered choices: one child process, nothing read twice."""
    with store.open_store(db_path) as con:
        store.save_column_mapping(con, "Höör", {"Kontakt": "owner"})
    children = count_calls(monkeypatch, pipeline, "run_sandboxed")
    outcome = pipeline.import_workbook(plan_with_unknown_column(), "plan.xlsx", db_path=db_path)
    assert len(children) == 1
    assert outcome.summary is not None
    assert outcome.remembered_mapping == {"Kontakt": "owner"}


def test_the_preview_is_the_import_without_storing(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    with store.open_store(db_path) as con:
        store.save_column_mapping(con, "Höör", {"Kontakt": "owner"})
    before = store.store_version(db_path)
    outcome = pipeline.import_workbook(
        plan_with_unknown_column(), "plan.xlsx", db_path=db_path, save=False
    )
    assert outcome.summary is None
    assert outcome.report.is_accepted
    assert outcome.remembered_mapping == {"Kontakt": "owner"}
    assert store.store_version(db_path) == before


def test_a_busy_store_leaves_the_preview_without_memory_and_reads_once(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """The page's busy store: the file is still read once, and the page is told why."""
    with store.open_store(db_path) as con:
        store.save_column_mapping(con, "Höör", {"Kontakt": "owner"})

    def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise store.StoreBusy("upptagen")

    monkeypatch.setattr(pipeline.store, "open_store", busy)
    children = count_calls(monkeypatch, pipeline, "run_sandboxed")
    preview = pipeline.import_workbook(
        plan_with_unknown_column(), "plan.xlsx", db_path=db_path, save=False
    )
    assert len(children) == 1
    assert preview.memory_unavailable
    assert not preview.remembered_mapping
    with pytest.raises(store.StoreBusy):
        pipeline.import_workbook(plan_with_unknown_column(), "plan.xlsx", db_path=db_path)


def test_a_store_that_does_not_exist_is_not_created_by_the_preview(db_path: Path) -> None:
    outcome = pipeline.import_workbook(
        plan_with_unknown_column(), "plan.xlsx", db_path=db_path, save=False
    )
    assert outcome.report.is_accepted
    assert not db_path.exists()


def test_the_reader_itself_runs_once_per_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below reading.py too: calamine's workbook is opened once for the values of a plan."""
    calls = count_calls(monkeypatch, excel_read.python_calamine.CalamineWorkbook, "from_filelike")
    data = (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes()
    read_guarded_file(guard_spreadsheet(data), "eslov.xlsx", ImportOptions(kommun="Eslöv"), {})
    assert len(calls) == 1


def test_activities_travel_back_from_the_child_as_columns_and_arrive_equal() -> None:
    data = (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes()
    outcome = reading._read(
        guard_spreadsheet(data), "e.xlsx", ImportOptions("Eslöv"), {}, as_plan=False
    )
    packed = pack_outcome(outcome)
    assert all(not p.activities for p in packed.outcome.report.agreements)
    assert unpack_outcome(packed) == outcome
    activities = outcome.report.agreements[0].activities
    rebuilt = activities_from_columns(activity_columns(activities))
    assert rebuilt == activities
    assert [a.model_dump() for a in rebuilt] == [a.model_dump() for a in activities]
    assert all(a.model_fields_set == set(Activity.model_fields) for a in rebuilt)


# The callers of the import: each reads a file only through import_workbook.
CALLERS = {
    "samverkan/web/upload.py": "the Ladda upp page",
    "samverkan/cli/importing.py": "samverkan import",
    "samverkan/demo.py": "the demo",
    "bench/import_bench.py": "the import benchmark",
}
# Names that would read a file some other way than the one pass.
OTHER_WAYS = {
    "read_upload", "read_plan", "read_survey", "read_values", "read_guarded_file",
    "run_sandboxed", "preview_workbook", "read_upload_remembering", "save_report",
}  # fmt: skip


@pytest.mark.parametrize("path", sorted(CALLERS))
def test_page_cli_demo_and_bench_call_the_one_entry_point(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    called = {
        node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert imported.get("import_workbook") == "samverkan.importing.pipeline", CALLERS[path]
    assert "import_workbook" in called
    assert not (OTHER_WAYS & (set(imported) | called)), CALLERS[path]


def test_columns_that_pass_their_check_become_the_models_pydantic_would_build() -> None:
    data = (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes()
    activities = read_plan(data, "e.xlsx", ImportOptions(kommun="Eslöv")).agreements[0].activities
    columns = activity_columns(activities)
    strict = TypeAdapter(list[Activity]).validate_python(
        [a.model_dump() for a in activities], strict=True
    )
    assert validate_activity_columns(columns) == strict


@pytest.mark.parametrize(
    ("name", "value"),
    [("row", 0), ("title", ""), ("status", "Pågår"), ("due", "2024-05-31"), ("extra", {"a": 1})],
)
def test_a_column_that_fails_its_check_is_validated_by_pydantic(name: str, value: Any) -> None:
    """The same ValidationError as before the column checks: the file is refused as then."""
    columns = activity_columns([Activity(activity_key="A1", title="Insats", sheet="Plan", row=2)])
    columns[name] = [value]
    with pytest.raises(ValidationError):
        validate_activity_columns(columns)


def test_the_reading_child_loads_the_readers_but_never_the_store() -> None:
    """What the child imports (sandbox._CHILD_CODE): the one pass, without DuckDB or pyarrow."""
    code = (
        "import sys; import samverkan.importing.reading; "
        "print(sorted(m for m in ('duckdb', 'pyarrow', 'samverkan.store', 'streamlit', "
        "'openpyxl', 'pandas') if m in sys.modules))"
    )
    assert "import samverkan.importing.reading;" in _CHILD_CODE
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"

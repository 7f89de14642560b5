"""The coordinators' sample workbooks import to what EXPECTED.json says, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXPECTED, SAMPLES


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m samverkan …` in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def status_json(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli("status", "--db", db, "--json", *args)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def eslov_status(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("eslov") / "t.duckdb"
    sample = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"
    result = run_cli("import", sample, "--db", db, "--kommun", "Eslöv")
    assert result.returncode == 0, result.stderr
    return status_json(db, "--as-of", "2022-10-01")


def test_eslov_counts_per_focus_area(eslov_status: dict[str, Any]) -> None:
    expected = EXPECTED["eslov_aktivitetsplan_2022.xlsx"]
    counts = {fa["name"]: fa["activities"] for fa in eslov_status["focus_areas"]}
    assert counts == expected["focus_areas"]
    assert len(eslov_status["activities"]) == expected["activities"]
    assert eslov_status["kommun"] == "Eslöv"


def test_eslov_due_dates_statuses_and_promises(eslov_status: dict[str, Any]) -> None:
    expected = EXPECTED["eslov_aktivitetsplan_2022.xlsx"]
    by_id = {a["id"]: a for a in eslov_status["activities"]}
    for key, due in expected["due"].items():
        assert by_id[key]["due"] == due, key
    for key, status in expected["status"].items():
        assert by_id[key]["status"] == status, key
    promised = sorted(k for k, a in by_id.items() if a["citizen_promise"])
    assert promised == expected["citizen_promises"]
    assert by_id["E1"]["citizen_promise"] == "Vi ska arbeta mot öppen droghandel"


def test_eslov_overdue_and_missing_followup(eslov_status: dict[str, Any]) -> None:
    expected = EXPECTED["eslov_aktivitetsplan_2022.xlsx"]
    overdue = sorted(a["id"] for a in eslov_status["activities"] if a["overdue"])
    assert overdue == expected["overdue_as_of_2022-10-01"]
    e2 = next(a for a in eslov_status["activities"] if a["id"] == "E2")
    assert e2["followup_missing"] is True
    assert e2["overdue"] is False
    assert eslov_status["as_of"] == "2022-10-01"


def test_eslov_keeps_what_was_written(eslov_status: dict[str, Any]) -> None:
    by_id = {a["id"]: a for a in eslov_status["activities"]}
    assert by_id["E3"]["due_text"] == "v. 24 2022"
    assert by_id["E5"]["due_text"] == "löpande"
    assert by_id["E2"]["status"] == "Genomförd"


def test_eslov_activities_in_sheet_row_order(eslov_status: dict[str, Any]) -> None:
    assert [a["id"] for a in eslov_status["activities"]] == [f"E{i}" for i in range(1, 9)]


def test_status_json_is_utf8_without_escapes(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert (
        run_cli(
            "import", SAMPLES / "eslov_aktivitetsplan_2022.xlsx", "--db", db, "--kommun", "Eslöv"
        ).returncode
        == 0
    )
    result = run_cli("status", "--db", db, "--json", "--as-of", "2022-10-01")
    assert "Eslöv" in result.stdout
    assert "\\u00f6" not in result.stdout


@pytest.fixture(scope="module")
def kavlinge_status(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("kavlinge") / "t.duckdb"
    result = run_cli("import", SAMPLES / "kavlinge_handlingsplan_2024.xlsx", "--db", db)
    assert result.returncode == 0, result.stderr
    return status_json(db, "--as-of", "2024-06-01")


def test_kavlinge_kommun_from_title_and_sections(kavlinge_status: dict[str, Any]) -> None:
    expected = EXPECTED["kavlinge_handlingsplan_2024.xlsx"]
    assert kavlinge_status["kommun"] == "Kävlinge"
    counts = {fa["name"]: fa["activities"] for fa in kavlinge_status["focus_areas"]}
    assert counts == expected["focus_areas"]
    assert [fa["name"] for fa in kavlinge_status["focus_areas"]] == list(expected["focus_areas"])


@pytest.mark.parametrize("field", ["assessment", "due", "party"])
def test_kavlinge_field_by_field(kavlinge_status: dict[str, Any], field: str) -> None:
    expected = EXPECTED["kavlinge_handlingsplan_2024.xlsx"]
    assert [a[field] for a in kavlinge_status["activities"]] == expected[field]


def test_kavlinge_has_no_status_column(kavlinge_status: dict[str, Any]) -> None:
    # EXPECTED.json: no status column, so status is null, even for the "löpande" row.
    assert [a["status"] for a in kavlinge_status["activities"]] == [None] * 7
    assert kavlinge_status["activities"][0]["due_text"] == "löpande"

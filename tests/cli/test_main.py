"""The command line's contract: exit codes, Swedish messages, the database unchanged on refusal."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samverkan.cli import main
from tests.conftest import (
    SAMPLES,
    make_activity_row,
    make_plan_workbook,
    store_held_by_other_process,
    store_snapshot,
)

ESLOV = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"


def test_import_prints_a_summary(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"]) == 0
    out = capsys.readouterr().out
    assert "8 aktiviteter i 3 fokusområden importerade för Eslöv 2022" in out


def test_same_file_again_says_already_imported(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"])
    before = store_snapshot(db_path)
    assert main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"]) == 0
    assert "redan importerad" in capsys.readouterr().out
    assert store_snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import"], "saknas"),
        (["import", "finns-inte.xlsx", "--db", "DB"], "går inte att läsa"),
        (["import", str(ESLOV), "--db", "DB", "--period", "sommaren"], "--period"),
        (["import", str(ESLOV), "--db", "DB", "--uploaded-at", "igår"], "ÅÅÅÅ-MM-DD"),
        (["import", str(ESLOV), "--db", "DB", "--kommun", "Atlantis"], "ingen svensk kommun"),
        (["status", "--db", "DB", "--as-of", "31/12"], "ÅÅÅÅ-MM-DD"),
        (["flyga"], "okänt kommando"),
        (["status", "--db", "DB", "--okand"], "okända argument"),
    ],
)
def test_wrong_input_exits_2_in_swedish(
    args: list[str], message: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([str(db_path) if a == "DB" else a for a in args])
    err = capsys.readouterr().err
    assert code == 2
    assert message.casefold() in err.casefold()
    assert "Traceback" not in err


def test_an_empty_store_has_no_agreement_to_show(
    empty_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--db", str(empty_store)]) == 2
    assert "ingen överenskommelse" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--json"],
        ["survey", "--json"],
        ["changes", "--since", "2024-01-01"],
        ["meeting", "list"],
        ["meeting", "add", "--date", "2024-01-01"],
        ["report", "rapport.pdf", "--kind", "kvartal"],
        ["withdraw", "1"],
        ["backup", "KOPIA"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_missing_store_is_named_and_never_created(
    args: list[str], db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --db must not leave an empty database behind (and then say it is empty)."""
    written = [str(tmp_path / "kopia.duckdb") if a == "KOPIA" else a for a in args]
    if "rapport.pdf" in written:
        written[written.index("rapport.pdf")] = str(tmp_path / "rapport.pdf")
    code = main([*written, "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Databasen {db_path} finns inte" in err
    assert "Traceback" not in err
    assert not db_path.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [[], ["status"], ["meeting", "add"], ["user", "add"]])
def test_help_is_in_swedish(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Användning: samverkan")
    assert out.count("Användning:") == 1
    assert "visa den här hjälpen och avsluta" in out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out


def test_status_with_several_kommuner_lists_them(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "lund.xlsx"
    other.write_bytes(make_plan_workbook([make_activity_row()]))
    main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"])
    main(["import", str(other), "--db", str(db_path), "--kommun", "Lund"])
    capsys.readouterr()
    assert main(["status", "--db", str(db_path), "--json"]) == 2
    assert "Eslöv, Lund" in capsys.readouterr().err
    assert main(["status", "--db", str(db_path), "--json", "--kommun", "lund"]) == 0
    assert json.loads(capsys.readouterr().out)["kommun"] == "Lund"


def test_as_of_is_clamped_to_the_agreements_end(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"])
    capsys.readouterr()
    main(["status", "--db", str(db_path), "--json", "--as-of", "2030-01-01"])
    assert json.loads(capsys.readouterr().out)["as_of"] == "2022-12-31"


def test_period_and_uploaded_at_are_used(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(make_plan_workbook())
    code = main(
        [
            "import",
            str(plan),
            "--db",
            str(db_path),
            "--kommun",
            "Burlöv",
            "--period",
            "2023-2026",
            "--uploaded-at",
            "2024-02-01",
        ]
    )
    assert code == 0
    capsys.readouterr()
    main(["status", "--db", str(db_path), "--json", "--as-of", "2024-06-01"])
    document = json.loads(capsys.readouterr().out)
    assert document["period"] == ["2023-01-01", "2026-12-31"]


def test_busy_store_exits_3(db_path: Path) -> None:
    main(["import", str(ESLOV), "--db", str(db_path), "--kommun", "Eslöv"])
    with store_held_by_other_process(db_path):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "samverkan", "status", "--db", str(db_path), "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        waited = time.monotonic() - started
    assert result.returncode == 3
    assert "Databasen används – försök igen" in result.stderr
    assert waited >= 9  # it waited for the store before giving up


def test_template_command_writes_an_importable_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mall.xlsx"
    assert main(["template", str(path)]) == 0
    assert path.read_bytes().startswith(b"PK")


def test_python_dash_m_runs_the_same_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("import", "status", "template"):
        assert command in result.stdout

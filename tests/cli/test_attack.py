"""The command line against inputs an attacker or an accident gives it (issue 14 attack)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

_MEMORY = 1024 * 1024 * 1024  # the command runs under 1 GiB of address space


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))


def _sparse_file(tmp_path: Path) -> str:
    path = tmp_path / "enorm.xlsx"
    with path.open("wb") as stream:
        stream.truncate(3 * 1024 * 1024 * 1024)  # 3 GB, no disk used
    return str(path)


@pytest.mark.parametrize(
    "source", [lambda _: "/dev/zero", _sparse_file], ids=["dev-zero", "three-gigabytes"]
)
def test_import_reads_no_more_than_the_size_limit(tmp_path: Path, source) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan",
            "import",
            source(tmp_path),
            "--db",
            str(tmp_path / "s.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_limited,
        env={**os.environ, "SAMVERKAN_IMPORT_MEMORY_MB": "512"},
    )
    assert result.returncode == 2, result.stderr
    assert "större än gränsen 20 MB" in result.stderr
    assert "Inget har ändrats" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_csv_plan_with_a_long_note_imports_as_an_xlsx_one_does(tmp_path: Path) -> None:
    """A 150,000-character note stopped the CSV reader ("Filen kunde inte läsas (Error)")."""
    from samverkan.importing.pipeline import read_upload

    fixture = Path(__file__).parents[1] / "fixtures" / "libreoffice_plan_utf8_bom.csv"
    text = fixture.read_text("utf-8-sig").replace(
        '"Fungerar väl"', '"' + "lång text " * 15_000 + '"'
    )
    outcome = read_upload(text.encode("utf-8"), "plan.csv")
    assert not outcome.report.errors, outcome.report.errors
    assert outcome.report.activity_count > 0


@pytest.mark.parametrize("content", ["[" * 200_000, None], ids=["nested-200000-deep", "dev-zero"])
def test_a_hostile_mapping_file_is_a_usage_error(tmp_path: Path, content: str | None) -> None:
    mapping = tmp_path / "mapping.json"
    if content is not None:
        mapping.write_text(content)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan",
            "import",
            str(tmp_path / "saknas.xlsx"),
            "--mapping",
            str(mapping) if content is not None else "/dev/zero",
            "--db",
            str(tmp_path / "s.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_limited,
    )
    assert result.returncode == 2, result.stderr
    assert "går inte att läsa som JSON" in result.stderr
    assert "Traceback" not in result.stderr

"""Hostile and broken files: each is refused with a Swedish reason and the store is untouched.

Every import runs in a subprocess under a time and memory ceiling, so a bomb that got past
the guard would fail the test rather than hang or swamp the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import store_snapshot
from tests.hostile_files import HOSTILE

CEILING_SECONDS = 60
CEILING_BYTES = 1 << 30

# Words the refusal must contain (case-insensitive), so it says *why*.
REASONS = {
    "inte-xlsx-med-ratt-namn": "inte en excel",
    "png-med-xlsx-namn": "inte en excel",
    "text-utan-tabell": "inte en excel",
    "gammal-xls": "spara som",
    "tom-fil": "tom",
    "avklippt-zip": "skadad",
    "zip-utan-arbetsbok": "ingen excel",
    "tom-arbetsbok": "ingen aktivitetstabell",
    "bara-rubriker": "inga aktiviteter",
    "orelaterad-tabell": "ingen aktivitetstabell",
    "zip-bomb": "zip-bomb",
    "entitetsbomb": "doctype",
    "entitetsbomb-i-kommentar": "doctype",
    "personnummer-i-cell": "personnummer",
    "personnummer-som-tal": "personnummer",
    "samordningsnummer-i-cell": "samordningsnummer",
    "personnummer-i-kommentar": "kommentar",
    "losenordsskyddad-eller-xls": "lösenord",
}
# The cell a refusal must name, where the problem sits in one cell.
CELLS = {
    "personnummer-i-cell": 'blad "Aktivitetsplan 2024", rad 2, kolumn C',
    "personnummer-som-tal": "rad 2, kolumn A",
    "samordningsnummer-i-cell": "rad 2, kolumn H",
    "personnummer-i-kommentar": "rad 2, kolumn C",
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CEILING_BYTES * 2, CEILING_BYTES * 2))


@pytest.fixture
def populated_store(tmp_path: Path) -> Path:
    from tests.conftest import SAMPLES

    db = tmp_path / "t.duckdb"
    sample = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan",
            "import",
            str(sample),
            "--db",
            str(db),
            "--kommun",
            "Eslöv",
        ],
        check=True,
        capture_output=True,
    )
    return db


@pytest.mark.parametrize(("name", "build"), sorted(HOSTILE.items()), ids=sorted(HOSTILE))
def test_hostile_file_is_refused_and_nothing_changes(
    name: str, build: Callable[[], bytes], populated_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(build())
    before = store_snapshot(populated_store)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan",
            "import",
            str(path),
            "--db",
            str(populated_store),
            "--kommun",
            "Lund",
        ],
        capture_output=True,
        text=True,
        timeout=CEILING_SECONDS,
        preexec_fn=_limits,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Inget har ändrats" in result.stderr
    assert REASONS[name] in result.stderr.casefold()
    if name in CELLS:
        assert CELLS[name] in result.stderr
    assert store_snapshot(populated_store) == before


def test_no_kommun_anywhere_is_refused(tmp_path: Path) -> None:
    from tests.hostile_files import missing_kommun

    path = tmp_path / "plan.xlsx"
    path.write_bytes(missing_kommun())
    db = tmp_path / "t.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=CEILING_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert "--kommun" in result.stderr
    assert not db.exists()


def test_a_million_styled_empty_rows_import_their_real_row(tmp_path: Path) -> None:
    from tests.hostile_files import million_styled_rows

    path = tmp_path / "formaterad.xlsx"
    path.write_bytes(million_styled_rows())
    db = tmp_path / "t.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(db),
         "--kommun", "Lund"],
        capture_output=True, text=True, timeout=CEILING_SECONDS, preexec_fn=_limits, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 aktiviteter" in result.stdout

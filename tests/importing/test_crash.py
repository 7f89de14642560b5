"""Crash safety: an import killed (SIGKILL) at any moment leaves the store before or after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samverkan import store
from tests.conftest import SAMPLES, make_activity_row, make_plan_workbook, store_snapshot

ROWS = 4_000


@pytest.fixture(scope="module")
def large_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [
        make_activity_row(ID=f"A{i}", Aktivitet=f"Insats {i}", Slutdatum="v. 20 2024")
        for i in range(ROWS)
    ]
    path = tmp_path_factory.mktemp("crash") / "stor-plan.xlsx"
    path.write_bytes(make_plan_workbook(rows))
    return path


def counts(db: Path) -> dict[str, int]:
    with store.open_store(db) as con:
        return store.fetch_table_counts(con)


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.8, 1.0, 1.2, 1.4, 2.5])
def test_killed_import_leaves_before_or_after(
    delay: float, large_plan: Path, tmp_path: Path
) -> None:
    db = tmp_path / "t.duckdb"
    subprocess.run(
        [sys.executable, "-m", "samverkan", "import",
         str(SAMPLES / "eslov_aktivitetsplan_2022.xlsx"), "--db", str(db), "--kommun", "Eslöv"],
        check=True, capture_output=True,
    )  # fmt: skip
    before = store_snapshot(db)
    process = subprocess.Popen(
        [sys.executable, "-m", "samverkan", "import", str(large_plan), "--db", str(db),
         "--kommun", "Lund"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = counts(db)  # the store opens again, whatever happened
    if after["upload"] == 1:
        assert store_snapshot(db) == before
    else:
        assert after["upload"] == 2
        assert after["import_batch"] == 2
        assert after["activity_state"] == 8 + ROWS

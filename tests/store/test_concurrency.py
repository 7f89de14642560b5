"""Writers at the same moment and readers during a write: whole batches or a clear "försök igen".

Threads stand for the server's sessions (one process); subprocesses for the command line beside
the server (another process, which meets DuckDB's file lock). Each on both engines.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import read_upload
from samverkan.importing.pipeline import save_outcome as save_report
from samverkan.models import ImportReport, ImportSummary, PlanKind
from tests.browser import ANSWERED, launch_browser, streamlit_server, wait_until_drawn
from tests.conftest import make_activity_row, make_plan_workbook, store_snapshot


def plan(kommun_rows: int, prefix: str = "A") -> bytes:
    rows = [
        make_activity_row(
            ID=f"{prefix}{i}", Aktivitet=f"Insats {prefix}{i}", Slutdatum="v. 20 2024"
        )
        for i in range(kommun_rows)
    ]
    return make_plan_workbook(rows)


def read(data: bytes, kommun: str) -> ImportReport:
    outcome = read_upload(data, f"{kommun}.xlsx", ImportOptions(kommun=kommun))
    assert outcome.report.is_accepted, [str(i) for i in outcome.report.errors]
    return outcome.report


def stored_batches(db: str | Path) -> dict[int, tuple[int, int]]:
    """Every plan batch: (rows it says it has, activity states it really holds)."""
    with store.open_store(db) as con:
        rows = con.execute(
            "SELECT b.id, b.rows, count(s.batch_id) FROM import_batch b"
            " LEFT JOIN activity_state s ON s.batch_id = b.id WHERE b.kind = ?"
            " GROUP BY b.id, b.rows",
            [PlanKind.PLAN.value],
        ).fetchall()
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


@pytest.mark.parametrize("wait_seconds", [10.0, 0.0])
def test_two_uploads_at_the_same_moment_in_one_server(
    empty_store: str, wait_seconds: float
) -> None:
    """Two sessions press Spara together: two whole batches, or one and a StoreBusy."""
    files = {kommun: plan(800, kommun[:2]) for kommun in ("Lund", "Lomma", "Eslöv")}
    reports = {kommun: read(data, kommun) for kommun, data in files.items()}
    start = threading.Barrier(len(files))
    results: dict[str, ImportSummary | BaseException] = {}

    def upload(kommun: str) -> None:
        start.wait()
        try:
            results[kommun] = save_report(
                reports[kommun], files[kommun], db_path=empty_store, wait_seconds=wait_seconds
            )
        except BaseException as exc:
            results[kommun] = exc

    threads = [threading.Thread(target=upload, args=(k,)) for k in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    saved = [r for r in results.values() if isinstance(r, ImportSummary)]
    failed = [r for r in results.values() if not isinstance(r, ImportSummary)]
    assert all(isinstance(f, store.StoreBusy) for f in failed), failed
    assert saved
    batches = stored_batches(empty_store)
    assert sorted(batches) == sorted(b.id for s in saved for b in s.batches)
    assert all(rows == held == 800 for rows, held in batches.values())


def test_two_command_line_imports_at_the_same_moment(empty_store: str, tmp_path: Path) -> None:
    """Two processes: each exits 0, or 3 saying "försök igen"; whatever is stored is whole."""
    processes = []
    for kommun in ("Lund", "Lomma"):
        path = tmp_path / f"{kommun}.xlsx"
        path.write_bytes(plan(600, kommun[:2]))
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "samverkan",
                    "import",
                    str(path),
                    "--db",
                    str(empty_store),
                    "--kommun",
                    kommun,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outcomes = [(p.communicate(timeout=120)[1], p.returncode) for p in processes]
    for err, code in outcomes:
        assert code in (0, 3), err
        if code == 3:
            assert "försök igen" in err
    batches = stored_batches(empty_store)
    assert len(batches) == sum(code == 0 for _, code in outcomes) >= 1
    assert all(rows == held == 600 for rows, held in batches.values())


def test_readers_during_a_write_see_the_whole_plan_before_or_after(empty_store: str) -> None:
    save_report(read(plan(3), "Lund"), plan(3), db_path=empty_store)
    bigger = plan(3000)
    report = read(bigger, "Lund")
    seen: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            with store.open_store(empty_store) as con:
                [agreement] = store.fetch_agreements(con)
                seen.append(len(store.fetch_current_activities(con, agreement.id or 0)))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:  # the readers stop even when the write fails
        assert seen_within(lambda: 3 in seen)
        save_report(report, bigger, db_path=empty_store)
        assert seen_within(lambda: 3000 in seen)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert set(seen) == {3, 3000}, sorted(set(seen))


def seen_within(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Whether the condition holds within the time (checked every 10 ms)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# DuckDB only: a command beside the serving app meets DuckDB's file lock (exit 3).
@pytest.mark.browser
def test_command_line_import_and_backup_while_the_server_serves_pages(tmp_path: Path) -> None:
    """The server opens the store per page; a CLI import or backup beside it works or says
    försök igen (exit 3), and the pages keep drawing."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    db = tmp_path / "server.duckdb"
    path = tmp_path / "lund.xlsx"
    path.write_bytes(plan(2000, "L"))
    with streamlit_server(db) as url, playwright_api.sync_playwright() as p:
        browser = launch_browser(p)
        page: Any = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{url}/forsenade")
        wait_until_drawn(page)
        process = subprocess.Popen(
            [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(db),
             "--kommun", "Lund"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        loads = 0
        while process.poll() is None or loads == 0:
            page.reload()
            wait_until_drawn(page, settle_checks=1, answered=ANSWERED)
            assert "Något gick fel" not in page.inner_text("body")
            loads += 1
        out, err = process.communicate()
        assert process.returncode in (0, 3), err
        if process.returncode == 3:
            assert "försök igen" in err
        else:
            assert "2\u00a0000 aktiviteter" in out  # thousands grouped, as on the pages
            page.goto(f"{url}/forsenade?kommun=Lund")
            wait_until_drawn(page)
            assert "Lund" in page.inner_text("body")
        # A backup beside the serving app: a whole copy, or "försök igen".
        backup = tmp_path / "kopia.duckdb"
        page.goto(f"{url}/historik")
        wait_until_drawn(page)
        process = subprocess.Popen(
            [sys.executable, "-m", "samverkan", "backup", str(backup), "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while process.poll() is None:
            page.reload()
            wait_until_drawn(page, settle_checks=1, answered=ANSWERED)
        _, err = process.communicate()
        assert process.returncode in (0, 3), err
        browser.close()
    if backup.exists():
        assert store_snapshot(backup) == store_snapshot(db)
    assert all(rows == held for rows, held in stored_batches(db).values())

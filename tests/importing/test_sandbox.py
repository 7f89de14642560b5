"""The child process an upload is read in: whatever it does, the caller gets a value.

Each way a reader can end (abort, MemoryError, a hang, a CPU loop, a kill, an exception) is
a small function run in the child here; the tests process itself never dies. Then the
import's own paths: the page's read_upload and the command line's import_workbook go
through the same child, and a 20,000-row plan's result comes back through the pipe.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from samverkan.excel.guard import RefusedFile
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook, read_upload
from samverkan.importing.sandbox import (
    SandboxFailure,
    SandboxLimits,
    busy_children,
    run_sandboxed,
    sandbox_limits,
)
from tests.conftest import store_snapshot
from tests.hostile_files import string_amplification

SMALL = SandboxLimits(memory_bytes=512 * 1024 * 1024, seconds=5)


def add(a: int, b: int) -> int:
    return a + b


def abort() -> None:
    os.abort()  # as calamine does when an allocation fails


def run_out_of_memory() -> bytes:
    return b"x" * (2 * 1024 * 1024 * 1024)


def sleep_forever() -> None:
    time.sleep(3600)


def spin_forever() -> None:
    while True:
        pass


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def refuse() -> None:
    raise RefusedFile("Filen är inte en arbetsbok.")


def nap(seconds: float) -> str:
    time.sleep(seconds)
    return "vaken"


def print_and_return() -> str:
    print("noise on stdout")
    return "svar"


@pytest.mark.parametrize(
    ("function", "cause", "words"),
    [
        (abort, "memory", "mer minne än gränsen 512 MB"),
        (run_out_of_memory, "memory", "mer minne än gränsen 512 MB"),
        (sleep_forever, "time", "längre tid än gränsen 5 sekunder"),
        (spin_forever, "time", "längre tid än gränsen 5 sekunder"),
        (kill_self, "memory", "mer minne än gränsen"),
    ],
    ids=["abort", "MemoryError", "hang", "cpu-loop", "killed"],
)
def test_a_child_that_dies_is_a_swedish_failure(
    function: Callable[[], Any], cause: str, words: str
) -> None:
    started = time.monotonic()
    with pytest.raises(SandboxFailure) as failure:
        run_sandboxed(function, limits=SMALL)
    assert failure.value.cause == cause
    assert words in failure.value.message
    assert time.monotonic() - started < SMALL.seconds + 30


def test_result_and_exceptions_come_back_as_they_were() -> None:
    assert run_sandboxed(add, 2, 3, limits=SMALL) == 5
    assert run_sandboxed(print_and_return, limits=SMALL) == "svar"
    with pytest.raises(RefusedFile, match="inte en arbetsbok"):
        run_sandboxed(refuse, limits=SMALL)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, SandboxLimits(1536 * 1024 * 1024, 60)),
        (
            {"SAMVERKAN_IMPORT_MEMORY_MB": "800", "SAMVERKAN_IMPORT_SECONDS": "20"},
            SandboxLimits(800 * 1024 * 1024, 20),
        ),
        ({"SAMVERKAN_IMPORT_PARALLEL": "4"}, SandboxLimits(1536 * 1024 * 1024, 60, parallel=4)),
        ({"SAMVERKAN_IMPORT_PARALLEL": "0"}, SandboxLimits(1536 * 1024 * 1024, 60, parallel=2)),
        (
            {"SAMVERKAN_IMPORT_MEMORY_MB": "mycket", "SAMVERKAN_IMPORT_SECONDS": "-1"},
            SandboxLimits(1536 * 1024 * 1024, 60),
        ),
    ],
    ids=["defaults", "set", "nonsense-falls-back", "parallel", "parallel-zero-falls-back"],
)
def test_limits_come_from_the_environment(
    env: dict[str, str], expected: SandboxLimits, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "SAMVERKAN_IMPORT_MEMORY_MB",
        "SAMVERKAN_IMPORT_SECONDS",
        "SAMVERKAN_IMPORT_PARALLEL",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert sandbox_limits() == expected


def test_the_page_path_refuses_a_file_that_kills_its_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAMVERKAN_IMPORT_MEMORY_MB", "1024")
    outcome = read_upload(string_amplification(), "plan.xlsx")
    (error,) = outcome.report.errors
    assert "mer minne än gränsen 1\u00a0024 MB" in error.message
    assert outcome.summary is None


def test_the_command_line_path_refuses_it_too_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMVERKAN_IMPORT_MEMORY_MB", "1024")
    db = tmp_path / "t.duckdb"
    outcome = import_workbook(
        string_amplification(), "plan.xlsx", db_path=db, options=ImportOptions(kommun="Lund")
    )
    assert outcome.summary is None
    assert "mer minne än gränsen" in outcome.report.errors[0].message
    assert store_snapshot(db) == {"exists": False}


def test_a_20000_row_plan_comes_back_whole(tmp_path: Path) -> None:
    from bench.import_bench import make_plan

    outcome = import_workbook(
        make_plan(20_000, colours=True),
        "plan.xlsx",
        db_path=tmp_path / "t.duckdb",
        options=ImportOptions(kommun="Burlöv"),
    )
    assert outcome.summary is not None
    assert outcome.report.activity_count == 20_000
    assert {a.assessment for a in outcome.report.agreements[0].activities} == {
        "Grön",
        "Gul",
        "Röd",
    }


def wait_for_busy_children(count: int) -> None:
    deadline = time.monotonic() + 60
    while busy_children() != count:
        assert time.monotonic() < deadline, f"never {count} busy children"
        time.sleep(0.01)


def test_at_most_parallel_children_read_at_once_and_the_next_is_told_to_try_again() -> None:
    """Ten uploads at once cannot take ten times the memory limit: the one over waits, then
    hears "försök igen"; one that waits long enough gets the slot when it frees."""
    one = replace(SMALL, parallel=1, queue_seconds=0.2)
    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(run_sandboxed(nap, 3.0, limits=one)))
    first.start()
    wait_for_busy_children(1)
    with pytest.raises(SandboxFailure) as failure:
        run_sandboxed(add, 1, 2, limits=one)  # the slot is held for 3 s at least
    assert failure.value.cause == "busy"
    assert "Försök igen om en stund" in failure.value.message
    assert run_sandboxed(add, 1, 2, limits=replace(one, queue_seconds=120)) == 3
    first.join(timeout=120)
    assert results == ["vaken"]
    wait_for_busy_children(0)

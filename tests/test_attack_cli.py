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

"""Store benchmark: the time of store.save_import alone, for a national and a one-kommun file.

The national file is one sheet with a Kommun column (70 rows for each of the 290 kommuner:
20,300 rows); the one-kommun file is bench/import_bench.py's 20,000-row plan. Each is read
once (not timed), then saved `--repeat` times: into a new store ("ny databas") and, as the
next version of the same file, into the store that holds the first ("igen"). The medians,
and the fastest run in brackets (a shared machine's noise only ever adds time).

    .venv/bin/python bench/save_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import HEADERS, make_plan  # noqa: E402

from samverkan import store  # noqa: E402
from samverkan.confidentiality import carry_confidential_marks  # noqa: E402
from samverkan.excel.plan import ImportOptions  # noqa: E402
from samverkan.importing.reading import read_plan  # noqa: E402
from samverkan.kommuner import KOMMUNER  # noqa: E402
from samverkan.models import ImportReport  # noqa: E402

ROWS_PER_KOMMUN = 70


def make_national_plan(kommuner: int) -> bytes:
    """One sheet, a Kommun column, ROWS_PER_KOMMUN activities per kommun."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Aktivitetsplan 2024")
    sheet.append(["Kommun", *HEADERS[:4], "Slutdatum", "Status"])
    for kommun in KOMMUNER[:kommuner]:
        for i in range(ROWS_PER_KOMMUN):
            sheet.append(
                [
                    kommun,
                    f"A{i + 1}",
                    f"Fokusområde {i % 4 + 1}",
                    f"Insats {i + 1} i {kommun}",
                    ("Kommun", "Polis", "Gemensam")[i % 3],
                    dt.date(2024, 1, 1) + dt.timedelta(days=i * 5),
                    ("Pågår", "Klar", "Ej påbörjad")[i % 3],
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save(db: Path, report: ImportReport, original: bytes) -> float:
    """Seconds spent in store.save_import (the store opened before, closed after)."""
    with store.open_store(db) as con:
        start = time.perf_counter()
        summary = store.save_import(
            con, report, original, uploaded_by="bench", carry_marks=carry_confidential_marks
        )
        seconds = time.perf_counter() - start
    assert not summary.already_imported
    return seconds


def measure(report: ImportReport, repeat: int) -> tuple[float, float, float, float]:
    """Median and fastest seconds of a save into a new store, and of the next version into it."""
    fresh, again = [], []
    for number in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "bench.duckdb"
            fresh.append(save(db, report, f"första {number}".encode()))
            again.append(save(db, report, f"andra {number}".encode()))
    return statistics.median(fresh), min(fresh), statistics.median(again), min(again)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--kommuner", type=int, default=290)
    args = parser.parse_args()
    files = (
        (
            f"{args.kommuner} kommuner, Kommun-kolumn",
            read_plan(make_national_plan(args.kommuner), "riket.xlsx"),
        ),
        (
            "en kommun, 20000 rader",
            read_plan(make_plan(20_000, colours=False), "plan.xlsx", ImportOptions(kommun="Lund")),
        ),
    )
    print(f"{'fil':<32}{'rader':>7}{'avtal':>7}{'ny databas (s)':>22}{'igen (s)':>18}")
    for label, report in files:
        assert report.is_accepted, [str(i) for i in report.errors[:3]]
        fresh, fastest, again, fastest_again = measure(report, args.repeat)
        print(
            f"{label:<32}{report.activity_count:>7}{len(report.agreements):>7}"
            f"{fresh:>13.3f} ({fastest:.3f}){again:>9.3f} ({fastest_again:.3f})"
        )


if __name__ == "__main__":
    main()

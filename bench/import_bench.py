"""Import benchmark: `samverkan import` as a whole process ÷ a process that reads the file raw.

Each side is a fresh process, measured from start to exit: ours imports the file through
the one entry point (importing.import_workbook: guard, the read in a child process, parse,
validate, store into an existing DuckDB file); the floor loads the same libraries and reads
the same file's values with python-calamine, nothing else. Both are run side by side in one
run, interleaved, so machine noise hits both alike; the figure is the ratio of medians. Each
import is also split into its reading (the preview: import_workbook with save=False, which
includes the child) and its save, and each process reports its peak memory (ours: the larger
of the process and its reading child).

Files: a 20,000-row plan with text statuses and assessments, the same with the assessment only
as a fill colour, the national file (one sheet with a Kommun column, 290 kommuner × 70 rows:
bench/make_national.py) and a 300-row plan, what a coordinator actually uploads.

With `--postgresql` (issue 20) each import is also run into PostgreSQL, interleaved with the
same import into DuckDB and the raw read, each into a store of its own made for the case: the
ratio is PostgreSQL's process (and its save) ÷ DuckDB's.

    .venv/bin/python bench/import_bench.py [--rows 20000] [--repeat 5]
    .venv/bin/python bench/import_bench.py --postgresql temp   # or postgresql://… (see
                                                               # bench/postgres_server.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = (
    "ID", "Fokusområde", "Aktivitet", "Ansvarig part", "Ansvarig", "Start", "Slutdatum",
    "Genomförd datum", "Uppföljning senast", "Status", "Bedömning", "Kommentar",
)  # fmt: skip
STATUSES = ("Pågår", "Klar", "Ej påbörjad", "Pågår", "Stående", "Pågår")
PARTIES = ("Kommun", "Polis", "Gemensam", "Bostadsbolaget")
# Status goes with the due date: the "löpande" row is Stående, as a coordinator writes it.
DUES = (dt.date(2024, 5, 31), "v. 20 2024", "Q3 2024", "maj 2024", "löpande", "HT 2024")
FILLS = {"Grön": "FF00B050", "Gul": "FFFFC000", "Röd": "FFFF0000"}


def make_plan(rows: int, *, colours: bool) -> bytes:
    """A plan of `rows` activities; with `colours` the Bedömning is only a fill colour."""
    # Only the benchmark's parent writes files: the measured processes never load openpyxl.
    import openpyxl
    from openpyxl.styles import PatternFill

    fills = {name: PatternFill("solid", fgColor=colour) for name, colour in FILLS.items()}
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Aktivitetsplan 2024")
    sheet.append(list(HEADERS))
    for i in range(rows):
        assessment = ("Grön", "Gul", "Röd")[i % 3]
        values: list[object] = [
            f"A{i + 1}",
            f"Fokusområde {i % 7 + 1}",
            f"Aktivitet nummer {i + 1} i planen",
            PARTIES[i % 4],
            f"Handläggare {i % 40}",
            dt.date(2024, 1, 1) + dt.timedelta(days=i % 90),
            DUES[i % len(DUES)],
            dt.date(2024, 4, 1) if i % 5 == 1 else None,
            dt.date(2024, 8, 1) if i % 5 == 1 else None,
            STATUSES[i % len(DUES)],
            None if colours else assessment,
            "Kommentar om läget" if i % 3 else None,
        ]
        if colours:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=None)
            cell.fill = fills[assessment]
            values[10] = cell
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def raw_calamine_read(data: bytes) -> int:
    """The floor: calamine reads every sheet's values and nothing else."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = 0
    for name in workbook.sheet_names:
        cells += sum(len(r) for r in workbook.get_sheet_by_name(name).to_python())
    return cells


def variant(data: bytes, number: int) -> bytes:
    """The same workbook with another zip comment: new bytes, so the store takes it as new."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"variant {number}".encode()
    return buffer.getvalue()


def _own_peak_mb() -> float:
    """VmHWM: this process's peak RSS (ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(what: str, plan: Path, db: str, kommun: str | None) -> None:
    """One whole process: the import (ours) or the raw read, its figures as JSON on stdout."""
    # Both load the same libraries: the import's entry point, the store and the readers.
    from samverkan.excel.plan import ImportOptions
    from samverkan.importing.pipeline import import_workbook, save_outcome

    loaded = time.perf_counter()
    data = plan.read_bytes()
    figures: dict[str, float] = {}
    if what == "import":
        outcome = import_workbook(
            data, plan.name, db_path=db, options=ImportOptions(kommun=kommun), save=False
        )
        read = time.perf_counter()
        assert outcome.report.is_accepted, [str(i) for i in outcome.report.errors[:3]]
        summary = save_outcome(outcome, data, db_path=db, uploaded_by="bench")
        assert not summary.already_imported
        figures = {"read": read - loaded, "save": time.perf_counter() - read}
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        figures["child_mb"] = children
    else:
        raw_calamine_read(data)
        figures = {"read": time.perf_counter() - loaded}
    figures["peak_mb"] = _own_peak_mb()
    print(json.dumps(figures))


def run_process(what: str, plan: Path, db: Path | str, kommun: str | None) -> dict[str, float]:
    """A fresh process doing one import (or one raw read), timed from start to exit."""
    command = [sys.executable, __file__, "--child", what, "--file", str(plan), "--db", str(db)]
    if kommun:
        command += ["--kommun", kommun]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{what} into {db} failed:\n{result.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - start
    return figures


def measure(
    label: str, data: bytes, kommun: str | None, repeat: int, postgres: str | None = None
) -> dict[str, float]:
    """Medians of `repeat` interleaved runs of both processes, on new bytes each time.

    With `postgres` (a fresh database's address) the import into it is a third process in
    each round, and its figures come back as pg_*.
    """
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        plan = Path(folder) / "plan.xlsx"
        plan.write_bytes(variant(data, 0))
        run_process("import", plan, db, kommun)  # the store now exists, as on a server
        if postgres:
            run_process("import", plan, postgres, kommun)
        ours: list[dict[str, float]] = []
        floor: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        for number in range(1, repeat + 1):
            plan.write_bytes(variant(data, number))
            floor.append(run_process("raw", plan, db, kommun))
            ours.append(run_process("import", plan, db, kommun))
            if postgres:
                theirs.append(run_process("import", plan, postgres, kommun))

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    figures = {
        "ours": median(ours, "process"),
        "floor": median(floor, "process"),
        "read": median(ours, "read"),
        "save": median(ours, "save"),
        "raw_read": median(floor, "read"),
        "peak": max(median(ours, "peak_mb"), median(ours, "child_mb")),
        "raw_peak": median(floor, "peak_mb"),
        "size": len(data) / 1e6,
    }
    if theirs:
        figures |= {
            "pg": median(theirs, "process"),
            "pg_read": median(theirs, "read"),
            "pg_save": median(theirs, "save"),
            "pg_peak": max(median(theirs, "peak_mb"), median(theirs, "child_mb")),
        }
    return figures


def compare_engines(cases: list[tuple[str, bytes, str | None, float | None]], repeat: int,
                    server_address: str) -> None:  # fmt: skip
    """Each import into PostgreSQL ÷ the same into DuckDB, beside the raw read."""
    from bench.postgres_server import fresh_database, postgres_server

    print(
        f"{'fil':<38}{'PG (s)':>8}{'Duck (s)':>9}{'ratio':>7}{'raw (s)':>8}"
        f"{'PG save':>9}{'Duck save':>10}{'ratio':>7}{'PG MB':>7}{'Duck MB':>8}"
    )
    with postgres_server(server_address) as server:
        for label, data, kommun, _goal in cases:
            with fresh_database(server, "import") as pg:
                m = measure(label, data, kommun, repeat, postgres=pg)
            name = f"{label} ({m['size']:.1f} MB)"
            print(
                f"{name:<38}{m['pg']:>8.2f}{m['ours']:>9.2f}{m['pg'] / m['ours']:>7.2f}"
                f"{m['floor']:>8.2f}{m['pg_save']:>9.2f}{m['save']:>10.2f}"
                f"{m['pg_save'] / m['save']:>7.2f}{m['pg_peak']:>7.0f}{m['peak']:>8.0f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=("import", "raw"))
    parser.add_argument("--file", type=Path)
    parser.add_argument("--db")
    parser.add_argument("--kommun")
    parser.add_argument(
        "--postgresql",
        metavar="ADRESS",
        help="also into PostgreSQL: a server (postgresql://…, a role that may create databases) "
        "or 'temp' for a throwaway one",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.db, args.kommun)
        return
    from bench.make_national import make_national_file

    cases: list[tuple[str, bytes, str | None, float | None]] = [
        (f"{args.rows} rader, text", make_plan(args.rows, colours=False), "Burlöv", 1.5),
        (f"{args.rows} rader, färg", make_plan(args.rows, colours=True), "Burlöv", 3.0),
        ("290 kommuner, 20 300 rader", make_national_file(), None, 2.0),
        ("300 rader, text", make_plan(300, colours=False), "Burlöv", None),
    ]
    if args.postgresql:
        compare_engines(cases, args.repeat, args.postgresql)
        return
    print(
        f"{'fil':<30}{'ours (s)':>9}{'raw (s)':>9}{'ratio':>7}{'goal':>6}"
        f"{'read':>7}{'save':>7}{'raw read':>9}{'peak MB':>9}{'raw MB':>8}{'ratio':>7}"
    )
    for label, data, kommun, goal in cases:
        m = measure(label, data, kommun, args.repeat)
        goal_text = f"≤{goal}" if goal else "–"
        name = f"{label} ({m['size']:.1f} MB)"
        print(
            f"{name:<30}{m['ours']:>9.2f}{m['floor']:>9.2f}"
            f"{m['ours'] / m['floor']:>7.2f}{goal_text:>6}{m['read']:>7.2f}{m['save']:>7.2f}"
            f"{m['raw_read']:>9.2f}{m['peak']:>9.0f}{m['raw_peak']:>8.0f}"
            f"{m['peak'] / m['raw_peak']:>7.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

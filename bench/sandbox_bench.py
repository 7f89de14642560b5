"""What reading an upload in a child process costs: sandboxed read against the same read in-process.

For a small plan (Eslöv's sample) and a 20,000-row plan: the guard (in the parent, as
always), then read_upload (the child: start, send, read, return the pickled outcome) against
the same reading run in this process; cold (a new child per file, as the command line) and
warm (a spare child started ahead, as the server keeps one). Also a child that does
nothing, the start-up floor.

    .venv/bin/python bench/sandbox_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import make_plan  # noqa: E402
from samverkan.excel.guard import guard_spreadsheet  # noqa: E402
from samverkan.excel.plan import ImportOptions  # noqa: E402
from samverkan.importing.pipeline import read_upload  # noqa: E402
from samverkan.importing.reading import read_guarded_file  # noqa: E402
from samverkan.importing.sandbox import keep_spare_child, run_sandboxed, sandbox_limits  # noqa: E402


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_seconds(work: Callable[[], object], repeat: int) -> float:
    """Like median_seconds, with a spare child started ahead and given time to import."""
    keep_spare_child()
    times = []
    for _ in range(repeat):
        time.sleep(3)  # as between two uploads: the spare's imports are done
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    keep_spare_child(False)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    options = ImportOptions(kommun="Burlöv")
    # The child's floor: start, import the package, answer (with its own limits).
    floor = median_seconds(lambda: run_sandboxed(sandbox_limits), args.repeat)
    print(f"child that does nothing: {floor:.3f} s")
    print(f"{'file':<27}{'guard':>7}{'in-process':>11}{'cold':>7}{'warm':>7}  overhead cold/warm")
    files = {
        "Eslöv (7 kB)": (ROOT / "tests/samples/eslov_aktivitetsplan_2022.xlsx").read_bytes(),
        "20 000 rader, färg (1 MB)": make_plan(20_000, colours=True),
    }
    for label, data in files.items():
        guard = median_seconds(lambda d=data: guard_spreadsheet(d), args.repeat)
        guarded = guard_spreadsheet(data)
        inside = guard + median_seconds(
            lambda g=guarded: read_guarded_file(g, "plan.xlsx", options, {}), args.repeat
        )
        cold = median_seconds(lambda d=data: read_upload(d, "plan.xlsx", options), args.repeat)
        warm = warm_seconds(lambda d=data: read_upload(d, "plan.xlsx", options), args.repeat)
        size = len(pickle.dumps(read_guarded_file(guarded, "plan.xlsx", options, {}))) / 1e6
        print(
            f"{label:<27}{guard:>7.3f}{inside:>11.3f}{cold:>7.3f}{warm:>7.3f}"
            f"  {cold - inside:.3f}/{warm - inside:.3f} s (result {size:.1f} MB pickled)"
        )


if __name__ == "__main__":
    main()

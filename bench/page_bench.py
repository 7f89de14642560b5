"""Page benchmark: each page's script run on the national store ÷ the same page on the demo.

Every page of app.py's navigation is run as a script (Streamlit's AppTest, the same run a
browser's visit causes, without the browser) for the kommun Burlöv, which both stores hold:
the demo with its one agreement, the national store (bench/make_national.py) with 1,160
agreements, 9,280 uploads, about 650,000 activity states and 36,540 survey values beside it.
Cold is a run after every cache is cleared (the first visit after an upload); warm is the
next run (a click). The two stores are measured interleaved in one process, so machine noise
hits both alike; each figure is a median. Goals (issue 8): warm ≤ 1.2, cold ≤ 2. The last
column is the national store's warm run in seconds, what a click costs in script whatever
the ratio: goal (issue 15) ≤ 0.25 s, as the quick pages take. The app runs in local mode, as
scripts/run starts it (a served app without users shows only how to add the first admin).

Then Jämförelse (issue 18) over the whole national store against the same page over LPO
Kävlinge's three kommuner (a small store: the demo's Burlöv, and Kävlinge and Lomma made as the
national store makes a kommun), both judged on COMPARISON_DAY, when every kommun's 2025 plan is
in force: the rows come from a few set-based queries, so the ratio is what a thousand rows cost
to draw, not a thousand loads.

With `--postgresql` (issue 20) it compares the engines instead: the national store copied into
a fresh PostgreSQL database, each page (and Jämförelse over the whole store) run on it and on the
DuckDB file it came from, interleaved; the ratio is PostgreSQL's seconds ÷ DuckDB's.

    .venv/bin/python bench/make_national.py          # once, about 7 minutes
    .venv/bin/python bench/page_bench.py [--repeat 5] [--national bench/national.duckdb]
    .venv/bin/python bench/page_bench.py --postgresql temp   # or postgresql://… (see
                                                             # bench/postgres_server.py)
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samverkan import store  # noqa: E402
from samverkan.demo import ensure_demo  # noqa: E402
from samverkan.web.shell import UNEXPECTED_ERROR  # noqa: E402

KOMMUN = "Burlöv"
WARM_GOAL = 1.2
COLD_GOAL = 2.0
CLICK_GOAL_S = 0.25
# What a run shows instead of the page when it may not (samverkan/web/shell.py, auth.py).
NOT_THE_PAGE = ("Samverkan behöver en första administratör", "Samverkan visas bara", "Logga in")


def pages() -> list[str]:
    """The pages of app.py's navigation, in menu order."""
    return re.findall(r'"(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def run_page(
    page: str,
    db: Path | str,
    *,
    cold: bool,
    app: AppTest | None = None,
    query: dict[str, str] | None = None,
) -> tuple[float, AppTest]:
    """One script run of `page` on `db`; returns its seconds and the AppTest to rerun warm."""
    os.environ["SAMVERKAN_DB"] = str(db)
    if cold or app is None:
        st.cache_data.clear()
        st.cache_resource.clear()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for name, value in (query or {"kommun": KOMMUN}).items():
            app.query_params[name] = value
        app.run()  # the first run leaves AppTest's folder mode (see tests/web/test_app.py)
        st.cache_data.clear()
        st.cache_resource.clear()
        start = time.perf_counter()
        app.switch_page(page).run()
    else:
        start = time.perf_counter()
        app.run()
    seconds = time.perf_counter() - start
    name = db.name if isinstance(db, Path) else "PostgreSQL"
    if app.exception:
        raise RuntimeError(f"{page} on {name}: {app.exception[0].message}")
    if app.title and app.title[0].value.startswith(NOT_THE_PAGE):
        raise RuntimeError(f"{page} on {name} showed {app.title[0].value!r}, not the page")
    # A page's own failure is a Swedish sentence on it, not an exception (errors_as_sentences).
    failed = [e.value for e in app.error if e.value in (UNEXPECTED_ERROR, store.BUSY_MESSAGE)]
    if failed:
        raise RuntimeError(f"{page} on {name} failed: {failed[0]!r} (see the log above)")
    return seconds, app


def measure(
    page: str,
    national: Path | str,
    demo: Path | str,
    repeat: int,
    query: dict[str, str] | None = None,
) -> dict[str, float]:
    """Medians of `repeat` interleaved cold and warm runs on both stores (n: the first)."""
    timings: dict[str, list[float]] = {"nc": [], "dc": [], "nw": [], "dw": []}
    for _ in range(repeat):
        # Warm follows its own cold run: clearing the caches for the other store would cool it.
        seconds, app = run_page(page, national, cold=True, query=query)
        timings["nc"].append(seconds)
        timings["nw"].append(run_page(page, national, cold=False, app=app)[0])
        seconds, app = run_page(page, demo, cold=True, query=query)
        timings["dc"].append(seconds)
        timings["dw"].append(run_page(page, demo, cold=False, app=app)[0])
    return {k: statistics.median(v) for k, v in timings.items()}


COMPARISON_PAGE = "pages/jamforelse.py"
COMPARISON_DAY = "2025-06-01"
LPO = "Kävlinge"


def make_lpo_store(path: Path) -> None:
    """The demo's Burlöv, and Kävlinge and Lomma's 2025 plans (8 uploads each) in LPO Kävlinge."""
    import datetime as dt
    import random

    from bench.make_national import UPLOADS, plan
    from samverkan.confidentiality import carry_confidential_marks

    ensure_demo(path)
    rng = random.Random(2026)
    with store.open_store(path) as con:
        for kommun in ("Kävlinge", "Lomma"):
            for upload in range(UPLOADS):
                report = plan(kommun, 2025, upload, rng)
                report.agreements[:] = [
                    p.model_copy(update={"agreement": p.agreement.model_copy(update={"lpo": LPO})})
                    for p in report.agreements
                ]
                store.save_import(
                    con,
                    report,
                    f"{kommun}/{upload}".encode(),
                    uploaded_by="bench",
                    carry_marks=carry_confidential_marks,
                    uploaded_at=dt.datetime(2025, 1, 15) + dt.timedelta(days=45 * upload),
                )


def measure_comparison(national: Path, lpo_store: Path, repeat: int) -> dict[str, float]:
    """Jämförelse over the whole national store and over the LPO's three, interleaved."""
    whole = {"dag": COMPARISON_DAY}
    three = {"dag": COMPARISON_DAY, "lpo": LPO}
    timings: dict[str, list[float]] = {"nc": [], "dc": [], "nw": [], "dw": []}
    for _ in range(repeat):
        seconds, app = run_page(COMPARISON_PAGE, national, cold=True, query=whole)
        timings["nc"].append(seconds)
        timings["nw"].append(run_page(COMPARISON_PAGE, national, cold=False, app=app)[0])
        seconds, app = run_page(COMPARISON_PAGE, lpo_store, cold=True, query=three)
        timings["dc"].append(seconds)
        timings["dw"].append(run_page(COMPARISON_PAGE, lpo_store, cold=False, app=app)[0])
    rows = app.dataframe[0].value if app.dataframe else None
    if rows is None or len(rows) != 3:
        raise RuntimeError("Jämförelse over the LPO did not show its three agreements")
    return {k: statistics.median(v) for k, v in timings.items()}


def compare_engines(national: Path, server_address: str, repeat: int) -> None:
    """Each page on the national store in PostgreSQL ÷ the same on its DuckDB file."""
    from bench.postgres_server import copy_into, fresh_database, postgres_server

    with postgres_server(server_address) as server, fresh_database(server, "pages") as pg:
        seconds = copy_into(national, pg)
        print(f"the national store copied into PostgreSQL in {seconds:.0f} s")
        print(f"{'page':<28}{'PG cold':>9}{'Duck cold':>11}{'ratio':>7}"
              f"{'PG warm':>10}{'Duck warm':>11}{'ratio':>7}")  # fmt: skip
        cases = [(page, None) for page in pages()]
        cases.append((COMPARISON_PAGE, {"dag": COMPARISON_DAY}))
        worst_cold = worst_warm = 0.0
        for page, query in cases:
            t = measure(page, pg, national, repeat, query=query)
            cold, warm = t["nc"] / t["dc"], t["nw"] / t["dw"]
            worst_cold, worst_warm = max(worst_cold, cold), max(worst_warm, warm)
            label = page if query is None else f"{page} (all)"
            print(f"{label:<28}{t['nc']:>8.3f}s{t['dc']:>10.3f}s{cold:>7.2f}"
                  f"{t['nw']:>9.3f}s{t['dw']:>10.3f}s{warm:>7.2f}", flush=True)  # fmt: skip
        print(f"PostgreSQL ÷ DuckDB, worst page: cold {worst_cold:.2f}, warm {worst_warm:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--national", type=Path, default=ROOT / "bench" / "national.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--only-comparison", action="store_true", help="only Jämförelse, national against LPO"
    )
    parser.add_argument(
        "--postgresql",
        metavar="ADRESS",
        help="compare the engines: a PostgreSQL server (postgresql://…, a role that may create "
        "databases) or 'temp' for a throwaway one",
    )
    args = parser.parse_args()
    if not args.national.exists():
        sys.exit(f"{args.national} saknas: kör först .venv/bin/python bench/make_national.py")
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)  # AppTest's bare-mode chatter ("No runtime found")
    os.environ["SAMVERKAN_DEMO"] = "0"
    os.environ["SAMVERKAN_LOCAL"] = "1"
    if args.postgresql:
        compare_engines(args.national, args.postgresql, args.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.duckdb"
        ensure_demo(demo)
        print(f"{'page':<28}{'national cold':>14}{'demo cold':>11}{'ratio':>7}{'goal':>6}"
              f"{'national warm':>15}{'demo warm':>11}{'ratio':>7}{'goal':>6}"
              f"{'s/click':>9}{'goal':>6}")  # fmt: skip
        worst_cold = worst_warm = slowest_click = 0.0
        for page in [] if args.only_comparison else pages():
            t = measure(page, args.national, demo, args.repeat)
            cold, warm = t["nc"] / t["dc"], t["nw"] / t["dw"]
            worst_cold, worst_warm = max(worst_cold, cold), max(worst_warm, warm)
            slowest_click = max(slowest_click, t["nw"])
            print(f"{page:<28}{t['nc']:>13.3f}s{t['dc']:>10.3f}s{cold:>7.2f}{COLD_GOAL:>6.1f}"
                  f"{t['nw']:>14.3f}s{t['dw']:>10.3f}s{warm:>7.2f}{WARM_GOAL:>6.1f}"
                  f"{t['nw']:>8.3f}s{CLICK_GOAL_S:>6.2f}")  # fmt: skip
        print(f"worst ratio: cold {worst_cold:.2f} (goal ≤ {COLD_GOAL}), "
              f"warm {worst_warm:.2f} (goal ≤ {WARM_GOAL}); "
              f"slowest click {slowest_click:.3f} s (goal ≤ {CLICK_GOAL_S} s)")  # fmt: skip
        lpo_store = Path(folder) / "lpo.duckdb"
        make_lpo_store(lpo_store)
        t = measure_comparison(args.national, lpo_store, args.repeat)
        print(f"\nJämförelse on {COMPARISON_DAY}: the whole national store ÷ LPO {LPO}'s three")
        print(f"{'':<28}{'national cold':>14}{'LPO cold':>11}{'ratio':>7}{'goal':>6}"
              f"{'national warm':>15}{'LPO warm':>11}{'ratio':>7}{'goal':>6}")  # fmt: skip
        print(f"{COMPARISON_PAGE:<28}{t['nc']:>13.3f}s{t['dc']:>10.3f}s{t['nc'] / t['dc']:>7.2f}"
              f"{COLD_GOAL:>6.1f}{t['nw']:>14.3f}s{t['dw']:>10.3f}s{t['nw'] / t['dw']:>7.2f}"
              f"{WARM_GOAL:>6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Browser benchmark: Översikt drawn in Chromium, ten viewers at once, and the server's memory.

Three figures, each measured side by side in one run:

- **Browser**: from navigation until Översikt is fully drawn (script state notRunning, its
  chart present) on the national store, ÷ the same for a bare Streamlit page (one line of
  text). Goal ≤ 2.
- **Many viewers**: 10 browser sessions open Översikt, then Försenade åtaganden, at once,
  against one server; every one must draw completely. The median and the slowest session as
  ratios to one session alone doing the same. The server is pinned to CPU 0 and the browsers
  to CPU 1 (sched_setaffinity, as `taskset` does), so clients do not eat the server's time.
- **Memory**: the server's peak RSS (VmHWM) after all of that on the national store ÷ a bare
  Streamlit server's after its page was opened as many times.

With `--postgresql` (issue 20) it measures several app servers instead: the national store
copied into PostgreSQL, two app servers on it, and the same ten viewers all on one server
against five on each, interleaved, nothing pinned (two servers can use both cores, which the
browsers need too: on a 2-core machine that is the honest comparison).

    .venv/bin/python bench/make_national.py             # once
    .venv/bin/python bench/browser_bench.py [--viewers 10] [--repeat 5]
    .venv/bin/python bench/browser_bench.py --postgresql temp [--viewers 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samverkan.demo import ensure_demo  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, READY, free_port  # noqa: E402

CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
BARE_APP = 'import streamlit as st\n\nst.title("Hej")\nst.write("En tom sida.")\n'
SERVER_CPU, CLIENT_CPU = {0}, {1}
# The app in local mode, as scripts/run starts it: a served app on a store without users shows
# only how to add the first admin, not the pages measured here.
LOCAL = {"SAMVERKAN_DEMO": "0", "SAMVERKAN_LOCAL": "1"}


@contextlib.contextmanager
def server(script: Path, env: dict[str, str], *, pin: bool = True) -> Iterator[tuple[str, int]]:
    """`streamlit run script` on a free port, pinned to CPU 0 (unless not `pin`); yields its
    URL and PID."""
    port = free_port()
    pinned = SERVER_CPU if len(os.sched_getaffinity(0)) > 1 and pin else os.sched_getaffinity(0)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.sched_setaffinity(process.pid, pinned)  # before Python has started its threads
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script.name} did not start") from None
            time.sleep(0.3)
    try:
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


async def open_drawn(browser: Browser, url: str, wait_for: str) -> float:
    """Seconds from navigation in a fresh session until the page is drawn (and `wait_for`)."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=180_000, wait_until="commit")
    await page.wait_for_selector(wait_for, timeout=120_000)
    await page.wait_for_selector(READY, timeout=120_000)
    seconds = time.perf_counter() - start
    await context.close()
    return seconds


async def meeting_viewer(browser: Browser, url: str) -> float:
    """One viewer: Översikt with its chart, then Försenade åtaganden, both fully drawn."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(f"{url}/?kommun=Burlöv", timeout=180_000, wait_until="commit")
    await page.wait_for_selector(CHART, timeout=120_000)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.goto(f"{url}/forsenade?kommun=Burlöv", timeout=180_000, wait_until="commit")
    await page.wait_for_selector("h1:has-text('Försenade')", timeout=120_000)
    await page.wait_for_selector("[data-testid='stTable']", timeout=120_000)
    await page.wait_for_selector(READY, timeout=120_000)
    seconds = time.perf_counter() - start
    await context.close()
    return seconds


async def measure(national: Path, viewers: int, repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        demo = Path(folder) / "demo.duckdb"
        ensure_demo(demo)
        env = {"SAMVERKAN_DB": str(national), **LOCAL}
        demo_env = {"SAMVERKAN_DB": str(demo), **LOCAL}
        with (
            server(ROOT / "app.py", env) as (app_url, app_pid),
            server(ROOT / "app.py", demo_env) as (demo_url, demo_pid),
            server(bare, {}) as (bare_url, bare_pid),
        ):
            if len(os.sched_getaffinity(0)) > 1:
                os.sched_setaffinity(0, CLIENT_CPU)  # Chromium inherits it
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                # Warm both servers once: the first visit pays for imports and the store.
                await open_drawn(browser, f"{app_url}/?kommun=Burlöv", CHART)
                await open_drawn(browser, bare_url, "h1")
                await open_drawn(browser, f"{demo_url}/?kommun=Burlöv", CHART)
                ours, floor, small = [], [], []
                for _ in range(repeat):
                    ours.append(await open_drawn(browser, f"{app_url}/?kommun=Burlöv", CHART))
                    floor.append(await open_drawn(browser, bare_url, "h1"))
                    small.append(await open_drawn(browser, f"{demo_url}/?kommun=Burlöv", CHART))
                results["oversikt"] = statistics.median(ours)
                results["bare"] = statistics.median(floor)
                results["demo"] = statistics.median(small)
                cpu = cpu_seconds(app_pid)
                alone = [await meeting_viewer(browser, app_url) for _ in range(repeat)]
                results["alone"] = statistics.median(alone)
                results["cpu_alone"] = (cpu_seconds(app_pid) - cpu) / repeat
                cpu, start = cpu_seconds(app_pid), time.perf_counter()
                together = await asyncio.gather(
                    *(meeting_viewer(browser, app_url) for _ in range(viewers))
                )
                results["wall_together"] = time.perf_counter() - start
                results["cpu_together"] = cpu_seconds(app_pid) - cpu
                results["together"] = sorted(together)
                for _ in range(viewers + repeat):
                    await open_drawn(browser, bare_url, "h1")
                await browser.close()
            results["rss_app"] = peak_rss_mb(app_pid)
            results["rss_bare"] = peak_rss_mb(bare_pid)
            results["rss_demo"] = peak_rss_mb(demo_pid)
    return results


async def viewers_at_once(browser: Browser, urls: list[str]) -> tuple[float, list[float]]:
    """Every viewer (one per URL) at once: the seconds until all drew, and each one's."""
    start = time.perf_counter()
    each = await asyncio.gather(*(meeting_viewer(browser, url) for url in urls))
    return time.perf_counter() - start, sorted(each)


async def measure_servers(
    national: Path, server_address: str, viewers: int, repeat: int
) -> dict[str, Any]:
    """`viewers` at once on one app server, and spread over two, on one PostgreSQL store."""
    from bench.postgres_server import copy_into, fresh_database, postgres_server

    results: dict[str, Any] = {"one": [], "two": [], "one_each": [], "two_each": []}
    with postgres_server(server_address) as pg_server, fresh_database(pg_server, "viewers") as pg:
        results["copy"] = copy_into(national, pg)
        env = {"SAMVERKAN_DB": pg, **LOCAL}
        with (
            server(ROOT / "app.py", env, pin=False) as (first, first_pid),
            server(ROOT / "app.py", env, pin=False) as (second, second_pid),
        ):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                await meeting_viewer(browser, first)  # each server's first visit pays imports
                await meeting_viewer(browser, second)
                for _ in range(repeat):
                    wall, each = await viewers_at_once(browser, [first] * viewers)
                    results["one"].append(wall)
                    results["one_each"] += each
                    spread = [first, second] * (viewers // 2) + [first] * (viewers % 2)
                    wall, each = await viewers_at_once(browser, spread)
                    results["two"].append(wall)
                    results["two_each"] += each
                await browser.close()
            results["rss"] = [peak_rss_mb(first_pid), peak_rss_mb(second_pid)]
            results["cpu"] = [cpu_seconds(first_pid), cpu_seconds(second_pid)]
    return results


def print_servers(r: dict[str, Any], viewers: int) -> None:
    one, two = statistics.median(r["one"]), statistics.median(r["two"])
    one_median, two_median = statistics.median(r["one_each"]), statistics.median(r["two_each"])
    print(f"the national store copied into PostgreSQL in {r['copy']:.0f} s")
    print(f"{viewers} viewers at once (Översikt, then Försenade), PostgreSQL store, medians of "
          f"{len(r['one'])} rounds:")  # fmt: skip
    print(f"  on one app server: all drawn in {one:.2f} s, a viewer's median {one_median:.2f} s, "
          f"slowest {max(r['one_each']):.2f} s")  # fmt: skip
    print(f"  over two app servers: all drawn in {two:.2f} s, a viewer's median "
          f"{two_median:.2f} s, slowest {max(r['two_each']):.2f} s")  # fmt: skip
    print(
        f"  two ÷ one: all drawn {two / one:.2f}, a viewer's median {two_median / one_median:.2f}"
    )
    print(f"  each app server's peak RSS: {r['rss'][0]:.0f} MB and {r['rss'][1]:.0f} MB; "
          f"CPU used: {r['cpu'][0]:.0f} s and {r['cpu'][1]:.0f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--national", type=Path, default=ROOT / "bench" / "national.duckdb")
    parser.add_argument("--viewers", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgresql",
        metavar="ADRESS",
        help="one app server against two on PostgreSQL: a server (postgresql://…, a role that "
        "may create databases) or 'temp' for a throwaway one",
    )
    args = parser.parse_args()
    if not args.national.exists():
        sys.exit(f"{args.national} saknas: kör först .venv/bin/python bench/make_national.py")
    if args.postgresql:
        r = asyncio.run(measure_servers(args.national, args.postgresql, args.viewers, args.repeat))
        print_servers(r, args.viewers)
        return
    r = asyncio.run(measure(args.national, args.viewers, args.repeat))
    together = r["together"]
    median, slowest = statistics.median(together), together[-1]
    print(f"browser: Översikt on the national store {r['oversikt']:.2f} s ÷ a bare page "
          f"{r['bare']:.2f} s = {r['oversikt'] / r['bare']:.2f} (goal ≤ 2); the same Översikt "
          f"on the demo store {r['demo']:.2f} s (national ÷ demo "
          f"{r['oversikt'] / r['demo']:.2f})")  # fmt: skip
    print(f"{args.viewers} viewers at once (Översikt, then Försenade): median {median:.2f} s, "
          f"slowest {slowest:.2f} s; one viewer alone {r['alone']:.2f} s; ratios "
          f"{median / r['alone']:.2f} median, {slowest / r['alone']:.2f} slowest; "
          f"all {len(together)} drew completely")  # fmt: skip
    busy = r["cpu_together"] / r["wall_together"]
    print(f"server CPU per viewer (Översikt + Försenade): {r['cpu_alone']:.2f} s alone, "
          f"{r['cpu_together'] / args.viewers:.2f} s each of {args.viewers} at once; the server "
          f"core was busy {busy:.0%} of those {r['wall_together']:.0f} s ("
          + ("the wait is mostly the browsers' own drawing on their core)" if busy < 0.5
             else "the server is the bottleneck)"))  # fmt: skip
    print(f"server peak RSS: national {r['rss_app']:.0f} MB ÷ bare Streamlit "
          f"{r['rss_bare']:.0f} MB = {r['rss_app'] / r['rss_bare']:.2f}; the app on the demo "
          f"store {r['rss_demo']:.0f} MB (national ÷ demo "
          f"{r['rss_app'] / r['rss_demo']:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()

"""Failover benchmark: deploy/ run for real, and what each failure costs in seconds and memory.

The recipe of docs/deployment.md ("Several app servers") on this machine, from the files in
deploy/ (through tests/deploy, which runs them the same way): a PostgreSQL primary and its
streaming replica, two app servers on the demo store in it, nginx in front, one Chromium.

- **An app server dies**: a logged-in browser on Försenade åtaganden; its server is killed
  (SIGKILL, as a crash); the seconds until the reload is drawn by the other server, ÷ an
  ordinary reload's.
- **The replica**: how long a write on the primary takes to be readable on the replica.
- **The primary dies**: the seconds of `pg_ctl promote` until the replica takes writes, and
  until the app servers' two-host SAMVERKAN_DB reaches it.
- **Memory**: each process's peak resident memory (VmHWM) after that: the app servers, nginx,
  and the PostgreSQL servers (all their processes, shared buffers counted once per process).

    .venv/bin/python bench/failover_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import launch_browser, wait_until_drawn  # noqa: E402
from tests.browser.test_login import self_signed_certificate  # noqa: E402
from tests.deploy import app_server, nginx  # noqa: E402
from tests.deploy.postgresql import (  # noqa: E402
    SAMVERKAN_PASSWORD,
    Server,
    primary,
    promote,
    replica_of,
)

EMAIL, PASSWORD = "ada.admin@burlov.se", "ett långt lösenord"
PAGE = "/forsenade?kommun=Burl%C3%B6v"


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_mb(pid: int) -> tuple[float, int]:
    """The peak RSS of a process and all its children (nginx's workers, PostgreSQL's backends)."""
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    total = peak_mb(pid)
    for child in children:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # ended meanwhile
            total += peak_mb(int(child))
    return total, 1 + len(children)


def postmaster_pid(server: Server) -> int:
    return int((server.data / "postmaster.pid").read_text().split()[0])


def timed_reload(page: Any) -> float:
    start = time.perf_counter()
    page.reload()
    wait_until_drawn(page)
    return time.perf_counter() - start


def replica_lag(first: Server, second: Server, repeat: int) -> list[float]:
    import psycopg

    lags = []
    with (
        psycopg.connect(first.url(), autocommit=True) as writer,
        psycopg.connect(second.url(), autocommit=True) as reader,
    ):
        writer.execute("CREATE TABLE IF NOT EXISTS bench_lag (n integer)")
        for n in range(repeat):
            start = time.perf_counter()
            writer.execute("INSERT INTO bench_lag VALUES (%s)", (n,))
            while True:
                try:
                    row = reader.execute("SELECT count(*) FROM bench_lag WHERE n = %s", (n,))
                    if row.fetchone() == (1,):
                        break
                except psycopg.errors.UndefinedTable:
                    pass
            lags.append(time.perf_counter() - start)
    return lags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from samverkan import store
    from samverkan.accounts import hash_password
    from samverkan.demo import ensure_demo
    from samverkan.models import Role, UserAccount
    from samverkan.store.users import save_user

    with primary() as first, replica_of(first) as second, tempfile.TemporaryDirectory() as tmp:
        url = first.url()
        ensure_demo(url)
        with store.open_store(url) as con:
            account = UserAccount(email=EMAIL, name="Ada Admin", role=Role.ADMIN)
            save_user(con, account, hash_password(PASSWORD))
        folder = Path(tmp)
        tls = self_signed_certificate(folder)
        ordinary: list[float] = []
        failover: list[float] = []
        memory: dict[str, float] = {}
        for _ in range(args.repeat):
            with (
                app_server(url) as one,
                app_server(url) as two,
                nginx([one.port, two.port], folder, tls) as web,
                sync_playwright() as playwright,
            ):
                browser = launch_browser(playwright)
                context = browser.new_context(ignore_https_errors=True)
                page = context.new_page()
                page.goto(web.url + PAGE)
                wait_until_drawn(page)
                page.get_by_label("E-postadress").fill(EMAIL)
                page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
                page.get_by_role("button", name="Logga in").click()
                page.wait_for_selector("[data-testid='stTable'], [data-testid='stAlert']")
                wait_until_drawn(page)
                ordinary.append(min(timed_reload(page) for _ in range(3)))
                route = next(
                    c["value"] for c in context.cookies() if c["name"] == "samverkan_route"
                )
                (serving,) = set(web.upstreams_of(route, streams=False))
                memory["app"] = max(memory.get("app", 0), peak_mb(one.process.pid))
                memory["app"] = max(memory["app"], peak_mb(two.process.pid))
                memory["nginx"], _ = tree_mb(int((folder / "nginx.pid").read_text()))
                (one if serving == one.address else two).kill()
                failover.append(timed_reload(page))
                assert (
                    "Inloggad som Ada Admin"
                    in page.locator("[data-testid='stSidebar']").inner_text()
                )
                browser.close()
        memory["primary"], processes = tree_mb(postmaster_pid(first))
        lags = replica_lag(first, second, args.repeat * 4)
        both = (
            f"postgresql://samverkan:{SAMVERKAN_PASSWORD}@127.0.0.1:{first.port},"
            f"127.0.0.1:{second.port}/samverkan?target_session_attrs=read-write&connect_timeout=3"
        )
        import psycopg

        first.stop("immediate")
        start = time.perf_counter()
        promote(second)
        promoted = time.perf_counter() - start
        with psycopg.connect(both) as con:
            con.execute("INSERT INTO bench_lag VALUES (-1)")
        reached = time.perf_counter() - start

    normal, moved = statistics.median(ordinary), statistics.median(failover)
    print(f"a reload of Försenade åtaganden, logged in: {normal:.2f} s; after its app server was "
          f"killed, drawn by the other: {moved:.2f} s ({moved / normal:.2f} ×), still logged in; "
          f"medians of {args.repeat}")  # fmt: skip
    lag_ms = statistics.median(lags) * 1000
    print(f"a write on the primary readable on the replica after {lag_ms:.1f} ms "
          f"(median of {len(lags)}, slowest {max(lags) * 1000:.1f} ms)")  # fmt: skip
    print(f"the primary lost: pg_ctl promote {promoted:.2f} s; the two-host address took a write "
          f"on the new primary {reached:.2f} s after the promotion began")  # fmt: skip
    print(f"peak memory: an app server {memory['app']:.0f} MB; nginx {memory['nginx']:.0f} MB; "
          f"the PostgreSQL primary {memory['primary']:.0f} MB over its {processes} processes "
          f"(shared buffers counted in each)")  # fmt: skip


if __name__ == "__main__":
    main()

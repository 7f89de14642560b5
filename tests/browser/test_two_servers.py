"""Two app servers on one PostgreSQL store (issue 20), as a region runs them behind nginx.

A real PostgreSQL (tests/postgres.py), two real Streamlit servers, Debian's Chromium:
- an upload through one server is on the other's pages at its next run (the caches are keyed
  by the store's version, which every write counts up, not by anything of one server's);
- a server killed in the middle of saving an upload loses nothing: its transaction is rolled
  back whole, the other server keeps serving, and its own upload goes through after.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import openpyxl
import psycopg
import pytest

from samverkan import store
from samverkan.demo import demo_workbooks, ensure_demo
from tests.browser import (
    PATIENCE_MS,
    PATIENCE_S,
    SERVERS,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1280, "height": 720}


def plan_file(folder: Path, name: str) -> Path:
    """The demo's current plan saved anew under another name: the same plan, other bytes
    (its title is the name), so no two of them are one file already imported."""
    _, data, _, _ = demo_workbooks(dt.date.today())[-1]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook.properties.title = name
    path = folder / name
    workbook.save(path)
    return path


def upload(page: Any, url: str, path: Path, *, wait_for_saved: bool = True) -> None:
    page.goto(f"{url}/ladda_upp")
    wait_until_drawn(page)
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(path))
    page.wait_for_selector("text=Så här lästes filen", timeout=PATIENCE_MS)
    wait_until_drawn(page)
    page.get_by_role("button", name="Spara").click()
    if wait_for_saved:
        page.wait_for_selector("text=Sparat:", timeout=PATIENCE_MS)


def overview_text(page: Any, url: str) -> str:
    page.goto(url)
    wait_until_drawn(page)
    return str(page.locator("[data-testid='stMain']").inner_text())


def uploaded_files(url: str) -> list[str]:
    with store.open_store(url) as con:
        return [u.file_name for u in store.fetch_uploads(con)]


def wait_for(condition: Any, what: str) -> None:
    """Poll the condition until it holds (never a guessed sleep); a hang fails the test."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def waiting_on_a_lock(url: str) -> bool:
    """Does an app server's statement wait for a lock (the test's, on activity_state)?"""
    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = 'samverkan' AND wait_event_type = 'Lock'"
        ).fetchone()
    return bool(row and row[0])


def whole_batches(url: str) -> bool:
    """Every batch has exactly the activity rows it says, and every upload has a batch."""
    with psycopg.connect(url, autocommit=True) as con:
        broken = con.execute(
            "SELECT count(*) FROM import_batch b WHERE b.kind = 'plan' AND b.rows <>"
            " (SELECT count(*) FROM activity_state s WHERE s.batch_id = b.id)"
        ).fetchone()
        orphans = con.execute(
            "SELECT count(*) FROM upload u WHERE NOT EXISTS"
            " (SELECT 1 FROM import_batch b WHERE b.upload_id = u.id)"
        ).fetchone()
    return broken == (0,) and orphans == (0,)


def test_an_upload_on_one_server_is_seen_on_the_other_and_a_killed_one_loses_nothing(
    browser: Any, postgres_url: str, tmp_path: Path
) -> None:
    assert ensure_demo(postgres_url)  # filled before the servers start: neither loads a demo
    first = plan_file(tmp_path, "Aktivitetsplan Burlöv server A.xlsx")
    killed = plan_file(tmp_path, "Aktivitetsplan Burlöv avbruten.xlsx")
    after = plan_file(tmp_path, "Aktivitetsplan Burlöv server B.xlsx")
    assert len({first.read_bytes(), killed.read_bytes(), after.read_bytes()}) == 3
    with (
        streamlit_server(postgres_url, demo=False) as url_a,
        streamlit_server(postgres_url, demo=False) as url_b,
    ):
        page_a = browser.new_page(viewport=DESKTOP)
        page_b = browser.new_page(viewport=DESKTOP)
        assert first.name not in overview_text(page_b, url_b)  # B has read (and cached) it

        upload(page_a, url_a, first)
        assert first.name in overview_text(page_b, url_b)

        # Server A saves its next upload while the test holds activity_state: A's transaction
        # has written its upload row and batches and waits. Then A is killed.
        with psycopg.connect(postgres_url) as holder:
            holder.execute("LOCK TABLE activity_state IN EXCLUSIVE MODE")
            upload(page_a, url_a, killed, wait_for_saved=False)
            wait_for(lambda: waiting_on_a_lock(postgres_url), "server A never began to save")
            SERVERS[url_a].kill()
            SERVERS[url_a].wait()
            # B serves meanwhile: reading takes no lock the holder's excludes.
            assert first.name in overview_text(page_b, url_b)
            holder.rollback()

        upload(page_b, url_b, after)
        text = overview_text(page_b, url_b)
        assert after.name in text
        assert killed.name not in text
        page_a.close()
        page_b.close()
    files = uploaded_files(postgres_url)
    assert first.name in files
    assert after.name in files
    assert killed.name not in files
    assert whole_batches(postgres_url)

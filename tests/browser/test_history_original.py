"""Historik's original file in a real browser: offered and fetched only while it is allowed.

A served store (the demo with accounts) holds a Lomma-only upload and a region's file with a
Lomma row and Burlöv's ej offentlig row. The coordinator for Lomma and Burlöv downloads the
region's file; then the admin takes Burlöv away while the page is still open, and the same
button hands out nothing (the server checks again when the bytes are asked for, and logs the
refusal). After a reload the button is gone and a caption says why.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.demo import ensure_demo
from samverkan.models import AuditAction
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import save_user
from tests.browser import save_screenshots, streamlit_server, wait_until_drawn
from tests.test_history_original import BOTH, LOMMA, add_uploads

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

PASSWORD = "ett långt lösenord"


def log_in(page: Any, url: str, path: str) -> None:
    page.goto(url + path)
    wait_until_drawn(page)
    page.get_by_label("E-postadress").fill(BOTH.email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function(
        "() => document.querySelector('h1')?.innerText.startsWith('Historik – Lomma')",
        timeout=120_000,
    )
    wait_until_drawn(page)


def original_button(page: Any, upload_id: int) -> Any:
    """The Originalfilen button in the row that names the upload's number."""
    row = page.locator("[data-testid='stHorizontalBlock']").filter(
        has_text=f"uppladdning {upload_id}"
    )
    return row.get_by_role("button", name="Originalfilen")


def refusals(db: Path) -> list[str]:
    with store.open_store(db) as con:
        return [e.detail for e in fetch_audit_log(con) if e.action is AuditAction.REFUSED]


def test_the_original_is_refused_when_a_kommun_is_taken_away_after_the_page_drew(
    browser: Any, tmp_path: Path
) -> None:
    db = tmp_path / "served.duckdb"
    assert ensure_demo(db)
    _lomma, region = add_uploads(db)
    with store.open_store(db) as con:
        save_user(con, BOTH, hash_password(PASSWORD))
        original = store.fetch_upload_original(con, region)
    assert original is not None
    with streamlit_server(db) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        log_in(page, url, "/historik?kommun=Lomma")
        button = original_button(page, region)
        with page.expect_download(timeout=120_000) as download:
            button.click()
        path = download.value.path()
        assert hashlib.sha256(Path(path).read_bytes()).digest() == hashlib.sha256(original).digest()

        with store.open_store(db) as con:
            save_user(con, LOMMA)  # Lomma only from now on; the open page still shows the button
        downloads: list[Any] = []

        def note(download: Any) -> None:  # Playwright wants a Python function, not a builtin
            downloads.append(download)

        page.on("download", note)
        button.click()
        deadline = time.monotonic() + 120
        while not refusals(db):  # the server's answer is a line in the log, and no file
            assert time.monotonic() < deadline, "the refused download was never logged"
            page.wait_for_timeout(200)
        assert refusals(db) == [f"Originalfilen för uppladdning {region}"]

        page.reload()
        wait_until_drawn(page)
        assert downloads == []  # the server answered before the page was drawn again
        assert original_button(page, region).count() == 0
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Originalfilen har rader även för andra kommuner" in main  # Burlöv: not hers
        save_screenshots(page, "historik-originalfil-nekad")
        page.close()

"""The worst hostile files, uploaded on Ladda upp: a Swedish refusal, and the server stays up.

Each of these once aborted the Streamlit process serving everyone (exit 134) or took it past
a gigabyte. Now the page says why the file is refused, `/_stcore/health` still answers, and
a second browser session still draws Översikt. A real server with the demo store, Chromium.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from tests.browser import PATIENCE_MS, save_screenshots, streamlit_server, wait_until_drawn
from tests.conftest import store_snapshot
from tests.hostile_files import HOSTILE

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1920, "height": 1080}
# name in the corpus, the name it is uploaded as, words of the refusal on the page
WORST: list[tuple[str, str, str]] = [
    ("cell-langst-ut", "plan.xlsx", "från A1 till XFD1048576"),
    ("cell-vid-cv200000", "plan.xlsx", "från A1 till CV200000"),
    ("ods-upprepade-rader", "plan.ods", "värden utspridda"),
    ("delade-strangar-bakom-fyllnad", "plan.xlsx", "zip-bomb"),
    ("strangforstarkning", "plan.xlsx", "mer minne än gränsen 1\u00a0024 MB"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One server with the demo store for every file; it must survive them all."""
    db = tmp_path_factory.mktemp("hostile") / "demo.duckdb"
    with streamlit_server(db, demo=True, extra_env={"SAMVERKAN_IMPORT_MEMORY_MB": "1024"}) as url:
        yield url, db


def _is_healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:
        return bool(response.status == 200)


@pytest.mark.parametrize(("name", "upload_as", "words"), WORST, ids=[w[0] for w in WORST])
def test_worst_file_is_refused_and_the_server_keeps_serving(
    browser: Any,
    server: tuple[str, Path],
    tmp_path: Path,
    name: str,
    upload_as: str,
    words: str,
) -> None:
    url, db = server
    build: Callable[[], bytes] = HOSTILE[name]
    path = tmp_path / upload_as
    path.write_bytes(build())
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}/ladda_upp")
    wait_until_drawn(page)
    before = store_snapshot(db)
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(path))
    page.wait_for_selector("text=Filen kan inte läsas in", timeout=PATIENCE_MS)
    wait_until_drawn(page)
    body = page.inner_text("body")
    assert words in body
    assert "Traceback" not in body
    save_screenshots(page, f"hostile-{name}")
    page.close()

    assert _is_healthy(url)
    other = browser.new_context(viewport=DESKTOP)
    try:
        second = other.new_page()
        second.goto(url)
        second.wait_for_selector("h1:has-text('Översikt')", timeout=PATIENCE_MS)
        wait_until_drawn(second)
        assert "Översikt" in second.inner_text("h1")
    finally:
        other.close()
    assert store_snapshot(db) == before
    with store.open_store(db) as con:
        assert store.fetch_agreements(con), "the demo store is still there"

"""A real Streamlit server and Debian's Chromium for browser tests (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# How long a browser test waits for a condition before it calls it a hang. A test goes on the
# moment the condition holds, so a long budget costs nothing on an idle machine; it has to hold
# on a busy 2-core one (CI), where a page beside a command-line import once took over 60 s.
PATIENCE_S = float(os.environ.get("SAMVERKAN_TEST_PATIENCE_S", "180"))
PATIENCE_MS = int(PATIENCE_S * 1000)
# What a page shows once its script has answered: its heading, or (the store held by another
# process for longer than the page waits) the Swedish "försök igen" in place of the page.
ANSWERED = "h1, [data-testid='stAlert']"
# What scripts/run adds to `streamlit run` for local mode (tests/web/test_mode.py checks that
# they agree).
LOCAL_MODE_ENV = {"SAMVERKAN_LOCAL": "1"}
LOCAL_MODE_ARGS = [
    "--server.address", "127.0.0.1",
    "--server.allowedHosts", "localhost",
    "--server.allowedHosts", "127.0.0.1",
    "--server.allowedHosts", "::1",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Each running server's process by its URL: a test that kills a server mid-upload finds it here.
SERVERS: dict[str, subprocess.Popen[bytes]] = {}


@contextlib.contextmanager
def streamlit_server(
    db: Path,
    *,
    demo: bool = True,
    local: bool = True,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    extra_args: list[str] | None = None,
    tls: tuple[Path, Path] | None = None,
) -> Iterator[str]:
    """Run `streamlit run app.py` until the block ends; yield its URL.

    Local mode as scripts/run starts it, unless local=False: then a served deployment's
    `streamlit run app.py` (login, or the first-admin message when the store has no user).
    The port is a free one unless given (an identity provider's redirect_uri names it up
    front); extra_args go to `streamlit run`, e.g. ["--secrets.files", path]. With `tls`
    (a certificate file and its key) the server speaks https only, and the URL says so.
    """
    port = port or free_port()
    env = {
        **os.environ,
        "SAMVERKAN_DB": str(db),
        "SAMVERKAN_DEMO": "1" if demo else "0",
        **(LOCAL_MODE_ENV if local else {"SAMVERKAN_LOCAL": "0"}),
        **(extra_env or {}),
    }
    log = (
        (OUTPUT / f"streamlit-{port}.log").open("wb")
        if OUTPUT.mkdir(exist_ok=True) is None
        else None
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", *(LOCAL_MODE_ARGS if local else []), *_tls_args(tls),
         *(extra_args or [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    SERVERS[url] = process
    # The test's own certificate: the health check need not trust it, only reach the server.
    context = ssl._create_unverified_context() if tls else None
    try:
        deadline = time.monotonic() + PATIENCE_S
        while True:
            try:
                health = f"{url}/_stcore/health"
                with urllib.request.urlopen(health, timeout=2, context=context) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Streamlit did not start; see test-output/streamlit-*.log"
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        SERVERS.pop(url, None)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()  # and reaped, or Python warns that it is "still running"
            process.wait()
        if log:
            log.close()


def _tls_args(tls: tuple[Path, Path] | None) -> list[str]:
    if tls is None:
        return []
    return ["--server.sslCertFile", str(tls[0]), "--server.sslKeyFile", str(tls[1])]


# Streamlit scrolls its main area, not the document, so a full-page screenshot needs the
# viewport as tall as the content: this finds the tallest scrolling element's height.
_CONTENT_HEIGHT = """() => {
  let tallest = document.documentElement.scrollHeight;
  for (const el of document.querySelectorAll('*')) {
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight) {
      tallest = Math.max(tallest, el.scrollHeight);
    }
  }
  return tallest;
}"""


class PatientBrowser:
    """A Playwright browser whose pages and contexts wait PATIENCE_MS by default, not 30 s."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)
        page.set_default_timeout(PATIENCE_MS)
        return page

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.set_default_timeout(PATIENCE_MS)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


def launch_browser(playwright: Any) -> PatientBrowser:
    """Debian's Chromium (never a downloaded browser), patient on a busy machine."""
    return PatientBrowser(
        playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    )


def wait_until_drawn(page: Any, settle_checks: int = 2, *, answered: str = "h1") -> None:
    """The script has run and the page has stopped changing: what the user sees once it settles.

    Streamlit reports 'notRunning' between a first run and the rerun it may ask for, and
    tables arrive a moment after their headings, so wait until the text stays the same.
    `answered` is what must be on the page first (ANSWERED also accepts a "försök igen").
    """
    deadline = time.monotonic() + PATIENCE_S
    previous, stable = -1, 0
    while stable < settle_checks:
        page.wait_for_selector(READY, timeout=PATIENCE_MS)
        page.wait_for_selector(answered, timeout=PATIENCE_MS)
        current = page.evaluate(
            "() => document.querySelector(\"[data-testid='stMain']\").innerText.length"
            " + document.querySelectorAll('[data-stale=\"true\"]').length * 100000"
        )
        stable = stable + 1 if current == previous else 0
        previous = current
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page kept changing for {PATIENCE_S:.0f} s")
        page.wait_for_timeout(150)


def save_screenshots(page: Any, name: str) -> None:
    """What fits on the screen as `NAME-WxH.png`, and the whole page as `NAME-WxH-hel.png`."""
    OUTPUT.mkdir(exist_ok=True)
    size = page.viewport_size
    stem = f"{name}-{size['width']}x{size['height']}"
    page.screenshot(path=str(OUTPUT / f"{stem}.png"))
    height = int(page.evaluate(_CONTENT_HEIGHT))
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height + 40})
        page.wait_for_timeout(150)
        page.screenshot(path=str(OUTPUT / f"{stem}-hel.png"))
        page.set_viewport_size(size)


def has_no_sideways_scroll(page: Any) -> bool:
    """Nothing sticks out to the right: the page reads on a phone without scrolling sideways."""
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


def go_to(page: Any, title: str) -> None:
    """Open another page from the sidebar's navigation, as a user does (no full reload).

    On a phone the sidebar is folded away: open it, click, and fold it again (Streamlit
    leaves it open after a click), so the screenshot shows the page.
    """
    expand = page.locator("[data-testid='stExpandSidebarButton']")
    folded = bool(expand.count() and expand.first.is_visible())
    if folded:
        expand.first.click()
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    wait_until_drawn(page)
    if folded:
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stSidebar']\")"
            ".getBoundingClientRect().right <= 0"
        )

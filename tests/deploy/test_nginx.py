"""deploy/nginx-samverkan.conf in front of two app servers on one PostgreSQL store, driven by
Chromium through the real nginx.

The page draws through nginx (its script's output comes over the proxied WebSocket), a browser
stays on the app server it first reached, fresh browsers are spread over both, killing the
browser's server sends its next page load to the other (still logged in: the login is in the
store), and deploy/drain takes a server out and puts it back. Which server answered is read
from the access log the site writes (`upstream=`), the same line an operator reads.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.demo import ensure_demo
from samverkan.models import Role, UserAccount
from samverkan.store.users import save_user
from tests.browser import PATIENCE_S, wait_until_drawn
from tests.browser.test_login import self_signed_certificate
from tests.deploy import (
    DEPLOY,
    NGINX,
    UNIT,
    AppServer,
    Nginx,
    app_server,
    nginx,
    unit_setting,
)
from tests.deploy.postgresql import primary

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not NGINX.exists(), reason="nginx is installed by scripts/install --dev"),
]

pytest.importorskip("playwright.sync_api")

# What a served deployment with an empty store shows: drawn by the script, over the WebSocket.
FIRST_ADMIN = "Samverkan behöver en första administratör"
EMAIL, PASSWORD = "ada.admin@burlov.se", "ett långt lösenord"


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """One PostgreSQL store for the app servers (deploy/'s primary, roles and database)."""
    with primary() as server:
        yield server.url()


@contextlib.contextmanager
def two_servers_behind_nginx(
    folder: Path, database: str
) -> Iterator[tuple[Nginx, AppServer, AppServer]]:
    tls = self_signed_certificate(folder)
    with (
        app_server(database) as one,
        app_server(database) as two,
        nginx([one.port, two.port], folder, tls) as web,
    ):
        yield web, one, two


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database: str
) -> Iterator[tuple[Nginx, AppServer, AppServer]]:
    """nginx in front of two app servers on one PostgreSQL store (no user yet), for the module:
    each test leaves both servers running and the site as it found it."""
    with two_servers_behind_nginx(tmp_path_factory.mktemp("site"), database) as running:
        yield running


@pytest.fixture
def site_to_break(tmp_path: Path, database: str) -> Iterator[tuple[Nginx, AppServer, AppServer]]:
    """The same, for a test that kills a server."""
    with two_servers_behind_nginx(tmp_path, database) as running:
        yield running


def open_page(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 720})
    return context, context.new_page()


def route_of(context: Any) -> str:
    return str(next(c["value"] for c in context.cookies() if c["name"] == "samverkan_route"))


def load(page: Any, url: str | None = None) -> None:
    """Open (or reload) the page and wait until its script has drawn it."""
    if url:
        page.goto(url)
    else:
        page.reload()
    wait_until_drawn(page)
    assert page.locator("h1").first.inner_text().strip() == FIRST_ADMIN


def test_a_browser_is_drawn_through_nginx_and_stays_on_one_server(
    browser: Any, site: tuple[Nginx, AppServer, AppServer]
) -> None:
    web, one, two = site
    context, page = open_page(browser)
    load(page, web.url + "/")
    cookie = next(c for c in context.cookies() if c["name"] == "samverkan_route")
    assert cookie["secure"]
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Lax"
    for _ in range(3):
        load(page)
    served_by = set(web.upstreams_of(route_of(context)))
    assert len(served_by) == 1, served_by
    assert served_by <= {one.address, two.address}
    stream = [line for line in web.access_log() if "/_stcore/stream" in line]
    assert all(" 101 " in line for line in stream), stream  # the WebSocket upgrade, each time
    context.close()


def test_fresh_browsers_are_spread_over_both_servers(
    browser: Any, site: tuple[Nginx, AppServer, AppServer]
) -> None:
    """Each new browser gets its own random key, so one NAT address is not one server."""
    web, one, two = site
    seen: set[str] = set()
    for _ in range(40):  # two servers: the chance all 40 land on one is negligible
        context = browser.new_context(ignore_https_errors=True)
        response = context.request.get(web.url + "/_stcore/health")
        assert response.ok
        seen |= set(web.upstreams_of(route_of(context)))
        context.close()
        if seen == {one.address, two.address}:
            return
    pytest.fail(f"40 fresh browsers all went to {seen}")


def test_killing_a_browsers_server_sends_its_next_page_load_to_the_other(
    browser: Any, site_to_break: tuple[Nginx, AppServer, AppServer]
) -> None:
    web, one, two = site_to_break
    context, page = open_page(browser)
    load(page, web.url + "/")
    route = route_of(context)
    (first,) = set(web.upstreams_of(route))
    dead, alive = (one, two) if first == one.address else (two, one)
    before = len(web.upstreams_of(route, streams=False))
    dead.kill()
    load(page)
    assert set(web.upstreams_of(route, streams=False)[before:]) == {alive.address}
    load(page)  # and the browser stays there
    assert set(web.upstreams_of(route, streams=False)[before:]) == {alive.address}
    context.close()


def test_a_login_and_what_was_stored_survive_the_servers_death(
    browser: Any, tmp_path: Path
) -> None:
    """The session on the page is lost with its server; the login (a token in the store) and
    everything written through that server are not: the other server has them."""
    with primary() as server:
        url = server.url()
        assert ensure_demo(url)
        with store.open_store(url) as con:
            account = UserAccount(email=EMAIL, name="Ada Admin", role=Role.ADMIN)
            save_user(con, account, hash_password(PASSWORD))
        with two_servers_behind_nginx(tmp_path, url) as (web, one, two):
            context, page = open_page(browser)
            page.goto(web.url + "/?kommun=Burl%C3%B6v")
            wait_until_drawn(page)
            page.get_by_label("E-postadress").fill(EMAIL)
            page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_function(
                "() => document.querySelector('h1')?.innerText.startsWith('Översikt')"
            )
            wait_until_drawn(page)
            route = route_of(context)
            (first,) = set(web.upstreams_of(route))
            dead, alive = (one, two) if first == one.address else (two, one)
            before = len(web.upstreams_of(route, streams=False))
            dead.kill()
            page.reload()
            wait_until_drawn(page)
            assert page.locator("h1").first.inner_text().startswith("Översikt")
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert "Inloggad som Ada Admin" in sidebar
            assert set(web.upstreams_of(route, streams=False)[before:]) == {alive.address}
            context.close()
        with store.open_store(url) as con:
            actors = con.execute("SELECT actor FROM audit_log").fetchall()
        assert (f"Ada Admin ({EMAIL})",) in actors  # the login, logged through the dead server


def session_server(browser: Any, web: Nginx, route: str) -> str:
    """The app server that holds a session opened by a browser with this route cookie.

    Its WebSocket is logged when it closes, so the page is opened in a context of its own and
    closed again before the log is read: no other session of this route is open meanwhile.
    """

    before = len(web.sessions_of(route))
    context, page = open_page(browser)
    context.add_cookies([{"name": "samverkan_route", "value": route, "url": web.url}])
    load(page, web.url + "/")
    context.close()
    deadline = time.monotonic() + PATIENCE_S
    while len(web.sessions_of(route)) == before:
        assert time.monotonic() < deadline, "nginx never logged the closed WebSocket"
        time.sleep(0.05)
    (server,) = web.sessions_of(route)[before:]
    return server


def is_marked_down(web: Nginx, server: AppServer) -> bool:
    """Whether the site's upstream line for the server ends in `down;`."""
    (line,) = [x for x in web.site.read_text("utf-8").splitlines() if f" {server.address} " in x]
    return line.rstrip().endswith(" down;")


def test_drain_takes_a_server_out_of_nginx_and_puts_it_back(
    browser: Any, site: tuple[Nginx, AppServer, AppServer]
) -> None:
    """A drained server gets no new session, and gets them again after --undo.

    Asserted on the sessions (the WebSockets), which is what a drain is for: right after a
    reload, a request on a connection the browser kept open to an old nginx worker may still
    be routed by the configuration before.
    """
    web, one, two = site
    route = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0"
    first = session_server(browser, web, route)
    drained, other = (one, two) if first == one.address else (two, one)
    drain = [str(DEPLOY / "drain"), drained.address]
    env = {
        **os.environ,
        "SAMVERKAN_NGINX_SITE": str(web.site),
        "SAMVERKAN_NGINX_CONF": str(web.conf),
    }
    result = subprocess.run(drain, env=env, check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert is_marked_down(web, drained)
    assert session_server(browser, web, route) == other.address
    assert drained.process.poll() is None  # still running: only nginx stopped sending to it

    result = subprocess.run(
        [*drain, "--undo"], env=env, check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not is_marked_down(web, drained)
    assert session_server(browser, web, route) == drained.address  # consistent: back home


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_the_unit_is_one_systemd_accepts(tmp_path: Path) -> None:
    """samverkan@.service verified by systemd itself, for an app server whose checkout exists."""
    checkout = tmp_path / "srv"
    (checkout / "1" / ".venv" / "bin").mkdir(parents=True)
    (checkout / "1" / ".venv" / "bin" / "streamlit").symlink_to(
        Path(sys.executable).parent / "streamlit"
    )
    unit = tmp_path / "samverkan@1.service"
    unit.write_text(UNIT.read_text("utf-8").replace("/srv/samverkan", str(checkout)), "utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert unit_setting("EnvironmentFile") == "/etc/samverkan/samverkan.env"


def test_each_app_server_answers_its_health_check_directly(
    site: tuple[Nginx, AppServer, AppServer],
) -> None:
    """/_stcore/health on each app server's own port: what deploy/drain --undo waits for."""
    for server in site[1:]:
        with urllib.request.urlopen(f"http://{server.address}/_stcore/health", timeout=10) as r:
            assert r.read() == b"ok"

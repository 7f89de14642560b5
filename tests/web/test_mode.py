"""Local mode is chosen, never guessed, and serves only this machine (DESIGN.md, issue 14).

- which requests local mode serves (a table of Host, Origin and proxy headers)
- AppTest: SAMVERKAN_LOCAL=1 alone chooses local mode; a served app without users shows how
  to add the first admin, never the data; a loopback address is required
- real servers spoken to over their WebSocket as a proxy or a rebinding page would: a served
  app with no users, a local-mode app, and one started as scripts/run starts it
- a real browser whose name for the app was rebound to 127.0.0.1, and a last user removed on
  the command line while a served app runs
- the last admin can be neither removed nor demoted
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.cli import main
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import LastAdminError, delete_user, fetch_users, save_user
from samverkan.web.mode import is_loopback_request
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_MODE_ARGS,
    streamlit_server,
    wait_until_drawn,
)

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "Samverkan visas bara på den egna datorn"
FIRST_ADMIN = "Samverkan behöver en första administratör"
DATA = "Burlöv"  # the demo's kommun: on every page that shows the data, never on these two
REBOUND = "rebind.example"  # a name an attacker's DNS points at 127.0.0.1


# -- which requests local mode serves ----------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "served"),
    [
        ({"host": ["localhost:8501"]}, True),
        ({"host": ["127.0.0.1:8501"]}, True),
        ({"host": ["[::1]:8501"]}, True),
        ({"host": ["LOCALHOST"]}, True),
        ({"host": ["[0:0:0:0:0:0:0:1]:8501"]}, True),
        ({"host": ["localhost:8501"], "origin": ["http://localhost:8501"]}, True),
        ({"host": ["127.0.0.1:8501"], "origin": ["https://[::1]:8443"]}, True),
        ({}, True),  # no connection at all: AppTest
        ({"host": ["rebind.example:8501"], "origin": ["http://rebind.example:8501"]}, False),
        ({"host": ["samverkan.burlov.se"]}, False),
        ({"host": ["localhost:8501"], "origin": ["http://rebind.example:8501"]}, False),
        ({"host": ["localhost:8501"], "origin": ["null"]}, False),
        ({"host": ["localhost:8501"], "origin": ["file://"]}, False),
        ({"host": ["localhost.:8501"]}, False),
        ({"host": ["localhost.rebind.example"]}, False),
        ({"host": ["127.0.0.1.nip.io:8501"]}, False),
        ({"host": ["127.0.0.2:8501"]}, False),
        ({"host": ["::1"]}, False),  # an IPv6 Host needs its brackets
        ({"host": ["[::ffff:127.0.0.1]:8501"]}, False),
        ({"host": ["localhost:"]}, False),
        ({"host": ["localhost:0"]}, False),
        ({"host": ["localhost:99999"]}, False),
        ({"host": ["localhost:８５０１"]}, False),
        ({"host": ["user@localhost:8501"]}, False),
        ({"host": ["localhost:8501", "rebind.example"]}, False),
        ({"host": [""]}, False),
        ({"upgrade": ["websocket"]}, False),  # a handshake without Host
        ({"host": ["localhost:8501"], "x-forwarded-for": ["10.1.2.3"]}, False),
        ({"host": ["localhost:8501"], "forwarded": ["for=10.1.2.3;proto=https"]}, False),
        ({"host": ["localhost:8501"], "x-real-ip": ["10.1.2.3"]}, False),
        ({"host": ["localhost:8501"], "via": ["1.1 proxy"]}, False),
        ({"host": ["localhost:8501"], "via": [""]}, False),  # present, however empty
        ({"host": ["localhost:8501"], "x-forwarded-host": ["samverkan.burlov.se"]}, False),
        ({"host": ["localhost:8501"], "x-forwarded-proto": ["https"]}, False),
    ],
)
def test_local_mode_serves_only_this_machine_by_its_own_name(
    headers: dict[str, list[str]], served: bool
) -> None:
    assert is_loopback_request(headers) is served


def test_scripts_run_chooses_local_mode_as_the_test_servers_do() -> None:
    """scripts/run sets SAMVERKAN_LOCAL=1 and the allowed Hosts the browser tests start with."""
    text = (ROOT / "scripts" / "run").read_text("utf-8")
    assert "export SAMVERKAN_LOCAL=1\n" in text
    for option, value in zip(LOCAL_MODE_ARGS[::2], LOCAL_MODE_ARGS[1::2], strict=True):
        assert f"{option} {value} " in text, (option, value)


# -- AppTest: chosen, not guessed ----------------------------------------------------------------


@pytest.fixture
def served_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("SAMVERKAN_DB", str(tmp_path / "t.duckdb"))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    before = config.get_option("server.address")
    yield
    config.set_option("server.address", before)


@pytest.mark.parametrize(
    ("address", "allowed", "refused"),
    [
        ("127.0.0.1", "", False),
        ("localhost", "", False),
        ("0.0.0.0", "", True),
        ("", "", True),  # Streamlit then listens on every address
        ("10.0.0.5", "", True),
        ("0.0.0.0", "1", False),
    ],
)
def test_local_mode_refuses_other_addresses_unless_told(
    served_on: None, monkeypatch: pytest.MonkeyPatch, address: str, allowed: str, refused: bool
) -> None:
    monkeypatch.setenv("SAMVERKAN_ALLOW_REMOTE_LOCAL", allowed)
    config.set_option("server.address", address)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert ("lokalt läge" in errors.casefold()) is refused
    if refused:
        assert not app.title


def shown_text(app: AppTest) -> str:
    """Every text the run put on the screen (main area and sidebar)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error"):
        parts += [str(e.value) for e in getattr(app, kind)]
    parts += [str(e.value) for e in app.code]
    parts += [str(s.options) for s in app.selectbox]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("value", "local"),
    [("1", True), ("", False), ("0", False), ("true", False), ("ja", False), (None, False)],
)
def test_only_samverkan_local_1_chooses_local_mode(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, value: str | None, local: bool
) -> None:
    """The demo store with no user: local mode shows it; anything else is served, and asks."""
    if value is None:
        monkeypatch.delenv("SAMVERKAN_LOCAL")
    else:
        monkeypatch.setenv("SAMVERKAN_LOCAL", value)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    text = shown_text(app)
    assert (DATA in text) is local
    assert (FIRST_ADMIN in text) is not local


def test_a_served_app_without_users_shows_how_to_add_the_first_admin(
    served_mode: None, demo_store: Path
) -> None:
    """Issue 14: a fresh deploy (or a store whose users are gone) behind a proxy was admin."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert [t.value for t in app.title] == [FIRST_ADMIN]
    assert "--role admin --password-stdin" in app.code[0].value
    assert DATA not in shown_text(app)
    assert not app.sidebar.selectbox
    assert not app.button  # no login form, no provider button: nobody can log in yet


@pytest.mark.parametrize("local", ["1", "0"])
def test_with_a_user_everyone_logs_in_local_mode_or_not(
    writable_demo_store: Path, monkeypatch: pytest.MonkeyPatch, local: str
) -> None:
    monkeypatch.setenv("SAMVERKAN_LOCAL", local)
    with store.open_store(writable_demo_store) as con:
        save_user(con, UserAccount(email="ada@burlov.se", name="Ada", role=Role.ADMIN), "x")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Logga in"]
    assert DATA not in shown_text(app)


@pytest.mark.parametrize(
    ("local", "demo", "wanted"),
    [
        ("1", None, True),  # scripts/run: the newcomer sees the demo
        ("1", "0", False),
        ("1", "1", True),
        (None, None, False),  # served: a kommun's real store never gets the demo unasked
        (None, "0", False),
        (None, "1", True),  # served and asked for (a demonstration server)
        (None, " 1 ", True),
        (None, "ja", False),
    ],
)
def test_only_local_mode_or_an_explicit_choice_loads_the_demo(
    monkeypatch: pytest.MonkeyPatch, local: str | None, demo: str | None, wanted: bool
) -> None:
    from samverkan.web.shell import is_demo_wanted

    for name, value in (("SAMVERKAN_LOCAL", local), ("SAMVERKAN_DEMO", demo)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert is_demo_wanted() is wanted


def test_a_served_store_stays_empty_when_its_first_admin_logs_in(
    served_mode: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A fresh-eyes pass: the demo Burlöv agreement went into a served deployment's real store
    once its first admin existed, where a real Burlöv plan would then have attached to it."""
    db = tmp_path / "kommunen.duckdb"
    monkeypatch.setenv("SAMVERKAN_DB", str(db))
    monkeypatch.delenv("SAMVERKAN_DEMO", raising=False)
    with store.open_store(db) as con:
        save_user(con, UserAccount(email="ada@burlov.se", name="Ada", role=Role.ADMIN), "x")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Logga in"]
    with store.open_store(db) as con:
        assert store.fetch_agreements(con) == []


# -- real servers, spoken to over their WebSocket ---------------------------------------------


def session_text(
    url: str, host: str | None = None, origin: str | None = None, **headers: str
) -> str:
    """Open a session on the server's WebSocket as a browser would, and return what it drew.

    `host` is the Host the request names (the server is reached on 127.0.0.1 whatever it
    says, as after a DNS rebinding or behind a proxy); `headers` are sent as they are, with
    '_' for '-' in their names. Returns every message of the run as text, until the run
    ends (a rerun it asks for included).
    """
    port = int(url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    extra = {name.replace("_", "-"): value for name, value in headers.items()}
    with connect(
        f"ws://{host or f'127.0.0.1:{port}'}/_stcore/stream",
        sock=sock,
        origin=origin,  # type: ignore[arg-type]  # websockets' Origin type is a str NewType
        additional_headers=extra,
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=None,
        open_timeout=60,
        proxy=None,
    ) as ws:
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        ws.send(back.SerializeToString())
        texts = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=120))
            texts.append(str(message))
            finished = message.WhichOneof("type") == "script_finished"
            if finished and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return "\n".join(texts)


def demo_copy(demo_file: Path, folder: Path) -> Path:
    """A server of its own needs a store of its own (a DuckDB file is one process's)."""
    path = folder / "demo.duckdb"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture(scope="module")
def served_without_users(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`streamlit run app.py` as a served deployment runs it, on the demo data, no user."""
    db = demo_copy(demo_file, tmp_path_factory.mktemp("served"))
    with streamlit_server(db, local=False) as url:
        yield url


@pytest.fixture(scope="module")
def local_without_host_list(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`SAMVERKAN_LOCAL=1 streamlit run app.py`: local mode without scripts/run's Host list."""
    db = demo_copy(demo_file, tmp_path_factory.mktemp("local"))
    with streamlit_server(db, local=False, extra_env={"SAMVERKAN_LOCAL": "1"}) as url:
        yield url


@pytest.fixture(scope="module")
def started_as_scripts_run(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Local mode as scripts/run starts it: SAMVERKAN_LOCAL=1 and the loopback Host list."""
    db = demo_copy(demo_file, tmp_path_factory.mktemp("run"))
    with streamlit_server(db) as url:
        yield url


def port_of(url: str) -> str:
    return url.rsplit(":", 1)[1]


# Requests as a reverse proxy or a rebinding page sends them ({port} is the server's).
THROUGH_A_PROXY = {
    "x-forwarded-for": {"X_Forwarded_For": "10.1.2.3"},
    "forwarded": {"Forwarded": "for=10.1.2.3;proto=https;host=samverkan.burlov.se"},
    "via": {"Via": "1.1 samverkan.burlov.se"},
    "x-real-ip": {"X_Real_IP": "10.1.2.3"},
    "public-name": {"host": "samverkan.burlov.se", "origin": "https://samverkan.burlov.se"},
    "rebinding": {"host": f"{REBOUND}:{{port}}", "origin": f"http://{REBOUND}:{{port}}"},
}


def request_as(name: str, url: str) -> dict[str, str]:
    return {k: v.format(port=port_of(url)) for k, v in THROUGH_A_PROXY[name].items()}


@pytest.mark.parametrize("name", [*THROUGH_A_PROXY, "straight"])
def test_a_served_app_without_users_shows_no_data_to_anyone(
    served_without_users: str, name: str
) -> None:
    """Issue 14: behind the recommended proxy, every visitor of a store without users was admin."""
    headers = {} if name == "straight" else request_as(name, served_without_users)
    text = session_text(served_without_users, **headers)
    assert DATA not in text
    assert FIRST_ADMIN in text


@pytest.mark.parametrize("name", list(THROUGH_A_PROXY))
def test_local_mode_refuses_a_proxy_and_a_rebound_name(
    local_without_host_list: str, name: str
) -> None:
    """The app's own check: a Swedish refusal, and nothing of the data."""
    text = session_text(local_without_host_list, **request_as(name, local_without_host_list))
    assert DATA not in text
    assert REFUSED in text


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("127.0.0.1:{port}", None),
        ("localhost:{port}", "http://localhost:{port}"),
        ("[::1]:{port}", "http://[::1]:{port}"),
    ],
)
def test_local_mode_serves_this_machine_by_each_of_its_names(
    local_without_host_list: str, host: str, origin: str | None
) -> None:
    port = port_of(local_without_host_list)
    text = session_text(
        local_without_host_list, host.format(port=port), origin and origin.format(port=port)
    )
    assert DATA in text
    assert "Lokalt läge" in text
    assert REFUSED not in text


def test_scripts_run_refuses_a_rebound_name_at_the_handshake(started_as_scripts_run: str) -> None:
    """Streamlit's own Host list turns the WebSocket away before any session exists."""
    port = port_of(started_as_scripts_run)
    with pytest.raises(InvalidStatus) as refused:
        session_text(started_as_scripts_run, f"{REBOUND}:{port}", f"http://{REBOUND}:{port}")
    assert refused.value.response.status_code == 403
    # A loopback Host passes that list; a proxy's header is then refused by the app itself.
    proxied = session_text(started_as_scripts_run, f"localhost:{port}", Via="1.1 proxy")
    assert DATA not in proxied
    assert REFUSED in proxied
    assert DATA in session_text(started_as_scripts_run, f"[::1]:{port}")


# -- a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebinding_browser() -> Iterator[Any]:
    """Chromium whose DNS answers 127.0.0.1 for rebind.example, as an attacker's DNS would."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/install --dev")
    rules = f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules])
        yield instance
        instance.close()


@pytest.mark.browser
def test_a_rebound_page_in_a_browser_gets_the_refusal_and_localhost_the_app(
    rebinding_browser: Any, local_without_host_list: str
) -> None:
    port = port_of(local_without_host_list)
    context = rebinding_browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"http://{REBOUND}:{port}/")
    wait_until_drawn(page)
    assert DATA not in page.locator("body").inner_text()
    assert page.locator("h1").first.inner_text().strip() == REFUSED
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    page.goto(f"http://localhost:{port}/")
    wait_until_drawn(page)
    assert page.locator("h1").first.inner_text().startswith("Översikt")
    assert DATA in page.locator("[data-testid='stMain']").inner_text()
    context.close()


def samverkan_cli(
    db: Path, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`samverkan …` in its own process, as an operator types it while the app runs."""
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args, "--db", str(db)],
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.browser
def test_removing_the_last_user_does_not_open_a_served_app(
    rebinding_browser: Any, demo_file: Path, tmp_path: Path
) -> None:
    """Issue 14, reproduced with `samverkan user remove`: the app then let everyone in as admin.

    The store's only user is a samordnare (a store from before the last admin was kept);
    her removal leaves no user, and the served app asks for its first admin instead.
    """
    db = demo_copy(demo_file, tmp_path)
    add = ["user", "add", "sara@burlov.se", "--name", "Sara", "--role", "samordnare"]
    assert samverkan_cli(db, *add, "--kommun", "Burlöv", "--password-stdin",
                         password="ett långt lösenord").returncode == 0  # fmt: skip
    with streamlit_server(db, local=False) as url:
        context = rebinding_browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.goto(url)
        wait_until_drawn(page)
        assert page.locator("h1").first.inner_text().strip() == "Logga in"
        removed = samverkan_cli(db, "user", "remove", "sara@burlov.se")
        assert removed.returncode == 0, removed.stderr
        page.reload()
        page.wait_for_function(
            "() => (document.querySelector('h1')?.innerText ?? 'Logga in') !== 'Logga in'",
            timeout=60_000,
        )
        wait_until_drawn(page)
        assert DATA not in page.locator("body").inner_text()
        assert page.locator("h1").first.inner_text().strip() == FIRST_ADMIN
        assert "--role admin --password-stdin" in page.locator("body").inner_text()
        context.close()


# -- the last admin ------------------------------------------------------------------------------

ANNA = ("anna@burlov.se", Role.ADMIN)
BO = ("bo@burlov.se", Role.ADMIN)
KIM = ("kim@polisen.se", Role.READER)


def cli(db: Path, *args: str) -> int:
    stdin, sys.stdin = sys.stdin, io.StringIO("ett långt lösenord\n")
    try:
        return main([*args, "--db", str(db)])
    finally:
        sys.stdin = stdin


@pytest.mark.parametrize(
    ("users", "command", "refused"),
    [
        ([ANNA], ["user", "remove", "anna@burlov.se"], True),
        ([ANNA], ["user", "remove", "ANNA@Burlov.se"], True),
        ([ANNA, KIM], ["user", "remove", "anna@burlov.se"], True),
        ([ANNA], ["user", "add", "anna@burlov.se", "--name", "A", "--role", "läsare"], True),
        ([ANNA], ["user", "add", "anna@burlov.se", "--name", "A", "--role", "samordnare",
                  "--kommun", "Burlöv"], True),
        ([ANNA], ["user", "add", "anna@burlov.se", "--name", "Anna A", "--role", "admin"], False),
        ([ANNA], ["user", "add", "anna@burlov.se", "--name", "A", "--role", "admin",
                  "--password-stdin"], False),
        ([ANNA, BO], ["user", "remove", "anna@burlov.se"], False),
        ([ANNA, BO], ["user", "add", "bo@burlov.se", "--name", "Bo", "--role", "läsare"], False),
        ([ANNA, KIM], ["user", "remove", "kim@polisen.se"], False),
        ([KIM], ["user", "remove", "kim@polisen.se"], False),  # no admin to keep
    ],
    ids=["remove", "remove-any-case", "remove-beside-a-reader", "to-reader", "to-coordinator",
         "rename", "new-password", "remove-one-of-two", "demote-one-of-two", "remove-a-reader",
         "remove-a-lone-reader"],
)  # fmt: skip
def test_the_last_admin_is_neither_removed_nor_demoted(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    users: list[tuple[str, Role]],
    command: list[str],
    refused: bool,
) -> None:
    with store.open_store(db_path) as con:
        for email, role in users:
            save_user(con, UserAccount(email=email, name=email, role=role), hash_password("x" * 10))
        before = fetch_users(con)
    capsys.readouterr()
    assert cli(db_path, *command) == (2 if refused else 0)
    with store.open_store(db_path) as con:
        after = fetch_users(con)
        log = fetch_audit_log(con)
    actions = [e.action for e in log]
    if refused:
        err = capsys.readouterr().err
        assert "anna@burlov.se är den enda administratören" in err
        assert "Lägg först till en annan administratör" in err
        assert "Inget har ändrats" in err
        assert after == before
        assert actions == [AuditAction.REFUSED]
    else:
        assert actions in ([AuditAction.USER_SAVED], [AuditAction.USER_REMOVED])
        had_admin = any(role is Role.ADMIN for _, role in users)
        assert any(u.role is Role.ADMIN for u in after) is had_admin


def test_the_store_itself_keeps_the_last_admin(empty_store: Path) -> None:
    """The rule lives in the store, so no other caller can get round it."""
    with store.open_store(empty_store) as con:
        save_user(con, UserAccount(email="anna@burlov.se", name="Anna", role=Role.ADMIN))
        with pytest.raises(LastAdminError):
            delete_user(con, "anna@burlov.se")
        with pytest.raises(LastAdminError):
            save_user(con, UserAccount(email="anna@burlov.se", name="Anna", role=Role.READER))
        assert [u.role for u in fetch_users(con)] == [Role.ADMIN]
        save_user(con, UserAccount(email="bo@burlov.se", name="Bo", role=Role.ADMIN))
        assert delete_user(con, "anna@burlov.se")
        assert [u.email for u in fetch_users(con)] == ["bo@burlov.se"]


def test_the_shipped_config_binds_to_loopback_and_sends_no_telemetry() -> None:
    text = (ROOT / ".streamlit" / "config.toml").read_text("utf-8")
    assert 'address = "127.0.0.1"' in text
    assert "gatherUsageStats = false" in text
    assert 'showErrorDetails = "none"' in text

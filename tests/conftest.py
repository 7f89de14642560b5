"""Fixtures named for the state they set up, and factories for workbooks and rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from samverkan import store
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.sandbox import keep_spare_child
from tests.postgres import PostgresMissing, PostgresServer, copy_database, is_postgres_url

SAMPLES = Path(__file__).parent / "samples"
EXPECTED = {e["file"]: e for e in json.loads((SAMPLES / "EXPECTED.json").read_text("utf-8"))}

PLAN_HEADERS = (
    "ID",
    "Fokusområde",
    "Aktivitet",
    "Ansvarig part",
    "Ansvarig",
    "Slutdatum",
    "Status",
)


def make_activity_row(**overrides: Any) -> dict[str, Any]:
    """One plan row by header; override any cell, e.g. make_activity_row(Status="Klar")."""
    row: dict[str, Any] = {
        "ID": "A1",
        "Fokusområde": "Trygghet i centrum",
        "Aktivitet": "Trygghetsvandring i centrum",
        "Ansvarig part": "Kommun",
        "Ansvarig": "Säkerhetssamordnare",
        "Slutdatum": dt.date(2024, 5, 31),
        "Status": "Pågår",
    }
    row.update(overrides)
    return row


def make_plan_workbook(
    rows: list[dict[str, Any]] | None = None,
    *,
    headers: tuple[str, ...] | None = None,
    title_rows: list[list[Any]] | None = None,
    sheet: str = "Aktivitetsplan 2024",
) -> bytes:
    """An xlsx with optional title rows, a header row and the given rows (by header)."""
    rows = [make_activity_row()] if rows is None else rows
    headers = headers or tuple(dict.fromkeys(h for r in rows for h in r)) or PLAN_HEADERS
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for title in title_rows or []:
        ws.append(title)
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session", autouse=True)
def spare_reader() -> Iterator[None]:
    """Uploads are read in a child started ahead, as in the server (samverkan/sandbox.py).

    Without it each of the suite's hundreds of imports would wait for a new interpreter.
    """
    keep_spare_child()
    yield
    keep_spare_child(enabled=False)


@pytest.fixture(autouse=True)
def local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app runs in local mode, chosen as scripts/run chooses it (SAMVERKAN_LOCAL=1).

    Every AppTest of a page sees what a newcomer's scripts/run shows; a test of a served
    deployment takes `served_mode`, and tests/browser/__init__.py's servers choose for themselves.
    """
    monkeypatch.setenv("SAMVERKAN_LOCAL", "1")


@pytest.fixture
def served_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app runs as a served deployment: local mode not chosen."""
    monkeypatch.delenv("SAMVERKAN_LOCAL", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's store lives (not yet created)."""
    return tmp_path / "samverkan.duckdb"


ENGINES = ("duckdb", "postgresql")
# A test that takes a store of either engine runs on DuckDB only with this mark (say why).
duckdb_only = pytest.mark.parametrize("engine", ["duckdb"], indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the session (each xdist worker starts its own)."""
    try:
        server = PostgresServer()
    except PostgresMissing as exc:
        pytest.fail(str(exc))
    with server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database of the test's own, dropped after it."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The store's engine: a test that takes a store runs once on each (module-wide, so a
    module's stores built once are built once per engine)."""
    return str(request.param)


@pytest.fixture
def store_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a test's store lives, in each engine: a DuckDB file not yet made, or a fresh
    PostgreSQL database without the schema; as SAMVERKAN_DB and --db take it."""
    if engine == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "samverkan.duckdb")


@pytest.fixture(scope="module")
def module_store_location(
    engine: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], str]]:
    """Makes store locations that last the module, in its engine: to build a store once and
    give each test a copy (`clone_store`)."""
    made: list[str] = []

    def make(name: str) -> str:
        if engine == "postgresql":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            made.append(server.create_database())
            return made[-1]
        return str(tmp_path_factory.mktemp(name) / f"{name}.duckdb")

    yield make
    if made:
        server = request.getfixturevalue("postgres_server")
        for url in made:
            server.drop_database(url)


def clone_store(source: str | Path, target: str | Path) -> str:
    """Make `target` a copy of the store at `source` (a file copied, or a PostgreSQL database
    made anew from `source` as its template); returns `target`."""
    if is_postgres_url(source):
        copy_database(str(source), str(target))
    else:
        shutil.copy(source, target)
    return str(target)


def every_table(con: store.Connection) -> list[str]:
    """The names of the store's tables, in either engine."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        " ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


@pytest.fixture
def empty_store(db_path: Path) -> Path:
    """A store with its schema and nothing else."""
    with store.open_store(db_path):
        pass
    return db_path


@pytest.fixture
def eslov_2022_store(empty_store: Path) -> Path:
    """The Eslöv sample plan imported for kommun Eslöv."""
    data = (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes()
    outcome = import_workbook(
        data,
        "eslov_aktivitetsplan_2022.xlsx",
        db_path=empty_store,
        options=ImportOptions(kommun="Eslöv"),
        uploaded_at=dt.datetime(2022, 9, 1, 10, 0),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    return empty_store


def store_snapshot(location: str | Path) -> dict[str, Any]:
    """Everything a store holds (either engine), to compare before and after a refused import."""
    if not is_postgres_url(location) and not Path(location).exists():
        return {"exists": False}
    with store.open_store(location) as con:
        return {table: store.table_rows(con, table) for table in store.fetch_table_counts(con)}


@contextlib.contextmanager
def store_held_by_other_process(path: Path) -> Iterator[None]:
    """Another process keeps a DuckDB connection to the file open for the block's length."""
    code = (
        f"import duckdb, time; c = duckdb.connect({str(path)!r}); "
        "print('ready', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"ready"
        yield
    finally:
        holder.terminate()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module; a browser is never downloaded."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.browser import CHROMIUM, launch_browser

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/install --dev")
    with playwright_api.sync_playwright() as p:
        instance = launch_browser(p)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once for the module; tests that write get their own copy."""
    from samverkan.demo import ensure_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert ensure_demo(path)
    return path


@pytest.fixture
def demo_store(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app (AppTest or a server started here) reads the module's demo store."""
    monkeypatch.setenv("SAMVERKAN_DB", str(demo_file))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return demo_file


@pytest.fixture
def writable_demo_store(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo store the test may change, which the app (AppTest, a server) reads."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return path


@pytest.fixture
def nothing_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store that holds nothing, and no demo is loaded into it."""
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    return path

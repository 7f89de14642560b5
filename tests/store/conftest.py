"""The store's tests run on both engines: here a store is made at `store_location`, so every test
that takes one runs on DuckDB and on PostgreSQL (ids "duckdb", "postgresql"). A test of what only
DuckDB has (its file, its lock) is marked `duckdb_only` with the reason beside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samverkan import store
from samverkan.demo import ensure_demo
from tests.conftest import clone_store


@pytest.fixture
def empty_store(store_location: str) -> str:
    """A store with its schema and nothing else, in each engine."""
    with store.open_store(store_location):
        pass
    return store_location


@pytest.fixture(scope="module")
def demo_source(module_store_location: Callable[[str], str]) -> str:
    """The demo store as of today, built once for the module in its engine; copy it to write."""
    location = module_store_location("demo")
    assert ensure_demo(location)
    return location


@pytest.fixture
def writable_demo_store(
    demo_source: str, store_location: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A copy of the demo store the test may change, which the app reads, in each engine."""
    monkeypatch.setenv("SAMVERKAN_DB", store_location)
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return clone_store(demo_source, store_location)

"""PostgreSQL for the benchmarks: a server to compare against DuckDB, and a fresh database per case.

The benchmarks' `--postgresql` takes the address of a server and a role that may create
databases (`postgresql://postgres@/postgres?host=/run/postgresql`), or `temp`: a throwaway
server of Debian's PostgreSQL 15, set up as deploy/ sets up the primary
(tests/deploy/postgresql.py), in a temp folder and gone when the benchmark ends. Each case gets
a database of its own, made empty and dropped after, so both engines start from the same state.

Run alone, this starts such a server and prints its address until Ctrl-C, to try a benchmark
case by hand:

    .venv/bin/python bench/postgres_server.py
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_NUMBERS = itertools.count(1)


@contextlib.contextmanager
def postgres_server(address: str) -> Iterator[str]:
    """`address` itself, or with `temp` a throwaway server's superuser address (its socket)."""
    if address != "temp":
        yield address
        return
    from tests.deploy.postgresql import primary

    # A benchmark stopped with kill (SIGTERM) still stops and removes its server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with primary() as server:
        yield f"postgresql://postgres@/postgres?host={server.folder}&port={server.port}"


def with_database(address: str, database: str) -> str:
    """The same server's address with another database."""
    parts = urllib.parse.urlsplit(address)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


@contextlib.contextmanager
def fresh_database(server: str, label: str = "bench") -> Iterator[str]:
    """A new, empty database on `server` for the block; its address. Dropped after."""
    name = f"samverkan_{label}_{os.getpid()}_{next(_NUMBERS)}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"'.encode())
        con.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0".encode())
    try:
        yield with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def copy_into(source: str | Path, target: str) -> float:
    """Copy a whole store (the national DuckDB file) into the empty `target`; its seconds."""
    from samverkan import store

    start = time.perf_counter()
    with store.open_store(source) as con_from, store.open_store(target) as con_to:
        store.copy_store(con_from, con_to)
    return time.perf_counter() - start


def main() -> None:
    with postgres_server("temp") as server:
        print(f"PostgreSQL kör: {server}\n(Ctrl-C stoppar och tar bort den)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()

"""The store's files are the owner's alone: 0600 for the store and its .wal, 0700 for its folder.

The store holds password hashes, the uploaded originals and the ej offentlig rows: its files
are the owner's alone (0600, the folder we create 0700), whatever the umask. DuckDB creates
the store, and deletes and re-creates its .wal at every checkpoint, itself, with the mode the
umask leaves and none of ours, so the umask is narrowed to 077 while any connection is open.
The umask belongs to the process: the connections are counted and the last one to close
gives the old umask back, so a report the command line writes afterwards has the mode the
user's umask gives it (reports are written to be shared).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
_PRIVATE_UMASK = 0o077


class _OpenConnections:
    """How many connections hold the narrowed umask, and the umask to give back after them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.umask_before = 0


_OPEN = _OpenConnections()


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Every file and folder made meanwhile (by us or DuckDB) is readable by its owner only."""
    with _OPEN.lock:
        if _OPEN.count == 0:
            _OPEN.umask_before = os.umask(_PRIVATE_UMASK)
            os.umask(_OPEN.umask_before | _PRIVATE_UMASK)
        _OPEN.count += 1
    try:
        yield
    finally:
        with _OPEN.lock:
            _OPEN.count -= 1
            if _OPEN.count == 0:
                os.umask(_OPEN.umask_before)


def make_private(path: Path) -> None:
    """Take group's and others' rights off a file of the store (when it is there and ours)."""
    with contextlib.suppress(OSError):  # gone, not ours, or a file system without modes
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE_MODE)


def make_store_folder(folder: Path, apps_own: Path) -> None:
    """The store's folder: made 0700, and the app's own data/ (0755 from git) tightened to 0700.

    Any other folder that exists is left as it is: it may be shared (/srv, a home folder).
    """
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER_MODE)
            folder.chmod(PRIVATE_FOLDER_MODE)  # whatever the umask
    elif folder == apps_own:
        with contextlib.suppress(OSError):
            if folder.stat().st_mode & 0o077:
                folder.chmod(PRIVATE_FOLDER_MODE)

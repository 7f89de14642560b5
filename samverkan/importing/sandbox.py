"""Reading an upload in a child process that may die: the server lives, whatever the file does.

A reader (calamine is Rust) that meets a hostile file can abort the whole process ("memory
allocation failed", exit 134), run out of memory or take minutes. So each read runs in a
child process with an address-space limit (RLIMIT_AS), a CPU limit (RLIMIT_CPU) and a
wall-clock limit the parent enforces by killing it; whatever the child does, the caller gets
a value: the function's result, or SandboxFailure with a Swedish sentence.

- SandboxLimits / sandbox_limits: the limits, from SAMVERKAN_IMPORT_MEMORY_MB (default
  1536), SAMVERKAN_IMPORT_SECONDS (default 60) and SAMVERKAN_IMPORT_PARALLEL (default 2)
- busy_children: how many children are reading just now (at most `parallel`; the next
  waits up to `queue_seconds` for one to finish, then is told to try again)
- run_sandboxed: call a module-level function with picklable arguments in a child
- keep_spare_child: a long-lived server keeps one child started ahead, its imports done,
  so an upload does not wait for a new interpreter (about half a second)
- start_child_ahead: one child started ahead for the next read only (a one-off import)
- serve_one: the child's side (run as `python -c`, see _CHILD_CODE)

The child is a fresh interpreter (`sys.executable`), not a fork: forking a Streamlit server
that runs threads is unsafe, and multiprocessing's spawn and forkserver re-import the
parent's `__main__` in the child, which under Streamlit is the app's script. Arguments and
result travel as pickles over the child's stdin and stdout; its own stdout is moved to
stderr first, so nothing a library prints can corrupt the result.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samverkan.swedish import format_integer

DEFAULT_MEMORY_MB = 1536
DEFAULT_SECONDS = 60
DEFAULT_PARALLEL = 2
_MEMORY_ENV = "SAMVERKAN_IMPORT_MEMORY_MB"
_SECONDS_ENV = "SAMVERKAN_IMPORT_SECONDS"
_PARALLEL_ENV = "SAMVERKAN_IMPORT_PARALLEL"
_BUSY_MESSAGE = (
    "Servern läser redan andra filer och har ingen plats för din just nu. Försök igen om en "
    "stund; inget har ändrats."
)
# The child gets a few seconds beyond its CPU limit to start, and to be killed cleanly.
_GRACE_SECONDS = 10
_STDERR_KEPT = 4000
# The package's root, first on the child's path, so it imports this very package.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# The package's __init__ and samverkan.importing's load nothing heavy (tests/importing/
# test_one_pass.py checks the child never loads the store), so the child imports the readers
# and is ready before its request comes.
_CHILD_CODE = (
    "import samverkan.importing.reading; from samverkan.importing.sandbox import serve_one; "
    "serve_one()"
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SandboxLimits:
    """What one child may use: address space in bytes, and seconds (CPU and wall clock).

    `parallel` children at most read at once in this process, so ten uploads at the same
    moment cannot take ten times the memory limit; the next waits `queue_seconds` for a slot.
    """

    memory_bytes: int
    seconds: int
    parallel: int = DEFAULT_PARALLEL
    queue_seconds: float = 30.0


class SandboxFailure(Exception):
    """The child did not return a result; `message` says why, in Swedish."""

    def __init__(self, message: str, *, cause: str) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause  # "memory", "time", "crash", "start" or "busy", for logs and tests


def _env_number(name: str, default: int) -> int:
    try:
        value = int(float(os.environ.get(name, default)))
    except ValueError:
        return default
    return value if value > 0 else default


def sandbox_limits() -> SandboxLimits:
    """The limits from the environment (SAMVERKAN_IMPORT_MEMORY_MB, _SECONDS, _PARALLEL)."""
    return SandboxLimits(
        memory_bytes=_env_number(_MEMORY_ENV, DEFAULT_MEMORY_MB) * 1024 * 1024,
        seconds=_env_number(_SECONDS_ENV, DEFAULT_SECONDS),
        parallel=_env_number(_PARALLEL_ENV, DEFAULT_PARALLEL),
    )


class _Slots:
    """How many children read at once in this process, and a wait for a free slot."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.busy = 0

    @contextlib.contextmanager
    def hold(self, limits: SandboxLimits) -> Iterator[None]:
        deadline = time.monotonic() + limits.queue_seconds
        with self.changed:
            while self.busy >= limits.parallel:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("sandbox: %s children busy, an upload was told to wait", self.busy)
                    raise SandboxFailure(_BUSY_MESSAGE, cause="busy")
                self.changed.wait(left)
            self.busy += 1
        try:
            yield
        finally:
            with self.changed:
                self.busy -= 1
                self.changed.notify()


_slots = _Slots()


def busy_children() -> int:
    """How many children of this process are reading a file just now."""
    return _slots.busy


def run_sandboxed(
    function: Callable[..., Any], *args: Any, limits: SandboxLimits | None = None
) -> Any:
    """function(*args) in a child process under the limits; raises SandboxFailure otherwise.

    `function` must be importable by its module and name; an exception it raises is raised
    here again (it was pickled), so a reader's own refusals stay what they were.
    """
    if function.__module__ == "__main__":
        raise ValueError("the child cannot import a function of __main__")
    limits = limits or sandbox_limits()
    request = pickle.dumps((function.__module__, function.__qualname__, args), protocol=5)
    with _slots.hold(limits):
        return _run_child(request, limits)


def _run_child(request: bytes, limits: SandboxLimits) -> Any:
    """Hand the request to a child (the spare one when it fits) and read its answer."""
    try:
        child = _spare.take(limits) or _start_child(limits)
    except OSError as exc:
        raise SandboxFailure(
            "Filen kunde inte läsas: servern kunde inte starta läsningen "
            f"({type(exc).__name__}). Försök igen om en stund.",
            cause="start",
        ) from exc
    _spare.replenish(limits)
    started = time.monotonic()
    try:
        output, errors = child.communicate(request, timeout=limits.seconds + _GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        log.warning("sandbox: the child ran past %s s and was killed", limits.seconds)
        raise SandboxFailure(_time_message(limits), cause="time") from None
    return _result(child.returncode, output, errors, limits, time.monotonic() - started)


def _start_child(limits: SandboxLimits) -> subprocess.Popen[bytes]:
    """A new child: it sets its limits, imports the package, then waits for its request."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            _CHILD_CODE,
            str(limits.memory_bytes),
            str(limits.seconds),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        close_fds=True,
    )


class _Spare:
    """At most one child started ahead, for the limits it was started with (off by default)."""

    def __init__(self) -> None:
        self.enabled = False
        self.lock = threading.Lock()
        self.child: subprocess.Popen[bytes] | None = None
        self.limits: SandboxLimits | None = None

    def take(self, limits: SandboxLimits) -> subprocess.Popen[bytes] | None:
        with self.lock:
            child, self.child = self.child, None
            fits = self.limits == limits
        if child is None:
            return None
        if fits and child.poll() is None:
            return child
        _discard(child)
        return None

    def replenish(self, limits: SandboxLimits) -> None:
        if self.enabled:
            self.prepare(limits)

    def prepare(self, limits: SandboxLimits) -> None:
        with self.lock:
            if self.child is not None:
                return
            try:
                self.child, self.limits = _start_child(limits), limits
            except OSError:
                self.child = None

    def discard(self) -> None:
        with self.lock:
            child, self.child = self.child, None
        if child is not None:
            _discard(child)


def _discard(child: subprocess.Popen[bytes]) -> None:
    child.kill()
    child.communicate()


_spare = _Spare()
atexit.register(_spare.discard)


def start_child_ahead() -> None:
    """Start the next read's child now (unless one waits already), so that the interpreter
    starts while the caller guards the file and asks the store: a one-off import then does
    not wait for it afterwards (about a third of a second)."""
    _spare.prepare(sandbox_limits())


def keep_spare_child(enabled: bool = True) -> None:
    """Keep a child started ahead for the next upload (a server); off, the spare is ended."""
    _spare.enabled = enabled
    if enabled:
        _spare.replenish(sandbox_limits())
    else:
        _spare.discard()


def _result(
    returncode: int, output: bytes, errors: bytes, limits: SandboxLimits, elapsed: float
) -> Any:
    """The function's result from the child's answer, or the failure its end tells of."""
    if returncode == 0:
        try:
            status, value = pickle.loads(output)
        except Exception:  # an answer cut short: the child was stopped while writing it
            status, value = "broken", None
        if status == "ok":
            return value
        if status == "raised":
            raise value
        if status == "memory":
            raise SandboxFailure(_memory_message(limits), cause="memory")
    tail = errors[-_STDERR_KEPT:].decode("utf-8", "replace")
    log.warning("sandbox: the child ended with %s: %s", returncode, tail)
    # SIGXCPU, then SIGKILL at the hard limit: the CPU limit. A SIGKILL well before it is the
    # kernel's out-of-memory killer.
    ran_out_of_time = returncode == -signal.SIGKILL and elapsed >= limits.seconds * 0.9
    if returncode == -signal.SIGXCPU or ran_out_of_time:
        raise SandboxFailure(_time_message(limits), cause="time")
    if returncode == -signal.SIGKILL:
        raise SandboxFailure(_memory_message(limits), cause="memory")
    if "memory allocation" in tail or "MemoryError" in tail or returncode == -signal.SIGABRT:
        raise SandboxFailure(_memory_message(limits), cause="memory")
    raise SandboxFailure(
        "Läsningen av filen avbröts (läsaren avslutades oväntat). Inget har sparats. Spara "
        "filen på nytt i Excel som .xlsx och försök igen; hjälper inte det, skicka filen till "
        "förvaltaren av Samverkan.",
        cause="crash",
    )


def _memory_message(limits: SandboxLimits) -> str:
    megabytes = format_integer(limits.memory_bytes // (1024 * 1024))
    return (
        f"Filen kräver mer minne än gränsen {megabytes} MB för att "
        "läsas och har inte lästs in. Inget har sparats. Ofta är det tomma rader eller "
        "kolumner med innehåll långt bort, eller mycket lång text i många celler: ta bort "
        "dem och ladda upp igen."
    )


def _time_message(limits: SandboxLimits) -> str:
    return (
        f"Filen tog längre tid än gränsen {limits.seconds} sekunder att läsa och har inte "
        "lästs in. Inget har sparats. Dela upp den eller ta bort blad som inte hör till "
        "planen, och ladda upp igen."
    )


def serve_one() -> None:
    """The child: set the limits, read one request from stdin, answer on stdout."""
    import resource

    memory, seconds = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answer
    sys.stdout = sys.stderr
    request = sys.stdin.buffer.read()  # a spare waits here, its imports done
    if not request:  # the parent ended without asking: a spare child that was not needed
        return
    try:
        module, name, args = pickle.loads(request)
        found: Any = importlib.import_module(module)
        for part in name.split("."):
            found = getattr(found, part)
        reply: tuple[str, Any] = ("ok", found(*args))
        data = pickle.dumps(reply, protocol=5)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:  # raised again in the parent, where it is handled as before
        try:
            data = pickle.dumps(("raised", exc), protocol=5)
        except Exception:
            data = pickle.dumps(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    answer.write(data)
    answer.flush()

"""deploy/ run for real: nginx from its site file, app servers from the systemd unit's ExecStart.

Each file in deploy/ is used as written, with only what a test must change: the ports (free
ones instead of 443, 80 and 850N), the certificate (one made for 127.0.0.1), the log paths (a
temp folder) and the name people open (127.0.0.1). What the production files say about
sticky sessions, WebSockets, timeouts and failover is what the tests exercise.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.browser import OUTPUT, PATIENCE_S, ROOT, free_port

DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
SITE = DEPLOY / "nginx-samverkan.conf"
UNIT = DEPLOY / "samverkan@.service"
ENV_FILE = DEPLOY / "samverkan.env"


def environment_file(path: Path = ENV_FILE) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (comments and blanks skipped)."""
    values = {}
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def unit_setting(name: str, path: Path = UNIT) -> str:
    """One setting of the unit's [Service] section, e.g. ExecStart."""
    found = re.search(rf"^{name}=(.*)$", path.read_text("utf-8"), re.M)
    assert found, f"{path.name} has no {name}="
    return found.group(1)


def unit_command(port: int) -> list[str]:
    """The unit's ExecStart for an app server on `port`, run from this checkout's .venv."""
    words = shlex.split(unit_setting("ExecStart"))
    assert words[0] == "/srv/samverkan/%i/.venv/bin/streamlit", words[0]
    assert words[1:3] == ["run", "app.py"], words
    flags = [w.replace("850%i", str(port)) for w in words[3:]]
    assert "%" not in " ".join(flags), flags
    return [sys.executable, "-m", "streamlit", "run", "app.py", *flags]


@dataclass
class AppServer:
    """One app server started as its unit starts it; `kill` ends it as a crash would."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Until `url`/_stcore/health answers 200 (or the process has died)."""
    deadline = time.monotonic() + PATIENCE_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (process and process.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer its health check; see test-output/")
        time.sleep(0.3)


@contextlib.contextmanager
def app_server(db: str, *, host: str = "127.0.0.1", port: int | None = None) -> Iterator[AppServer]:
    """An app server as samverkan@N.service runs it: its ExecStart, deploy/samverkan.env's
    environment with this test's store and name, from the checkout (WorkingDirectory)."""
    port = port or free_port()
    env = {
        **os.environ,
        **environment_file(),
        "SAMVERKAN_DB": db,
        "STREAMLIT_SERVER_ALLOWED_HOSTS": host,
        "SAMVERKAN_DEMO": "0",
    }
    OUTPUT.mkdir(exist_ok=True)
    with (OUTPUT / f"deploy-app-{port}.log").open("wb") as log:
        process = subprocess.Popen(
            unit_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        server = AppServer(port, process)
        try:
            wait_healthy(f"http://{server.address}", process)
            yield server
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@dataclass
class Nginx:
    """nginx running deploy/nginx-samverkan.conf; `url` is its https address."""

    folder: Path
    conf: Path
    site: Path
    https_port: int
    http_port: int

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def access_log(self) -> list[str]:
        path = self.folder / "samverkan.access.log"
        return path.read_text("utf-8").splitlines() if path.exists() else []

    def lines_of(self, route: str) -> list[str]:
        """The logged requests of the browser with this route cookie."""
        return [line for line in self.access_log() if f" route={route} " in line]

    def upstreams_of(self, route: str, *, streams: bool = True) -> list[str]:
        """Which app server answered each logged request of the browser with this route cookie.

        A WebSocket (/_stcore/stream) is logged when it closes, so a dead server's shows up
        after its browser has moved on: `streams=False` leaves them out.
        """
        lines = self.lines_of(route)
        return [_upstream(line) for line in lines if streams or "/_stcore/stream" not in line]

    def sessions_of(self, route: str) -> list[str]:
        """Which app server held each closed WebSocket (a session) of this route cookie."""
        return [_upstream(line) for line in self.lines_of(route) if "/_stcore/stream" in line]


def _upstream(line: str) -> str:
    # "A, B" when A refused and nginx went on to B: the one that answered is last.
    match = re.search(r" upstream=(.*?) route=", line)
    assert match, line
    return match.group(1).split(", ")[-1]


def site_text(
    upstreams: list[int], https_port: int, http_port: int, folder: Path, tls: tuple[Path, Path]
) -> str:
    """deploy/nginx-samverkan.conf with this test's ports, certificate and log folder."""
    text = SITE.read_text("utf-8")
    lines = re.findall(r"^\s*server 127\.0\.0\.1:850\d (.*);$", text, re.M)
    assert len(lines) == 2, "the site names app servers 1 and 2 on 127.0.0.1:8501 and :8502"
    options = lines[0]
    servers = "".join(f"    server 127.0.0.1:{port} {options};\n" for port in upstreams)
    text = re.sub(r"(?:^\s*server 127\.0\.0\.1:850\d .*;\n)+", servers, text, flags=re.M)
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen [::]:443 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "/etc/ssl/certs/samverkan.example.se.pem": str(tls[0]),
        "/etc/ssl/private/samverkan.example.se.key": str(tls[1]),
        "/var/log/nginx/": f"{folder}/",
    }
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in {SITE.name}"
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def nginx(upstreams: list[int], folder: Path, tls: tuple[Path, Path]) -> Iterator[Nginx]:
    """The real nginx binary serving the site file in front of `upstreams` until the block ends.

    The main file is what Debian's nginx.conf gives a site (an http block that includes it),
    with its pid, logs and temp files in `folder` so it runs beside any other nginx.
    """
    https_port, http_port = free_port(), free_port()
    site = folder / "samverkan.conf"
    site.write_text(site_text(upstreams, https_port, http_port, folder, tls), "utf-8")
    conf = folder / "nginx.conf"
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n{temp}"
        f"    access_log {folder}/access.log;\n    include {site};\n}}\n",
        "utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", conf], check=False, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", conf], stderr=subprocess.PIPE)
    server = Nginx(folder, conf, site, https_port, http_port)
    try:
        deadline = time.monotonic() + PATIENCE_S
        while not (folder / "nginx.pid").exists() or not _listening(https_port):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()  # fast shutdown: a graceful one waits for open WebSockets
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0

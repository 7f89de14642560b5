"""Local mode: no login, loopback only, unless explicitly allowed (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


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


def test_the_shipped_config_binds_to_loopback_and_sends_no_telemetry() -> None:
    text = (ROOT / ".streamlit" / "config.toml").read_text("utf-8")
    assert 'address = "127.0.0.1"' in text
    assert "gatherUsageStats = false" in text
    assert 'showErrorDetails = "none"' in text

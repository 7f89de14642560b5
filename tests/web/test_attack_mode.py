"""Local mode's handshake check against what an attacker or a tunnel sends (issue 14 attack)."""

from __future__ import annotations

import pytest

from samverkan.web.mode import is_loopback_request


@pytest.mark.parametrize(
    "header",
    [
        "CF-Connecting-IP",
        "Fastly-Client-IP",
        "X-Cluster-Client-IP",
        "X-Original-Forwarded-For",
        "Forwarded-For",
    ],
)
def test_a_proxy_or_tunnel_header_refuses_local_mode(header: str) -> None:
    """A tunnel that rewrites Host to localhost still says it is one by these headers."""
    assert not is_loopback_request({"host": ["localhost:8501"], header.lower(): ["203.0.113.9"]})


@pytest.mark.parametrize(
    ("host", "origin", "local"),
    [
        ("LOCALHOST:8501", None, True),
        ("[0:0:0:0:0:0:0:1]:8501", None, True),
        ("localhost.:8501", None, False),
        ("127.1:8501", None, False),
        ("0.0.0.0:8501", None, False),
        ("[::ffff:127.0.0.1]:8501", None, False),
        ("[::1%25lo]:8501", None, False),
        ("2130706433:8501", None, False),
        ("localhost:8501:1", None, False),
        ("localhost:0", None, False),
        ("localhost@evil.example", None, False),
        ("localhost:8501", "null", False),
        ("localhost:8501", "file://", False),
        ("localhost:8501", "http://a@localhost:8501", False),
        ("localhost:8501", "http://localhost.:8501", False),
    ],
)
def test_host_and_origin_forms(host: str, origin: str | None, local: bool) -> None:
    headers = {"host": [host], **({"origin": [origin]} if origin else {})}
    assert is_loopback_request(headers) is local


def test_no_host_or_two_hosts_are_refused() -> None:
    assert not is_loopback_request({"origin": ["http://localhost:8501"]})
    assert not is_loopback_request({"host": ["localhost:8501", "evil.example"]})

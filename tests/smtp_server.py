"""A real SMTP server in the test process (aiosmtpd), whose received messages tests read back."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the server accepted: each message parsed, with its envelope's recipients."""

    host: str
    port: int
    refuse: set[str] = field(default_factory=set)
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to one address."""
        return [m for m in self.messages if m["To"] == address]

    def environ(self, **extra: str) -> dict[str, str]:
        """The settings that send here (no STARTTLS: the test server speaks plain SMTP)."""
        return {
            "SAMVERKAN_SMTP_HOST": self.host,
            "SAMVERKAN_SMTP_PORT": str(self.port),
            "SAMVERKAN_SMTP_STARTTLS": "0",
            "SAMVERKAN_SMTP_SENDER": "Samverkan Burlöv <samverkan@burlov.se>",
            "SAMVERKAN_BASE_URL": "https://samverkan.burlov.se",
        } | extra


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.inbox.refuse:
            return "550 5.1.1 Mottagaren finns inte"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.inbox.messages.append(message)
        self.inbox.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nobody listens on right now (the OS's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_smtp_server() -> Iterator[Inbox]:
    """An SMTP server on 127.0.0.1 for the block's length."""
    inbox = Inbox(host="127.0.0.1", port=free_port())
    controller = Controller(_Handler(inbox), hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()

"""Swedish formatting for pages: dates with Swedish month names, decimal comma, percentages."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def format_date(day: dt.date | None) -> str:
    """'3 maj 2024'; '–' for no date."""
    if day is None:
        return "–"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: dt.datetime | None) -> str:
    """'3 maj 2024 kl. 09.30'."""
    if moment is None:
        return "–"
    return f"{format_date(moment.date())} kl. {moment:%H.%M}"


def format_percent(share: float | None) -> str:
    """0.456 → '46 %'; None → '–'."""
    return "–" if share is None else f"{round(share * 100)}\u00a0%"


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """1.55 → '1,6'."""
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")

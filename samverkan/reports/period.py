"""The period a report covers: a calendar quarter (kvartal) or a calendar year (år)."""

from __future__ import annotations

import datetime as dt

from samverkan.models import Agreement, ReportKind, ReportPeriod


def report_period(kind: ReportKind, day: dt.date) -> ReportPeriod:
    """The quarter or year that holds `day`."""
    if kind is ReportKind.YEAR:
        return ReportPeriod(
            kind=kind, start=dt.date(day.year, 1, 1), end=dt.date(day.year, 12, 31),
            label=f"år {day.year}",
        )  # fmt: skip
    quarter = (day.month - 1) // 3 + 1
    start = dt.date(day.year, 3 * quarter - 2, 1)
    end = _next_quarter_start(start) - dt.timedelta(days=1)
    return ReportPeriod(kind=kind, start=start, end=end, label=f"kvartal {quarter} {day.year}")


def report_periods(kind: ReportKind, agreement: Agreement, today: dt.date) -> list[ReportPeriod]:
    """Every period of the agreement that has begun by `today`, the newest first."""
    last = min(today, agreement.period_end)
    periods = []
    period = report_period(kind, agreement.period_start)
    while period.start <= last:
        periods.append(period)
        period = report_period(kind, period.end + dt.timedelta(days=1))
    return periods[::-1]


def judging_day_of(period: ReportPeriod, today: dt.date) -> dt.date:
    """A finished period is judged on its last day; the running one on `today`."""
    return min(period.end, max(today, period.start))


def _next_quarter_start(start: dt.date) -> dt.date:
    return (
        dt.date(start.year + 1, 1, 1) if start.month == 10 else start.replace(month=start.month + 3)
    )

"""Medborgarlöften: each promise of a year and how its activities stand, fit to publish.

What is published is only the promise, each activity's title and its state in plain words:
never owners' names, comments, bedömning or working groups, and never an activity marked
ej offentlig. BRÅ found that feedback to citizens is where these promises most often fail,
so the words are plain ("3 av 4 insatser genomförda, 1 pågår") and late ones are said.

Parts: build_citizen_promises (pure, from a judged plan), promise_summary (the sentence),
build_promises_html (a standalone page a kommun's web editor can publish or paste from).
"""

from __future__ import annotations

import datetime as dt
import html

from samverkan.models import ActivityView, Agreement, CitizenPromise, PromiseActivity, Status
from samverkan.swedish import format_count, format_date

# Each state as the public reads it: (singular, plural) after a count, e.g. "2 pågår".
STATE_WORDS: dict[Status | None, tuple[str, str]] = {
    Status.DONE: ("genomförd", "genomförda"),
    Status.IN_PROGRESS: ("pågår", "pågår"),
    Status.STANDING: ("pågår löpande", "pågår löpande"),
    Status.NOT_STARTED: ("har inte börjat", "har inte börjat"),
    Status.CANCELLED: ("inställd", "inställda"),
    None: ("utan rapporterat läge", "utan rapporterat läge"),
}
_SUMMARY_ORDER = (Status.IN_PROGRESS, Status.STANDING, Status.NOT_STARTED, None, Status.CANCELLED)


def build_citizen_promises(views: list[ActivityView], year: int) -> list[CitizenPromise]:
    """The year's promises in plan order, each with its public activities and a summary."""
    grouped: dict[str, list[ActivityView]] = {}
    for view in views:
        activity = view.activity
        promise = (activity.citizen_promise or "").strip()
        if promise and not activity.confidential and is_in_year(view, year):
            grouped.setdefault(promise, []).append(view)
    return [
        CitizenPromise(
            text=text,
            activities=[
                PromiseActivity(title=v.activity.title, state=activity_state(v)) for v in items
            ],
            done=sum(v.activity.status is Status.DONE for v in items),
            summary=promise_summary(items),
        )
        for text, items in grouped.items()
    ]


def is_in_year(view: ActivityView, year: int) -> bool:
    """Runs during `year`: started by its end (or no start) and not finished before it."""
    activity = view.activity
    started = activity.start is None or activity.start.year <= year
    ends = activity.done_on or activity.due
    return started and (ends is None or ends.year >= year)


def activity_state(view: ActivityView) -> str:
    """'Genomförd', 'Pågår', 'Pågår, men är försenad' …, capitalised for a list."""
    word = STATE_WORDS[view.activity.status][0]
    if view.overdue:
        word += ", men är försenad"
    return word[0].upper() + word[1:]


def promise_summary(views: list[ActivityView]) -> str:
    """'3 av 4 insatser genomförda, 1 pågår' (with the late ones said, if any)."""
    total = len(views)
    done = sum(v.activity.status is Status.DONE for v in views)
    parts = [f"{done} av {format_count(total, 'insats genomförd', 'insatser genomförda')}"]
    for status in _SUMMARY_ORDER:
        count = sum(v.activity.status is status for v in views)
        if count:
            singular, plural = STATE_WORDS[status]
            parts.append(format_count(count, singular, plural))
    late = sum(v.overdue for v in views)
    if late:
        parts.append(format_count(late, "är försenad", "är försenade"))
    return ", ".join(parts)


def promise_years(agreement: Agreement, today: dt.date) -> list[int]:
    """The agreement's years up to `today`, the newest first."""
    first = agreement.period_start.year
    last = max(min(today, agreement.period_end).year, first)
    return list(range(last, first - 1, -1))


def build_promises_html(
    promises: list[CitizenPromise], agreement: Agreement, year: int, as_of: dt.date
) -> str:
    """A standalone, accessible HTML page (lang sv, headings, lists) of the year's promises."""
    title = f"Medborgarlöften {year} – {agreement.kommun}"
    police = f"lokalpolisområde {agreement.lpo}" if agreement.lpo else "polisen"
    lines = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;color:#1a1a1a}h2{margin-top:2rem}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(_genitive(agreement.kommun))} kommun och {_e(police)} lovar varje år att göra "
        "något konkret för tryggheten. Så här går det med årets löften, "
        f"läget den {_e(format_date(as_of))}.</p>",
    ]
    if not promises:
        lines.append(f"<p>Det finns inga medborgarlöften för {year} ännu.</p>")
    for promise in promises:
        lines += [
            "<section>",
            f"<h2>{_e(promise.text)}</h2>",
            f"<p>{_e(promise.summary)}.</p>",
            "<ul>",
            *(f"<li>{_e(a.title)}: {_e(a.state.lower())}</li>" for a in promise.activities),
            "</ul>",
            "</section>",
        ]
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines)


def _genitive(name: str) -> str:
    """'Burlövs', but 'Borås' (a name ending in s, x or z takes no s)."""
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def _e(text: str) -> str:
    return html.escape(text, quote=True)

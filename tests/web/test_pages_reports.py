"""The Rapporter and Medborgarlöften pages run as scripts (AppTest) on the demo store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.models import Agreement, AgreementKind, ReportKind
from samverkan.swedish import format_date
from samverkan.web.reports import periods_with_plan

ROOT = Path(__file__).resolve().parents[2]
PROMISES = (
    "Vi ska synas där unga är på kvällarna",
    "Vi ska minska den öppna droghandeln vid stationen",
    "Vi ska starta grannsamverkan i fler bostadsområden",
)


def open_page(page: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def main_text(app: AppTest) -> str:
    parts: list[str] = []

    def walk(node: object) -> None:
        value = getattr(node, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for attribute in ("label", "text"):
            extra = getattr(node, attribute, None)
            if isinstance(extra, str):
                parts.append(extra)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    return "\n".join(parts)


def test_reports_page_offers_the_quarters_and_the_years(demo_store: Path) -> None:
    with store.open_store(demo_store) as con:
        first = min(u.uploaded_at.date() for u in store.fetch_uploads(con))
    app = open_page("pages/rapporter.py")
    assert app.title[0].value == "Rapporter – Burlöv"
    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    assert app.selectbox[0].value.label == f"kvartal {quarter} {today.year}"
    app.radio[0].set_value(app.radio[0].options[1]).run()
    # Last year only where the demo's first plan came before its end (a year with a plan).
    years = [today.year] + ([today.year - 1] if first.year < today.year else [])
    assert [o.split(" (")[0] for o in app.selectbox[0].options] == [f"År {y}" for y in years]
    assert "ej offentlig är aldrig med" in main_text(app)


def test_reports_page_offers_only_periods_with_a_plan_and_says_how_to_add_older_ones(
    demo_store: Path,
) -> None:
    """The demo's first plan came in July of this year: the quarters before it are not
    offered (their reports would be empty), and the page says where an older plan comes in,
    never with a command to run."""
    with store.open_store(demo_store) as con:
        first = min(u.uploaded_at.date() for u in store.fetch_uploads(con))
    app = open_page("pages/rapporter.py")
    assert not app.warning
    oldest = app.selectbox[0].options[-1]
    quarter = (first.month - 1) // 3 + 1
    assert oldest.startswith(f"Kvartal {quarter} {first.year}")
    text = main_text(app)
    assert f"Perioder som slutade före {format_date(first)} finns inte i listan" in text
    assert "**Planen gällde per**" in text
    for command in ("samverkan ", "--uploaded-at", "`"):
        assert command not in text
    assert [b.label for b in app.get("download_button")] == [
        "Ladda ned som PDF",
        "Ladda ned som Excel",
        "Ladda ned som Word (.docx)",
    ]


@pytest.mark.parametrize(
    ("first", "offered"),
    [
        (None, []),
        (dt.date(2024, 1, 1), ["kvartal 2 2024", "kvartal 1 2024"]),
        (dt.date(2024, 3, 31), ["kvartal 2 2024", "kvartal 1 2024"]),
        (dt.date(2024, 4, 1), ["kvartal 2 2024"]),
        (dt.date(2024, 6, 1), ["kvartal 2 2024"]),  # the running quarter, judged today
        (dt.date(2024, 6, 20), []),  # uploaded after today's judging day
    ],
)
def test_only_periods_with_a_plan_on_their_judging_day_are_offered(
    first: dt.date | None, offered: list[str]
) -> None:
    agreement = Agreement(
        kommun="Lomma",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        kind=AgreementKind.OPERATIVE,
    )
    today = dt.date(2024, 6, 10)
    periods = periods_with_plan(ReportKind.QUARTER, agreement, today, first)
    assert [p.label for p in periods] == offered


def test_promises_page_lists_each_promise_in_plain_words(demo_store: Path) -> None:
    app = open_page("pages/medborgarloften.py")
    assert app.title[0].value == "Medborgarlöften – Burlöv"
    text = main_text(app)
    for promise in PROMISES:
        assert promise in text
    assert "insats" in text
    assert "Föräldravandringar fredagskvällar" in text
    for internal in ("Fritidsförvaltningen", "Kommunpolis", "Två pass återstår"):
        assert internal not in text


@pytest.mark.parametrize("page", ["pages/rapporter.py", "pages/medborgarloften.py"])
def test_pages_on_an_empty_store_say_what_to_do(nothing_store: Path, page: str) -> None:
    app = open_page(page)
    assert app.title[0].value == "Välkommen till Samverkan"

"""The Rapporter and Medborgarlöften pages run as scripts (AppTest) on the demo store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.swedish import format_date

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
    app = open_page("pages/rapporter.py")
    assert app.title[0].value == "Rapporter – Burlöv"
    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    assert app.selectbox[0].value.label == f"kvartal {quarter} {today.year}"
    app.radio[0].set_value(app.radio[0].options[1]).run()
    assert [o.split(" (")[0] for o in app.selectbox[0].options] == [
        f"År {today.year}",
        f"År {today.year - 1}",
    ]
    assert "ej offentlig är aldrig med" in main_text(app)


def test_reports_page_warns_before_an_empty_report(demo_store: Path) -> None:
    """The demo's first plan came in July of this year: earlier quarters have no plan to show."""
    with store.open_store(demo_store) as con:
        first = min(u.uploaded_at.date() for u in store.fetch_uploads(con))
    app = open_page("pages/rapporter.py")
    assert not app.warning  # the running quarter has its plan
    oldest = app.selectbox[0].options[-1]
    assert oldest.startswith(f"Kvartal 1 {dt.date.today().year - 1}")
    app.selectbox[0].select_index(len(app.selectbox[0].options) - 1).run()
    assert [w.value for w in app.warning] == [
        f"Den första aktivitetsplanen laddades upp {format_date(first)}, efter "
        f"{format_date(dt.date(dt.date.today().year - 1, 3, 31))} som rapporten bedöms på, så "
        "rapporten blir tom. Välj en senare period, eller läs in planen som den såg ut då med "
        "sitt datum: `samverkan import FIL --uploaded-at ÅÅÅÅ-MM-DD`."
    ]
    assert [b.label for b in app.get("download_button")] == [
        "Ladda ned som PDF",
        "Ladda ned som Excel",
        "Ladda ned som Word (.docx)",
    ]  # still offered: the report says the same in words


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
